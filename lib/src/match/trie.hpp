// The compiled matcher's segment trie: its nodes, its tables of static children and of
// partials by literal prefix and suffix, the rule blobs. Built by trie_build.cpp and
// partial_index.cpp, searched by search.hpp.
#pragma once

#include "match/compiled_program.hpp"
#include "match/segment_table.hpp"
#include "match/slashes.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/match/matcher.hpp>

#include <algorithm>
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

// How a pattern segment is matched against the path.
enum class SegmentKind : std::uint8_t {
  fixed,    // static text: one path segment, compared whole
  param,    // `[name]`: one non-empty path segment
  mixed,    // text and params: one path segment, checked by its program
  embedded, // a rest mixed with text (`[...slug].json`): one or more path segments
  rest,     // a standalone `[...rest]`: zero or more path segments
};

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
  bool indexed = false;    // the partials are searched through a PartialIndex
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

// A static child, found in Trie::statics by (parent, text).
struct StaticChild {
  std::uint32_t child = k_none;
  std::uint32_t child_min = k_none; // best rank under the child
};

// Nodes with more mixed and embedded children than this are searched through a PartialIndex;
// up to this many, a scan with the cheap filters of Partial is as fast.
constexpr std::uint32_t k_scan_partials = 8;

// A run of partials (offsets in Trie::partials, stored in Trie::partial_ids), best first.
struct PartialRun {
  std::uint32_t begin = 0; // in Trie::partial_ids
  std::uint32_t count = 0;
};

// The mixed and embedded children of one node with many: each is filed under its literal
// prefix (the text before its first param or rest) or, for a mixed one, its literal suffix
// (the text after its last param), whichever fewer siblings share; with the others when it
// has neither. A lookup merges the runs of the prefixes and suffixes of its segment.
struct PartialIndex {
  std::uint32_t node = k_none;
  std::uint32_t sizes_begin = 0;  // in Trie::index_sizes: prefix sizes, then suffix sizes
  std::uint32_t prefix_sizes = 0; // distinct prefix sizes, ascending
  std::uint32_t suffix_sizes = 0; // distinct suffix sizes, ascending
  PartialRun others;
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
  std::uint32_t key_at = 0; // the segment key (see trie_build.cpp) in the build's key pool
  std::uint32_t key_size = 0;
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
  SegmentTable<StaticChild> statics;          // static children by (parent, text)
  std::vector<PartialIndex> indexes;          // by node
  std::vector<std::uint32_t> index_sizes;     // prefix and suffix sizes (see PartialIndex)
  std::vector<std::uint32_t> partial_ids;     // the runs of the indexes
  SegmentTable<PartialRun, true> prefix_runs; // (node, literal prefix) -> run
  SegmentTable<PartialRun, true> suffix_runs; // (node, literal suffix) -> run
  Programs programs;                          // segment programs
  std::vector<std::byte> blobs;               // rule blobs (see RuleHead)
  std::vector<std::uint32_t> blob_of;         // per rule: its blob offset
  std::uint32_t root_min = k_none;            // best rank of the root route `/`
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
  // Files the partials of every node with more than k_scan_partials in a PartialIndex;
  // `prefixes` and `suffixes` are the literal prefix and suffix of each partial.
  void index_partials(const std::vector<std::string>& prefixes,
                      const std::vector<std::string>& suffixes);
  // The index of node `id` (indexed).
  const PartialIndex&
  index_of(std::uint32_t id) const
  {
    return *std::lower_bound(
        indexes.begin(), indexes.end(), id, [](const PartialIndex& index, std::uint32_t node) {
          return index.node < node;
        });
  }
  // Appends the blob of rule `r` (`pattern`, the segments of which are of `kinds`); returns
  // its offset. `heads` is scratch storage.
  std::uint32_t add_blob(std::uint32_t r,
                         const Pattern& pattern,
                         const SegmentKind* kinds,
                         std::vector<ParamHead>& heads);

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

} // namespace cachectl::detail

#pragma GCC visibility pop
