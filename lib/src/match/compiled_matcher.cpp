#include "match/compiled_program.hpp"

#include <cachectl/match/compiled_matcher.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_map>

namespace cachectl {

namespace {

using detail::Capture;
using detail::Op;
using detail::Programs;

// "No node", "no rule", "no rank".
constexpr std::uint32_t k_none = std::numeric_limits<std::uint32_t>::max();

// Path segments whose slash offsets fit on the stack; deeper paths use the heap.
constexpr std::size_t k_inline_slashes = 64;

// Captures that fit on the stack when computing params.
constexpr std::size_t k_inline_captures = 16;

// How a pattern segment is matched against the path.
enum class SegmentKind : std::uint8_t {
  fixed,    // static text: one path segment, compared whole
  param,    // `[name]`: one non-empty path segment
  mixed,    // text and params: one path segment, checked by its program
  embedded, // a rest mixed with text (`[...slug].json`): one or more path segments
  rest,     // a standalone `[...rest]`: zero or more path segments
};

// The kind of one pattern segment.
SegmentKind
classify(const PatternSegment& segment)
{
  const bool has_rest = std::any_of(segment.begin(), segment.end(), [](const PatternPart& p) {
    return p.kind == PatternPart::Kind::rest;
  });
  if (segment.size() == 1) {
    switch (segment[0].kind) {
    case PatternPart::Kind::text:
      return SegmentKind::fixed;
    case PatternPart::Kind::param:
      return SegmentKind::param;
    case PatternPart::Kind::rest:
      return SegmentKind::rest;
    }
  }
  if (std::none_of(
          segment.begin(), segment.end(), [](const PatternPart& p) { return p.dynamic(); })) {
    return SegmentKind::fixed;
  }
  return has_rest ? SegmentKind::embedded : SegmentKind::mixed;
}

// The text a segment matches by, independent of param names: canonical static text, with
// \x01 for a param and \x02 for a rest (canonical text is printable ASCII).
std::string
segment_key(const PatternSegment& segment)
{
  std::string key;
  for (const auto& part : segment) {
    switch (part.kind) {
    case PatternPart::Kind::text:
      key += part.canonical;
      break;
    case PatternPart::Kind::param:
      key += '\x01';
      break;
    case PatternPart::Kind::rest:
      key += '\x02';
      break;
    }
  }
  return key;
}

// The first 8 bytes of `text` as a little-endian word, zero-padded when shorter.
inline std::uint64_t
prefix_word(std::string_view text)
{
  const char* p = text.data();
  const std::size_t n = text.size();
  std::uint64_t word = 0;
  if (n >= 8) {
    std::memcpy(&word, p, 8);
  } else if (n >= 4) {
    std::uint32_t lo = 0;
    std::uint32_t hi = 0;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    word = std::uint64_t{lo} | (std::uint64_t{hi} << (8 * (n - 4)));
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      word |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    }
  }
  return word;
}

// A 64-bit hash of (parent node, segment text) for the static-segment table; `prefix` is
// prefix_word(text).
inline std::uint64_t
hash_segment(std::uint32_t parent, std::string_view text, std::uint64_t prefix)
{
  constexpr std::uint64_t k_mul = 0x9E3779B97F4A7C15ULL;
  auto mix = [](std::uint64_t h, std::uint64_t w) {
    h = (h ^ w) * k_mul;
    return h ^ (h >> 29);
  };
  std::uint64_t h = mix((std::uint64_t{parent} << 32 | text.size()) * k_mul, prefix);
  if (text.size() > 8) {
    std::uint64_t w = 0;
    for (std::size_t i = 8; i + 8 < text.size(); i += 8) {
      std::memcpy(&w, text.data() + i, 8);
      h = mix(h, w);
    }
    std::memcpy(&w, text.data() + text.size() - 8, 8);
    h = mix(h, w);
  }
  return h ^ (h >> 32);
}

// True when the n bytes at `a` and `b` are equal (short strings: no library call).
inline bool
equal_bytes(const char* a, const char* b, std::size_t n)
{
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
      std::uint64_t x = 0;
      std::uint64_t y = 0;
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) {
        return false;
      }
    }
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a + n - 8, 8);
    std::memcpy(&y, b + n - 8, 8);
    return x == y;
  }
  if (n >= 4) {
    std::uint32_t x0 = 0;
    std::uint32_t y0 = 0;
    std::uint32_t x1 = 0;
    std::uint32_t y1 = 0;
    std::memcpy(&x0, a, 4);
    std::memcpy(&y0, b, 4);
    std::memcpy(&x1, a + n - 4, 4);
    std::memcpy(&y1, b + n - 4, 4);
    return x0 == y0 && x1 == y1;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) {
      return false;
    }
  }
  return true;
}

// One trie node, reached by one segment kind from its parent. The best rank under each
// child is kept next to the link, so that a subtree that cannot beat the best match found
// so far is skipped without touching it.
struct Node {
  std::uint32_t terminal_min = k_none; // best rank of the rules ending here
  std::uint32_t best_blob = k_none;    // the rule of that rank (its offset in Trie::blobs)
  std::uint32_t param_child = k_none;  // `[param]`
  std::uint32_t param_min = k_none;
  std::uint32_t rest_child = k_none; // `[...rest]`
  std::uint32_t rest_min = k_none;
  std::uint32_t rest_slot = k_none; // memo slot of the rest child in a search
  std::uint32_t partial_begin = 0;  // mixed, then embedded-rest children (in partials)
  std::uint32_t mixed_count = 0;
  std::uint32_t embedded_count = 0;
  bool has_static = false; // some children are in the static table
};

// A mixed (`v[version]`) or embedded-rest (`[...slug].json`) child, with a cheap filter.
struct Partial {
  std::uint32_t child = k_none;
  std::uint32_t min = k_none;     // best rank under the child
  std::uint32_t program = k_none; // the segment's program
  std::uint32_t slot = k_none;    // embedded children: memo slot in a search
  std::uint32_t min_size = 0;     // bytes the segment needs at least
  char first = 0;                 // byte the text must start with (0: any)
  char last = 0;                  // byte a mixed segment must end with (0: any)
};

// One entry of the open-addressing table of static children, keyed by (parent, text).
struct StaticEdge {
  std::uint64_t prefix = 0; // prefix_word of the text: short texts compare without the pool
  std::uint32_t parent = k_none;
  std::uint32_t child = k_none; // k_none: empty slot
  std::uint32_t child_min = k_none;
  std::uint32_t size = 0;
  std::uint32_t text_offset = 0; // in static_text
};

// Rules ending at a node (all of them, for match_all) by rank.
struct NodeTerminals {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// What a lookup needs of the winning rule, in one contiguous blob (one or two cache lines):
// RuleHead, a ParamHead per param (capture order), the rule's program (Op[], empty when every
// param is a whole segment), the param names, the program's literals.
struct RuleHead {
  std::uint32_t rule = 0;
  std::uint32_t params = 0;
  std::uint32_t ops = 0;
  std::uint32_t literals = 0; // bytes
};

// One param of a rule blob.
struct ParamHead {
  std::uint32_t name_size = 0;
  std::uint32_t unit = 0; // without a program: the segment the param is
  std::uint32_t is_rest = 0;
};

// Instructions of a winner's program copied to the stack (longer programs use the heap).
constexpr std::size_t k_inline_ops = 32;

// Per-thread memo of one search: which (rest or embedded node, segment) pairs were visited.
// Generation stamps make starting a search O(1) whatever the number of nodes.
struct Scratch {
  std::uint32_t generation = 0;
  std::vector<std::uint32_t> stamp; // per slot: the generation that last used it
  std::vector<std::uint32_t> value; // per slot: lowest launch index, or a word offset in bits
  std::vector<std::uint64_t> bits;  // visited bitsets of this search

  // Starts a new search over `slots` memo slots.
  void
  begin(std::size_t slots)
  {
    if (stamp.size() < slots) {
      stamp.resize(slots, 0);
      value.resize(slots, 0);
    }
    if (++generation == 0) {
      std::fill(stamp.begin(), stamp.end(), 0);
      generation = 1;
    }
    bits.clear();
  }
};

// The scratch of the calling thread.
Scratch&
thread_scratch()
{
  thread_local Scratch scratch;
  return scratch;
}

// The positions of the `/` of a path, plus its length as a sentinel: segment i is
// path[at(i) + 1, at(i + 1)).
class Slashes {
public:
  // Splits `path`.
  explicit Slashes(std::string_view path)
      : m_path(path)
  {
    if (path.size() >= k_none) {
      // Offsets are 32-bit; Trie::prepare rejects such a path before it is searched.
      m_inline[0] = 0;
      m_data = m_inline.data();
      return;
    }
    // Eight bytes at a time: a mask of the `/` bytes (exact: no false positives), and a
    // running OR that tells whether any byte is not ASCII.
    std::uint64_t all = 0;
    std::size_t at = 0;
    for (; at + 8 <= path.size(); at += 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, path.data() + at, 8);
      all |= word;
      add_slashes(at, slash_bytes(word));
    }
    if (at < path.size()) {
      // The tail: the last 8 bytes shifted right (or the few bytes there are), zero-padded;
      // zero bytes are neither `/` nor non-ASCII.
      const std::size_t left = path.size() - at;
      std::uint64_t word = 0;
      if (path.size() >= 8) {
        std::memcpy(&word, path.data() + path.size() - 8, 8);
        word >>= 8 * (8 - left);
      } else {
        for (std::size_t i = 0; i < left; ++i) {
          word |= std::uint64_t{static_cast<unsigned char>(path[at + i])} << (8 * i);
        }
      }
      all |= word;
      add_slashes(at, slash_bytes(word));
    }
    if (m_on_heap) {
      m_heap.push_back(static_cast<std::uint32_t>(path.size()));
      m_data = m_heap.data();
    } else {
      m_inline[m_count] = static_cast<std::uint32_t>(path.size());
      m_data = m_inline.data();
    }
    m_non_ascii = (all & ~k_low_bits) != 0;
  }
  Slashes(const Slashes&) = delete;
  Slashes& operator=(const Slashes&) = delete;

  // Number of segments (of `/`).
  std::size_t
  segments() const
  {
    return m_count;
  }
  // Offset of the i-th `/` (i < segments()), or the path length (i == segments()).
  std::size_t
  at(std::size_t i) const
  {
    return m_data[i];
  }
  // The offsets: segments() + 1 entries.
  const std::uint32_t*
  data() const
  {
    return m_data;
  }
  // True when some byte is not ASCII.
  bool
  non_ascii() const
  {
    return m_non_ascii;
  }
  // True when the path holds a line feed (which RE2's `.` does not match); computed once.
  bool
  newline() const
  {
    if (m_newline < 0) {
      m_newline = m_path.find('\n') != std::string_view::npos ? 1 : 0;
    }
    return m_newline != 0;
  }

private:
  static constexpr std::uint64_t k_low_bits = 0x7F7F7F7F7F7F7F7FULL;

  // The high bit of every byte of `word` that is `/` (exact, no false positives).
  static std::uint64_t
  slash_bytes(std::uint64_t word)
  {
    const std::uint64_t x = word ^ 0x2F2F2F2F2F2F2F2FULL;
    return ~(((x & k_low_bits) + k_low_bits) | x | k_low_bits);
  }

  // Records the `/` bytes flagged in `mask` (high bits) of the word at offset `at`.
  void
  add_slashes(std::size_t at, std::uint64_t mask)
  {
    for (; mask != 0; mask &= mask - 1) {
      const auto p =
          static_cast<std::uint32_t>(at + static_cast<std::size_t>(std::countr_zero(mask) / 8));
      if (m_count + 1 < k_inline_slashes) {
        m_inline[m_count] = p; // room is kept for the sentinel
      } else {
        if (!m_on_heap) {
          m_heap.reserve(m_path.size() + 1);
          m_heap.assign(m_inline.begin(), m_inline.begin() + static_cast<std::ptrdiff_t>(m_count));
          m_on_heap = true;
        }
        m_heap.push_back(p);
      }
      ++m_count;
    }
  }

  std::string_view m_path;
  std::array<std::uint32_t, k_inline_slashes> m_inline;
  std::vector<std::uint32_t> m_heap;
  const std::uint32_t* m_data = nullptr;
  std::size_t m_count = 0;
  bool m_on_heap = false;
  bool m_non_ascii = false;
  mutable int m_newline = -1;
};

// A static, mixed or embedded child while building.
struct Keyed {
  std::uint32_t parent;
  std::uint32_t child;
  SegmentKind kind;
  const PatternSegment* segment;
  std::uint32_t program;
};

// The compiled trie and everything a lookup needs.
struct Trie {
  TrailingSlash mode = TrailingSlash::ignore;
  std::vector<Node> nodes;
  std::vector<NodeTerminals> node_terminals; // per node
  std::vector<Partial> partials;
  std::vector<std::uint32_t> terminals; // rule indices
  std::vector<std::uint32_t> rank;      // per rule
  std::vector<std::size_t> order;
  std::vector<StaticEdge> table;
  std::size_t table_mask = 0;
  std::size_t static_edges = 0;
  std::string static_text;
  Programs programs;                  // segment programs
  std::vector<std::byte> blobs;       // rule blobs (see RuleHead)
  std::vector<std::uint32_t> blob_of; // per rule: its blob offset
  std::uint32_t root_min = k_none;    // best rank of the root route `/`
  std::uint32_t root_blob = k_none;
  std::uint32_t var_slots = 0;
  std::size_t program_rules = 0;

  // Builds everything from the rules of `config`.
  void build(const Config& config);
  // Renumbers the nodes in depth-first order, so that the nodes of one lookup lie close
  // together in memory; updates every node reference of the build.
  void renumber_depth_first(std::vector<std::uint32_t>& parent,
                            std::vector<Keyed>& keyed,
                            std::vector<std::pair<std::uint32_t, std::uint32_t>>& ends);
  // The static edge of `parent` for segment `text`, or nullptr.
  [[gnu::always_inline]] inline const StaticEdge* find_static(std::uint32_t parent,
                                                              std::string_view text) const;
  // The rule index of a blob.
  std::uint32_t rule_of(std::uint32_t blob) const;
  // Appends the blob of rule `r` (`pattern`); returns its offset.
  std::uint32_t add_blob(std::uint32_t r, const Pattern& pattern);
  // Fills `params` with the params of the rule of `blob` matched on `path`.
  void fill_params(std::uint32_t blob,
                   std::string_view path,
                   const Slashes& slashes,
                   std::vector<Param>& params) const;
  // False when no rule can match `path` at all (no leading `/`, or bytes RE2 cannot match).
  bool prepare(std::string_view path, const Slashes& slashes) const;
};

const StaticEdge*
Trie::find_static(std::uint32_t parent, std::string_view text) const
{
  const std::uint64_t prefix = prefix_word(text);
  std::size_t slot = hash_segment(parent, text, prefix) & table_mask;
  while (true) {
    const StaticEdge& edge = table[slot];
    if (edge.child == k_none) {
      return nullptr;
    }
    if (edge.prefix == prefix && edge.parent == parent && edge.size == text.size() &&
        (text.size() <= 8 || equal_bytes(static_text.data() + edge.text_offset + 8,
                                         text.data() + 8,
                                         text.size() - 8))) {
      return &edge;
    }
    slot = (slot + 1) & table_mask;
  }
}

// A depth-first search of the trie for one path: for match() (All = false), the best-ranked
// accepting rule, skipping subtrees that cannot beat it; for match_all() (All = true), every
// accepting node.
template <bool All>
class Search {
public:
  // A search of `path` (split as `slashes`) in `trie`.
  Search(const Trie& trie, std::string_view path, const Slashes& slashes)
      : m_trie(trie)
      , m_path(path)
      , m_slashes(slashes.data())
      , m_split(slashes)
      , m_k(slashes.segments())
      // The regex tail: `$` (never), `/$` (always) or `/?$` (ignore).
      , m_accept_end(trie.mode != TrailingSlash::always)
      , m_accept_slash(trie.mode != TrailingSlash::never && m_k > 0 && path.back() == '/')
  {
  }

  // Runs the search from the root.
  void
  run()
  {
    // The root route is `^\/$` whatever the mode.
    if (m_trie.root_min != k_none && m_path.size() == 1 && m_path[0] == '/') {
      if constexpr (All) {
        m_accepted.push_back(0);
      } else {
        m_best_rank = m_trie.root_min;
        m_best_blob = m_trie.root_blob;
      }
    }
    visit(0, 0);
  }

  // The blob of the best accepting rule found; k_none when none.
  std::uint32_t
  best_blob() const
  {
    return m_best_blob;
  }
  // Accepting nodes (match_all searches); may repeat a node.
  std::vector<std::uint32_t>&
  accepted()
  {
    return m_accepted;
  }

private:
  // True when a subtree whose best rank is `min` may hold a better match.
  bool
  worth(std::uint32_t min) const
  {
    return All || min < m_best_rank;
  }

  // Explores node `id` reached with segments [0, i) consumed; the caller checked worth().
  void
  visit(std::uint32_t id, std::size_t i)
  {
    const Node& node = m_trie.nodes[id];
    if (node.terminal_min != k_none && worth(node.terminal_min) && accepts(i)) {
      if constexpr (All) {
        m_accepted.push_back(id);
      } else {
        m_best_rank = node.terminal_min;
        m_best_blob = node.best_blob;
      }
    }
    if (i < m_k) {
      const std::size_t begin = m_slashes[i] + 1;
      const std::string_view segment(m_path.data() + begin, m_slashes[i + 1] - begin);
      if (node.has_static) {
        const StaticEdge* edge = m_trie.find_static(id, segment);
        if (edge != nullptr && worth(edge->child_min)) {
          visit(edge->child, i + 1);
        }
      }
      if ((node.mixed_count | node.embedded_count) != 0) {
        visit_partial(node, i, segment);
      }
      if (node.param_child != k_none && worth(node.param_min) && !segment.empty()) {
        visit(node.param_child, i + 1);
      }
    }
    if (node.rest_child != k_none && worth(node.rest_min)) {
      launch_rest(node, i);
    }
  }

  // The mixed and embedded-rest children of `node` (reached at segment i < m_k), best first.
  [[gnu::noinline]] void
  visit_partial(const Node& node, std::size_t i, std::string_view segment)
  {
    const Partial* mixed = m_trie.partials.data() + node.partial_begin;
    const Partial* embedded = mixed + node.mixed_count;
    if (!segment.empty()) {
      for (const Partial* p = mixed; p != embedded && worth(p->min); ++p) {
        if (segment.size() >= p->min_size && (p->first == 0 || segment.front() == p->first) &&
            (p->last == 0 || segment.back() == p->last) &&
            m_trie.programs.match(p->program, segment, {})) {
          visit(p->child, i + 1);
        }
      }
    }
    for (const Partial* p = embedded; p != embedded + node.embedded_count && worth(p->min); ++p) {
      launch_embedded(*p, i);
    }
  }

  // True when a rule ending at a node reached with segments [0, i) consumed matches: the
  // regex tail must match the rest of the path.
  bool
  accepts(std::size_t i) const
  {
    return (i == m_k && m_accept_end) || (i + 1 == m_k && m_accept_slash);
  }

  // The scratch, reset for this search on first use.
  Scratch&
  scratch()
  {
    if (m_scratch == nullptr) {
      m_scratch = &thread_scratch();
      m_scratch->begin(m_trie.var_slots);
    }
    return *m_scratch;
  }

  // The visited bitset (m_k + 1 bits) of memo slot `slot` in this search, as a word offset.
  std::size_t
  visited_bits(std::uint32_t slot)
  {
    Scratch& s = scratch();
    if (s.stamp[slot] != s.generation) {
      s.stamp[slot] = s.generation;
      s.value[slot] = static_cast<std::uint32_t>(s.bits.size());
      s.bits.resize(s.bits.size() + (m_k + 1 + 63) / 64, 0);
    }
    return s.value[slot];
  }

  // Marks bit e of the bitset at word offset `words` visited; false when it already was.
  bool
  first_visit(std::size_t words, std::size_t e)
  {
    std::uint64_t& word = scratch().bits[words + e / 64];
    const std::uint64_t bit = std::uint64_t{1} << (e % 64);
    if ((word & bit) != 0) {
      return false;
    }
    word |= bit;
    return true;
  }

  // The standalone rest child of `parent` entered at segment i: it takes zero segments or
  // segments [i, e) for every e (its capture cannot hold a line feed). Each (node, e) is
  // visited at most once per search: without line feeds, launches cover suffixes [i, m_k],
  // so a launch only visits the part below the lowest earlier one.
  [[gnu::noinline]] void
  launch_rest(const Node& parent, std::size_t i)
  {
    const std::uint32_t id = parent.rest_child;
    const std::uint32_t slot = parent.rest_slot;
    Scratch& s = scratch();
    if (!m_split.newline()) {
      std::size_t limit = m_k + 1;
      if (s.stamp[slot] == s.generation) {
        if (s.value[slot] <= i) {
          return;
        }
        limit = s.value[slot];
      }
      s.stamp[slot] = s.generation;
      s.value[slot] = static_cast<std::uint32_t>(i);
      for (std::size_t e = i; e < limit && worth(parent.rest_min); ++e) {
        visit(id, e);
      }
      return;
    }
    const std::size_t words = visited_bits(slot);
    for (std::size_t e = i; e <= m_k && worth(parent.rest_min); ++e) {
      if (e > i) {
        const std::size_t from = m_slashes[e - 1] + 1;
        const std::string_view consumed(m_path.data() + from, m_slashes[e] - from);
        if (consumed.find('\n') != std::string_view::npos) {
          break;
        }
      }
      if (first_visit(words, e)) {
        visit(id, e);
      }
    }
  }

  // An embedded-rest child entered at segment i < m_k: it takes segments [i, e) for every
  // e > i whose text its program matches (all found in one pass).
  [[gnu::noinline]] void
  launch_embedded(const Partial& partial, std::size_t i)
  {
    const std::size_t begin = m_slashes[i] + 1;
    if (m_path.size() - begin < partial.min_size ||
        (partial.first != 0 && (begin == m_path.size() || m_path[begin] != partial.first))) {
      return;
    }
    const std::size_t words = visited_bits(partial.slot);
    std::vector<char> reach;
    m_trie.programs.prefix_ends(partial.program, m_path.substr(begin), reach);
    for (std::size_t e = i + 1; e <= m_k && worth(partial.min); ++e) {
      if (reach[m_slashes[e] - begin] != 0 && first_visit(words, e)) {
        visit(partial.child, e);
      }
    }
  }

  const Trie& m_trie;
  std::string_view m_path;
  const std::uint32_t* m_slashes; // offsets of the `/` (see Slashes)
  const Slashes& m_split;
  std::size_t m_k;
  bool m_accept_end;
  bool m_accept_slash;
  std::uint32_t m_best_rank = k_none;
  std::uint32_t m_best_blob = k_none;
  std::vector<std::uint32_t> m_accepted;
  Scratch* m_scratch = nullptr;
};

// Copies n bytes without a library call for the short strings params usually are.
inline void
copy_bytes(char* dst, const char* src, std::size_t n)
{
  if (n > 16) {
    std::memcpy(dst, src, n);
  } else if (n >= 8) {
    std::uint64_t head = 0;
    std::uint64_t tail = 0;
    std::memcpy(&head, src, 8);
    std::memcpy(&tail, src + n - 8, 8);
    std::memcpy(dst, &head, 8);
    std::memcpy(dst + n - 8, &tail, 8);
  } else if (n >= 4) {
    std::uint32_t head = 0;
    std::uint32_t tail = 0;
    std::memcpy(&head, src, 4);
    std::memcpy(&tail, src + n - 4, 4);
    std::memcpy(dst, &head, 4);
    std::memcpy(dst + n - 4, &tail, 4);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      dst[i] = src[i];
    }
  }
}

// Resizes `params` to n elements with inlined element operations (vector::resize is a call).
inline void
resize_params(std::vector<Param>& params, std::size_t n)
{
  if (params.capacity() < n) {
    params.reserve(n); // one allocation, not one per growth step
  }
  while (params.size() > n) {
    params.pop_back();
  }
  while (params.size() < n) {
    params.emplace_back();
  }
}

// Sets `out` to `text`, reusing its buffer (resize_and_overwrite is inlined; assign is not).
inline void
set_text(std::string& out, std::string_view text)
{
  if (out.size() == text.size()) {
    copy_bytes(out.data(), text.data(), text.size()); // common: same name, same-sized value
    return;
  }
  out.resize_and_overwrite(text.size(), [&](char* p, std::size_t) {
    copy_bytes(p, text.data(), text.size());
    return text.size();
  });
}

} // namespace

// The pimpl is the trie itself.
struct CompiledMatcher::Impl : Trie {};

void
Trie::build(const Config& config)
{
  mode = config.trailing_slash;
  const std::size_t rule_count = config.rules.size();
  order = rule_priority_order(config);
  rank.assign(rule_count, 0);
  for (std::size_t r = 0; r < order.size(); ++r) {
    rank[order[r]] = static_cast<std::uint32_t>(r);
  }

  // The trie: param and rest children are node fields; static, mixed and embedded children
  // are found by (parent, kind, segment key) while building.
  nodes.emplace_back();
  std::vector<std::uint32_t> parent{k_none};
  std::unordered_map<std::string, std::uint32_t> edges;
  edges.reserve(rule_count * 2);
  std::vector<Keyed> keyed;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ends; // (node, rule)
  ends.reserve(rule_count);
  std::string key;
  auto new_node = [&](std::uint32_t from) {
    nodes.emplace_back();
    parent.push_back(from);
    return static_cast<std::uint32_t>(nodes.size() - 1);
  };
  for (std::size_t r = 0; r < rule_count; ++r) {
    std::uint32_t at = 0;
    for (const auto& segment : config.rules[r].pattern.segments()) {
      const SegmentKind kind = classify(segment);
      if (kind == SegmentKind::param) {
        if (nodes[at].param_child == k_none) {
          const std::uint32_t child = new_node(at);
          nodes[at].param_child = child;
        }
        at = nodes[at].param_child;
        continue;
      }
      if (kind == SegmentKind::rest) {
        if (nodes[at].rest_child == k_none) {
          const std::uint32_t child = new_node(at);
          nodes[at].rest_child = child;
          nodes[at].rest_slot = var_slots++;
        }
        at = nodes[at].rest_child;
        continue;
      }
      key.assign(reinterpret_cast<const char*>(&at), sizeof at);
      key += static_cast<char>('0' + static_cast<int>(kind));
      key += segment_key(segment);
      auto [it, inserted] = edges.try_emplace(key, k_none);
      if (inserted) {
        const std::uint32_t child = new_node(at);
        it->second = child;
        const std::uint32_t program =
            kind == SegmentKind::fixed ? k_none : programs.add_segment(segment);
        keyed.push_back({at, child, kind, &segment, program});
      }
      at = it->second;
    }
    ends.emplace_back(at, static_cast<std::uint32_t>(r));
  }

  renumber_depth_first(parent, keyed, ends);

  // Rules ending at each node, by rank.
  std::sort(ends.begin(), ends.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : rank[a.second] < rank[b.second];
  });
  node_terminals.assign(nodes.size(), NodeTerminals{});
  terminals.reserve(ends.size());
  for (std::size_t e = 0; e < ends.size(); ++e) {
    const auto [id, rule] = ends[e];
    if (e == 0 || ends[e - 1].first != id) {
      node_terminals[id].begin = static_cast<std::uint32_t>(terminals.size());
      nodes[id].terminal_min = rank[rule];
      nodes[id].best_blob = rule; // rule index for now: blob offsets are known at the end
    }
    terminals.push_back(rule);
    node_terminals[id].end = static_cast<std::uint32_t>(terminals.size());
  }
  // The root route `/` is matched by the search itself (`^\/$` in every mode).
  root_min = nodes[0].terminal_min;
  root_blob = nodes[0].best_blob;
  nodes[0].terminal_min = k_none;
  nodes[0].best_blob = k_none;

  // Best rank per subtree (children always have higher ids than their parent), copied next
  // to every link.
  std::vector<std::uint32_t> subtree(nodes.size());
  for (std::size_t id = 0; id < nodes.size(); ++id) {
    subtree[id] = nodes[id].terminal_min;
  }
  for (std::size_t id = nodes.size() - 1; id > 0; --id) {
    subtree[parent[id]] = std::min(subtree[parent[id]], subtree[id]);
  }
  for (auto& node : nodes) {
    node.param_min = node.param_child == k_none ? k_none : subtree[node.param_child];
    node.rest_min = node.rest_child == k_none ? k_none : subtree[node.rest_child];
  }

  // Mixed then embedded children, grouped by parent, best subtree first.
  std::stable_sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
    if (a.parent != b.parent) {
      return a.parent < b.parent;
    }
    if (a.kind != b.kind) {
      return a.kind < b.kind;
    }
    return subtree[a.child] < subtree[b.child];
  });
  for (const Keyed& k : keyed) {
    if (k.kind == SegmentKind::fixed) {
      ++static_edges;
      nodes[k.parent].has_static = true;
      continue;
    }
    Node& node = nodes[k.parent];
    if (node.mixed_count == 0 && node.embedded_count == 0) {
      node.partial_begin = static_cast<std::uint32_t>(partials.size());
    }
    Partial p;
    p.child = k.child;
    p.min = subtree[k.child];
    p.program = k.program;
    const PatternSegment& segment = *k.segment;
    std::size_t min_size = 0;
    for (const auto& part : segment) {
      min_size += part.kind == PatternPart::Kind::text    ? part.canonical.size()
                  : part.kind == PatternPart::Kind::param ? 1
                                                          : 0;
    }
    p.min_size = static_cast<std::uint32_t>(std::min<std::size_t>(min_size, k_none));
    if (segment.front().kind == PatternPart::Kind::text) {
      p.first = segment.front().canonical.front();
    }
    if (k.kind == SegmentKind::mixed) {
      if (segment.back().kind == PatternPart::Kind::text) {
        p.last = segment.back().canonical.back();
      }
      ++node.mixed_count;
    } else {
      p.slot = var_slots++;
      ++node.embedded_count;
    }
    partials.push_back(p);
  }

  // The static-segment hash table (open addressing, load <= 0.7).
  std::size_t capacity = 8;
  while (capacity * 7 < static_edges * 10) {
    capacity *= 2;
  }
  table.assign(capacity, StaticEdge{});
  table_mask = capacity - 1;
  for (const Keyed& k : keyed) {
    if (k.kind != SegmentKind::fixed) {
      continue;
    }
    const std::string text = segment_key(*k.segment);
    StaticEdge edge;
    edge.prefix = prefix_word(text);
    edge.parent = k.parent;
    edge.child = k.child;
    edge.child_min = subtree[k.child];
    edge.size = static_cast<std::uint32_t>(text.size());
    edge.text_offset = static_cast<std::uint32_t>(static_text.size());
    static_text += text;
    std::size_t slot = hash_segment(k.parent, text, edge.prefix) & table_mask;
    while (table[slot].child != k_none) {
      slot = (slot + 1) & table_mask;
    }
    table[slot] = edge;
  }

  // Rule blobs; then the nodes point at blobs instead of rule indices.
  blob_of.resize(rule_count);
  for (std::size_t r = 0; r < rule_count; ++r) {
    blob_of[r] = add_blob(static_cast<std::uint32_t>(r), config.rules[r].pattern);
  }
  for (auto& node : nodes) {
    if (node.best_blob != k_none) {
      node.best_blob = blob_of[node.best_blob];
    }
  }
  if (root_blob != k_none) {
    root_blob = blob_of[root_blob];
  }
}

std::uint32_t
Trie::add_blob(std::uint32_t r, const Pattern& pattern)
{
  // Params come straight from the segment boundaries when every segment is static or a
  // whole `[param]` (each then consumes exactly one path segment); otherwise from the
  // rule's program, run on the winner only.
  bool direct = true;
  std::vector<ParamHead> heads;
  std::uint32_t unit = 0;
  for (const auto& segment : pattern.segments()) {
    const SegmentKind kind = classify(segment);
    direct = direct && (kind == SegmentKind::param || kind == SegmentKind::fixed);
    for (const auto& part : segment) {
      if (part.dynamic()) {
        ParamHead head;
        head.name_size = static_cast<std::uint32_t>(pattern.param_names()[heads.size()].size());
        head.unit = unit;
        head.is_rest = part.kind == PatternPart::Kind::rest ? 1 : 0;
        heads.push_back(head);
      }
    }
    ++unit;
  }
  detail::PatternProgram program;
  if (!direct) {
    program = detail::compile_pattern(pattern, mode);
    ++program_rules;
  }
  RuleHead head;
  head.rule = r;
  head.params = static_cast<std::uint32_t>(heads.size());
  head.ops = static_cast<std::uint32_t>(program.ops.size());
  head.literals = static_cast<std::uint32_t>(program.literals.size());
  const auto offset = static_cast<std::uint32_t>(blobs.size());
  auto append = [&](const void* data, std::size_t size) {
    const auto* bytes = static_cast<const std::byte*>(data);
    blobs.insert(blobs.end(), bytes, bytes + size);
  };
  append(&head, sizeof head);
  append(heads.data(), heads.size() * sizeof(ParamHead));
  append(program.ops.data(), program.ops.size() * sizeof(Op));
  for (const auto& name : pattern.param_names()) {
    append(name.data(), name.size());
  }
  append(program.literals.data(), program.literals.size());
  blobs.resize((blobs.size() + 3) / 4 * 4); // keep the next RuleHead 4-byte aligned
  return offset;
}

std::uint32_t
Trie::rule_of(std::uint32_t blob) const
{
  RuleHead head;
  std::memcpy(&head, blobs.data() + blob, sizeof head);
  return head.rule;
}

void
Trie::renumber_depth_first(std::vector<std::uint32_t>& parent,
                           std::vector<Keyed>& keyed,
                           std::vector<std::pair<std::uint32_t, std::uint32_t>>& ends)
{
  const std::size_t n = nodes.size();
  // Children of each node: static, mixed and embedded ones in creation order, then the
  // param and rest children (a lookup tries them in that order).
  std::vector<std::uint32_t> first(n + 1, 0);
  for (std::size_t id = 1; id < n; ++id) {
    ++first[parent[id] + 1];
  }
  for (std::size_t id = 0; id < n; ++id) {
    first[id + 1] += first[id];
  }
  std::vector<std::uint32_t> children(n > 0 ? n - 1 : 0);
  std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
  for (const Keyed& k : keyed) {
    children[fill[k.parent]++] = k.child;
  }
  for (std::size_t id = 0; id < n; ++id) {
    for (std::uint32_t child : {nodes[id].param_child, nodes[id].rest_child}) {
      if (child != k_none) {
        children[fill[id]++] = child;
      }
    }
  }
  std::vector<std::uint32_t> renamed(n, k_none);
  std::vector<std::uint32_t> stack{0};
  std::uint32_t next = 0;
  while (!stack.empty()) {
    const std::uint32_t id = stack.back();
    stack.pop_back();
    renamed[id] = next++;
    for (std::uint32_t c = first[id + 1]; c > first[id]; --c) {
      stack.push_back(children[c - 1]); // reversed, so that the first child comes next
    }
  }
  auto map = [&](std::uint32_t id) { return id == k_none ? k_none : renamed[id]; };
  std::vector<Node> moved(n);
  std::vector<std::uint32_t> moved_parent(n, k_none);
  for (std::size_t id = 0; id < n; ++id) {
    Node node = nodes[id];
    node.param_child = map(node.param_child);
    node.rest_child = map(node.rest_child);
    moved[renamed[id]] = node;
    moved_parent[renamed[id]] = map(parent[id]);
  }
  nodes.swap(moved);
  parent.swap(moved_parent);
  for (Keyed& k : keyed) {
    k.parent = renamed[k.parent];
    k.child = renamed[k.child];
  }
  for (auto& end : ends) {
    end.first = renamed[end.first];
  }
}

void
Trie::fill_params(std::uint32_t blob,
                  std::string_view path,
                  const Slashes& slashes,
                  std::vector<Param>& params) const
{
  const std::byte* at = blobs.data() + blob;
  RuleHead head;
  std::memcpy(&head, at, sizeof head);
  const std::byte* param_heads = at + sizeof head;
  const std::byte* ops = param_heads + head.params * sizeof(ParamHead);
  const auto* text = reinterpret_cast<const char*>(ops + head.ops * sizeof(Op));
  auto param = [&](std::size_t c) {
    ParamHead p;
    std::memcpy(&p, param_heads + c * sizeof p, sizeof p);
    return p;
  };
  if (head.ops == 0) {
    // Every param is a whole segment: segment u for the param of unit u.
    resize_params(params, head.params);
    for (std::size_t c = 0; c < head.params; ++c) {
      const ParamHead p = param(c);
      const std::size_t begin = slashes.at(p.unit) + 1;
      set_text(params[c].first, std::string_view(text, p.name_size));
      set_text(params[c].second, path.substr(begin, slashes.at(p.unit + 1) - begin));
      text += p.name_size;
    }
    return;
  }
  std::array<Op, k_inline_ops> inline_ops;
  std::vector<Op> heap_ops;
  Op* program = inline_ops.data();
  if (head.ops > inline_ops.size()) {
    heap_ops.resize(head.ops);
    program = heap_ops.data();
  }
  std::memcpy(program, ops, head.ops * sizeof(Op));
  std::array<Capture, k_inline_captures> inline_captures;
  std::vector<Capture> heap_captures;
  std::span<Capture> captures;
  if (head.params <= inline_captures.size()) {
    captures = std::span(inline_captures.data(), head.params);
  } else {
    heap_captures.resize(head.params);
    captures = heap_captures;
  }
  std::size_t names_size = 0;
  for (std::size_t c = 0; c < head.params; ++c) {
    names_size += param(c).name_size;
  }
  const std::string_view literals(text + names_size, head.literals);
  std::size_t count = 0;
  if (params.capacity() < head.params) {
    params.reserve(head.params);
  }
  if (detail::run_ops(std::span<const Op>(program, head.ops), literals, path, captures)) {
    for (std::size_t c = 0; c < captures.size(); ++c) {
      const ParamHead p = param(c);
      const std::string_view name(text, p.name_size);
      text += p.name_size;
      const Capture& capture = captures[c];
      // Astro: an empty or missing rest capture is `undefined`, i.e. absent.
      if (p.is_rest != 0 && (!capture.set || capture.begin == capture.end)) {
        continue;
      }
      if (count == params.size()) {
        params.emplace_back();
      }
      set_text(params[count].first, name);
      set_text(params[count].second, path.substr(capture.begin, capture.end - capture.begin));
      ++count;
    }
  }
  resize_params(params, count);
}

bool
Trie::prepare(std::string_view path, const Slashes& slashes) const
{
  if (!path.empty() && path[0] != '/') {
    return false; // every route regex starts with `/` or can only match ""
  }
  if (path.size() >= k_none) {
    return false; // offsets are 32-bit (normalized URLs are at most max_url_length bytes)
  }
  // RE2 matches nothing across bytes that are not UTF-8, and route text is ASCII.
  return !slashes.non_ascii() || detail::valid_utf8(path);
}

CompiledMatcher::CompiledMatcher(const Config& config)
    : m_impl(std::make_unique<Impl>())
{
  m_impl->build(config);
}

CompiledMatcher::~CompiledMatcher() = default;
CompiledMatcher::CompiledMatcher(CompiledMatcher&&) noexcept = default;
CompiledMatcher& CompiledMatcher::operator=(CompiledMatcher&&) noexcept = default;

bool
CompiledMatcher::match_into(std::string_view path, RuleMatch& out) const
{
  const Slashes slashes(path);
  if (!m_impl->prepare(path, slashes)) {
    return false;
  }
  Search<false> search(*m_impl, path, slashes);
  search.run();
  if (search.best_blob() == k_none) {
    return false;
  }
  out.rule = m_impl->rule_of(search.best_blob());
  m_impl->fill_params(search.best_blob(), path, slashes, out.params);
  return true;
}

std::optional<RuleMatch>
CompiledMatcher::match(std::string_view path) const
{
  RuleMatch result;
  if (!match_into(path, result)) {
    return std::nullopt;
  }
  return result;
}

std::optional<std::size_t>
CompiledMatcher::match_rule(std::string_view path) const
{
  const Slashes slashes(path);
  if (!m_impl->prepare(path, slashes)) {
    return std::nullopt;
  }
  Search<false> search(*m_impl, path, slashes);
  search.run();
  if (search.best_blob() == k_none) {
    return std::nullopt;
  }
  return m_impl->rule_of(search.best_blob());
}

std::vector<RuleMatch>
CompiledMatcher::match_all(std::string_view path) const
{
  std::vector<RuleMatch> all;
  const Slashes slashes(path);
  if (!m_impl->prepare(path, slashes)) {
    return all;
  }
  Search<true> search(*m_impl, path, slashes);
  search.run();
  std::vector<std::uint32_t>& accepted = search.accepted();
  std::sort(accepted.begin(), accepted.end());
  accepted.erase(std::unique(accepted.begin(), accepted.end()), accepted.end());
  std::vector<std::uint32_t> rules;
  for (std::uint32_t id : accepted) {
    const NodeTerminals& t = m_impl->node_terminals[id];
    rules.insert(
        rules.end(), m_impl->terminals.begin() + t.begin, m_impl->terminals.begin() + t.end);
  }
  std::sort(rules.begin(), rules.end(), [&](std::uint32_t a, std::uint32_t b) {
    return m_impl->rank[a] < m_impl->rank[b];
  });
  all.reserve(rules.size());
  for (std::uint32_t rule : rules) {
    RuleMatch match;
    match.rule = rule;
    m_impl->fill_params(m_impl->blob_of[rule], path, slashes, match.params);
    all.push_back(std::move(match));
  }
  return all;
}

const std::vector<std::size_t>&
CompiledMatcher::order() const
{
  return m_impl->order;
}

CompiledMatcherStats
CompiledMatcher::stats() const
{
  const Impl& m = *m_impl;
  CompiledMatcherStats s;
  s.rules = m.blob_of.size();
  s.nodes = m.nodes.size();
  s.static_edges = m.static_edges;
  s.program_rules = m.program_rules;
  s.variable_nodes = m.var_slots;
  s.heap_bytes =
      m.nodes.capacity() * sizeof(Node) + m.node_terminals.capacity() * sizeof(NodeTerminals) +
      m.partials.capacity() * sizeof(Partial) + m.terminals.capacity() * sizeof(std::uint32_t) +
      m.rank.capacity() * sizeof(std::uint32_t) + m.order.capacity() * sizeof(std::size_t) +
      m.table.capacity() * sizeof(StaticEdge) + m.static_text.capacity() + m.programs.heap_bytes() +
      m.blobs.capacity() + m.blob_of.capacity() * sizeof(std::uint32_t);
  return s;
}

} // namespace cachectl
