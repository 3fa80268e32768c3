// The config loader: checks a parsed TOML document against the key table and builds the typed
// Config, collecting every problem. Internal to lib/src/config.
#pragma once

#include "util/fold_index.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/config/config_keys.hpp>

#include <toml++/toml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cachectl::config_detail {

// Where a table sits, for the messages about its keys.
struct TableContext {
  KeyScope scope;
  std::string_view provider;  ///< for KeyScope::provider
  std::string where;          ///< "at top level", "in [site]", "in [routes.\"/a\"]", …
  bool tables_allowed = true; ///< false in [defaults]: sub-tables belong to the top level
};

// Checks a TOML document against the key table and builds the typed Config.
class Loader {
public:
  Loader(std::string_view text, std::string_view file)
      : m_text(text)
      , m_file(file)
  {
  }

  // The Config `root` describes, as far as it is usable, and every problem found.
  LoadedConfig load(const toml::table& root);

private:
  // Records a problem.
  void fail(std::string_view code,
            SourcePos begin,
            SourcePos end,
            std::string message,
            std::string suggestion = {});
  // Records a problem about the TOML node or key that spans `region`.
  void fail(std::string_view code,
            const toml::source_region& region,
            std::string message,
            std::string suggestion = {});
  // Records "unknown key" for `key` in the table described by `context`.
  void unknown_key(const toml::key& key, const TableContext& context);
  // Records "`name` must be <type>, not <actual type>" at `value`.
  void type_error(std::string_view name, std::string_view expected, const toml::node& value);
  // Checks `value` against `spec` (type, range, choices); records problems, true when usable.
  bool check(const KeySpec& spec, const toml::node& value);
  // Checks a duration: integer seconds in range, or a duration string (parse_duration).
  bool check_duration(const KeySpec& spec, const toml::node& value);
  // Checks the elements of an array for `spec`; records problems, true when all are usable.
  bool check_elements(const KeySpec& spec, const toml::array& array);
  // Checks the range of an integer for `spec`; `element` is 1-based, 0 for a plain value.
  bool check_range(const KeySpec& spec, const toml::node& value, std::size_t element);
  // Checks a string against the choices of `spec`.
  bool check_choice(const KeySpec& spec, const toml::node& value);
  // Checks every key of `table`; calls `on_key(spec, key, value)` for each usable one.
  template <class OnKey>
  void read_table(const toml::table& table, const TableContext& context, OnKey&& on_key);
  // Reads [site].
  void read_site(const toml::table& table, Config& config);
  // Reads [defaults] or a route's table (`path` is its dotted name, e.g. `routes."/a"`);
  // records key positions when `key_pos` is given.
  CacheOptions read_options(const toml::table& table,
                            const std::string& path,
                            bool is_defaults,
                            std::map<std::string, KeyPlace>* key_pos,
                            std::vector<AllowEntry>* allow = nullptr);
  // Reads [lint].
  void read_lint(const toml::table& table, Config& config);
  // Reads [bypass] or a route's bypass table; records `prefix`-ed key positions if asked.
  BypassRules read_bypass(const toml::table& table,
                          const std::string& title,
                          std::map<std::string, KeyPlace>* key_pos,
                          std::string_view prefix);
  // Reads a `status` table (`404 = "5m"`, `"4xx" = 60`); records `status.<key>` positions.
  std::map<std::string, std::int64_t> read_status(const toml::table& table,
                                                  const std::string& title,
                                                  std::map<std::string, KeyPlace>* key_pos);
  // Reads a `cache_key` table; records `cache_key.<key>` positions.
  CacheKey read_cache_key(const toml::table& table,
                          const std::string& title,
                          std::map<std::string, KeyPlace>* key_pos);
  // Checks that every `vary` entry is a field name (or `*`); records the others, pointing
  // Netlify-Vary syntax (`query=page`) to `cache_key`.
  bool vary_is_usable(const toml::node& value);
  // Reads [routes] into config.rules, in file order.
  void read_routes(const toml::table& table, Config& config);
  // Reads [providers] into config.providers, in file order.
  void read_providers(const toml::table& table, Config& config);
  // Where the byte `column` (1-based) of the pattern written as `key` is in the file.
  SourcePos pattern_error_pos(const toml::key& key, std::size_t column);
  // The text of the 1-based `line` of the document, without its line break.
  std::string_view line_text(std::uint32_t line);
  // Byte offset of the 1-based code-point `column` in `line`; nullopt past its end.
  std::optional<std::size_t> byte_offset(std::uint32_t line, std::uint32_t column);

  std::string_view m_text;
  std::string m_file;
  std::vector<Diagnostic> m_errors;
  std::vector<std::size_t> m_line_starts; // filled on first use
  // The code points of the lines byte_offset was asked about, indexed once per line.
  std::unordered_map<std::uint32_t, FoldIndex> m_code_points;
};

} // namespace cachectl::config_detail
