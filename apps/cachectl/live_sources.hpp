// The URLs of `check` and `warm`: operands, --from files and stdin (through LineReader, over-long
// lines refused), sitemaps (local or fetched, indexes followed within bounds), check --sample N
// (one example URL per rule, as `test --generate` finds them) and warm --top N --log FILE (the
// most requested paths of an access log, counted in bounded memory).
#pragma once

#include "live_options.hpp"
#include "terminal.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/live/probe.hpp>

#include <cstddef>
#include <expected>
#include <string>
#include <vector>

namespace cachectl::cli {

/// Most URLs one run takes; the rest are left out with a warning.
inline constexpr std::size_t k_max_live_urls = 100000;

/// Why no URL list could be made, with its exit status.
struct SourceError {
  int status = 0;
  std::string message; ///< without the `cachectl: error: ` prefix
};

/// The URL list of a run and how its reading went.
struct LiveUrls {
  std::vector<std::string> urls; ///< absolute, each once, in input order
  std::size_t refused = 0;       ///< input lines or operands refused (each reported on `err`)
};

/// Collects the URLs of `opts` for `command`, reporting each refused input and each sitemap
/// problem on `err`; `prober` fetches remote sitemaps.
std::expected<LiveUrls, SourceError> collect_live_urls(std::string_view command,
                                                       const LiveOptions& opts,
                                                       const Config& config,
                                                       Prober& prober,
                                                       const Terminal& err);

} // namespace cachectl::cli
