// priority_order: Astro's routeComparator (compare_priority in pattern.cpp) applied by V8's
// Array.prototype.sort (js_array_sort.hpp) over keys computed once per pattern: no string is
// built and no segment is re-classified per comparison.
#include "js_array_sort.hpp"

#include <cachectl/pattern/pattern.hpp>
#include <cachectl/util/collation.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

namespace {

using Kind = PatternPart::Kind;

// Numbers the distinct texts of static segments: one hash per segment, in a flat
// open-addressing table of ids (no allocation per text).
class TextIds {
public:
  // Room for about `segments` segments.
  explicit TextIds(std::size_t segments)
  {
    std::size_t capacity = 64;
    while (capacity < segments / 2) {
      capacity *= 2;
    }
    m_slots.assign(capacity, k_empty);
    m_texts.reserve(capacity / 2);
  }

  // The id of the text of `segment`, every part of which is static.
  std::uint32_t
  id_of(const PatternSegment& segment)
  {
    std::string_view text;
    if (segment.size() == 1) {
      text = segment.front().text;
    } else {
      std::string joined;
      for (const auto& part : segment) {
        joined += part.text;
      }
      text = m_joined.emplace_back(std::move(joined)); // a deque: views stay valid
    }
    std::size_t slot = std::hash<std::string_view>{}(text) & (m_slots.size() - 1);
    while (m_slots[slot] != k_empty) {
      if (m_texts[m_slots[slot]] == text) {
        return m_slots[slot];
      }
      slot = (slot + 1) & (m_slots.size() - 1);
    }
    const auto id = static_cast<std::uint32_t>(m_texts.size());
    m_slots[slot] = id;
    m_texts.push_back(text);
    if (m_texts.size() * 2 > m_slots.size()) {
      grow();
    }
    return id;
  }

  // The distinct texts, by id.
  const std::vector<std::string_view>&
  texts() const
  {
    return m_texts;
  }

private:
  static constexpr std::uint32_t k_empty = 0xFFFFFFFFU;

  // Doubles the table (load stays at most 1/2).
  void
  grow()
  {
    m_slots.assign(m_slots.size() * 2, k_empty);
    for (std::uint32_t id = 0; id < m_texts.size(); ++id) {
      std::size_t slot = std::hash<std::string_view>{}(m_texts[id]) & (m_slots.size() - 1);
      while (m_slots[slot] != k_empty) {
        slot = (slot + 1) & (m_slots.size() - 1);
      }
      m_slots[slot] = id;
    }
  }

  std::vector<std::uint32_t> m_slots; // ids, or k_empty
  std::vector<std::string_view> m_texts;
  std::deque<std::string> m_joined;
};

// Dynamic segment classes, in routeComparator's order (after every static segment): text with
// params, text with a rest, all params, all params with a rest.
constexpr std::uint32_t k_dynamic_base = 0xFFFFFFF0U;

// What routeComparator reads of one segment, as one word: the high half orders segments (a
// static one by the collation rank of its text, below k_dynamic_base; a dynamic one by
// k_dynamic_base + its class), the low half tells texts of equal rank apart (the text's id).
// Two segments go on to the next one when their words are equal; otherwise the one with the
// smaller high half comes first, and neither does when the high halves are equal.
using SegmentKey = std::uint64_t;

// What routeComparator reads of one pattern.
struct PatternKey {
  std::uint32_t first = 0;       // first segment in KeyTable::segments
  std::uint32_t count = 0;       // number of segments
  std::int8_t ends_in_rest = -1; // -1 for the root route (Astro's `undefined`), else 0 or 1
  RouteKind kind = RouteKind::page;
  std::array<SegmentKey, 2> head{}; // the first two segments' words (most sorts stop there)
};

// The keys of every pattern, in one allocation per kind of thing.
struct KeyTable {
  std::vector<SegmentKey> segments;
  std::vector<PatternKey> patterns;
  std::vector<std::string_view> sources; // per pattern (the last tie-break only)

  // Appends the keys of `pattern`; static segments get their text's id in `ids` for now
  // (rank_texts() turns ids into words) and texts of more than one part are pooled in `joined`.
  void
  add(const Pattern& pattern, RouteKind kind, TextIds& ids)
  {
    PatternKey key;
    key.first = static_cast<std::uint32_t>(segments.size());
    key.count = static_cast<std::uint32_t>(pattern.segments().size());
    sources.push_back(pattern.source());
    key.kind = kind;
    bool spread = false;
    for (const auto& segment : pattern.segments()) {
      bool any_static = false;
      bool any_dynamic = false;
      spread = false;
      for (const auto& part : segment) {
        any_dynamic = any_dynamic || part.dynamic();
        any_static = any_static || !part.dynamic();
        spread = spread || part.kind == Kind::rest;
      }
      if (any_dynamic) {
        const std::uint32_t cls = (any_static ? 0U : 2U) + (spread ? 1U : 0U);
        segments.push_back(SegmentKey{k_dynamic_base + cls} << 32 | (k_dynamic_base + cls));
      } else {
        segments.push_back(ids.id_of(segment));
      }
    }
    if (key.count > 0) {
      key.ends_in_rest = spread ? 1 : 0;
    }
    patterns.push_back(key);
  }

  // compare_priority(a, b).order < 0, step by step on the keys.
  bool
  before(std::size_t ia, std::size_t ib) const
  {
    const PatternKey& a = patterns[ia];
    const PatternKey& b = patterns[ib];
    const std::uint32_t common = std::min(a.count, b.count);
    const std::uint32_t in_head = std::min<std::uint32_t>(common, 2);
    for (std::uint32_t i = 0; i < in_head; ++i) {
      if (a.head[i] != b.head[i]) {
        return (a.head[i] >> 32) < (b.head[i] >> 32);
      }
    }
    const SegmentKey* sa = segments.data() + a.first;
    const SegmentKey* sb = segments.data() + b.first;
    for (std::uint32_t i = in_head; i < common; ++i) {
      if (sa[i] != sb[i]) {
        return (sa[i] >> 32) < (sb[i] >> 32);
      }
    }
    if (a.count != b.count) {
      const std::uint32_t diff = a.count > b.count ? a.count - b.count : b.count - a.count;
      if (a.ends_in_rest != b.ends_in_rest && diff == 1) {
        if (a.count > b.count && a.ends_in_rest == 1) {
          return false;
        }
        if (b.count > a.count && b.ends_in_rest == 1) {
          return true;
        }
      }
      return a.count > b.count;
    }
    if (a.kind != b.kind) {
      return a.kind == RouteKind::endpoint;
    }
    return locale_compare(sources[ia], sources[ib]) < 0;
  }

  // Replaces the text id of every static segment by its word: (rank, id), where the rank is
  // the text's place in the collation order (texts that collate equal share one).
  void
  rank_texts(const TextIds& ids)
  {
    const std::vector<std::string_view>& texts = ids.texts();
    std::vector<std::uint32_t> by_order(texts.size());
    for (std::uint32_t i = 0; i < by_order.size(); ++i) {
      by_order[i] = i;
    }
    // Printable ASCII texts compare by their collation keys (one byte compare), the others
    // through locale_compare.
    std::string pool;
    std::vector<std::uint32_t> key_at(texts.size() + 1, 0);
    std::vector<bool> keyed(texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
      keyed[i] = append_locale_key(texts[i], pool);
      key_at[i + 1] = static_cast<std::uint32_t>(pool.size());
    }
    auto less = [&](std::uint32_t x, std::uint32_t y) {
      if (keyed[x] && keyed[y]) {
        return std::string_view(pool).substr(key_at[x], key_at[x + 1] - key_at[x]) <
               std::string_view(pool).substr(key_at[y], key_at[y + 1] - key_at[y]);
      }
      return locale_compare(texts[x], texts[y]) < 0;
    };
    // A collation is a total preorder, so a sort gives every text its rank once, instead of
    // one locale_compare per comparison of the priority sort.
    std::stable_sort(by_order.begin(), by_order.end(), less);
    std::vector<std::uint32_t> rank(texts.size());
    std::uint32_t next = 0;
    for (std::size_t i = 0; i < by_order.size(); ++i) {
      if (i > 0 && less(by_order[i - 1], by_order[i])) {
        ++next;
      }
      rank[by_order[i]] = next;
    }
    for (SegmentKey& s : segments) {
      if ((s >> 32) == 0) {
        s |= SegmentKey{rank[s]} << 32;
      }
    }
    for (PatternKey& p : patterns) {
      for (std::uint32_t i = 0; i < std::min<std::uint32_t>(p.count, 2); ++i) {
        p.head[i] = segments[p.first + i];
      }
    }
  }
};

// The order of Astro's `compiled.sort(routeComparator)`: V8's Array.prototype.sort over the
// patterns in input order. The comparator is not a strict weak order, so only the very sort V8
// runs, comparison for comparison, reproduces Astro's winner (std::sort would be UB there).
std::vector<std::size_t>
js_order(const KeyTable& keys)
{
  std::vector<std::size_t> order(keys.patterns.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  detail::js_array_sort(order, [&](std::size_t a, std::size_t b) { return keys.before(a, b); });
  return order;
}

// The keys of `count` patterns reached through `at`.
template <typename At>
KeyTable
make_keys(std::size_t count, At at, std::span<const RouteKind> kinds)
{
  KeyTable keys;
  keys.patterns.reserve(count);
  keys.sources.reserve(count);
  std::size_t segment_count = 0;
  for (std::size_t i = 0; i < count; ++i) {
    segment_count += at(i).segments().size();
  }
  keys.segments.reserve(segment_count);
  TextIds ids(segment_count);
  for (std::size_t i = 0; i < count; ++i) {
    keys.add(at(i), i < kinds.size() ? kinds[i] : RouteKind::page, ids);
  }
  keys.rank_texts(ids);
  return keys;
}

} // namespace

std::vector<std::size_t>
priority_order(std::span<const Pattern> patterns, std::span<const RouteKind> kinds)
{
  return js_order(make_keys(
      patterns.size(), [&](std::size_t i) -> const Pattern& { return patterns[i]; }, kinds));
}

std::vector<std::size_t>
priority_order(std::span<const Pattern* const> patterns, std::span<const RouteKind> kinds)
{
  return js_order(make_keys(
      patterns.size(), [&](std::size_t i) -> const Pattern& { return *patterns[i]; }, kinds));
}

} // namespace cachectl
