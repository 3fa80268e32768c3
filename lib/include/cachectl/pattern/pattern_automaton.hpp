// The set of paths a pattern matches, as a small automaton, so that patterns can be compared
// exactly: do two patterns share a path (and which), does one match everything another does.
#pragma once

#include <cachectl/pattern/pattern.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cachectl {

/// A pattern's language under a trailing-slash mode, as an NFA over path characters.
/// Static text is in canonical URL form, parameters match one or more non-`/` characters and
/// rests any characters, exactly as the pattern's regular expression (Pattern::regex).
class PatternAutomaton {
public:
  /// Builds the automaton of `pattern` under `mode`.
  PatternAutomaton(const Pattern& pattern, TrailingSlash mode);

  /// A shortest path that both `a` and `b` match; nullopt when they share none.
  static std::optional<std::string> common_path(const PatternAutomaton& a,
                                                const PatternAutomaton& b);
  /// A shortest path that `a` matches and `b` does not; nullopt when `b` matches every path
  /// `a` matches.
  static std::optional<std::string> path_only_in(const PatternAutomaton& a,
                                                 const PatternAutomaton& b);
  /// A shortest path the pattern matches (parameters filled with a letter).
  std::string example() const;

private:
  /// What a transition reads.
  struct Edge {
    enum class Kind : std::uint8_t { literal, not_slash, any };
    Kind kind;
    char c;
    std::uint32_t to;
  };
  /// One NFA state: character edges and epsilon edges.
  struct State {
    std::vector<Edge> edges;
    std::vector<std::uint32_t> epsilon;
  };

  std::uint32_t add_state();
  /// Appends an edge reading `kind`/`c` from `from` to a new state; returns the new state.
  std::uint32_t read(std::uint32_t from, Edge::Kind kind, char c = 0);

  /// BFS over pairs of determinized state sets of `a` and `b`, looking for a path on which
  /// `a` accepts and `b` accepts (`want_b` true) or rejects (`want_b` false).
  static std::optional<std::string>
  search(const PatternAutomaton& a, const PatternAutomaton& b, bool want_b);

  std::vector<State> m_states;
  std::uint32_t m_accept = 0;
  std::vector<char> m_literals; ///< distinct literal characters, sorted
};

} // namespace cachectl
