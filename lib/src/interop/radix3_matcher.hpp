// radix3 1.x's `toRouteMatcher(createRouter({ routes })).matchAll(path)`, the matcher nitropack
// merges route rules with, ported statement by statement (quirks included: a `*` that matches an
// empty segment, a `**` key compared as a string prefix, a later placeholder spelling replacing
// an earlier one under the same prefix).
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl::interop {

/// The route matcher of a set of radix3 paths.
class Radix3Matcher {
public:
  /// Inserts `paths[i]` with data `i`, in order (a later equal path replaces the data).
  explicit Radix3Matcher(const std::vector<std::string>& paths);
  ~Radix3Matcher();
  Radix3Matcher(Radix3Matcher&&) noexcept;
  Radix3Matcher& operator=(Radix3Matcher&&) noexcept;

  /// The data of every route matching `path`, in radix3's matchAll order (wildcards by key
  /// length, then placeholders recursively, then the exact path): nitropack merges them reversed,
  /// the first one that sets a value winning.
  std::vector<std::size_t> match_all(std::string_view path) const;

  struct Table; ///< one level of the route table

private:
  std::unique_ptr<Table> m_table;
};

} // namespace cachectl::interop
