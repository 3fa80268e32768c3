// A backtracking evaluator for the regexes Astro builds from route patterns, with the
// leftmost-first lazy captures RE2 and ECMAScript give them, but no regex compilation.
#pragma once

#include <cachectl/pattern/pattern.hpp>
#include <cachectl/pattern/trailing_slash.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl::detail {

/// One element of a route regex (see astro-routing.md §5).
enum class OpKind : std::uint8_t {
  literal,       ///< exact text (static parts and the `/` before a segment)
  param,         ///< `([^/]+?)`: lazy, at least one byte, no `/`
  rest,          ///< `(.*?)`: lazy, may be empty, no `\n` (RE2's `.`)
  optional_rest, ///< `(?:/(.*?))?`: a standalone rest segment, tried before being skipped
  end,           ///< `$`
  end_slash,     ///< `/$` (trailing_slash = always)
  end_opt_slash, ///< `/?$` (trailing_slash = ignore)
};

/// One instruction: a literal refers to `size` bytes at `offset` of the literal pool; the
/// capturing kinds store their capture index in `offset`.
struct Op {
  OpKind kind = OpKind::literal;
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
};

/// A capture's byte range in the text; `set` is false for a group that did not take part.
struct Capture {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool set = false;
};

/// The program of a whole pattern, with its own literal pool.
struct PatternProgram {
  std::vector<Op> ops;
  std::string literals;
};

/// The program of `pattern`'s anchored regex under `mode` (the Pattern::regex equivalent).
PatternProgram compile_pattern(const Pattern& pattern, TrailingSlash mode);

/// Runs `ops` (literals in `literals`) over all of `text` by memoized backtracking
/// (polynomial in the text length whatever the input); on success fills `captures` (one per
/// capture group, or an empty span when only the answer is needed) with the first match in
/// regex priority order, as RE2 and ECMAScript pick it.
bool run_ops(std::span<const Op> ops,
             std::string_view literals,
             std::string_view text,
             std::span<Capture> captures);

/// Segment programs (the parts of one segment, anchored at both ends of the text they run
/// on) in shared pools.
class Programs {
public:
  /// Adds the program of one segment's parts; returns its id.
  std::uint32_t add_segment(const PatternSegment& segment);

  /// Matches all of `text` with program `id` (see run_ops).
  bool match(std::uint32_t id, std::string_view text, std::span<Capture> captures) const;
  /// For a segment program: sets reach[q] (q in [0, text.size()]) to 1 when the program
  /// matches text[0, q), else 0 — every possible end in one pass of O(program * text).
  void prefix_ends(std::uint32_t id, std::string_view text, std::vector<char>& reach) const;
  /// Number of capture groups of program `id`.
  std::size_t
  capture_count(std::uint32_t id) const
  {
    return m_programs[id].captures;
  }
  /// Bytes held by the pools.
  std::size_t heap_bytes() const;

private:
  // Where one program lives in the pools.
  struct Info {
    std::uint32_t ops_begin = 0;
    std::uint32_t ops_count = 0;
    std::uint32_t captures = 0;
  };
  // The instructions of program `id`.
  std::span<const Op> ops(std::uint32_t id) const;

  std::vector<Op> m_ops;
  std::string m_literals;
  std::vector<Info> m_programs;
};

/// True when `text` is valid UTF-8 as RE2 sees it (RE2 matches nothing across other bytes).
bool valid_utf8(std::string_view text);

} // namespace cachectl::detail
