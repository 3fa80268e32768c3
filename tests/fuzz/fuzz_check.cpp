// Fuzz target: how `check` judges live responses (lib/src/live/check.cpp), the HTTP response
// handling of check and warm. The first byte picks a URL of a fixed config (a cacheable page,
// an opt-out with its deception spellings, a TTL of 0, an unmatched path) and the mode (edge or
// origin); then come responses separated by `--` lines, each a status line (three digits; none:
// no response) followed by header lines. Properties: no response is exactly one `unreachable`
// finding; a response whose URL no rule covers is exactly one `unmatched`; every finding
// message is one line (header values hold no line break, as the transport gives them); a
// `header` finding carries its diff; at the origin no cache behaviour is judged; a page the
// config does not cache never gets `hit_expected` or `age`, a cached one never
// `hit_forbidden`; `deception` only for an opted-out page.
#include "fuzz_support.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/headers/providers.hpp>
#include <cachectl/live/check.hpp>
#include <cachectl/match/compiled_matcher.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

using cachectl::fuzz::check;

namespace {

constexpr std::string_view k_config = R"(version = 1
[site]
origins = ["https://www.example.com"]
[defaults]
vary = ["Accept-Encoding"]
[routes."/blog/[slug]"]
max_age = 300
swr = 60
browser_max_age = 60
tags = ["blog", "post:{slug}"]
[routes."/api/[...rest]"]
cache = false
[routes."/zero"]
max_age = 0
[routes."/etag"]
max_age = 60
etag = "\"v1\""
)";

constexpr std::string_view k_urls[] = {"https://www.example.com/blog/a",
                                       "https://www.example.com/api/me",
                                       "https://www.example.com/zero",
                                       "https://www.example.com/etag",
                                       "https://www.example.com/none",
                                       "https://www.example.com/blog/a?x=1"};

// The config, its matcher and the providers, built once.
struct World {
  cachectl::Config config;
  std::unique_ptr<cachectl::CompiledMatcher> matcher;

  World()
  {
    auto loaded = cachectl::parse_config(k_config, "cache.toml");
    check(loaded.has_value(), "the fuzz config loads");
    config = std::move(*loaded);
    matcher = std::make_unique<cachectl::CompiledMatcher>(config);
  }
};

// One response from a block of lines: a status line, then headers.
cachectl::ProbeResponse
response_of(const std::vector<std::string_view>& lines)
{
  cachectl::ProbeResponse out;
  if (lines.empty()) {
    out.error = "Connection refused";
    return out;
  }
  const std::string_view status = lines.front().substr(0, 3);
  int value = 0;
  if (status.size() == 3 &&
      std::from_chars(status.data(), status.data() + 3, value).ptr == status.data() + 3 &&
      value >= 100 && value <= 599) {
    out.status = value;
  } else {
    out.error = "Operation timed out";
    return out;
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t colon = lines[i].find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    std::string name(lines[i].substr(0, colon));
    for (char& c : name) {
      c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    std::string field(lines[i].substr(colon + 1));
    std::erase(field, '\r');
    out.headers.emplace_back(std::move(name), std::move(field));
  }
  return out;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const World world;
  if (size < 1) {
    return 0;
  }
  const std::string url(k_urls[data[0] % std::size(k_urls)]);
  const bool origin = (data[0] & 0x80U) != 0;
  const cachectl::CheckSettings settings{
      .mode = origin ? cachectl::CheckMode::origin : cachectl::CheckMode::edge,
      .provider = cachectl::find_provider((data[0] & 0x40U) != 0 ? "cloudflare" : "generic")};
  const cachectl::Checker checker(world.config, *world.matcher, settings);
  const auto plan = checker.plan(url);
  check(!plan.empty() && plan.front().url == url, "the URL itself is requested first");
  // Responses: blocks separated by `--` lines, dealt out to the jobs in order.
  std::vector<std::vector<cachectl::ProbeResponse>> responses(plan.size());
  std::vector<std::string_view> block;
  std::size_t job = 0;
  const auto flush = [&] {
    if (job < plan.size()) {
      cachectl::ProbeResponse response = response_of(block);
      const bool answered = response.status != 0;
      responses[job].push_back(std::move(response));
      if (!answered || responses[job].size() == plan[job].times) {
        ++job;
      }
    }
    block.clear();
  };
  for (const std::string_view line :
       cachectl::fuzz::split_lines(cachectl::fuzz::as_text(data + 1, size - 1), 256)) {
    if (line == "--") {
      flush();
    } else {
      block.push_back(line);
    }
  }
  flush();
  const cachectl::UrlCheck result = checker.evaluate(url, responses);
  check(result.url == url, "the result names its URL");
  const auto has = [&](cachectl::FindingKind kind) {
    for (const auto& finding : result.findings) {
      if (finding.kind == kind) {
        return true;
      }
    }
    return false;
  };
  for (const auto& finding : result.findings) {
    check(finding.message.find_first_of("\r\n") == std::string::npos,
          "a finding is one line",
          finding.message);
    check(!finding.message.empty(), "a finding says something");
    check((finding.kind == cachectl::FindingKind::header) == finding.diff.has_value(),
          "header findings and only they carry a diff",
          finding.message);
  }
  if (responses[0].empty() || responses[0][0].status == 0) {
    check(!result.answered && result.findings.size() == 1 &&
              result.findings[0].kind == cachectl::FindingKind::unreachable,
          "no response is exactly one unreachable finding");
    return 0;
  }
  check(result.answered && result.status == responses[0][0].status,
        "the first response's status is reported");
  check(!has(cachectl::FindingKind::unreachable), "an answered URL is not unreachable");
  if (!result.rule) {
    check(result.findings.size() == 1 &&
              result.findings[0].kind == cachectl::FindingKind::unmatched,
          "an unmatched URL is exactly one unmatched finding");
    return 0;
  }
  if (origin) {
    check(!result.first && !result.second, "the origin mode observes no cache");
    for (const auto& finding : result.findings) {
      check(finding.kind == cachectl::FindingKind::header,
            "the origin mode judges headers only",
            finding.message);
    }
    return 0;
  }
  check(result.first.has_value(), "the edge mode reads the first response's cache status");
  if (result.cacheable) {
    check(!has(cachectl::FindingKind::hit_forbidden), "a cached page may HIT");
    check(!has(cachectl::FindingKind::deception), "only an opted-out page has spellings");
  } else {
    check(!has(cachectl::FindingKind::hit_expected) && !has(cachectl::FindingKind::age),
          "a page not cached is not expected to HIT or age");
  }
  return 0;
}
