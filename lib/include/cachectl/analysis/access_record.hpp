// Access log records for `cachectl simulate`: time, method, target, status, bytes, client and
// host of one line in the common/combined format, JSON Lines (with key aliases), Cloudflare
// Logpush JSON or CloudFront standard logs (W3C, tab separated). (lib/src/live/access_log only
// takes the path of a line for `warm --top`; this parser serves replay, which needs every field and
// a line rate in the millions per second.)
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
  automatic,  ///< `#Version:`/`#Fields:` lines or a first record `yyyy-mm-dd<TAB>` → cloudfront;
              ///< else from the first record line: `{` → json, else common
  common,     ///< `client ident user [time] "request" status bytes`, anything after ignored
  combined,   ///< common followed by the quoted referer and user agent (both required)
  json,       ///< JSON Lines, one object per line, keys by alias (see parse())
  cloudflare, ///< Cloudflare Logpush JSON: only its field names (EdgeStartTimestamp, …)
  cloudfront, ///< CloudFront standard log: tab separated, columns named by `#Fields:`
};

/// The names `--log-format` accepts, in order: auto, common, combined, json, cloudflare,
/// cloudfront, fastly. `fastly` is another name of common: the default `format` of Fastly's
/// logging endpoints is `%h %l %u %t "%r" %>s %b` (Fastly API, logging endpoints; "Useful log
/// formats": Common Log Format), with the endpoint's message type Blank (no syslog prefix).
const std::vector<std::string_view>& log_format_names();

/// The format named `name` (one of log_format_names()); nullopt for another word.
std::optional<LogFormat> parse_log_format(std::string_view name);

/// Where the fields a replay needs sit in a CloudFront standard log line (0-based columns;
/// `none` for a field the log does not have).
struct CloudFrontColumns {
  static constexpr int none = -1;
  int date = 0;
  int time = 1;
  int bytes = 3;        ///< sc-bytes
  int client = 4;       ///< c-ip
  int method = 5;       ///< cs-method
  int host = 6;         ///< cs(Host): the distribution's domain
  int stem = 7;         ///< cs-uri-stem
  int status = 8;       ///< sc-status
  int query = 11;       ///< cs-uri-query
  int cookie = 12;      ///< cs(Cookie)
  int host_header = 15; ///< x-host-header: the Host the viewer sent (wins over cs(Host))
};

/// The columns named by a `#Fields: date time …` line (the W3C header of a CloudFront log);
/// an error when it lacks date, time, cs-uri-stem or sc-status, or names one twice.
std::expected<CloudFrontColumns, std::string> cloudfront_columns(std::string_view fields_line);

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

  /// Takes note of a skippable() line: in cloudfront format (or automatic before the first
  /// record, which then becomes cloudfront) `#Fields:` sets the columns of the lines after it
  /// and `#Version:` selects the format; an error when a `#Fields:` line is unusable (the
  /// columns stay as they were). Other lines are ignored.
  std::expected<void, std::string> header(std::string_view line);

  /// The record of `line`, or why the line is not one ("no [time] field", …).
  /// JSON keys (first present wins): time `time`/`timestamp`/`@timestamp`/`time_local`/`ts`
  /// (RFC 3339, `10/Oct/2000:13:55:36 -0700`, or a number: seconds, milliseconds, microseconds
  /// or nanoseconds by magnitude); target `uri`/`request_uri`/`url`/`path` (+ `query`/`args`
  /// when the target has no `?`) or the `request` line; `method`/`request_method`; `status`;
  /// `bytes`/`body_bytes_sent`/`bytes_sent`/`size`; `remote_addr`/`client_ip`/`client`/`ip`;
  /// `host`/`http_host`. Cloudflare: EdgeStartTimestamp, ClientRequestMethod,
  /// ClientRequestURI, ClientRequestHost, EdgeResponseStatus, EdgeResponseBytes, ClientIP.
  /// CloudFront: the columns of the last `#Fields:` line (the documented default order without
  /// one); date + time (UTC), cs-uri-stem + `?` cs-uri-query, x-host-header or cs(Host), c-ip,
  /// cs-method, sc-status, sc-bytes, cs(Cookie); `-` is an empty field.
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
  std::expected<AccessRecord, std::string> parse_cloudfront(std::string_view line);

  LogFormat m_format;
  CloudFrontColumns m_columns;
  std::vector<std::string_view> m_fields;
  std::string m_method;
  std::string m_target;
  std::string m_host;
  std::string m_client;
  std::vector<std::pair<std::string, std::string>> m_headers;
  std::string m_time_text;    ///< the last common-log time parsed (a second's lines repeat it)
  std::int64_t m_time_ms = 0; ///< its milliseconds
};

} // namespace cachectl
