// CloudFront standard (access) logs for `cachectl simulate`: W3C extended format, one request per
// line, fields separated by tabs and named by the `#Fields:` header line, `-` for an empty field,
// date and time in UTC. Field names and default order: the CloudFront Developer Guide, "Standard
// logging reference", Log file fields.
#include "analysis/log_fields.hpp"

#include <cachectl/analysis/access_record.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace cachectl {

namespace {

// A field's text, `-` read as empty.
std::string_view
value_of(std::string_view field)
{
  return field == "-" ? std::string_view() : field;
}

// The field at `column` of `fields`, or empty when the log has no such column.
std::string_view
column_of(const std::vector<std::string_view>& fields, int column)
{
  return column < 0 || static_cast<std::size_t>(column) >= fields.size()
             ? std::string_view()
             : value_of(fields[static_cast<std::size_t>(column)]);
}

// Splits `line` at tabs into `fields` (reused).
void
split_tabs(std::string_view line, std::vector<std::string_view>& fields)
{
  fields.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) {
      return;
    }
    start = tab + 1;
  }
}

// Strips the `#Name:` prefix of a header line; empty when `line` is not that header.
std::optional<std::string_view>
directive(std::string_view line, std::string_view name)
{
  const std::size_t hash = line.find_first_not_of(" \t");
  if (hash == std::string_view::npos || line.substr(hash, name.size()) != name) {
    return std::nullopt;
  }
  return line.substr(hash + name.size());
}

} // namespace

bool
cloudfront_record(std::string_view line)
{
  const auto digit = [&](std::size_t i) { return line[i] >= '0' && line[i] <= '9'; };
  return line.size() > 11 && digit(0) && digit(1) && digit(2) && digit(3) && line[4] == '-' &&
         digit(5) && digit(6) && line[7] == '-' && digit(8) && digit(9) && line[10] == '\t';
}

std::expected<CloudFrontColumns, std::string>
cloudfront_columns(std::string_view fields_line)
{
  const auto rest = directive(fields_line, "#Fields:");
  if (!rest) {
    return std::unexpected("not a #Fields: line");
  }
  CloudFrontColumns columns;
  struct Name {
    std::string_view name;
    int CloudFrontColumns::*member;
  };
  static constexpr std::array<Name, 11> k_names = {{
      {"date", &CloudFrontColumns::date},
      {"time", &CloudFrontColumns::time},
      {"sc-bytes", &CloudFrontColumns::bytes},
      {"c-ip", &CloudFrontColumns::client},
      {"cs-method", &CloudFrontColumns::method},
      {"cs(Host)", &CloudFrontColumns::host},
      {"cs-uri-stem", &CloudFrontColumns::stem},
      {"sc-status", &CloudFrontColumns::status},
      {"cs-uri-query", &CloudFrontColumns::query},
      {"cs(Cookie)", &CloudFrontColumns::cookie},
      {"x-host-header", &CloudFrontColumns::host_header},
  }};
  for (const Name& n : k_names) {
    columns.*n.member = CloudFrontColumns::none;
  }
  // The names are separated by spaces (tabs accepted as well).
  int index = 0;
  std::string_view names = *rest;
  while (!names.empty()) {
    const std::size_t start = names.find_first_not_of(" \t");
    if (start == std::string_view::npos) {
      break;
    }
    names.remove_prefix(start);
    const std::size_t end = std::min(names.find_first_of(" \t"), names.size());
    const std::string_view name = names.substr(0, end);
    names.remove_prefix(end);
    for (const Name& n : k_names) {
      if (n.name == name) {
        if (columns.*n.member != CloudFrontColumns::none) {
          return std::unexpected(fmt::format("#Fields: names {} twice", name));
        }
        columns.*n.member = index;
      }
    }
    if (++index > 10'000) {
      return std::unexpected("#Fields: names more than 10000 fields");
    }
  }
  for (const std::string_view required : {"date", "time", "cs-uri-stem", "sc-status"}) {
    for (const Name& n : k_names) {
      if (n.name == required && columns.*n.member == CloudFrontColumns::none) {
        return std::unexpected(fmt::format("#Fields: has no {} field", required));
      }
    }
  }
  return columns;
}

std::expected<void, std::string>
AccessLogParser::header(std::string_view line)
{
  if (m_format != LogFormat::automatic && m_format != LogFormat::cloudfront) {
    return {};
  }
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  if (directive(line, "#Version:")) {
    m_format = LogFormat::cloudfront;
    return {};
  }
  if (!directive(line, "#Fields:")) {
    return {};
  }
  m_format = LogFormat::cloudfront;
  auto columns = cloudfront_columns(line);
  if (!columns) {
    return std::unexpected(columns.error());
  }
  m_columns = *columns;
  return {};
}

std::expected<AccessRecord, std::string>
AccessLogParser::parse_cloudfront(std::string_view line)
{
  split_tabs(line, m_fields);
  const CloudFrontColumns& c = m_columns;
  const auto needed = static_cast<std::size_t>(std::max({c.date, c.time, c.stem, c.status})) + 1;
  if (m_fields.size() < needed) {
    return std::unexpected(
        fmt::format("{} tab-separated field{}, the #Fields: line names at least {}",
                    m_fields.size(),
                    m_fields.size() == 1 ? "" : "s",
                    needed));
  }
  AccessRecord record;
  // `2019-12-04` + `21:02:31` as RFC 3339 (no allocation).
  const std::string_view date = m_fields[static_cast<std::size_t>(c.date)];
  const std::string_view time = m_fields[static_cast<std::size_t>(c.time)];
  std::array<char, 20> stamp{};
  std::optional<std::int64_t> seconds;
  if (date.size() == 10 && time.size() == 8) {
    std::copy(date.begin(), date.end(), stamp.begin());
    stamp[10] = 'T';
    std::copy(time.begin(), time.end(), stamp.begin() + 11);
    stamp[19] = 'Z';
    seconds = parse_timestamp(std::string_view(stamp.data(), stamp.size()));
  }
  if (!seconds || date[4] != '-' || time[2] != ':') {
    return std::unexpected(fmt::format("the date and time `{} {}` are not yyyy-mm-dd hh:mm:ss",
                                       date.substr(0, 40),
                                       time.substr(0, 40)));
  }
  record.time_ms = *seconds * 1000;
  const std::string_view status = m_fields[static_cast<std::size_t>(c.status)];
  const auto code = status_of(status);
  if (!code) {
    return std::unexpected(
        status == "000" ? std::string("sc-status 000: the viewer closed the connection "
                                      "before the response")
                        : fmt::format("sc-status `{}` is not 100-599", status.substr(0, 40)));
  }
  record.status = *code;
  const std::string_view stem = column_of(m_fields, c.stem);
  if (stem.empty()) {
    return std::unexpected("no cs-uri-stem");
  }
  const std::string_view query = column_of(m_fields, c.query);
  if (query.empty()) {
    record.target = stem;
  } else {
    m_target.assign(stem);
    m_target += '?';
    m_target += query;
    record.target = m_target;
  }
  if (const std::string_view bytes = column_of(m_fields, c.bytes); !bytes.empty()) {
    const auto count = unsigned_number(bytes);
    if (!count) {
      return std::unexpected(
          fmt::format("sc-bytes `{}` is not a whole number", bytes.substr(0, 40)));
    }
    record.bytes = *count;
  }
  record.method = column_of(m_fields, c.method);
  record.client = column_of(m_fields, c.client);
  record.host = column_of(m_fields, c.host_header);
  if (record.host.empty()) {
    record.host = column_of(m_fields, c.host);
  }
  m_headers.clear();
  if (const std::string_view cookie = column_of(m_fields, c.cookie); !cookie.empty()) {
    m_headers.emplace_back("Cookie", std::string(cookie));
  }
  record.headers = m_headers.empty() ? nullptr : &m_headers;
  return record;
}

} // namespace cachectl
