// Filing the mixed and embedded children of the nodes that have many under their literal
// prefixes and suffixes (Trie::index_partials), so that a lookup tries only the siblings
// whose text can match instead of every one.
#include "match/trie.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cachectl::detail {

namespace {

// A run being built: the text it is filed under and its partials.
struct PendingRun {
  std::uint32_t node = k_none;
  std::string text;
  PartialRun run;
};

// True when `text` can key a run: not empty, and within one path segment.
bool
usable(const std::string& text)
{
  return !text.empty() && text.find('/') == std::string::npos;
}

} // namespace

void
Trie::index_partials(const std::vector<std::string>& prefixes,
                     const std::vector<std::string>& suffixes)
{
  std::vector<PendingRun> pending_prefixes;
  std::vector<PendingRun> pending_suffixes;
  for (std::uint32_t id = 0; id < nodes.size(); ++id) {
    Node& node = nodes[id];
    const std::uint32_t begin = node.partial_begin;
    const std::uint32_t end = begin + node.mixed_count + node.embedded_count;
    if (end - begin <= k_scan_partials) {
      continue;
    }
    node.indexed = true;
    // How many siblings share each prefix and each suffix.
    std::unordered_map<std::string, std::uint32_t> prefix_count;
    std::unordered_map<std::string, std::uint32_t> suffix_count;
    for (std::uint32_t p = begin; p < end; ++p) {
      if (usable(prefixes[p])) {
        ++prefix_count[prefixes[p]];
      }
      if (usable(suffixes[p])) {
        ++suffix_count[suffixes[p]];
      }
    }
    // Each partial under its more selective text; ordered maps keep the build deterministic.
    std::map<std::string, std::vector<std::uint32_t>> by_prefix;
    std::map<std::string, std::vector<std::uint32_t>> by_suffix;
    std::vector<std::uint32_t> others;
    for (std::uint32_t p = begin; p < end; ++p) {
      const bool prefix = usable(prefixes[p]);
      const bool suffix = usable(suffixes[p]);
      if (prefix && (!suffix || prefix_count[prefixes[p]] <= suffix_count[suffixes[p]])) {
        by_prefix[prefixes[p]].push_back(p);
      } else if (suffix) {
        by_suffix[suffixes[p]].push_back(p);
      } else {
        others.push_back(p);
      }
    }
    // Runs best first: mixed and embedded children merged by their best rank.
    auto add_run = [&](std::vector<std::uint32_t>& ids) {
      std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
        return partials[a].min < partials[b].min;
      });
      PartialRun run;
      run.begin = static_cast<std::uint32_t>(partial_ids.size());
      run.count = static_cast<std::uint32_t>(ids.size());
      partial_ids.insert(partial_ids.end(), ids.begin(), ids.end());
      return run;
    };
    PartialIndex index;
    index.node = id;
    index.sizes_begin = static_cast<std::uint32_t>(index_sizes.size());
    std::set<std::uint32_t> prefix_sizes;
    for (auto& [text, ids] : by_prefix) {
      pending_prefixes.push_back({id, text, add_run(ids)});
      prefix_sizes.insert(static_cast<std::uint32_t>(text.size()));
    }
    std::set<std::uint32_t> suffix_sizes;
    for (auto& [text, ids] : by_suffix) {
      pending_suffixes.push_back({id, text, add_run(ids)});
      suffix_sizes.insert(static_cast<std::uint32_t>(text.size()));
    }
    index_sizes.insert(index_sizes.end(), prefix_sizes.begin(), prefix_sizes.end());
    index_sizes.insert(index_sizes.end(), suffix_sizes.begin(), suffix_sizes.end());
    index.prefix_sizes = static_cast<std::uint32_t>(prefix_sizes.size());
    index.suffix_sizes = static_cast<std::uint32_t>(suffix_sizes.size());
    index.others = add_run(others);
    indexes.push_back(index); // in node order, for index_of
  }
  auto fill = [](SegmentTable<PartialRun, true>& table, const std::vector<PendingRun>& runs) {
    table.reset(runs.size());
    for (const PendingRun& r : runs) {
      table.insert(r.node, r.text, r.run);
    }
  };
  fill(prefix_runs, pending_prefixes);
  fill(suffix_runs, pending_suffixes);
}

} // namespace cachectl::detail
