// Building the compiled matcher's trie from the rules of a config.
#include "match/trie.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

namespace cachectl::detail {

namespace {

// The kind of one pattern segment.
SegmentKind
classify(const PatternSegment& segment)
{
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
  bool dynamic = false;
  bool has_rest = false;
  for (const auto& part : segment) {
    dynamic = dynamic || part.dynamic();
    has_rest = has_rest || part.kind == PatternPart::Kind::rest;
  }
  if (!dynamic) {
    return SegmentKind::fixed;
  }
  return has_rest ? SegmentKind::embedded : SegmentKind::mixed;
}

// Appends the text a segment matches by to `key`, independent of param names: canonical
// static text, with \x01 for a param and \x02 for a rest (canonical text is printable ASCII).
void
append_segment_key(std::string& key, const PatternSegment& segment)
{
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
}

// The text `segment` starts with, before its first param or rest ("" when none).
std::string
literal_prefix(const PatternSegment& segment)
{
  std::string text;
  for (const auto& part : segment) {
    if (part.dynamic()) {
      break;
    }
    text += part.canonical;
  }
  return text;
}

// The text `segment` ends with, after its last param or rest ("" when none).
std::string
literal_suffix(const PatternSegment& segment)
{
  std::size_t from = segment.size();
  while (from > 0 && !segment[from - 1].dynamic()) {
    --from;
  }
  std::string text;
  for (std::size_t at = from; at < segment.size(); ++at) {
    text += segment[at].canonical;
  }
  return text;
}

} // namespace

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

  // The kind of every segment, classified once: rule r's start at kinds[kind_at[r]].
  std::vector<std::uint32_t> kind_at(rule_count + 1, 0);
  std::vector<SegmentKind> kinds;
  std::size_t keyed_count = 0; // static, mixed and embedded segments
  for (std::size_t r = 0; r < rule_count; ++r) {
    kind_at[r] = static_cast<std::uint32_t>(kinds.size());
    for (const auto& segment : config.rules[r].pattern.segments()) {
      kinds.push_back(classify(segment));
      keyed_count += kinds.back() != SegmentKind::param && kinds.back() != SegmentKind::rest;
    }
  }
  kind_at[rule_count] = static_cast<std::uint32_t>(kinds.size());

  // The trie: param and rest children are node fields; static, mixed and embedded children
  // are found by (parent, kind and segment key) while building.
  nodes.reserve(kinds.size() + 1);
  nodes.emplace_back();
  std::vector<std::uint32_t> parent{k_none};
  parent.reserve(kinds.size() + 1);
  SegmentTable<std::uint32_t> edges;
  edges.reset(keyed_count);
  std::string pool; // the key of every keyed child, back to back
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
    const SegmentKind* kind_of = kinds.data() + kind_at[r];
    for (const auto& segment : config.rules[r].pattern.segments()) {
      const SegmentKind kind = *kind_of++;
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
      key.assign(1, static_cast<char>('0' + static_cast<int>(kind)));
      append_segment_key(key, segment);
      if (const auto* edge = edges.find(at, key)) {
        at = edge->value;
        continue;
      }
      const std::uint32_t child = new_node(at);
      edges.insert(at, key, child);
      const std::uint32_t program =
          kind == SegmentKind::fixed ? k_none : programs.add_segment(segment);
      keyed.push_back({at,
                       child,
                       kind,
                       &segment,
                       program,
                       static_cast<std::uint32_t>(pool.size() + 1),
                       static_cast<std::uint32_t>(key.size() - 1)});
      pool += key;
      at = child;
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
  std::size_t static_count = 0;
  std::vector<std::string> prefixes; // per partial: its literal prefix, and suffix if mixed
  std::vector<std::string> suffixes;
  for (const Keyed& k : keyed) {
    if (k.kind == SegmentKind::fixed) {
      ++static_count;
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
    prefixes.push_back(literal_prefix(segment));
    suffixes.push_back(k.kind == SegmentKind::mixed ? literal_suffix(segment) : std::string());
  }
  index_partials(prefixes, suffixes);

  // The static-segment hash table.
  statics.reset(static_count);
  for (const Keyed& k : keyed) {
    if (k.kind == SegmentKind::fixed) {
      statics.insert(k.parent,
                     std::string_view(pool).substr(k.key_at, k.key_size),
                     StaticChild{k.child, subtree[k.child]});
    }
  }

  // Rule blobs; then the nodes point at blobs instead of rule indices.
  blob_of.resize(rule_count);
  blobs.reserve(rule_count * (sizeof(RuleHead) + 2 * sizeof(ParamHead) + 16));
  std::vector<ParamHead> heads;
  for (std::size_t r = 0; r < rule_count; ++r) {
    blob_of[r] = add_blob(
        static_cast<std::uint32_t>(r), config.rules[r].pattern, kinds.data() + kind_at[r], heads);
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
Trie::add_blob(std::uint32_t r,
               const Pattern& pattern,
               const SegmentKind* kinds,
               std::vector<ParamHead>& heads)
{
  // Params come straight from the segment boundaries when every segment is static or a
  // whole `[param]` (each then consumes exactly one path segment); otherwise from the
  // rule's program, run on the winner only.
  bool direct = true;
  heads.clear();
  std::uint32_t unit = 0;
  for (const auto& segment : pattern.segments()) {
    const SegmentKind kind = kinds[unit];
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

} // namespace cachectl::detail
