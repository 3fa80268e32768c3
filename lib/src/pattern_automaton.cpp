#include <cachectl/pattern_automaton.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <string_view>

namespace cachectl {

namespace {

using StateSet = std::vector<std::uint64_t>; // bitset over NFA states

// An empty set able to hold `n` states.
StateSet
empty_set(std::size_t n)
{
  return StateSet((n + 63) / 64, 0);
}

bool
contains(const StateSet& set, std::uint32_t s)
{
  return (set[s / 64] >> (s % 64) & 1U) != 0;
}

void
insert(StateSet& set, std::uint32_t s)
{
  set[s / 64] |= std::uint64_t{1} << (s % 64);
}

bool
is_empty(const StateSet& set)
{
  return std::all_of(set.begin(), set.end(), [](std::uint64_t w) { return w == 0; });
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
  auto closure = [](const PatternAutomaton& m, StateSet set) {
    std::vector<std::uint32_t> work;
    for (std::uint32_t s = 0; s < m.m_states.size(); ++s) {
      if (contains(set, s)) {
        work.push_back(s);
      }
    }
    while (!work.empty()) {
      const std::uint32_t s = work.back();
      work.pop_back();
      for (std::uint32_t t : m.m_states[s].epsilon) {
        if (!contains(set, t)) {
          insert(set, t);
          work.push_back(t);
        }
      }
    }
    return set;
  };
  auto step = [&](const PatternAutomaton& m, const StateSet& set, char c) {
    StateSet next = empty_set(m.m_states.size());
    for (std::uint32_t s = 0; s < m.m_states.size(); ++s) {
      if (!contains(set, s)) {
        continue;
      }
      for (const Edge& e : m.m_states[s].edges) {
        const bool reads = e.kind == Edge::Kind::any ||
                           (e.kind == Edge::Kind::not_slash && c != '/') ||
                           (e.kind == Edge::Kind::literal && e.c == c);
        if (reads) {
          insert(next, e.to);
        }
      }
    }
    return closure(m, std::move(next));
  };
  struct Node {
    StateSet sa;
    StateSet sb;
    std::size_t parent;
    char c;
  };
  std::vector<Node> nodes;
  std::map<std::pair<StateSet, StateSet>, bool> seen;
  StateSet start_a = empty_set(a.m_states.size());
  StateSet start_b = empty_set(b.m_states.size());
  insert(start_a, 0);
  insert(start_b, 0);
  nodes.push_back(Node{closure(a, start_a), closure(b, start_b), 0, 0});
  seen[{nodes[0].sa, nodes[0].sb}] = true;
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
      StateSet na = step(a, nodes[index].sa, c);
      if (is_empty(na)) {
        continue; // `a` cannot accept any more: nothing to find down this way
      }
      StateSet nb = step(b, nodes[index].sb, c);
      if (want_b && is_empty(nb)) {
        continue;
      }
      if (seen.emplace(std::make_pair(na, nb), true).second) {
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
