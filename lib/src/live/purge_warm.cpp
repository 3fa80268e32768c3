#include "util/text.hpp"

#include <cachectl/headers/policy.hpp>
#include <cachectl/live/purge_warm.hpp>

#include <algorithm>
#include <set>

namespace cachectl {

namespace {

// `url` without its scheme and `://`, its host lowercased: `host[:port]/path?query`.
std::string
without_scheme(std::string_view url)
{
  const std::size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
  }
  const std::size_t end = std::min(url.find_first_of("/?#"), url.size());
  return ascii_lower(url.substr(0, end)) + std::string(url.substr(end));
}

// The authority (`host[:port]`) of an absolute URL, lowercased.
std::string
host_of(std::string_view url)
{
  const std::string rest = without_scheme(url);
  return rest.substr(0, rest.find_first_of("/?#"));
}

// The path and query of an absolute URL (`/` when it has no path), fragment dropped.
std::string
path_and_query(std::string_view url)
{
  const std::string rest = without_scheme(url);
  const std::size_t start = rest.find_first_of("/?#");
  if (start == std::string::npos || rest[start] == '#') {
    return "/";
  }
  std::string out = rest.substr(start, rest.find('#', start) - start);
  return out.starts_with('/') ? out : "/" + out;
}

} // namespace

bool
purge_covers(const Config& config,
             const RuleMatcher& matcher,
             const Target& target,
             std::string_view url)
{
  switch (target.kind) {
  case TargetKind::url:
  case TargetKind::path:
    return without_scheme(target.value) == without_scheme(url);
  case TargetKind::prefix:
    return without_scheme(url).starts_with(without_scheme(target.value));
  case TargetKind::host:
    return host_of(url) == ascii_lower(target.value);
  case TargetKind::everything:
    return true;
  case TargetKind::tag: {
    const Resolution r = resolve(config, matcher, url);
    if (!r.match) {
      return false;
    }
    Request request;
    request.query = r.url.query;
    request.has_query = r.url.has_query;
    const Policy policy = decide_policy(config, *r.match, request);
    const auto& tags = policy.options.tags;
    return policy.cacheable && std::find(tags.begin(), tags.end(), target.value) != tags.end();
  }
  case TargetKind::rule:
    break;
  }
  return false; // rules are expanded to tags before purging
}

std::vector<ProbeJob>
warm_jobs_after_purge(const Config& config,
                      const RuleMatcher& matcher,
                      const std::vector<PurgedTarget>& purged,
                      const std::vector<std::string>& candidates,
                      unsigned times)
{
  std::vector<ProbeJob> jobs;
  std::set<std::pair<std::string, std::string>> seen;
  const auto add = [&](const std::string& url, const std::string& node) {
    ProbeJob job{url, times, {}};
    if (!node.empty()) {
      std::string base = node;
      while (base.ends_with('/')) {
        base.pop_back();
      }
      job.url = base + path_and_query(url);
      job.host = host_of(url);
    }
    if (seen.emplace(job.url, job.host).second) {
      jobs.push_back(std::move(job));
    }
  };
  for (const PurgedTarget& p : purged) {
    if (p.target.kind == TargetKind::url || p.target.kind == TargetKind::path) {
      add(p.target.value, p.node);
    }
  }
  for (const std::string& url : candidates) {
    for (const PurgedTarget& p : purged) {
      if (p.target.kind != TargetKind::url && p.target.kind != TargetKind::path &&
          purge_covers(config, matcher, p.target, url)) {
        add(url, p.node);
      }
    }
  }
  return jobs;
}

} // namespace cachectl
