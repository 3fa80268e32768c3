#include <cachectl/config/origins.hpp>

#include <fmt/format.h>

namespace cachectl {

namespace {

// `scheme://host[:port]` of a normalized URL.
std::string
origin_of(const NormalizedUrl& url)
{
  return url.scheme + "://" + url.host + (url.port.empty() ? "" : ":" + url.port);
}

} // namespace

std::optional<std::string>
foreign_origin_note(const Config& config, const NormalizedUrl& url)
{
  if (url.host.empty()) {
    return std::nullopt;
  }
  const std::string origin = origin_of(url);
  std::string listed;
  for (const auto& configured : config.origins) {
    const auto parsed = normalize_url(configured);
    if (parsed && !parsed->host.empty() && origin_of(*parsed) == origin) {
      return std::nullopt;
    }
    listed += (listed.empty() ? "" : ", ") + configured;
  }
  if (listed.empty()) {
    return fmt::format("{} is not checked: [site] origins is not set; rules match the path only",
                       origin);
  }
  return fmt::format("{} is not one of [site] origins ({}); rules match the path only "
                     "(host-specific rules are not supported)",
                     origin,
                     listed);
}

} // namespace cachectl
