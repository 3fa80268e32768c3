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

OriginCheck::OriginCheck(const Config& config)
{
  for (const auto& configured : config.origins) {
    const auto parsed = normalize_url(configured);
    if (parsed && !parsed->host.empty()) {
      m_origins.push_back(origin_of(*parsed));
    }
    m_listed += (m_listed.empty() ? "" : ", ") + configured;
  }
}

std::optional<std::string>
OriginCheck::note(const NormalizedUrl& url) const
{
  if (url.host.empty()) {
    return std::nullopt;
  }
  const std::string origin = origin_of(url);
  for (const auto& configured : m_origins) {
    if (configured == origin) {
      return std::nullopt;
    }
  }
  if (m_listed.empty()) {
    return fmt::format("{} is not checked: [site] origins is not set; rules match the path only",
                       origin);
  }
  return fmt::format("{} is not one of [site] origins ({}); rules match the path only "
                     "(host-specific rules are not supported)",
                     origin,
                     m_listed);
}

std::optional<std::string>
foreign_origin_note(const Config& config, const NormalizedUrl& url)
{
  return OriginCheck(config).note(url);
}

} // namespace cachectl
