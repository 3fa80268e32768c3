// Checks of tags: characters, templates and the limits of the configured providers.
#include "analysis/tag_text.hpp"
#include "analysis/validator.hpp"
#include "util/edit_distance.hpp"
#include "util/secret.hpp"
#include "util/text.hpp"

#include <cachectl/headers/tags.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <tuple>

namespace cachectl {

// Tag characters and limits: space and comma are refused everywhere (portability), the rest
// per checked provider. `own` are the tags written in this table, `all` the effective ones.
void
Validator::check_tag_syntax(const Rule* rule,
                            const std::vector<std::string>& own,
                            const std::vector<std::string>& all)
{
  const SourceSpan tags_at = option_span(rule, "tags", true);
  for (const auto& tag : own) {
    const std::string known = static_text(tag);
    if (tag.empty()) {
      add("tag-invalid-character", tags_at, "empty tag");
      continue;
    }
    for (char c : known) {
      if (c == ' ' || c == ',') {
        add("tag-separator",
            tags_at,
            fmt::format("tag `{}` contains {}, which separates tags ({} in Fastly's Surrogate-Key, "
                        "commas in Cache-Tag and most others)",
                        tag,
                        char_name(c),
                        c == ' ' ? "spaces" : "and commas"));
        break;
      }
    }
    for (const ProviderInfo* provider : m_providers) {
      if (!provider->has_tags) {
        continue;
      }
      const TagSyntax& syntax = provider->tags;
      // headers and purge both write the bytes the provider refuses as %XX (headers/tags.hpp):
      // the tag works, but not in the spelling written here.
      const std::string wire = encode_tag(syntax, known);
      for (char c : known) {
        const std::string spelled = encode_tag(syntax, std::string_view(&c, 1));
        if (c != ' ' && c != ',' && spelled.size() > 1) {
          add("tag-percent-encoded",
              tags_at,
              fmt::format("tag `{}` contains {}, {}: `headers` writes it as `{}` in {} and "
                          "`purge --tag` sends the same spelling",
                          tag,
                          char_name(c),
                          c == '%'
                              ? std::string("which is escaped to keep the spelling reversible")
                              : fmt::format("which {} does not accept in a tag", provider->display),
                          spelled,
                          syntax.header));
          break;
        }
      }
      if (syntax.max_tag_length != 0 && wire.size() > syntax.max_tag_length) {
        add("tag-too-long",
            tags_at,
            fmt::format("tag `{}…` is {} bytes{}{}; {} accepts at most {}",
                        tag.substr(0, 24),
                        wire.size(),
                        wire.size() == known.size() ? "" : " percent-encoded",
                        known.size() == tag.size() ? "" : " before its templates expand",
                        provider->display,
                        syntax.max_tag_length));
      }
    }
  }
  if (rule == nullptr) {
    return;
  }
  for (const ProviderInfo* provider : m_providers) {
    if (!provider->has_tags) {
      continue;
    }
    const TagSyntax& syntax = provider->tags;
    if (syntax.max_tags != 0 && all.size() > syntax.max_tags) {
      add("too-many-tags",
          tags_at,
          fmt::format("`{}` sets {} tags; {} accepts at most {}",
                      rule->pattern.source(),
                      all.size(),
                      provider->display,
                      syntax.max_tags));
    }
    std::size_t bytes = 0;
    for (const auto& tag : all) {
      bytes += static_text(tag).size() + (bytes == 0 ? 0 : 1);
    }
    if (syntax.max_header_bytes != 0 && bytes > syntax.max_header_bytes) {
      add("too-many-tags",
          tags_at,
          fmt::format("the tags of `{}` take {} bytes in {}; {} reads at most {}",
                      rule->pattern.source(),
                      bytes,
                      syntax.header,
                      provider->display,
                      syntax.max_header_bytes));
    }
  }
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      if (all[i] != all[j] && ascii_lower(all[i]) == ascii_lower(all[j])) {
        add("tags-differ-in-case",
            tags_at,
            fmt::format(
                "tags `{}` and `{}` differ only by case: one tag on Cloudflare and CloudFront, "
                "two on Akamai and Varnish",
                all[i],
                all[j]));
      }
    }
  }
}

} // namespace cachectl
