// The compiled matcher's segment trie: its nodes, the static-segment hash table, the rule
// blobs, and the hashing helpers they share. Built by trie_build.cpp, searched by search.hpp.
#pragma once

#include "match/compiled_program.hpp"
#include "match/slashes.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/match/matcher.hpp>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Hidden: the shared library calls these directly, not through its symbol table.
#pragma GCC visibility push(hidden)

namespace cachectl::detail {

// "No node", "no rule", "no rank".
constexpr std::uint32_t k_none = std::numeric_limits<std::uint32_t>::max();

// How a pattern segment is matched against the path.
enum class SegmentKind : std::uint8_t {
  fixed,    // static text: one path segment, compared whole
  param,    // `[name]`: one non-empty path segment
  mixed,    // text and params: one path segment, checked by its program
  embedded, // a rest mixed with text (`[...slug].json`): one or more path segments
  rest,     // a standalone `[...rest]`: zero or more path segments
};

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
  // Appends the blob of rule `r` (`pattern`); returns its offset.
  std::uint32_t add_blob(std::uint32_t r, const Pattern& pattern);

  // The lookup helpers below are defined in compiled_matcher.cpp, the one file that calls
  // them (inline, so that they may be inlined there as before the split).

  // The rule index of a blob.
  inline std::uint32_t rule_of(std::uint32_t blob) const;
  // Fills `params` with the params of the rule of `blob` matched on `path`.
  inline void fill_params(std::uint32_t blob,
                          std::string_view path,
                          const Slashes& slashes,
                          std::vector<Param>& params) const;
  // False when no rule can match `path` at all (no leading `/`, or bytes RE2 cannot match).
  inline bool prepare(std::string_view path, const Slashes& slashes) const;
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

} // namespace cachectl::detail

#pragma GCC visibility pop
