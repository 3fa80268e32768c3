// How deep a TOML document nests, measured before toml++ parses it. toml++ 3.3.0 limits nested
// arrays and inline tables (256) but not dotted keys and table headers, and then walks and
// destroys the tree recursively: `a.a.a…` 50,000 levels deep overflows the stack.
#pragma once

#include <toml++/toml.h>

#include <cstddef>
#include <string_view>

namespace cachectl {

/// The most levels a config may nest: tables, dotted keys and arrays together (toml++'s own limit
/// for nested arrays and inline tables alone is the same).
inline constexpr std::size_t max_toml_nesting = 256;

/// The nesting of a TOML document: the depth of its deepest node, counted as toml++ builds the
/// tree (the root is 0 deep, `a.b.c = 1` at the top level puts `c` 3 deep, `[[a]]` opens a table
/// 2 deep, the elements of an array are a level below it).
struct TomlNesting {
  std::size_t depth = 0;  ///< the deepest node seen (at most `limit` + 1)
  std::size_t offset = 0; ///< where the first node deeper than `limit` starts (when there is one)
  bool complete = false;  ///< the whole text was scanned (false: malformed, or too deep)
};

/// Scans `text` (TOML 1.0 as toml++ 3.3.0 reads it) for its nesting, stopping at the first node
/// deeper than `limit`, or where its structure cannot be followed (malformed: toml++ stops there or
/// earlier). The depth of what it read is exact: for a text toml++ parses, it is the depth of
/// toml++'s tree. Linear time, recursion bounded by `limit`.
TomlNesting toml_nesting(std::string_view text, std::size_t limit = max_toml_nesting);

/// The depth of the deepest node of a tree toml++ parsed, counted as toml_nesting counts it (for
/// checking it; iterative, so any depth is fine).
std::size_t toml_tree_depth(const toml::table& root);

} // namespace cachectl
