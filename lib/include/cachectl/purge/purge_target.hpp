// What `cachectl purge` is asked to purge: targets as given on the command line or one per line
// of a `--from` file, and their expansion against the config (paths to URLs of every origin,
// rules to their static tags).
#pragma once

#include <cachectl/config/config.hpp>

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// What one target names. `path` and `rule` are expanded (to urls and tags) before purging.
enum class TargetKind { url, path, tag, prefix, host, everything, rule };

/// The spelling of a kind in `--from` lines and reports ("url", "tag", ...).
std::string_view target_kind_name(TargetKind kind);

/// The plural noun of a kind for messages ("URLs", "tags", ...).
std::string_view target_kind_plural(TargetKind kind);

/// One thing to purge.
struct Target {
  TargetKind kind = TargetKind::url;
  std::string value; ///< empty for `everything`

  friend bool operator==(const Target&, const Target&) = default;
};

/// Parses one line of a `--from` file: an absolute `http(s)://` URL, a `/path`, or
/// `KIND:VALUE` with KIND one of url, path, tag, prefix, host, rule, or the word
/// `everything`. The caller skips blank lines and `#` comments. The error says what is wrong.
std::expected<Target, std::string> parse_target_line(std::string_view line);

/// The `--from` line of a target (the inverse of parse_target_line): bare URLs and paths,
/// `KIND:VALUE` for the rest; `--failed-out` writes these.
std::string format_target_line(const Target& target);

/// Checks a target's value and brings it to the form adapters use: URLs absolute http(s)
/// without fragment; prefixes `scheme://host/path` (a `/path` prefix is not expanded here);
/// hosts lowercased `host[:port]`. Paths and rules are returned unchanged.
std::expected<Target, std::string> check_target(const Target& target);

/// Expands a checked target against the config: a path becomes a URL for each `[site] origins`
/// entry (and its trailing-slash variant when `trailing_slash = "ignore"`), a `/path` prefix
/// becomes one prefix per origin, a rule becomes the static tags (no `{param}`) it sets. Other
/// kinds are returned as they are.
std::expected<std::vector<Target>, std::string> expand_target(const Config& config,
                                                              const Target& target);

} // namespace cachectl
