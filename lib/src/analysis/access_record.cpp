#include "analysis/log_fields.hpp"

#include <cachectl/analysis/access_record.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

namespace cachectl {

namespace {

// `width` decimal digits at `pos`, or -1.
int
digits_at(std::string_view s, std::size_t pos, std::size_t width)
{
  if (pos + width > s.size()) {
    return -1;
  }
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return -1;
    }
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// The next space-separated field of `rest` (consumed with the spaces after it).
std::string_view
next_field(std::string_view& rest)
{
  const std::size_t space = rest.find(' ');
  const std::string_view field = rest.substr(0, space);
  rest.remove_prefix(space == std::string_view::npos ? rest.size() : space);
  while (!rest.empty() && rest.front() == ' ') {
    rest.remove_prefix(1);
  }
  return field;
}

// `METHOD TARGET [PROTOCOL]` → method and target; false when it has no target.
bool
split_request_line(std::string_view request, std::string_view& method, std::string_view& target)
{
  const std::size_t space = request.find(' ');
  if (space == 0 || space == std::string_view::npos) {
    return false;
  }
  method = request.substr(0, space);
  std::string_view rest = request.substr(space + 1);
  target = rest.substr(0, rest.find(' '));
  return !target.empty();
}

// The last millisecond accepted as a log time: 9999-12-31T23:59:59.999Z.
constexpr double last_epoch_ms = 253402300799999.0;

// Milliseconds of a number of seconds, milliseconds, microseconds or nanoseconds since the epoch,
// told apart by magnitude (from 2001-09-09 on, seconds have 10 digits, milliseconds 13, …);
// nullopt when it is negative or after the year 9999.
std::optional<std::int64_t>
epoch_ms_of_number(double value)
{
  double ms = value * 1000.0;
  if (value >= 1e17) {
    ms = value / 1e6;
  } else if (value >= 1e14) {
    ms = value / 1e3;
  } else if (value >= 1e11) {
    ms = value;
  }
  if (!(ms >= 0.0) || ms > last_epoch_ms) {
    return std::nullopt;
  }
  return value >= 1e11 ? static_cast<std::int64_t>(ms) : std::int64_t{std::llround(ms)};
}

// The milliseconds of a JSON time value; nullopt when it is none of the accepted shapes.
std::optional<std::int64_t>
json_time(const nlohmann::json& value)
{
  if (value.is_number()) {
    const double number = value.get<double>();
    return epoch_ms_of_number(number);
  }
  if (!value.is_string()) {
    return std::nullopt;
  }
  const auto& text = value.get_ref<const std::string&>();
  if (const auto common = parse_common_log_time(text)) {
    return common;
  }
  if (const auto number = unsigned_number(text)) {
    return epoch_ms_of_number(static_cast<double>(*number));
  }
  const auto seconds = parse_timestamp(text);
  if (!seconds) {
    return std::nullopt;
  }
  std::int64_t ms = *seconds * 1000;
  // parse_timestamp ignores fractions; keep the milliseconds of `…:SS.fff…`.
  if (const std::size_t dot = text.find('.'); dot != std::string::npos && dot > 10) {
    const int fraction = digits_at(text, dot + 1, 3);
    ms += fraction > 0 ? fraction : 0;
  }
  return ms;
}

// The first of `keys` present in `record`, or null.
const nlohmann::json*
first_of(const nlohmann::json& record, std::initializer_list<const char*> keys)
{
  for (const char* key : keys) {
    if (const auto it = record.find(key); it != record.end() && !it->is_null()) {
      return &*it;
    }
  }
  return nullptr;
}

// A JSON string or number as text ("" for anything else).
std::string
text_of(const nlohmann::json* value)
{
  if (value == nullptr) {
    return {};
  }
  if (value->is_string()) {
    return value->get<std::string>();
  }
  if (value->is_number_integer()) {
    return std::to_string(value->get<std::int64_t>());
  }
  return {};
}

} // namespace

const std::vector<std::string_view>&
log_format_names()
{
  static const std::vector<std::string_view> names = {
      "auto", "common", "combined", "json", "cloudflare", "cloudfront", "fastly"};
  return names;
}

std::optional<LogFormat>
parse_log_format(std::string_view name)
{
  // `fastly`: Fastly's default log format string is the common log format (see the header).
  static constexpr std::array<LogFormat, 7> k_formats = {LogFormat::automatic,
                                                         LogFormat::common,
                                                         LogFormat::combined,
                                                         LogFormat::json,
                                                         LogFormat::cloudflare,
                                                         LogFormat::cloudfront,
                                                         LogFormat::common};
  const auto& names = log_format_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) {
      return k_formats[i];
    }
  }
  return std::nullopt;
}

AccessLogParser::AccessLogParser(LogFormat format)
    : m_format(format)
{
}

bool
AccessLogParser::skippable(std::string_view line)
{
  const std::size_t first = line.find_first_not_of(" \t\r");
  return first == std::string_view::npos || line[first] == '#';
}

std::expected<AccessRecord, std::string>
AccessLogParser::parse(std::string_view line)
{
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  if (m_format == LogFormat::automatic) {
    const std::size_t first = line.find_first_not_of(" \t");
    m_format = first != std::string_view::npos && line[first] == '{' ? LogFormat::json
               : cloudfront_record(line)                             ? LogFormat::cloudfront
                                                                     : LogFormat::common;
  }
  if (m_format == LogFormat::json || m_format == LogFormat::cloudflare) {
    return parse_json(line);
  }
  if (m_format == LogFormat::cloudfront) {
    return parse_cloudfront(line);
  }
  return parse_text(line);
}

std::expected<AccessRecord, std::string>
AccessLogParser::parse_text(std::string_view line)
{
  AccessRecord record;
  std::string_view rest = line;
  record.client = next_field(rest);
  const std::size_t open = rest.find('[');
  const std::size_t close = open == std::string_view::npos ? open : rest.find(']', open);
  if (close == std::string_view::npos) {
    return std::unexpected("no [time] field");
  }
  // Lines of one second share their time text: parse it once.
  const std::string_view time_text = rest.substr(open + 1, close - open - 1);
  std::optional<std::int64_t> time;
  if (!m_time_text.empty() && time_text == m_time_text) {
    time = m_time_ms;
  } else if ((time = parse_common_log_time(time_text))) {
    m_time_text.assign(time_text);
    m_time_ms = *time;
  }
  if (!time) {
    return std::unexpected(
        fmt::format("the time [{}] is not dd/Mon/yyyy:hh:mm:ss +zzzz",
                    rest.substr(open + 1, std::min<std::size_t>(close - open - 1, 40))));
  }
  record.time_ms = *time;
  rest.remove_prefix(close + 1);
  while (!rest.empty() && rest.front() == ' ') {
    rest.remove_prefix(1);
  }
  const auto request = quoted_field(rest);
  if (!request) {
    return std::unexpected("no quoted request line after the time");
  }
  if (!split_request_line(*request, record.method, record.target)) {
    return std::unexpected("the request line has no method and target");
  }
  const auto status = status_of(next_field(rest));
  if (!status) {
    return std::unexpected("no status (three digits, 100-599) after the request line");
  }
  record.status = *status;
  const std::string_view bytes = next_field(rest);
  if (bytes != "-") {
    const auto count = unsigned_number(bytes);
    if (!count) {
      return std::unexpected("no byte count (digits or -) after the status");
    }
    record.bytes = *count;
  }
  if (m_format == LogFormat::combined && (!quoted_field(rest) || !quoted_field(rest))) {
    return std::unexpected("no quoted referer and user agent after the byte count (combined)");
  }
  return record;
}

std::expected<AccessRecord, std::string>
AccessLogParser::parse_json(std::string_view line)
{
  const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
  if (!record.is_object()) {
    return std::unexpected("not a JSON object");
  }
  const bool cloudflare = m_format == LogFormat::cloudflare;
  AccessRecord out;
  const nlohmann::json* time =
      cloudflare
          ? first_of(record, {"EdgeStartTimestamp"})
          : first_of(record,
                     {"time", "timestamp", "@timestamp", "time_local", "ts", "EdgeStartTimestamp"});
  if (time == nullptr) {
    return std::unexpected(cloudflare ? "no EdgeStartTimestamp" : "no time (time, timestamp, …)");
  }
  const auto ms = json_time(*time);
  if (!ms) {
    return std::unexpected("the time is not RFC 3339, a common-log time or an epoch number");
  }
  out.time_ms = *ms;

  m_method.clear();
  m_target.clear();
  if (cloudflare) {
    m_target = text_of(first_of(record, {"ClientRequestURI"}));
    m_method = text_of(first_of(record, {"ClientRequestMethod"}));
  } else {
    m_target = text_of(first_of(record, {"uri", "request_uri", "url", "path", "ClientRequestURI"}));
    m_method = text_of(first_of(record, {"method", "request_method", "ClientRequestMethod"}));
    if (m_target.empty()) {
      const std::string request = text_of(first_of(record, {"request"}));
      std::string_view method;
      std::string_view target;
      if (split_request_line(request, method, target)) {
        m_target = target;
        if (m_method.empty()) {
          m_method = method;
        }
      }
    } else if (m_target.find('?') == std::string::npos) {
      const std::string query = text_of(first_of(record, {"query", "args", "query_string"}));
      if (!query.empty()) {
        m_target += '?';
        m_target += query.starts_with('?') ? query.substr(1) : query;
      }
    }
  }
  if (m_target.empty()) {
    return std::unexpected(cloudflare ? "no ClientRequestURI" : "no request target (uri, url, …)");
  }
  out.target = m_target;
  out.method = m_method;

  const nlohmann::json* status = cloudflare ? first_of(record, {"EdgeResponseStatus"})
                                            : first_of(record, {"status", "EdgeResponseStatus"});
  const auto code = status_of(text_of(status));
  if (!code) {
    return std::unexpected(cloudflare ? "no EdgeResponseStatus (100-599)" : "no status (100-599)");
  }
  out.status = *code;
  const nlohmann::json* bytes =
      cloudflare
          ? first_of(record, {"EdgeResponseBytes"})
          : first_of(record,
                     {"bytes", "body_bytes_sent", "bytes_sent", "size", "EdgeResponseBytes"});
  if (bytes != nullptr) {
    const auto count = unsigned_number(text_of(bytes));
    if (!count) {
      return std::unexpected("the byte count is not a whole number");
    }
    out.bytes = *count;
  }
  m_client = text_of(
      cloudflare ? first_of(record, {"ClientIP"})
                 : first_of(record, {"remote_addr", "client_ip", "client", "ip", "ClientIP"}));
  m_host = text_of(cloudflare ? first_of(record, {"ClientRequestHost"})
                              : first_of(record, {"host", "http_host", "ClientRequestHost"}));
  out.client = m_client;
  out.host = m_host;

  m_headers.clear();
  const auto add_object = [&](const nlohmann::json* object) {
    if (object != nullptr && object->is_object()) {
      for (const auto& [name, value] : object->items()) {
        if (value.is_string()) {
          m_headers.emplace_back(name, value.get<std::string>());
        }
      }
    }
  };
  add_object(first_of(record, {"RequestHeaders", "request_headers"}));
  if (const std::string cookie = text_of(first_of(record, {"cookie", "http_cookie"}));
      !cookie.empty() && !cloudflare) {
    m_headers.emplace_back("Cookie", cookie);
  }
  if (const nlohmann::json* cookies = first_of(record, {"Cookies"});
      cookies != nullptr && cookies->is_object()) {
    std::string joined;
    for (const auto& [name, value] : cookies->items()) {
      joined += fmt::format("{}{}={}", joined.empty() ? "" : "; ", name, text_of(&value));
    }
    if (!joined.empty()) {
      m_headers.emplace_back("Cookie", joined);
    }
  }
  out.headers = m_headers.empty() ? nullptr : &m_headers;
  return out;
}

} // namespace cachectl
