// `cachectl bench --log FILE`: the cost of replaying an access log, reading, parsing and
// simulating timed apart.
#pragma once

#include "cli.hpp"

#include <string>

namespace cachectl::cli {

/// What `bench --log` is told.
struct LogBenchOptions {
  std::string log;                 ///< the access log (a file: it is read four times)
  std::string log_format = "auto"; ///< as `simulate --log-format`
  std::string format = "text";     ///< text or json
};

/// Reads the log four times — lines only, lines parsed, lines parsed and replayed through the
/// config's cache model (as `simulate` with its defaults) on one thread, and the same with the
/// reading and parsing on a second thread, as `simulate` runs — and prints the seconds, lines per
/// second and peak resident set after each pass. Exit 0, 3 (config) or 5 (the log).
int run_log_bench(const GlobalOptions& globals, const LogBenchOptions& opts);

} // namespace cachectl::cli
