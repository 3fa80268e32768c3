// The requests of `warm` and `purge --warm`: each URL fetched (twice unless told), its cache
// status before and after printed as text or JSON Lines, then a summary.
#pragma once

#include "cli.hpp"
#include "purge_signals.hpp"

#include <cachectl/live/probe.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cachectl::cli {

/// Runs `jobs` with `prober` (a job of 2 requests reports the status after; `verify` says the
/// jobs have them), printing each URL and the summary in `format` (text, json) under the name
/// `command`. Returns the exit status: 0 all warmed, 1 some failed, 4 no answer at all,
/// 128 + signal when stopped by one.
int run_warm_jobs(const GlobalOptions& globals,
                  std::string_view command,
                  const std::string& format,
                  bool verify,
                  Prober& prober,
                  const PurgeSignals& signals,
                  const std::vector<ProbeJob>& jobs);

} // namespace cachectl::cli
