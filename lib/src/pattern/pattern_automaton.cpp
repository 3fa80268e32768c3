#include <cachectl/pattern/pattern_automaton.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <set>
#include <string_view>
#include <vector>

namespace cachectl {

namespace {

// A set of NFA states, sorted. Sparse: a step costs what the states in the set have, not the size
// of the automaton, so that long static text (a chain of states, few of them live at a time) is
// searched in linear time.
using StateSet = std::vector<std::uint32_t>;

// True when `set` holds state `s`.
bool
contains(const StateSet& set, std::uint32_t s)
{
  return std::binary_search(set.begin(), set.end(), s);
}

// A character that appears in no literal of either automaton: what parameters are filled with.
char
filler(const std::vector<char>& a, const std::vector<char>& b)
{
  for (char c : std::string_view("xyzqjkwvuts0123456789")) {
    if (std::find(a.begin(), a.end(), c) == a.end() &&
        std::find(b.begin(), b.end(), c) == b.end()) {
      return c;
    }
  }
  return '~';
}

} // namespace

std::uint32_t
PatternAutomaton::add_state()
{
  m_states.emplace_back();
  return static_cast<std::uint32_t>(m_states.size() - 1);
}

std::uint32_t
PatternAutomaton::read(std::uint32_t from, Edge::Kind kind, char c)
{
  const std::uint32_t to = add_state();
  m_states[from].edges.push_back(Edge{kind, c, to});
  if (kind == Edge::Kind::literal) {
    m_literals.push_back(c);
  }
  return to;
}

PatternAutomaton::PatternAutomaton(const Pattern& pattern, TrailingSlash mode)
{
  std::uint32_t at = add_state(); // state 0: start
  const auto& segments = pattern.segments();
  if (segments.empty()) {
    m_accept = read(at, Edge::Kind::literal, '/'); // the root route is exactly "/"
  } else {
    for (const auto& segment : segments) {
      if (segment.size() == 1 && segment[0].kind == PatternPart::Kind::rest) {
        // (?:/(.*?))? — optional: a rest may match zero segments.
        const std::uint32_t slash = read(at, Edge::Kind::literal, '/');
        const std::uint32_t after = add_state();
        m_states[slash].epsilon.push_back(after);
        m_states[slash].edges.push_back(Edge{Edge::Kind::any, 0, slash});
        m_states[at].epsilon.push_back(after);
        at = after;
        continue;
      }
      at = read(at, Edge::Kind::literal, '/');
      for (const auto& part : segment) {
        switch (part.kind) {
        case PatternPart::Kind::text:
          for (char c : part.canonical) {
            at = read(at, Edge::Kind::literal, c);
          }
          break;
        case PatternPart::Kind::param: { // [^/]+
          const std::uint32_t one = read(at, Edge::Kind::not_slash);
          m_states[one].edges.push_back(Edge{Edge::Kind::not_slash, 0, one});
          at = one;
          break;
        }
        case PatternPart::Kind::rest: { // .*
          const std::uint32_t loop = add_state();
          m_states[at].epsilon.push_back(loop);
          m_states[loop].edges.push_back(Edge{Edge::Kind::any, 0, loop});
          at = loop;
          break;
        }
        }
      }
    }
    switch (mode) {
    case TrailingSlash::always:
      at = read(at, Edge::Kind::literal, '/');
      break;
    case TrailingSlash::never:
      break;
    case TrailingSlash::ignore: {
      const std::uint32_t slash = read(at, Edge::Kind::literal, '/');
      m_states[at].epsilon.push_back(slash);
      at = slash;
      break;
    }
    }
    m_accept = at;
  }
  std::sort(m_literals.begin(), m_literals.end());
  m_literals.erase(std::unique(m_literals.begin(), m_literals.end()), m_literals.end());
}

std::optional<std::string>
PatternAutomaton::search(const PatternAutomaton& a, const PatternAutomaton& b, bool want_b)
{
  // Symbols: one filler standing for every character no literal uses, `/`, and the literals.
  std::vector<char> symbols = {filler(a.m_literals, b.m_literals), '/'};
  for (const auto* literals : {&a.m_literals, &b.m_literals}) {
    for (char c : *literals) {
      if (std::find(symbols.begin(), symbols.end(), c) == symbols.end()) {
        symbols.push_back(c);
      }
    }
  }
  // Marks of the states in the set being built, per automaton (0: a, 1: b): marks[i][s] equals
  // generation[i] while state s is in it, so no set is cleared between steps.
  std::array<std::vector<std::uint32_t>, 2> marks = {
      std::vector<std::uint32_t>(a.m_states.size(), 0),
      std::vector<std::uint32_t>(b.m_states.size(), 0)};
  std::array<std::uint32_t, 2> generation = {0, 0};
  // The states of automaton `which` reachable from `seeds` by epsilon edges, sorted.
  auto closure = [&](std::size_t which, const std::vector<std::uint32_t>& seeds) {
    const PatternAutomaton& m = which == 0 ? a : b;
    std::vector<std::uint32_t>& mark = marks[which];
    const std::uint32_t now = ++generation[which];
    StateSet set;
    std::vector<std::uint32_t> work;
    for (const std::uint32_t s : seeds) {
      if (mark[s] != now) {
        mark[s] = now;
        set.push_back(s);
        work.push_back(s);
      }
    }
    while (!work.empty()) {
      const std::uint32_t s = work.back();
      work.pop_back();
      for (const std::uint32_t t : m.m_states[s].epsilon) {
        if (mark[t] != now) {
          mark[t] = now;
          set.push_back(t);
          work.push_back(t);
        }
      }
    }
    std::sort(set.begin(), set.end());
    return set;
  };
  // The set automaton `which` is in after reading `c` from the states of `set`.
  auto step = [&](std::size_t which, const StateSet& set, char c) {
    const PatternAutomaton& m = which == 0 ? a : b;
    std::vector<std::uint32_t> next;
    for (const std::uint32_t s : set) {
      for (const Edge& e : m.m_states[s].edges) {
        const bool reads = e.kind == Edge::Kind::any ||
                           (e.kind == Edge::Kind::not_slash && c != '/') ||
                           (e.kind == Edge::Kind::literal && e.c == c);
        if (reads) {
          next.push_back(e.to);
        }
      }
    }
    return closure(which, next);
  };
  struct Node {
    StateSet sa;
    StateSet sb;
    std::size_t parent;
    char c;
  };
  std::vector<Node> nodes;
  std::set<std::pair<StateSet, StateSet>> seen;
  nodes.push_back(Node{closure(0, {0}), closure(1, {0}), 0, 0});
  seen.emplace(nodes[0].sa, nodes[0].sb);
  std::deque<std::size_t> queue = {0};
  while (!queue.empty()) {
    const std::size_t index = queue.front();
    queue.pop_front();
    const bool accept_a = contains(nodes[index].sa, a.m_accept);
    const bool accept_b = contains(nodes[index].sb, b.m_accept);
    // Paths are compared as normalized paths: never empty, always starting with `/`.
    if (index != 0 && accept_a && accept_b == want_b) {
      std::string path;
      for (std::size_t i = index; i != 0; i = nodes[i].parent) {
        path += nodes[i].c;
      }
      std::reverse(path.begin(), path.end());
      return path;
    }
    for (char c : symbols) {
      if (index == 0 && c != '/') {
        continue;
      }
      StateSet na = step(0, nodes[index].sa, c);
      if (na.empty()) {
        continue; // `a` cannot accept any more: nothing to find down this way
      }
      StateSet nb = step(1, nodes[index].sb, c);
      if (want_b && nb.empty()) {
        continue;
      }
      if (seen.emplace(na, nb).second) {
        nodes.push_back(Node{std::move(na), std::move(nb), index, c});
        queue.push_back(nodes.size() - 1);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string>
PatternAutomaton::common_path(const PatternAutomaton& a, const PatternAutomaton& b)
{
  return search(a, b, true);
}

std::optional<std::string>
PatternAutomaton::path_only_in(const PatternAutomaton& a, const PatternAutomaton& b)
{
  return search(a, b, false);
}

std::string
PatternAutomaton::example() const
{
  // Every automaton accepts some path, and a path shared with itself is one of them.
  return common_path(*this, *this).value_or("/");
}

} // namespace cachectl
