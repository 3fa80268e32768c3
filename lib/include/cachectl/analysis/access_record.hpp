// Access log records for `cachectl simulate`: time, method, target, status, bytes, client and
// host of one line in the common/combined format, JSON Lines (with key aliases) or Cloudflare
// Logpush JSON. (lib/src/live/access_log only takes the path of a line for `warm --top`; this
// parser serves replay, which needs every field and a line rate in the millions per second.)
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

/// The layout of an access log.
enum class LogFormat {
  automatic,  ///< from the first record line: `{` → json, else common
  common,     ///< `client ident user [time] "request" status bytes`, anything after ignored
  combined,   ///< common followed by the quoted referer and user agent (both required)
  json,       ///< JSON Lines, one object per line, keys by alias (see parse())
  cloudflare, ///< Cloudflare Logpush JSON: only its field names (EdgeStartTimestamp, …)
};

/// The names `--log-format` accepts, in order: auto, common, combined, json, cloudflare.
const std::vector<std::string_view>& log_format_names();

/// The format named `name` (one of log_format_names()); nullopt for another word.
std::optional<LogFormat> parse_log_format(std::string_view name);

/// One request of an access log. The views point into the line or into the parser and stay
/// valid until the parser's next parse().
struct AccessRecord {
  std::int64_t time_ms = 0; ///< request time, milliseconds since the Unix epoch
  std::string_view method;  ///< as logged; empty when the log does not say
  std::string_view target;  ///< request target as logged: `/path?query` or an absolute URL
  std::string_view host;    ///< Host where the log has it, else empty
  std::string_view client;  ///< client address, else empty
  int status = 0;           ///< response status (100–599)
  std::uint64_t bytes = 0;  ///< response bytes (0 for `-`)
  /// Request header fields the log holds (JSON only: `cookie`, `request_headers`, Cloudflare's
  /// `RequestHeaders`/`Cookies`); empty for common/combined.
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;
};

/// Parses log lines of one format, reusing its own storage (no allocation per line for
/// common/combined).
class AccessLogParser {
public:
  /// A parser of `format`; `automatic` decides on the first record line it sees.
  explicit AccessLogParser(LogFormat format);

  /// True for a line that holds no record and is skipped without complaint: blank, or a
  /// comment starting with `#`.
  static bool skippable(std::string_view line);

  /// The record of `line`, or why the line is not one ("no [time] field", …).
  /// JSON keys (first present wins): time `time`/`timestamp`/`@timestamp`/`time_local`/`ts`
  /// (RFC 3339, `10/Oct/2000:13:55:36 -0700`, or a number: seconds, milliseconds, microseconds
  /// or nanoseconds by magnitude); target `uri`/`request_uri`/`url`/`path` (+ `query`/`args`
  /// when the target has no `?`) or the `request` line; `method`/`request_method`; `status`;
  /// `bytes`/`body_bytes_sent`/`bytes_sent`/`size`; `remote_addr`/`client_ip`/`client`/`ip`;
  /// `host`/`http_host`. Cloudflare: EdgeStartTimestamp, ClientRequestMethod,
  /// ClientRequestURI, ClientRequestHost, EdgeResponseStatus, EdgeResponseBytes, ClientIP.
  std::expected<AccessRecord, std::string> parse(std::string_view line);

  /// The format in use (after `automatic` decided; `automatic` until then).
  LogFormat
  format() const
  {
    return m_format;
  }

private:
  std::expected<AccessRecord, std::string> parse_text(std::string_view line);
  std::expected<AccessRecord, std::string> parse_json(std::string_view line);

  LogFormat m_format;
  std::string m_method;
  std::string m_target;
  std::string m_host;
  std::string m_client;
  std::vector<std::pair<std::string, std::string>> m_headers;
};

} // namespace cachectl
