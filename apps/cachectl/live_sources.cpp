#include "live_sources.hpp"

#include "cli.hpp"
#include "render.hpp"
#include "url_input.hpp"

#include <cachectl/analysis/expectation_generate.hpp>
#include <cachectl/live/access_log.hpp>
#include <cachectl/live/sitemap.hpp>
#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/util/line_reader.hpp>

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_set>

namespace cachectl::cli {

namespace {

// Largest sitemap document read (the sitemaps.org limit, uncompressed).
constexpr std::size_t k_max_sitemap_bytes = 50 * 1024 * 1024;

// Longest access log line kept (the rest of a longer line is skipped as it is read).
constexpr std::size_t k_max_log_line = 64 * 1024;

// Counters kept per wanted path when counting an access log (Space-Saving: a path whose share
// of requests is above 1 / (this × N) is never lost).
constexpr std::size_t k_counters_per_top = 20;

// True for an absolute http(s) URL.
bool
is_absolute(std::string_view text)
{
  return text.starts_with("http://") || text.starts_with("https://") ||
         text.starts_with("HTTP://") || text.starts_with("HTTPS://");
}

// Builds the list: absolute URLs as they are, paths joined to the base, each once.
class UrlList {
public:
  UrlList(std::string_view command, std::string base, const Terminal& err)
      : m_command(command)
      , m_base(std::move(base))
      , m_err(err)
  {
    while (!m_base.empty() && m_base.back() == '/') {
      m_base.pop_back();
    }
  }

  // Adds `text` read at `where`; a refused one is reported.
  void
  add(std::string_view text, std::string_view where)
  {
    std::string url;
    if (is_absolute(text)) {
      url = std::string(text);
    } else if (text.starts_with('/') && !m_base.empty()) {
      url = m_base + std::string(text);
    } else {
      refuse(where,
             text,
             text.starts_with('/') ? "a path needs --base URL (or [site] origins in the config)"
                                   : "not an http(s) URL or a path starting with /");
      return;
    }
    if (const std::string why = probe_refusal(url); !why.empty()) {
      refuse(where, text, why);
      return;
    }
    if (m_result.urls.size() == k_max_live_urls) {
      ++m_left_out;
      return;
    }
    if (m_seen.insert(url).second) {
      m_result.urls.push_back(std::move(url));
    }
  }

  // Reports a refused input.
  void
  refuse(std::string_view where, std::string_view text, std::string_view why)
  {
    ++m_result.refused;
    print_error(m_err,
                fmt::format("{}: {}{}: {}",
                            m_command,
                            where.empty() ? "" : fmt::format("{}: ", printable(where)),
                            printable(redacted_input(text)),
                            why));
  }

  // The list, with a warning when the limit left URLs out.
  LiveUrls
  take()
  {
    if (m_left_out > 0) {
      m_err.write(fmt::format("cachectl: warning: {}: only the first {} URLs are used; {} "
                              "more were left out\n",
                              m_command,
                              k_max_live_urls,
                              m_left_out));
    }
    return std::move(m_result);
  }

private:
  std::string_view m_command;
  std::string m_base;
  const Terminal& m_err;
  LiveUrls m_result;
  std::unordered_set<std::string> m_seen;
  std::size_t m_left_out = 0;
};

// Reads one URL per line of `path` ("-": stdin) into `list`; an error when it cannot be read.
std::optional<SourceError>
read_list(std::string_view command, const std::string& path, UrlList& list)
{
  auto reader = LineReader::open(path, max_input_line());
  if (!reader) {
    return SourceError{exit_io, fmt::format("{}: {}", command, reader.error())};
  }
  while (const auto line = reader->next()) {
    const std::string where = fmt::format("{}:{}", reader->name(), line->number);
    if (line->cut()) {
      list.refuse(where,
                  std::string(line->text.substr(0, 60)),
                  fmt::format("a line of {} bytes is longer than the limit of {}",
                              line->bytes,
                              max_input_line()));
      continue;
    }
    const std::string_view text = trim_line(line->text);
    if (text.empty() || text.starts_with('#')) {
      continue;
    }
    list.add(text, where);
  }
  if (!reader->error().empty()) {
    return SourceError{exit_io, fmt::format("{}: {}", command, reader->error())};
  }
  return std::nullopt;
}

// A local file of at most k_max_sitemap_bytes, whole.
std::expected<std::string, std::string>
read_small_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::unexpected(fmt::format("cannot read {}", path));
  }
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > k_max_sitemap_bytes) {
      return std::unexpected(fmt::format("{} is larger than {} bytes", path, k_max_sitemap_bytes));
    }
  }
  if (in.bad()) {
    return std::unexpected(fmt::format("cannot read {}", path));
  }
  return text;
}

// Adds the page URLs of the sitemap at `root` (a URL or a file).
std::optional<SourceError>
read_sitemap(std::string_view command,
             const std::string& root,
             Prober& prober,
             UrlList& list,
             const Terminal& err)
{
  const SitemapFetch fetch =
      [&](const std::string& location) -> std::expected<std::string, std::string> {
    if (is_absolute(location)) {
      return prober.fetch_body(location, k_max_sitemap_bytes);
    }
    if (location == root) {
      return read_small_file(location);
    }
    return std::unexpected("a sitemap index entry must be an http(s) URL");
  };
  const auto found = collect_sitemap(root, fetch, SitemapLimits{});
  if (!found) {
    return SourceError{
        is_absolute(root) ? exit_remote : exit_io,
        fmt::format("{}: --sitemap {}: {}", command, printable(root), printable(found.error()))};
  }
  for (const std::string& problem : found->problems) {
    err.write(fmt::format(
        "cachectl: warning: {}: --sitemap {}: {}\n", command, printable(root), printable(problem)));
  }
  for (const std::string& url : found->urls) {
    list.add(url, fmt::format("sitemap {}", root));
  }
  return std::nullopt;
}

// Adds the `top` most requested paths of the access log `path`.
std::optional<SourceError>
read_top(std::string_view command, const std::string& path, std::size_t top, UrlList& list)
{
  auto reader = LineReader::open(path, k_max_log_line);
  if (!reader) {
    return SourceError{exit_io, fmt::format("{}: --log: {}", command, reader.error())};
  }
  TopCounter counter(top * k_counters_per_top);
  while (const auto line = reader->next()) {
    if (line->cut()) {
      continue; // no request line is that long; a cut one is not counted
    }
    if (const auto request = parse_log_line(line->text); request && warmable(*request)) {
      counter.add(request->path);
    }
  }
  if (!reader->error().empty()) {
    return SourceError{exit_io, fmt::format("{}: --log: {}", command, reader->error())};
  }
  for (const auto& [key, count] : counter.top(top)) {
    list.add(key, fmt::format("{} ({} requests)", path, count));
  }
  return std::nullopt;
}

} // namespace

std::expected<LiveUrls, SourceError>
collect_live_urls(std::string_view command,
                  const LiveOptions& opts,
                  const Config& config,
                  Prober& prober,
                  const Terminal& err)
{
  const std::string base =
      !opts.base.empty() ? opts.base : (config.origins.empty() ? "" : config.origins.front());
  if (!opts.base.empty() && !is_absolute(opts.base)) {
    return std::unexpected(SourceError{
        exit_usage,
        fmt::format("{}: --base {} is not an http(s) URL", command, printable(opts.base))});
  }
  UrlList list(command, base, err);
  for (const std::string& operand : opts.urls) {
    if (operand == "-") {
      if (auto error = read_list(command, "-", list)) {
        return std::unexpected(*error);
      }
    } else {
      list.add(operand, "");
    }
  }
  for (const std::string& file : opts.from) {
    if (auto error = read_list(command, file, list)) {
      return std::unexpected(*error);
    }
  }
  for (const std::string& root : opts.sitemaps) {
    if (auto error = read_sitemap(command, root, prober, list, err)) {
      return std::unexpected(*error);
    }
  }
  if (opts.sample > 0) {
    const CompiledMatcher matcher(config);
    std::size_t taken = 0;
    for (std::size_t i = 0; i < config.rules.size() && taken < opts.sample; ++i) {
      if (const auto path = winning_url(config, matcher, i)) {
        list.add(*path, fmt::format("--sample (rule {})", config.rules[i].pattern.source()));
        ++taken;
      }
    }
  }
  if (opts.top > 0) {
    if (auto error = read_top(command, opts.log, opts.top, list)) {
      return std::unexpected(*error);
    }
  }
  return list.take();
}

} // namespace cachectl::cli
