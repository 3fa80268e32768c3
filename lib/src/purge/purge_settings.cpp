// Purger::create: the settings a purge runs with, from the provider's defaults, its
// `[providers.<name>]` table and the flags; its credentials; its adapter.
#include "purge/http_client.hpp"
#include "purge/purger_impl.hpp"

#include <cachectl/config/config_keys.hpp>
#include <cachectl/purge/purge.hpp>

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <tuple>

namespace cachectl {

namespace {

// Parses a non-negative number setting; nullopt when it is not one.
std::optional<double>
parse_number(std::string_view text)
{
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
      value < 0) {
    return std::nullopt;
  }
  return value;
}

} // namespace

std::string
purge_setting_refusal(std::string_view name, double value)
{
  const KeySpec* spec = find_key(KeyScope::provider, name);
  return spec != nullptr && spec->type == KeyType::number ? number_refusal(*spec, value)
                                                          : std::string();
}

std::expected<Purger, PurgeError>
Purger::create(const Config& config,
               std::string_view provider_name,
               const PurgeOverrides& overrides,
               const Environment& environment)
{
  const auto usage = [](std::string message) {
    return std::unexpected(PurgeError{PurgeErrorKind::usage, std::move(message)});
  };
  const auto config_error = [](std::string message) {
    return std::unexpected(PurgeError{PurgeErrorKind::config, std::move(message)});
  };
  const std::string name(provider_name.empty() ? std::string_view(config.provider) : provider_name);
  std::vector<std::string> purgeable;
  for (const ProviderInfo* p : providers()) {
    if (p->purge.available) {
      purgeable.emplace_back(p->name);
    }
  }
  if (name.empty()) {
    return usage(fmt::format("no provider: pass --provider or set [site] provider ({})",
                             fmt::join(purgeable, ", ")));
  }
  const ProviderInfo* provider = find_provider(name);
  if (provider == nullptr) {
    return usage(
        fmt::format("unknown provider \"{}\"; one of: {}", name, fmt::join(purgeable, ", ")));
  }
  if (!provider->purge.available) {
    return usage(fmt::format("provider \"{}\" is a header profile with no purge API; purge "
                             "through the CDN or cache that serves the responses, or http (a "
                             "webhook): one of {}",
                             name,
                             fmt::join(purgeable, ", ")));
  }

  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->environment = environment;
  PurgeSettings& settings = impl->settings;
  PurgeContext& context = impl->context;
  settings.provider = provider;
  context.provider = provider;
  const auto table = std::find_if(config.providers.begin(),
                                  config.providers.end(),
                                  [&](const ProviderSettings& s) { return s.name == name; });
  if (table != config.providers.end()) {
    context.values = table->values;
    context.lists = table->lists;
  }
  const std::string where = fmt::format("[providers.{}]", name);

  for (const RequiredSetting& required : provider->required) {
    const std::string key(required.key);
    const auto value = context.values.find(key);
    const auto list = context.lists.find(key);
    if ((value == context.values.end() || value->second.empty()) &&
        (list == context.lists.end() || list->second.empty())) {
      return config_error(fmt::format("{} needs `{}` ({}) to purge; add it to {}",
                                      where,
                                      key,
                                      required.shape_text,
                                      config.file));
    }
    if (value != context.values.end() && !required.shape.empty() &&
        !RE2::FullMatch(value->second, RE2(required.shape))) {
      return config_error(fmt::format("`{}` of {} must be {}", key, where, required.shape_text));
    }
  }

  // Numbers: the config, else the provider's default; flags override both.
  const auto number =
      [&](std::string_view key) -> std::expected<std::optional<double>, PurgeError> {
    const auto it = context.values.find(std::string(key));
    if (it == context.values.end()) {
      return std::nullopt;
    }
    const auto parsed = parse_number(it->second);
    if (!parsed) {
      return config_error(fmt::format("`{}` of {} is not a number", key, where));
    }
    return parsed;
  };
  const PurgeProfile& profile = provider->purge;
  settings.rate = profile.rate;
  settings.concurrency = profile.concurrency;
  for (const auto& [key, target] : {std::pair{"rate", &settings.rate},
                                    std::pair{"timeout", &settings.timeout},
                                    std::pair{"deadline", &settings.deadline}}) {
    auto value = number(key);
    if (!value) {
      return std::unexpected(value.error());
    }
    if (*value) {
      if (const std::string why = purge_setting_refusal(key, **value); !why.empty()) {
        return config_error(fmt::format("`{}` of {} {}", key, where, why));
      }
      *target = **value;
    }
  }
  for (const auto& [key, target] :
       {std::pair{"concurrency", &settings.concurrency}, std::pair{"retries", &settings.retries}}) {
    auto value = number(key);
    if (!value) {
      return std::unexpected(value.error());
    }
    if (*value) {
      *target = static_cast<unsigned>(**value);
    }
  }
  if (auto value = number("batch_size"); !value) {
    return std::unexpected(value.error());
  } else if (*value) {
    settings.batch_size = static_cast<std::size_t>(**value);
  }
  for (const auto& [key, flag, target] :
       {std::tuple{"rate", overrides.rate, &settings.rate},
        std::tuple{"timeout", overrides.timeout, &settings.timeout},
        std::tuple{"deadline", overrides.deadline, &settings.deadline}}) {
    if (!flag) {
      continue;
    }
    if (const std::string why = purge_setting_refusal(key, *flag); !why.empty()) {
      return usage(fmt::format("--{} {}", key, why));
    }
    *target = *flag;
  }
  if (overrides.concurrency) {
    settings.concurrency = *overrides.concurrency;
  }
  if (overrides.retries) {
    settings.retries = *overrides.retries;
  }
  if (overrides.batch_size) {
    settings.batch_size = *overrides.batch_size;
  }
  if (settings.rate <= 0 || settings.timeout <= 0 || settings.concurrency == 0) {
    return usage("--rate, --timeout and --concurrency must be greater than 0");
  }
  settings.connect_timeout = std::min(10.0, settings.timeout);
  settings.soft = overrides.soft;
  settings.dry_run = overrides.dry_run;
  if (settings.soft && !profile.soft) {
    return usage(fmt::format("{} has no soft purge; drop --soft", provider->display));
  }

  // Where requests go: https only, http only to loopback (tests, local proxies).
  settings.endpoint = context.value("endpoint", profile.endpoint);
  while (settings.endpoint.ends_with('/')) {
    settings.endpoint.pop_back();
  }
  std::vector<std::pair<std::string, std::string>> destinations;
  if (!settings.endpoint.empty()) {
    destinations.emplace_back("endpoint", settings.endpoint);
  }
  if (const auto nodes = context.lists.find("nodes"); nodes != context.lists.end()) {
    for (const auto& node : nodes->second) {
      destinations.emplace_back("nodes", node);
    }
  }
  if (const auto url = context.values.find("url"); url != context.values.end()) {
    destinations.emplace_back("url", url->second);
  }
  for (const auto& [key, url] : destinations) {
    if (!url.starts_with("https://") && !url.starts_with("http://")) {
      return config_error(
          fmt::format("`{}` of {} must be an https:// URL, not \"{}\"", key, where, url));
    }
    if (!transport_allowed(url)) {
      return config_error(fmt::format(
          "`{}` of {} is plain http:// ({}); credentials and purges only travel over https:// "
          "(http:// is allowed to loopback addresses only)",
          key,
          where,
          url));
    }
  }
  context.endpoint = settings.endpoint;

  // The token: only ever from the environment.
  settings.token_env = context.value("token_env", profile.token_env);
  if (!settings.token_env.empty()) {
    if (auto token = environment(settings.token_env); token && !token->empty()) {
      context.token = std::move(*token);
    } else if (settings.dry_run) {
      context.token = "$" + settings.token_env; // shown as *** like a real token
    } else if (profile.token_required || context.values.contains("token_env")) {
      return std::unexpected(PurgeError{
          PurgeErrorKind::credentials,
          fmt::format("{} is not set: {} reads its API token from the environment variable "
                      "named by `token_env` of {} (default {})",
                      settings.token_env,
                      provider->display,
                      where,
                      profile.token_env.empty() ? std::string_view("none") : profile.token_env)});
    }
  }
  context.soft = settings.soft;
  context.dry_run = settings.dry_run;
  context.environment = &impl->environment;
  auto adapter = make_purge_adapter(context);
  if (!adapter) {
    return std::unexpected(adapter.error());
  }
  impl->adapter = std::move(*adapter);
  return Purger(std::move(impl));
}

} // namespace cachectl
