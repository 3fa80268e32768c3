// The one table of config keys: names, types, defaults and one-line docs. The loader, the JSON
// schema, the man page and the completions are derived from (or tested against) it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace cachectl {

/// Which table of cache.toml a key belongs to.
enum class KeyScope {
  root,      ///< top level (`version`)
  site,      ///< `[site]`
  options,   ///< `[defaults]` and every `[routes."…"]`
  bypass,    ///< `[bypass]` and `[routes."…".bypass]`
  cache_key, ///< `cache_key = { … }` of [defaults] and every route
  provider,  ///< `[providers.<name>]`
  lint,      ///< `[lint]`
};

/// The TOML type a key takes.
enum class KeyType {
  integer,
  boolean,
  string,
  string_array,
  integer_array,
  string_or_string_array, ///< `query = "any"` or `query = ["preview"]`
  table,                  ///< a sub-table (`bypass` inside a route)
  number,                 ///< an integer or a float, greater than `min` (`rate`, `timeout`)
  duration, ///< integer seconds or a string such as "1h30m" (units y w d h m s); min/max in s
};

/// One known key.
struct KeySpec {
  KeyScope scope;
  std::string_view name;
  KeyType type;
  std::string_view default_value;  ///< TOML literal of the default, empty when none
  std::string_view summary;        ///< one line for docs and `--help`
  std::int64_t min = 0;            ///< for integers (and integer arrays)
  std::int64_t max = 0;            ///< for integers; 0 = no maximum
  double lowest = 0;               ///< for numbers: the smallest value accepted (inclusive)
  double highest = 0;              ///< for numbers: the largest value accepted (inclusive)
  std::string_view unit = {};      ///< for numbers: "seconds", "requests per second"
  std::string_view choices = {};   ///< for strings: `|`-separated allowed values, empty = any
  std::string_view providers = {}; ///< for provider keys: `|`-separated providers, empty = all
  /// `|`-separated spellings other tools use for this key (`staleWhileRevalidate`), suggested
  /// when written.
  std::string_view aliases = {};
};

/// Why `value` is not accepted for the number key `spec` (non-finite or outside its range), as
/// "must be from 0.001 to 3600 seconds, not nan"; empty when it is accepted.
std::string number_refusal(const KeySpec& spec, double value);

/// Every key of config version 1, grouped by scope, in documentation order.
std::span<const KeySpec> config_keys();

/// The items of a `|`-separated list such as KeySpec::choices (none for an empty list).
std::vector<std::string_view> split_list(std::string_view list);

/// The providers `[providers.<name>]` accepts, in documentation order.
std::span<const std::string_view> provider_names();

/// The key `name` of `scope` (for a provider key: that `provider` must accept it); null if unknown.
const KeySpec* find_key(KeyScope scope, std::string_view name, std::string_view provider = {});

/// The TOML table a scope is written as, e.g. "[site]" or "[routes.\"…\"]", for messages.
std::string_view scope_title(KeyScope scope);

/// The key closest to a misspelt `name` in `scope` (camelCase, case and edit distance ≤ 2
/// considered); empty when nothing is close.
std::string_view suggest_key(KeyScope scope, std::string_view name, std::string_view provider = {});

} // namespace cachectl
