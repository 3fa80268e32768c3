// cache.toml (version 1): loading into a typed model that remembers where everything was written.
#pragma once

#include <cachectl/config/options.hpp>
#include <cachectl/lint/diagnostic.hpp>
#include <cachectl/pattern/pattern.hpp>
#include <cachectl/pattern/trailing_slash.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// The config format version this build understands.
inline constexpr int config_version = 1;

/// Where a key and its value are written.
struct KeyPlace {
  SourcePos key;       ///< first character of the key
  SourcePos key_end;   ///< just past the key
  SourcePos value;     ///< first character of the value
  SourcePos value_end; ///< just past the value (for a table: its end)

  friend bool operator==(const KeyPlace&, const KeyPlace&) = default;
};

/// One diagnostic code named by an `allow` key (of a rule or of [lint]), where it is written.
struct AllowEntry {
  std::string code;
  SourcePos begin; ///< the string's opening quote
  SourcePos end;   ///< just past its closing quote

  friend bool operator==(const AllowEntry&, const AllowEntry&) = default;
};

/// One `[routes."pattern"]` table.
struct Rule {
  Pattern pattern;
  CacheOptions options;
  SourcePos pos;     ///< where the pattern key is written (its opening quote)
  SourcePos pos_end; ///< just past the pattern key
  /// Where each option key of the rule is written (`bypass.cookies` for bypass keys).
  std::map<std::string, KeyPlace> key_pos;
  std::vector<AllowEntry> allow = {}; ///< codes its diagnostics may have on purpose (`allow = […]`)
};

/// One `[providers.<name>]` table: settings as written, with positions.
struct ProviderSettings {
  std::string name;
  SourcePos pos;
  std::map<std::string, std::string> values;             ///< scalar settings, as text
  std::map<std::string, std::vector<std::string>> lists; ///< array settings
  std::map<std::string, KeyPlace> key_pos;               ///< where each setting is written
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
  std::map<std::string, KeyPlace> defaults_pos; ///< where each key of [defaults] is written
  BypassRules bypass;
  std::map<std::string, KeyPlace> bypass_pos; ///< where each key of [bypass] is written
  std::map<std::string, KeyPlace> site_pos;   ///< where each key of [site] is written
  std::vector<Rule> rules;                    ///< in file order
  std::vector<ProviderSettings> providers;
  std::vector<AllowEntry> lint_allow; ///< `[lint] allow`: codes allowed anywhere in the file
};

/// Rule indices of `config` in priority order (`priority_order` over the rules' patterns).
std::vector<std::size_t> rule_priority_order(const Config& config);

/// The `[providers.<name>]` table of `config`, or null when it has none.
const ProviderSettings* provider_settings(const Config& config, std::string_view name);

/// A config as far as it could be read, with every problem found on the way; entries that
/// could not be used (a bad pattern, a value of the wrong type) are left out of `config`.
struct LoadedConfig {
  Config config;
  std::string text;                    ///< the file's content (for quoting source lines)
  std::vector<Diagnostic> diagnostics; ///< sorted by position

  /// True when no diagnostic is an error.
  bool usable() const;
};

/// Reads a config file, collecting every problem (for `validate`).
LoadedConfig read_config(const std::filesystem::path& path);

/// Reads a config from text; `file` is used in positions and messages only.
LoadedConfig read_config_text(std::string_view text, std::string_view file);

/// Loads a config file; fails with every problem when any of them is an error.
Result<Config> load_config(const std::filesystem::path& path);

/// Loads a config from text; `file` is used in positions and messages only.
Result<Config> parse_config(std::string_view text, std::string_view file);

} // namespace cachectl
