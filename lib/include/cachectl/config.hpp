// cache.toml (version 1): loading into a typed model that remembers where everything was written.
#pragma once

#include <cachectl/error.hpp>
#include <cachectl/options.hpp>
#include <cachectl/pattern.hpp>
#include <cachectl/trailing_slash.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// The config format version this build understands.
inline constexpr int config_version = 1;

/// One `[routes."pattern"]` table.
struct Rule {
  Pattern pattern;
  CacheOptions options;
  SourcePos pos;                            ///< where the pattern key is written
  std::map<std::string, SourcePos> key_pos; ///< where each option key of the rule is written
};

/// One `[providers.<name>]` table: settings as written, with positions.
struct ProviderSettings {
  std::string name;
  SourcePos pos;
  std::map<std::string, std::string> values;             ///< scalar settings, as text
  std::map<std::string, std::vector<std::string>> lists; ///< array settings
  std::map<std::string, SourcePos> key_pos;
};

/// A loaded configuration.
struct Config {
  std::string file; ///< path as given, for diagnostics
  int version = config_version;
  std::string base = "/"; ///< normalized (see normalize_base)
  TrailingSlash trailing_slash = TrailingSlash::ignore;
  std::vector<std::string> origins;
  std::string provider; ///< default provider; may be empty
  CacheOptions defaults;
  BypassRules bypass;
  std::vector<Rule> rules; ///< in file order
  std::vector<ProviderSettings> providers;
};

/// Loads and checks a config file; every problem that makes it unusable is returned.
Result<Config> load_config(const std::filesystem::path& path);

/// Loads a config from text; `file` is used in positions and messages only.
Result<Config> parse_config(std::string_view text, std::string_view file);

} // namespace cachectl
