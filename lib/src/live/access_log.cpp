#include <cachectl/live/access_log.hpp>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

namespace cachectl {

namespace {

// The path of a request target: origin form as is, absolute form (http/https) reduced to its
// path; query and fragment dropped. Empty when it is neither.
std::string
target_path(std::string_view target)
{
  if (!target.starts_with('/')) {
    const std::size_t scheme = target.find("://");
    if (scheme == std::string_view::npos) {
      return {};
    }
    const std::string_view name = target.substr(0, scheme);
    if (name != "http" && name != "https") {
      return {};
    }
    const std::size_t slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target.starts_with("//")) {
    return {}; // a network-path reference, not a path
  }
  return std::string(target.substr(0, target.find_first_of("?#")));
}

// `METHOD TARGET HTTP/x` → method and path; false when the request line has no target.
bool
parse_request_line(std::string_view line, LogRequest& out)
{
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) {
    return false;
  }
  out.method = std::string(line.substr(0, space));
  std::string_view rest = line.substr(space + 1);
  rest = rest.substr(0, rest.find(' '));
  out.path = target_path(rest);
  return !out.path.empty();
}

// A status code of three digits; 0 otherwise.
int
parse_status(std::string_view text)
{
  int value = 0;
  if (text.size() != 3 ||
      std::from_chars(text.data(), text.data() + 3, value).ptr != text.data() + 3) {
    return 0;
  }
  return value >= 100 && value <= 599 ? value : 0;
}

// A JSON Lines record.
std::optional<LogRequest>
parse_json_line(std::string_view line)
{
  const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
  if (!record.is_object()) {
    return std::nullopt;
  }
  LogRequest out;
  const auto text = [&](const char* key) -> std::string {
    const auto it = record.find(key);
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (const std::string request = text("request"); !request.empty()) {
    parse_request_line(request, out);
  }
  for (const char* key : {"path", "uri", "request_uri", "url"}) {
    if (out.path.empty()) {
      out.path = target_path(text(key));
    }
  }
  if (out.path.empty()) {
    return std::nullopt;
  }
  if (const std::string method = text("method"); !method.empty()) {
    out.method = method;
  }
  if (const auto it = record.find("status"); it != record.end()) {
    if (it->is_number_integer()) {
      const auto value = it->get<std::int64_t>();
      out.status = value >= 100 && value <= 599 ? static_cast<int>(value) : 0;
    } else if (it->is_string()) {
      out.status = parse_status(it->get<std::string>());
    }
  }
  return out;
}

} // namespace

std::optional<LogRequest>
parse_log_line(std::string_view line)
{
  const std::size_t first = line.find_first_not_of(" \t\r");
  if (first == std::string_view::npos || line[first] == '#') {
    return std::nullopt;
  }
  line.remove_prefix(first);
  if (line.starts_with('{')) {
    return parse_json_line(line);
  }
  // Common/combined: `host ident user [date] "request" status bytes ["referer" "agent"]`.
  const std::size_t open = line.find(" \"");
  if (open == std::string_view::npos) {
    return std::nullopt;
  }
  const std::size_t close = line.find('"', open + 2);
  if (close == std::string_view::npos) {
    return std::nullopt;
  }
  LogRequest out;
  if (!parse_request_line(line.substr(open + 2, close - open - 2), out)) {
    return std::nullopt;
  }
  std::string_view rest = line.substr(close + 1);
  rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(' ')));
  out.status = parse_status(rest.substr(0, rest.find(' ')));
  return out;
}

bool
warmable(const LogRequest& request)
{
  return (request.method.empty() || request.method == "GET") &&
         (request.status == 0 || (request.status >= 200 && request.status < 400));
}

TopCounter::TopCounter(std::size_t capacity)
    : m_capacity(std::max<std::size_t>(1, capacity))
{
}

void
TopCounter::add(std::string_view key)
{
  ++m_total;
  std::string owned(key);
  if (const auto it = m_keys.find(owned); it != m_keys.end()) {
    const std::uint64_t count = it->second->first + 1;
    m_by_count.erase(it->second);
    it->second = m_by_count.emplace(count, std::move(owned));
    return;
  }
  std::uint64_t count = 1;
  if (m_keys.size() == m_capacity) {
    // Space-Saving: the smallest counter gives its place and its count to the new key.
    const auto smallest = m_by_count.begin();
    count = smallest->first + 1;
    m_keys.erase(smallest->second);
    m_by_count.erase(smallest);
  }
  const auto position = m_by_count.emplace(count, owned);
  m_keys.emplace(std::move(owned), position);
}

std::vector<std::pair<std::string, std::uint64_t>>
TopCounter::top(std::size_t n) const
{
  std::vector<std::pair<std::string, std::uint64_t>> all;
  all.reserve(m_by_count.size());
  for (const auto& [count, key] : m_by_count) {
    all.emplace_back(key, count);
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  all.resize(std::min(n, all.size()));
  return all;
}

} // namespace cachectl
