// priority_order: Astro's routeComparator (compare_priority in pattern.cpp) applied by V8's
// Array.prototype.sort (js_array_sort.hpp) over keys computed once per pattern: no string is
// built and no segment is re-classified per comparison.
#include "js_array_sort.hpp"

#include <cachectl/pattern/pattern.hpp>
#include <cachectl/util/collation.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

namespace {

using Kind = PatternPart::Kind;

// What routeComparator reads of one segment.
struct SegmentKey {
  bool is_static = false;   // no parameter
  bool all_dynamic = false; // no static text
  bool has_spread = false;  // holds a rest
  std::size_t text_at = 0;  // static text (for static segments) in KeyTable::text
  std::size_t text_size = 0;
};

// What routeComparator reads of one pattern.
struct PatternKey {
  std::size_t first = 0; // first segment in KeyTable::segments
  std::size_t count = 0; // number of segments
  int ends_in_rest = -1; // -1 for the root route (Astro's `undefined`), else 0 or 1
  std::string_view source;
  RouteKind kind = RouteKind::page;
};

// The keys of every pattern, in one allocation per kind of thing.
struct KeyTable {
  std::vector<SegmentKey> segments;
  std::vector<PatternKey> patterns;
  std::string text; // static segment texts, back to back

  // The static text of a segment key.
  std::string_view
  text_of(const SegmentKey& s) const
  {
    return std::string_view(text).substr(s.text_at, s.text_size);
  }

  // Appends the keys of `pattern`.
  void
  add(const Pattern& pattern, RouteKind kind)
  {
    PatternKey key;
    key.first = segments.size();
    key.count = pattern.segments().size();
    key.source = pattern.source();
    key.kind = kind;
    for (const auto& segment : pattern.segments()) {
      SegmentKey s;
      s.is_static = std::none_of(
          segment.begin(), segment.end(), [](const PatternPart& p) { return p.dynamic(); });
      s.all_dynamic = std::all_of(
          segment.begin(), segment.end(), [](const PatternPart& p) { return p.dynamic(); });
      s.has_spread = std::any_of(segment.begin(), segment.end(), [](const PatternPart& p) {
        return p.kind == Kind::rest;
      });
      if (s.is_static) {
        s.text_at = text.size();
        for (const auto& part : segment) {
          text += part.text;
        }
        s.text_size = text.size() - s.text_at;
      }
      segments.push_back(s);
    }
    if (key.count > 0) {
      key.ends_in_rest = segments.back().has_spread ? 1 : 0;
    }
    patterns.push_back(key);
  }

  // compare_priority(a, b).order < 0, step by step on the keys.
  bool
  before(std::size_t ia, std::size_t ib) const
  {
    const PatternKey& a = patterns[ia];
    const PatternKey& b = patterns[ib];
    const std::size_t common = std::min(a.count, b.count);
    for (std::size_t i = 0; i < common; ++i) {
      const SegmentKey& sa = segments[a.first + i];
      const SegmentKey& sb = segments[b.first + i];
      if (sa.is_static && sb.is_static) {
        const std::string_view ta = text_of(sa);
        const std::string_view tb = text_of(sb);
        if (ta != tb) {
          return locale_compare(ta, tb) < 0;
        }
        continue;
      }
      if (sa.is_static != sb.is_static) {
        return sa.is_static;
      }
      if (sa.all_dynamic != sb.all_dynamic) {
        return !sa.all_dynamic;
      }
      if (sa.has_spread != sb.has_spread) {
        return !sa.has_spread;
      }
    }
    if (a.count != b.count) {
      const std::size_t diff = a.count > b.count ? a.count - b.count : b.count - a.count;
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
    return locale_compare(a.source, b.source) < 0;
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
  for (std::size_t i = 0; i < count; ++i) {
    keys.add(at(i), i < kinds.size() ? kinds[i] : RouteKind::page);
  }
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
