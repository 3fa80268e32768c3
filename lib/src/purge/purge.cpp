// Purger's public helpers and accessors; the settings are resolved in purge_settings.cpp and
// the run loop is purge_run.cpp.
#include "purge/purger_impl.hpp"
#include "purge/signing.hpp"

#include <cachectl/purge/purge.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cachectl {

Environment
process_environment()
{
  return process_env();
}

HttpRequest
redacted(const HttpRequest& request)
{
  HttpRequest out = request;
  for (auto& [name, value] : out.headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
      return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    if (std::find(request.secret_headers.begin(), request.secret_headers.end(), lower) ==
        request.secret_headers.end()) {
      continue;
    }
    // Keep an auth scheme word (`Bearer`, `EG1-HMAC-SHA256`, `AWS4-HMAC-SHA256`) for clarity.
    const std::size_t space = value.find(' ');
    const bool scheme =
        space != std::string::npos && space > 0 &&
        std::all_of(value.begin(), value.begin() + static_cast<long>(space), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-';
        });
    value = scheme ? value.substr(0, space) + " ***" : "***";
  }
  return out;
}

std::string
purge_unsupported(const ProviderInfo& provider, TargetKind kind)
{
  const PurgeProfile& profile = provider.purge;
  // Items per call of each kind the provider purges (path and rule expand to url and tag).
  const auto limit = [&](TargetKind k) -> std::size_t {
    switch (k) {
    case TargetKind::url:
    case TargetKind::path:
      return profile.url_batch;
    case TargetKind::tag:
    case TargetKind::rule:
      return profile.tag_batch;
    case TargetKind::prefix:
      return profile.prefix_batch;
    case TargetKind::host:
      return profile.host_batch;
    case TargetKind::everything:
      return profile.everything ? 1 : 0;
    }
    return 0;
  };
  if (limit(kind) > 0) {
    return {};
  }
  std::vector<std::string_view> kinds;
  for (const TargetKind k : {TargetKind::url,
                             TargetKind::tag,
                             TargetKind::prefix,
                             TargetKind::host,
                             TargetKind::everything}) {
    if (limit(k) > 0) {
      kinds.push_back(target_kind_name(k));
    }
  }
  return fmt::format("{} cannot purge by {} (it purges: {})",
                     provider.display,
                     target_kind_name(kind),
                     fmt::join(kinds, ", "));
}

Purger::Purger(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

Purger::Purger(Purger&&) noexcept = default;
Purger& Purger::operator=(Purger&&) noexcept = default;
Purger::~Purger() = default;

const PurgeSettings&
Purger::settings() const
{
  return m_impl->settings;
}

std::string
Purger::unsupported(TargetKind kind) const
{
  if (m_impl->batch_limit(kind) > 0) {
    return {};
  }
  return purge_unsupported(*m_impl->settings.provider, kind);
}

} // namespace cachectl
