// Checks of the [providers.*] tables: required settings, ids, secrets.
#include "analysis/tag_text.hpp"
#include "analysis/validator.hpp"
#include "util/edit_distance.hpp"
#include "util/secret.hpp"
#include "util/text.hpp"

#include <cachectl/match/matcher.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <tuple>

namespace cachectl {

// Required settings, id shapes, token_env names and literal secrets of [providers.*].
void
Validator::check_providers()
{
  static const RE2 env_name("[A-Za-z_][A-Za-z0-9_]*");
  for (const ProviderSettings& settings : m_config.providers) {
    const ProviderInfo* info = find_provider(settings.name);
    const SourceSpan table_at =
        span(settings.pos,
             SourcePos{settings.pos.line,
                       settings.pos.column + static_cast<std::uint32_t>(settings.name.size())});
    auto value_at = [&](const std::string& key) {
      const KeyPlace& p = settings.key_pos.at(key);
      return span(p.value, p.value_end);
    };
    auto key_at = [&](const std::string& key) {
      const KeyPlace& p = settings.key_pos.at(key);
      return span(p.key, p.key_end);
    };
    std::set<std::string> ids;
    if (info != nullptr) {
      for (const RequiredSetting& required : info->required) {
        const std::string key(required.key);
        ids.insert(key);
        const bool present = settings.values.contains(key) || settings.lists.contains(key);
        if (!present) {
          add("missing-provider-setting",
              table_at,
              fmt::format("[providers.{}] lacks `{}` ({}), which purging needs",
                          settings.name,
                          key,
                          required.shape_text));
          continue;
        }
        if (settings.lists.contains(key) && settings.lists.at(key).empty()) {
          add("missing-provider-setting",
              value_at(key),
              fmt::format("`{}` is empty; purging needs {}", key, required.shape_text));
          continue;
        }
        if (settings.values.contains(key) && !required.shape.empty() &&
            !RE2::FullMatch(settings.values.at(key), RE2(required.shape))) {
          add("malformed-id",
              value_at(key),
              fmt::format(
                  "`{}` of [providers.{}] must be {}", key, settings.name, required.shape_text));
        }
      }
    }
    for (const auto& [key, value] : settings.values) {
      if (key == "token_env") {
        const bool secret = looks_like_secret(value);
        if (secret || !RE2::FullMatch(value, env_name)) {
          add(secret ? "literal-secret" : "invalid-env-name",
              key_at(key),
              secret ? std::string("`token_env` holds what looks like a token, not the name of an "
                                   "environment variable; never write secrets into the file")
                     : std::string(
                           "`token_env` must name an environment variable (letters, digits, _)"));
        }
        continue;
      }
      if (!ids.contains(key) && looks_like_secret(value)) {
        add("literal-secret",
            key_at(key),
            fmt::format(
                "the value of `{}` looks like a secret; secrets only come from the environment "
                "(name the variable with `token_env`)",
                key));
      }
    }
  }
}

} // namespace cachectl
