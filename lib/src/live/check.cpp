#include <cachectl/headers/headers.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/live/check.hpp>
#include <cachectl/pattern/deception.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace cachectl {

namespace {

// Seconds an Age may exceed TTL + swr by (the cache's clock and rounding).
constexpr std::int64_t k_age_slack = 2;

// `x-cache: MISS` or `no cache status header`.
std::string
status_text(const CacheStatus& status)
{
  if (status.source.empty()) {
    return "no cache status header";
  }
  return fmt::format("{}: {}", status.source, status.value);
}

// `url` with its path replaced by `path` (query and fragment dropped).
std::string
with_path(std::string_view url, std::string_view path)
{
  const std::size_t scheme = url.find("://");
  const std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const std::size_t slash = url.find_first_of("/?#", start);
  return std::string(url.substr(0, slash)) + std::string(path);
}

// The path part of `url` (from its first `/` after the host, query dropped).
std::string
path_of(std::string_view url)
{
  const std::size_t scheme = url.find("://");
  const std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const std::size_t slash = url.find_first_of("/?#", start);
  if (slash == std::string_view::npos || url[slash] != '/') {
    return "/";
  }
  return std::string(url.substr(slash, url.find_first_of("?#", slash) - slash));
}

} // namespace

std::string_view
to_string(FindingKind kind)
{
  switch (kind) {
  case FindingKind::unreachable:
    return "unreachable";
  case FindingKind::unmatched:
    return "unmatched";
  case FindingKind::header:
    return "header";
  case FindingKind::hit_expected:
    return "hit_expected";
  case FindingKind::hit_forbidden:
    return "hit_forbidden";
  case FindingKind::age:
    return "age";
  case FindingKind::deception:
    return "deception";
  }
  return "header";
}

Checker::Checker(const Config& config, const RuleMatcher& matcher, const CheckSettings& settings)
    : m_config(config)
    , m_matcher(matcher)
    , m_settings(settings)
{
}

std::vector<ProbeJob>
Checker::plan(const std::string& url) const
{
  const bool edge = m_settings.mode == CheckMode::edge;
  std::vector<ProbeJob> jobs{{url, edge ? 2U : 1U, {}}};
  if (!edge || !m_settings.deception) {
    return jobs;
  }
  const Resolution r = resolve(m_config, m_matcher, url);
  if (!r.match) {
    return jobs;
  }
  Request request;
  request.method = m_settings.method;
  const Policy policy = decide_policy(m_config, *r.match, request);
  if (policy.cacheable) {
    return jobs;
  }
  for (const std::string& spelling : deception_spellings(path_of(url), m_config.trailing_slash)) {
    jobs.push_back({with_path(url, spelling), 2, {}});
  }
  return jobs;
}

UrlCheck
Checker::evaluate(const std::string& url,
                  const std::vector<std::vector<ProbeResponse>>& responses) const
{
  UrlCheck out;
  out.url = url;
  const std::vector<ProbeResponse>& main = responses.at(0);
  if (main.empty() || main.front().status == 0) {
    out.findings.push_back({FindingKind::unreachable,
                            main.empty() ? std::string("not requested")
                                         : fmt::format("no response: {}", main.front().error),
                            std::nullopt});
    return out;
  }
  out.answered = true;
  const ProbeResponse& first = main.front();
  out.status = first.status;
  const Resolution r = resolve(m_config, m_matcher, url);
  out.path = r.path;
  if (!r.match) {
    out.findings.push_back({FindingKind::unmatched, "no rule of the config matches", std::nullopt});
    return out;
  }
  out.rule = r.match->rule;
  Request request;
  request.method = m_settings.method;
  request.status = first.status;
  request.query = r.url.query;
  request.has_query = r.url.has_query;
  const Policy policy = decide_policy(m_config, *r.match, request);
  const ProviderInfo& provider = *m_settings.provider;
  const HeaderSet expected =
      generate_headers(provider, policy, provider_settings(m_config, provider.name));
  const bool edge = m_settings.mode == CheckMode::edge;
  for (HeaderDiff& diff :
       edge ? compare_edge(expected, first.headers) : compare_origin(expected, first.headers)) {
    std::string message =
        diff.absent
            ? fmt::format("{} missing (configured: {})", diff.name, diff.expected)
            : fmt::format("{} differs{}", diff.name, diff.detail.empty() ? "" : ": " + diff.detail);
    out.findings.push_back({FindingKind::header, std::move(message), std::move(diff)});
  }
  std::int64_t ttl = policy.options.max_age.value_or(0);
  if (provider.max_ttl > 0) {
    ttl = std::min(ttl, provider.max_ttl);
  }
  out.cacheable = policy.cacheable && ttl > 0;
  if (!edge) {
    return out;
  }
  out.first = cache_status_of(first.headers);
  if (main.size() > 1 && main[1].status != 0) {
    out.second = cache_status_of(main[1].headers);
  }
  const std::int64_t limit = ttl + policy.options.swr.value_or(0);
  for (const auto* status : {&out.first, &out.second}) {
    if (!*status) {
      continue;
    }
    if (out.cacheable && (*status)->age && *(*status)->age > limit + k_age_slack) {
      out.findings.push_back({FindingKind::age,
                              fmt::format("Age {} exceeds the CDN TTL {} s + swr {} s",
                                          *(*status)->age,
                                          ttl,
                                          policy.options.swr.value_or(0)),
                              std::nullopt});
      break;
    }
  }
  if (!out.cacheable) {
    for (const auto* status : {&out.first, &out.second}) {
      if (*status && served_from_cache((*status)->state)) {
        out.findings.push_back(
            {FindingKind::hit_forbidden,
             fmt::format("served from cache ({}), but the config says {}",
                         status_text(**status),
                         policy.cacheable ? "a TTL of 0" : "it is not cacheable"),
             std::nullopt});
        break;
      }
    }
  } else if (out.second && first.status >= 200 && first.status <= 299) {
    if (out.first->state == CacheState::unknown && out.second->state == CacheState::unknown) {
      out.notes.push_back("no cache status header (Cache-Status, cf-cache-status, x-cache, Age): "
                          "the HIT check was skipped");
    } else if (!served_from_cache(out.second->state)) {
      out.findings.push_back(
          {FindingKind::hit_expected,
           fmt::format("second request was not served from cache ({}), but the config caches "
                       "it for {} s",
                       status_text(*out.second),
                       ttl),
           std::nullopt});
    }
  } else if (!out.second) {
    out.notes.push_back("the second request got no response: the HIT check was skipped");
  }
  for (std::size_t i = 1; i < responses.size(); ++i) {
    for (const ProbeResponse& probe : responses[i]) {
      const CacheStatus status = cache_status_of(probe.headers);
      if (probe.status >= 200 && probe.status <= 299 && served_from_cache(status.state)) {
        out.findings.push_back(
            {FindingKind::deception,
             fmt::format("{} (a spelling many origins serve as this page) was served from "
                         "cache ({}): a web cache deception risk",
                         path_of(plan(url)[i].url),
                         status_text(status)),
             std::nullopt});
        break;
      }
    }
  }
  return out;
}

CheckSummary
run_check(const Checker& checker,
          Prober& prober,
          const std::vector<std::string>& urls,
          const std::function<void(const UrlCheck&)>& each)
{
  const auto start = std::chrono::steady_clock::now();
  CheckSummary summary;
  summary.urls = urls.size();
  std::vector<ProbeJob> jobs;
  struct Slot {
    std::size_t url = 0;
    std::size_t part = 0;
  };
  std::vector<Slot> slots;
  std::vector<std::vector<std::vector<ProbeResponse>>> collected(urls.size());
  std::vector<std::size_t> pending(urls.size(), 0);
  const auto report = [&](const UrlCheck& result) {
    ++summary.checked;
    const bool unreachable =
        std::any_of(result.findings.begin(), result.findings.end(), [](const Finding& f) {
          return f.kind == FindingKind::unreachable;
        });
    if (unreachable) {
      ++summary.unreachable;
    } else if (result.findings.empty()) {
      ++summary.as_configured;
    } else {
      ++summary.drifted;
    }
    each(result);
  };
  for (std::size_t i = 0; i < urls.size(); ++i) {
    if (const std::string why = probe_refusal(urls[i]); !why.empty()) {
      UrlCheck refused;
      refused.url = urls[i];
      refused.findings.push_back({FindingKind::unreachable, why, std::nullopt});
      report(refused);
      continue;
    }
    std::vector<ProbeJob> plan = checker.plan(urls[i]);
    collected[i].resize(plan.size());
    pending[i] = plan.size();
    for (std::size_t part = 0; part < plan.size(); ++part) {
      slots.push_back({i, part});
      jobs.push_back(std::move(plan[part]));
    }
  }
  const bool finished =
      prober.run(jobs, [&](std::size_t job, std::vector<ProbeResponse> responses) {
        const Slot slot = slots[job];
        summary.requests += responses.size();
        collected[slot.url][slot.part] = std::move(responses);
        if (--pending[slot.url] == 0) {
          report(checker.evaluate(urls[slot.url], collected[slot.url]));
          collected[slot.url].clear();
        }
      });
  summary.interrupted = !finished;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

} // namespace cachectl
