// The options of `cachectl purge` as the command line gave them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cachectl::cli {

// What the command line asked for.
struct PurgeOptions {
  std::vector<std::string> urls;
  std::vector<std::string> paths;
  std::vector<std::string> tags;
  std::vector<std::string> prefixes;
  std::vector<std::string> hosts;
  std::vector<std::string> rules;
  bool everything = false;
  bool yes = false;
  std::vector<std::string> from;
  std::string provider;
  bool dry_run = false;
  bool soft = false;
  std::optional<unsigned> concurrency;
  std::optional<unsigned> retries;
  std::optional<double> timeout;
  std::optional<double> rate;
  std::optional<double> deadline;
  std::optional<std::size_t> batch_size;
  std::string failed_out;
  std::string format = "text";
  bool warm = false;                  ///< --warm: fetch the purged URLs again afterwards
  std::vector<std::string> warm_from; ///< --warm-from FILE|-: URLs tags/prefixes may cover
  std::string warm_log;               ///< --warm-log FILE: an access log (with --warm-top)
  std::size_t warm_top = 0;           ///< --warm-top N: its N most requested paths
};

} // namespace cachectl::cli
