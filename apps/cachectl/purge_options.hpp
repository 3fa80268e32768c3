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
};

} // namespace cachectl::cli
