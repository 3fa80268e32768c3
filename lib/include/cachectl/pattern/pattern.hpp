// Route patterns in Astro's syntax: parsing, priority order and the regular expression form.
#pragma once

#include <cachectl/pattern/trailing_slash.hpp>

#include <cstddef>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// One piece of a segment: static text, a `[param]` or a `[...rest]`.
struct PatternPart {
  enum class Kind { text, param, rest };
  Kind kind = Kind::text;
  /// Static text exactly as written, or the parameter name without brackets and `...`.
  std::string text;
  /// Static text in canonical URL form (see url.hpp); empty for parameters.
  std::string canonical;

  /// True for params and rests (Astro's `dynamic`).
  bool
  dynamic() const
  {
    return kind != Kind::text;
  }
  friend bool operator==(const PatternPart&, const PatternPart&) = default;
};

/// The parts of one `/`-separated segment.
using PatternSegment = std::vector<PatternPart>;

/// A syntax error in a pattern, with the 1-based column (in the pattern text) it concerns.
struct PatternError {
  std::string message;
  std::size_t column = 1;

  friend bool operator==(const PatternError&, const PatternError&) = default;
};

/// Astro's route kind; only `endpoint` changes priority (endpoints sort first on a full tie).
enum class RouteKind { page, endpoint };

/// A parsed route pattern such as `/blog/[slug]` or `/docs/[lang]-[version]/[...path]`.
class Pattern {
public:
  /// Parses `source`; the error names the offending column.
  static std::expected<Pattern, PatternError> parse(std::string_view source);

  /// The pattern exactly as written (Astro's `route` string for the final tie-break).
  const std::string&
  source() const
  {
    return m_source;
  }
  /// The non-empty segments; the root pattern `/` has none.
  const std::vector<PatternSegment>&
  segments() const
  {
    return m_segments;
  }
  /// The parameter names in order of appearance (without `...`).
  const std::vector<std::string>&
  param_names() const
  {
    return m_param_names;
  }
  /// True when some segment mixes a rest parameter with other parts (allowed, but surprising).
  bool has_embedded_rest() const;
  /// The anchored regular expression (RE2 syntax, ECMAScript-equivalent captures) for a mode.
  std::string regex(TrailingSlash mode) const;

private:
  std::string m_source;
  std::vector<PatternSegment> m_segments;
  std::vector<std::string> m_param_names;
};

/// Why one pattern sorts before another (the step of Astro's `routeComparator` that decided).
enum class PriorityReason {
  equal,                 ///< no step decided: input order is kept
  static_text,           ///< both segments static, ordered by their text (ICU order)
  static_beats_dynamic,  ///< a static segment beats one with parameters
  partial_beats_dynamic, ///< a segment mixing text and parameters beats a fully dynamic one
  param_beats_rest,      ///< a segment without a rest beats one with a rest
  shorter_before_rest,   ///< `/foo` beats `/foo/[...rest]` (one extra segment ending in a rest)
  longer_first,          ///< otherwise the route with more segments wins
  endpoint_first,        ///< an endpoint beats a page of equal length
  route_text,            ///< final tie-break on the whole route text (ICU order)
};

/// The outcome of comparing two patterns: order < 0 means `a` comes first.
struct PriorityDecision {
  int order = 0;
  PriorityReason reason = PriorityReason::equal;
  std::size_t segment = 0; ///< 0-based segment index the decision looked at (segment steps only)
};

/// Astro's `routeComparator`, step by step, with the step that decided.
PriorityDecision compare_priority(const Pattern& a,
                                  const Pattern& b,
                                  RouteKind kind_a = RouteKind::page,
                                  RouteKind kind_b = RouteKind::page);

/// A one-line English explanation of a decision from the winner's point of view.
std::string describe(const PriorityDecision& decision, const Pattern& winner, const Pattern& loser);

/// Indices of `patterns` in priority order: the order V8's Array.prototype.sort gives them in
/// input order under `compare_priority` (Astro's compileCacheRoutes), comparison for comparison,
/// so that even where the comparator is not a strict weak order the result is Astro's.
/// Computed once per pattern, so that the sort compares no strings it has to build: segment
/// kinds, static text and the route text, in the order `compare_priority` reads them.
std::vector<std::size_t> priority_order(std::span<const Pattern> patterns,
                                        std::span<const RouteKind> kinds = {});

/// The same order for patterns held elsewhere (no copy of the patterns is made).
std::vector<std::size_t> priority_order(std::span<const Pattern* const> patterns,
                                        std::span<const RouteKind> kinds = {});

} // namespace cachectl
