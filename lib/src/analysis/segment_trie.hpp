// The rules as a trie of pattern segments, to find the rules that may share a URL with a pattern
// without comparing all pairs.
#pragma once

#include <cachectl/pattern/pattern.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cachectl {

// The segment of a pattern as a signature piece: canonical text, `[]` or `[...]`.
inline std::string
segment_signature(const PatternSegment& segment)
{
  std::string out;
  for (const auto& part : segment) {
    switch (part.kind) {
    case PatternPart::Kind::text:
      out += part.canonical;
      break;
    case PatternPart::Kind::param:
      out += "[]";
      break;
    case PatternPart::Kind::rest:
      out += "[...]";
      break;
    }
  }
  return out;
}

inline bool
is_static(const PatternSegment& segment)
{
  return std::all_of(
      segment.begin(), segment.end(), [](const PatternPart& p) { return !p.dynamic(); });
}

// The rules as a trie of segments, to find the rules that can share a URL with a pattern
// without comparing all pairs. At segment granularity a static segment matches only the same
// text, a parameter (or a mixed segment) any one segment, and a rest (or a mixed segment
// holding one) any number: a superset of the real overlaps, which the automata then decide.
class SegmentTrie {
public:
  // Makes room for `segments` more segments (at most one node each) without reallocating.
  void
  reserve(std::size_t segments)
  {
    m_nodes.reserve(m_nodes.size() + segments);
  }

  // Adds rule `index` with `pattern`.
  void
  insert(const Pattern& pattern, std::size_t index)
  {
    std::size_t at = 0;
    for (const auto& segment : pattern.segments()) {
      const Kind kind = kind_of(segment);
      std::size_t next = 0;
      if (kind == Kind::text) {
        const std::string text = segment_signature(segment);
        const auto it = m_nodes[at].statics.find(text);
        if (it != m_nodes[at].statics.end()) {
          next = it->second;
        } else {
          next = new_node();
          m_nodes[at].statics.emplace(text, next);
        }
      } else {
        next = kind == Kind::param ? m_nodes[at].param : m_nodes[at].rest;
        if (next == 0) {
          next = new_node();
          (kind == Kind::param ? m_nodes[at].param : m_nodes[at].rest) = next;
        }
      }
      at = next;
    }
    m_nodes[at].rules.push_back(index);
  }

  // Rules that may share a URL with `pattern` (its own rule included), sorted.
  std::vector<std::size_t>
  overlapping(const Pattern& pattern) const
  {
    std::vector<Kind> kinds;
    std::vector<std::string> texts;
    for (const auto& segment : pattern.segments()) {
      kinds.push_back(kind_of(segment));
      texts.push_back(kinds.back() == Kind::text ? segment_signature(segment) : std::string());
    }
    // State: trie node, segments of `pattern` consumed, and whether the node was reached through
    // a trie rest that may still swallow more of `pattern`'s segments.
    using State = std::tuple<std::size_t, std::size_t, bool>;
    std::vector<std::size_t> out;
    std::set<State> seen;
    std::vector<State> work = {{0, 0, false}};
    while (!work.empty()) {
      const State state = work.back();
      work.pop_back();
      if (!seen.insert(state).second) {
        continue;
      }
      const auto [at, i, in_rest] = state;
      const Node& node = m_nodes[at];
      if (in_rest && i < kinds.size()) {
        work.emplace_back(at, i + 1, true); // the trie's rest swallows one more segment
      }
      if (node.rest != 0) {
        work.emplace_back(node.rest, i, true); // a trie rest, so far taking no segment
      }
      if (i == kinds.size()) {
        out.insert(out.end(), node.rules.begin(), node.rules.end());
        continue;
      }
      const bool rest = kinds[i] == Kind::rest;
      if (rest) {
        work.emplace_back(at, i + 1, false); // the pattern's rest ends here
      }
      // A rest or a parameter of the pattern takes any one trie segment; text only its own.
      const std::size_t next = rest ? i : i + 1;
      if (kinds[i] == Kind::text) {
        const auto it = node.statics.find(texts[i]);
        if (it != node.statics.end()) {
          work.emplace_back(it->second, next, false);
        }
      } else {
        for (const auto& [text, child] : node.statics) {
          work.emplace_back(child, next, false);
        }
      }
      if (node.param != 0) {
        work.emplace_back(node.param, next, false);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

private:
  enum class Kind { text, param, rest };

  struct Node {
    std::map<std::string, std::size_t> statics;
    std::size_t param = 0; ///< child for a parameter segment; 0: none (the root is no child)
    std::size_t rest = 0;  ///< child for a rest segment; 0: none
    std::vector<std::size_t> rules;
  };

  // How a segment matches at segment granularity.
  static Kind
  kind_of(const PatternSegment& segment)
  {
    if (is_static(segment)) {
      return Kind::text;
    }
    const bool rest = std::any_of(segment.begin(), segment.end(), [](const PatternPart& p) {
      return p.kind == PatternPart::Kind::rest;
    });
    return rest ? Kind::rest : Kind::param;
  }

  std::size_t
  new_node()
  {
    m_nodes.emplace_back();
    return m_nodes.size() - 1;
  }

  std::vector<Node> m_nodes = std::vector<Node>(1);
};

} // namespace cachectl
