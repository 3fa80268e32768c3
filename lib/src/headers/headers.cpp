#include "headers/ttl_headers.hpp"

#include <cachectl/headers/headers.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace cachectl {

using namespace headers_detail;

namespace {

// ASCII lowercase copy of `text`.
std::string
lowercase(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

// `` `a`, `b`, `c` `` (at most `shown` items, then "…").
std::string
tag_list(const std::vector<std::string>& tags, std::size_t shown = 3)
{
  std::string out;
  for (std::size_t i = 0; i < tags.size() && i < shown; ++i) {
    out += fmt::format("{}`{}`", i == 0 ? "" : ", ", tags[i]);
  }
  if (tags.size() > shown) {
    out += ", …";
  }
  return out;
}

// Joins encoded tags into header values within the provider's byte limits; tags that do not fit
// are left out (with the rest: the order of the tags is their priority) and reported.
std::vector<std::string>
tag_values(const ProviderInfo& provider,
           std::string_view header,
           const std::vector<std::string>& tags,
           std::vector<std::string>& warnings)
{
  const TagSyntax& syntax = provider.tags;
  const bool sf = syntax.format == TagListFormat::sf_strings;
  const std::string separator = sf ? ", " : std::string(1, syntax.separator);
  // Room for a value on one line: the line limit counts `Name: ` too.
  const std::size_t line_room = syntax.max_line_bytes == 0 ? 0
                                : syntax.max_line_bytes > header.size() + 2
                                    ? syntax.max_line_bytes - header.size() - 2
                                    : 1;
  std::vector<std::string> lines;
  std::size_t total = 0; // value bytes over all lines
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const std::string item = sf ? serialize_sf_string(tags[i]) : tags[i];
    const bool fresh = lines.empty();
    const std::size_t joined =
        fresh ? item.size() : lines.back().size() + separator.size() + item.size();
    const bool new_line = !fresh && line_room != 0 && joined > line_room && syntax.multiple_lines;
    const std::size_t added = fresh || new_line ? item.size() : separator.size() + item.size();
    const bool over_total = syntax.max_header_bytes != 0 && total + added > syntax.max_header_bytes;
    const bool over_line = line_room != 0 && (new_line || fresh ? item.size() : joined) > line_room;
    if (over_total || over_line) {
      const std::vector<std::string> rest(tags.begin() + static_cast<std::ptrdiff_t>(i),
                                          tags.end());
      warnings.push_back(fmt::format(
          "the tags do not fit in {}: {} reads at most {} bytes{}; left out {} tag{}: {}",
          header,
          provider.display,
          over_total ? syntax.max_header_bytes : syntax.max_line_bytes,
          over_total ? (syntax.multiple_lines ? " over all its lines" : "") : " per line",
          rest.size(),
          rest.size() == 1 ? "" : "s",
          tag_list(rest)));
      break;
    }
    if (fresh || new_line) {
      lines.push_back(item);
    } else {
      lines.back() += separator + item;
    }
    total += added;
  }
  if (lines.size() > 1) {
    warnings.push_back(fmt::format("the tags are split over {} {} lines ({} reads at most {} bytes "
                                   "per line)",
                                   lines.size(),
                                   header,
                                   provider.display,
                                   syntax.max_line_bytes));
  }
  return lines;
}

// Encodes, checks and limits the tags of a policy for a provider; returns the header lines.
std::vector<Header>
tag_headers(const ProviderInfo& provider,
            std::string_view header,
            const std::vector<std::string>& tags,
            std::vector<std::string>& warnings)
{
  const TagSyntax& syntax = provider.tags;
  std::vector<std::string> kept;
  for (const auto& tag : tags) {
    if (tag.empty()) {
      warnings.push_back(fmt::format("an empty tag is left out of {}", header));
      continue;
    }
    std::string encoded = encode_tag(syntax, tag);
    if (encoded != tag) {
      warnings.push_back(tag_escape_warning(provider, header, tag, encoded));
    }
    if (syntax.max_tag_length != 0 && encoded.size() > syntax.max_tag_length) {
      warnings.push_back(fmt::format("tag `{}…` is {} bytes; {} accepts at most {} in {}; left out",
                                     encoded.substr(0, 24),
                                     encoded.size(),
                                     provider.display,
                                     syntax.max_tag_length,
                                     header));
      continue;
    }
    if (std::find(kept.begin(), kept.end(), encoded) == kept.end()) {
      kept.push_back(std::move(encoded));
    }
  }
  if (syntax.max_tags != 0 && kept.size() > syntax.max_tags) {
    const std::vector<std::string> rest(kept.begin() + static_cast<std::ptrdiff_t>(syntax.max_tags),
                                        kept.end());
    warnings.push_back(fmt::format("{} tags; {} reads at most {} per response; left out {}: {}",
                                   kept.size(),
                                   provider.display,
                                   syntax.max_tags,
                                   rest.size(),
                                   tag_list(rest)));
    kept.resize(syntax.max_tags);
  }
  std::vector<Header> out;
  for (auto& value : tag_values(provider, header, kept, warnings)) {
    out.push_back({std::string(header), std::move(value)});
  }
  return out;
}

// Reports Vary values the provider ignores or refuses.
void
check_vary(const ProviderInfo& provider, const std::vector<std::string>& vary, HeaderSet& out)
{
  auto listed = [](std::span<const std::string_view> names, const std::string& header) {
    return std::any_of(names.begin(), names.end(), [&](std::string_view name) {
      return lowercase(name) == lowercase(header);
    });
  };
  for (const auto& header : vary) {
    if (header == "*") {
      // RFC 9111 4.1: `Vary: *` never matches a later request.
      out.warnings.push_back("`Vary: *` makes the response unusable for any later request "
                             "(RFC 9111 4.1)");
    } else if (listed(provider.vary_refused, header) ||
               (provider.vary == VaryPolicy::listed && !listed(provider.vary_allowed, header))) {
      out.warnings.push_back(
          fmt::format("{} does not cache a response with `Vary: {}`", provider.display, header));
    } else if (provider.vary == VaryPolicy::accept_encoding &&
               lowercase(header) != "accept-encoding") {
      out.notes.push_back(
          fmt::format("{} ignores `Vary: {}` by default (only Accept-Encoding varies "
                      "the cache unless a Cache Rule says otherwise)",
                      provider.display,
                      header));
    } else if (provider.vary == VaryPolicy::ignored) {
      out.notes.push_back(fmt::format(
          "{} ignores the origin's Vary (`{}`); variants are configured in the dashboard",
          provider.display,
          header));
    }
  }
}

// `a|b|c`.
std::string
bar_list(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : "|") + item;
  }
  return out;
}

// The cache key's header where the provider reads one (Netlify-Vary: `query=a|b,header=X,
// cookie=c`, in the order Netlify's Next.js runtime writes them), else a note saying where the
// key is configured.
void
cache_key_header(const ProviderInfo& provider, const CacheKey& key, HeaderSet& out)
{
  const HeaderProfile& profile = provider.headers;
  const bool no_query = key.query && key.query->empty();
  if (profile.cache_key_header.empty()) {
    out.notes.push_back(fmt::format("{} takes the cache key from {}, not from a response header; "
                                    "cache_key is not written",
                                    provider.display,
                                    profile.cache_key_note));
    return;
  }
  std::vector<std::string> parts;
  if (key.query && !key.query->empty()) {
    parts.push_back("query=" + bar_list(*key.query));
  }
  if (!key.headers.empty()) {
    parts.push_back("header=" + bar_list(key.headers));
  }
  if (!key.cookies.empty()) {
    parts.push_back("cookie=" + bar_list(key.cookies));
  }
  if (no_query) {
    out.notes.push_back(fmt::format("{} cannot leave every query parameter out of the key with {}; "
                                    "`query = []` is not written (the whole query string stays in "
                                    "the key)",
                                    provider.display,
                                    profile.cache_key_header));
  }
  std::string value;
  for (const auto& part : parts) {
    value += (value.empty() ? "" : ",") + part;
  }
  if (!value.empty()) {
    out.headers.push_back({std::string(profile.cache_key_header), value});
  }
}

} // namespace

std::vector<const ProviderInfo*>
header_providers()
{
  std::vector<const ProviderInfo*> out;
  for (const ProviderInfo* provider : providers()) {
    if (provider->headers.available) {
      out.push_back(provider);
    }
  }
  return out;
}

std::string_view
cdn_header_name(const ProviderInfo& provider, const ProviderSettings* settings)
{
  const HeaderProfile& profile = provider.headers;
  if (const std::string* chosen = provider_setting(settings, profile.cdn_header_setting);
      chosen != nullptr && is_token(*chosen)) {
    return *chosen;
  }
  return profile.cdn_header;
}

HeaderSet
generate_headers(const ProviderInfo& provider,
                 const Policy& policy,
                 const ProviderSettings* settings)
{
  HeaderSet out;
  if (!policy.cacheable) {
    // DESIGN.md, Conditions: a request that trips one gets `private, no-store` and no CDN or tag
    // headers (RFC 9111 5.2.2.5 no-store, 5.2.2.7 private).
    out.headers.push_back({"Cache-Control", "private, no-store"});
    return out;
  }
  const CacheOptions& o = policy.options;
  const HeaderProfile& profile = provider.headers;
  out.notes = policy.notes;
  write_ttl_headers(provider, policy, settings, out);
  if (!o.private_.value_or(false)) {
    if (!o.tags.empty()) {
      std::string header(provider.tags.header);
      bool write = provider.has_tags;
      if (!provider.has_tags) {
        out.notes.push_back(fmt::format("{} has no cache tags; {} tag{} not written",
                                        provider.display,
                                        o.tags.size(),
                                        o.tags.size() == 1 ? "" : "s"));
      } else if (!profile.tag_header_setting.empty()) {
        const std::string* named = provider_setting(settings, profile.tag_header_setting);
        if (named == nullptr || !is_token(*named)) {
          out.warnings.push_back(fmt::format(
              "tags not written: {} reads tags only from the header its configuration names; set "
              "`{}` in [providers.{}]",
              provider.display,
              profile.tag_header_setting,
              provider.name));
          write = false;
        } else {
          header = *named;
        }
      }
      if (write) {
        for (auto& line : tag_headers(provider, header, o.tags, out.warnings)) {
          out.headers.push_back(std::move(line));
        }
      }
    }
  }

  if (o.vary && !o.vary->empty()) {
    // RFC 9110 12.5.5: Vary = #( "*" / field-name ); anything else could break the header.
    std::vector<std::string> fields;
    for (const auto& header : *o.vary) {
      if (header == "*" || is_token(header)) {
        fields.push_back(header);
      } else {
        out.warnings.push_back(
            fmt::format("vary entry `{}` is not a field name; left out of Vary", header));
      }
    }
    if (!fields.empty()) {
      std::string value;
      for (const auto& header : fields) {
        value += (value.empty() ? "" : ", ") + header;
      }
      out.headers.push_back({"Vary", value});
      if (!o.private_.value_or(false)) {
        check_vary(provider, fields, out);
      }
    }
  }
  if (o.cache_key && !o.private_.value_or(false)) {
    cache_key_header(provider, *o.cache_key, out);
  }
  if (policy.etag) {
    // RFC 9110 8.8.3: entity-tag = [ weak ] opaque-tag, written as validated.
    out.headers.push_back({"ETag", *policy.etag});
    if (profile.max_etag_bytes != 0 && policy.etag->size() > profile.max_etag_bytes) {
      out.warnings.push_back(
          fmt::format("the ETag is {} bytes; {} does not store one longer than {}",
                      policy.etag->size(),
                      provider.display,
                      profile.max_etag_bytes));
    }
  }
  if (policy.last_modified) {
    // RFC 9110 5.6.7: a sender generates HTTP-dates in IMF-fixdate only.
    out.headers.push_back({"Last-Modified", format_imf_fixdate(*policy.last_modified)});
  }
  return out;
}

} // namespace cachectl
