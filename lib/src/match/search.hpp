// The search of the compiled matcher's trie for one path, best-ranked subtrees first.
#pragma once

#include "match/slashes.hpp"
#include "match/trie.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

// Hidden: the shared library calls these directly, not through its symbol table.
#pragma GCC visibility push(hidden)

namespace cachectl::detail {

// Runs of an index merged on the stack in one lookup (more use the heap).
constexpr std::size_t k_inline_runs = 16;

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
inline Scratch&
thread_scratch()
{
  thread_local Scratch scratch;
  return scratch;
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
        const auto* edge = m_trie.statics.find(id, segment);
        if (edge != nullptr && worth(edge->value.child_min)) {
          visit(edge->value.child, i + 1);
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
    if (node.indexed) {
      visit_indexed(node, i, segment);
      return;
    }
    const Partial* mixed = m_trie.partials.data() + node.partial_begin;
    const Partial* embedded = mixed + node.mixed_count;
    if (!segment.empty()) {
      for (const Partial* p = mixed; p != embedded && worth(p->min); ++p) {
        if (mixed_matches(*p, segment)) {
          visit(p->child, i + 1);
        }
      }
    }
    for (const Partial* p = embedded; p != embedded + node.embedded_count && worth(p->min); ++p) {
      launch_embedded(*p, i);
    }
  }

  // True when mixed child `p` matches all of `segment`.
  bool
  mixed_matches(const Partial& p, std::string_view segment) const
  {
    return !segment.empty() && segment.size() >= p.min_size &&
           (p.first == 0 || segment.front() == p.first) &&
           (p.last == 0 || segment.back() == p.last) &&
           m_trie.programs.match(p.program, segment, {});
  }

  // A run of an index being merged.
  struct Cursor {
    const std::uint32_t* at;
    const std::uint32_t* end;
  };

  // The mixed and embedded-rest children of an indexed node: the runs filed under the
  // prefixes and suffixes of `segment` and the unfiled ones, merged best first.
  void
  visit_indexed(const Node& node, std::size_t i, std::string_view segment)
  {
    const auto id = static_cast<std::uint32_t>(&node - m_trie.nodes.data());
    const PartialIndex& index = m_trie.index_of(id);
    std::array<Cursor, k_inline_runs> inline_runs;
    std::vector<Cursor> heap_runs;
    Cursor* runs = inline_runs.data();
    if (index.prefix_sizes + index.suffix_sizes + 1 > inline_runs.size()) {
      heap_runs.resize(index.prefix_sizes + index.suffix_sizes + 1);
      runs = heap_runs.data();
    }
    std::size_t count = 0;
    const std::uint32_t* ids = m_trie.partial_ids.data();
    auto add = [&](const PartialRun& run) {
      if (run.count != 0) {
        runs[count++] = {ids + run.begin, ids + run.begin + run.count};
      }
    };
    const std::uint32_t* sizes = m_trie.index_sizes.data() + index.sizes_begin;
    for (std::uint32_t s = 0; s < index.prefix_sizes && sizes[s] <= segment.size(); ++s) {
      if (const auto* entry = m_trie.prefix_runs.find(id, segment.substr(0, sizes[s]))) {
        add(entry->value);
      }
    }
    sizes += index.prefix_sizes;
    for (std::uint32_t s = 0; s < index.suffix_sizes && sizes[s] <= segment.size(); ++s) {
      if (const auto* entry =
              m_trie.suffix_runs.find(id, segment.substr(segment.size() - sizes[s]))) {
        add(entry->value);
      }
    }
    add(index.others);
    const Partial* partials = m_trie.partials.data();
    while (true) {
      Cursor* best = nullptr;
      std::uint32_t best_min = k_none;
      for (Cursor* c = runs; c != runs + count; ++c) {
        if (c->at != c->end && partials[*c->at].min < best_min) {
          best = c;
          best_min = partials[*c->at].min;
        }
      }
      if (best == nullptr || !worth(best_min)) {
        return;
      }
      const Partial& p = partials[*best->at++];
      if (p.slot != k_none) {
        launch_embedded(p, i);
      } else if (mixed_matches(p, segment)) {
        visit(p.child, i + 1);
      }
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

} // namespace cachectl::detail

#pragma GCC visibility pop
