// The command-line front end: global options, exit statuses and the subcommand hooks.
#pragma once

#include "terminal.hpp"

#include <cachectl/config/config.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace cachectl::cli {

/// Exit statuses, documented in cachectl(1).
enum ExitStatus : int {
  exit_ok = 0,       ///< success
  exit_findings = 1, ///< the check found problems (e.g. an unmatched URL)
  exit_usage = 2,    ///< bad command line
  exit_config = 3,   ///< the config could not be loaded
  exit_remote = 4,   ///< remote failure before anything was done
  exit_io = 5,       ///< an input could not be read or the output could not be written
};

/// Options every subcommand sees.
struct GlobalOptions {
  std::string config; ///< -c/--config; empty: $CACHECTL_CONFIG, else ./cache.toml
  ColorMode color = ColorMode::automatic;
  bool quiet = false;
  int verbose = 0;
};

/// Runs cachectl with the process arguments; returns the exit status.
int run(int argc, char** argv);

/// Registers `match` on `app`; sets `action` to the function to run after parsing.
void setup_match(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action);

/// Registers `headers` on `app`.
void setup_headers(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action);

/// Registers `purge` on `app`.
void setup_purge(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action);

/// Registers `check` on `app`.
void setup_check(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action);

/// Registers `warm` on `app`.
void setup_warm(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action);

/// Registers `simulate` on `app`.
void setup_simulate(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action);

/// Registers `bench` on `app`.
void setup_bench(CLI::App&, const GlobalOptions&, std::function<int()>&);

/// Registers `validate` on `app`.
void setup_validate(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action);

/// Registers `test` on `app`.
void setup_test(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action);

/// Registers `export` on `app`.
void setup_export(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action);

/// Registers `import` on `app`.
void setup_import(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action);

/// Registers `schema` on `app`.
void setup_schema(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action);

/// Registers the hidden `__completions` and `__complete` commands behind the shell completions.
void setup_completion(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action);

/// The config path from -c, then $CACHECTL_CONFIG, then ./cache.toml.
std::string config_path(const GlobalOptions& globals);

/// Loads the config named by the global options, printing every error; nullopt on failure.
std::optional<Config> load_config_or_report(const GlobalOptions& globals, const Terminal& err);

/// Loads libcurl for `command` (purge, check, warm) before it sends anything; false, with the
/// error printed, when it cannot be loaded (the command then exits with exit_remote).
bool load_http_transport_or_report(std::string_view command, const Terminal& err);

} // namespace cachectl::cli
