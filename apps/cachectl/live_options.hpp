// The flags `check` and `warm` share: where the URLs come from and how they are requested.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cachectl::cli {

/// Flags common to `check` and `warm`.
struct LiveOptions {
  std::vector<std::string> urls;     ///< operands: URLs, paths (with --base) or `-`
  std::vector<std::string> from;     ///< --from FILE|- (repeatable)
  std::vector<std::string> sitemaps; ///< --sitemap URL|FILE (repeatable)
  std::string base;                  ///< --base URL; default: the first [site] origins entry
  std::size_t sample = 0;            ///< check --sample N
  std::size_t top = 0;               ///< warm --top N
  std::string log;                   ///< warm --log FILE
  unsigned concurrency = 4;
  double rate = 10;
  double timeout = 10;
  bool follow = false;
  std::string format = "text";
};

/// A validator of a number flag with the range of purge setting `name` (`timeout`, `rate`,
/// `deadline`; NaN and inf refused), shared by purge, check and warm.
CLI::Validator setting_range(std::string_view name);

/// Adds the shared flags of `opts` to `cmd` (`command` names it in messages).
void add_live_options(CLI::App& cmd, LiveOptions& opts);

} // namespace cachectl::cli
