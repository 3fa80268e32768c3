#include <cachectl/headers/headers.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace cachectl {

namespace {

// Largest RFC 9651 Integer (15 digits, §3.3.1).
constexpr std::int64_t sf_integer_max = 999'999'999'999'999;

// One directive: a name alone, or `name=seconds`.
struct Directive {
  std::string name;
  std::optional<std::int64_t> value;
};

// `a, b=1, c` in Cache-Control syntax (RFC 9111 5.2: token [ "=" token ]; integers unquoted,
// §5.2.2.1).
std::string
cache_control_text(const std::vector<Directive>& directives)
{
  std::string out;
  for (const auto& d : directives) {
    out += out.empty() ? "" : ", ";
    out += d.name;
    if (d.value) {
      out += fmt::format("={}", *d.value);
    }
  }
  return out;
}

// The same directives as RFC 9651 Dictionary members (a valueless directive is a true Boolean,
// RFC 9213 §2.1).
std::vector<SfMember>
sf_members(const std::vector<Directive>& directives)
{
  std::vector<SfMember> members;
  for (const auto& d : directives) {
    members.push_back({d.name, d.value ? SfItem(*d.value) : SfItem(true)});
  }
  return members;
}

// True for a byte an RFC 9651 key may start with.
bool
sf_key_start(char c)
{
  return (c >= 'a' && c <= 'z') || c == '*';
}

// True for a byte an RFC 9651 key may continue with.
bool
sf_key_char(char c)
{
  return sf_key_start(c) || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

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

// The value of setting `key` in `settings`, or null.
const std::string*
setting(const ProviderSettings* settings, std::string_view key)
{
  if (settings == nullptr || key.empty()) {
    return nullptr;
  }
  const auto it = settings->values.find(std::string(key));
  return it == settings->values.end() ? nullptr : &it->second;
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

// What makes `tag` need escaping, for the warning: the first byte that had to be encoded.
std::string
escape_reason(const TagSyntax& syntax, std::string_view tag)
{
  for (char c : tag) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '%') {
      continue;
    }
    const bool separator = syntax.format == TagListFormat::plain && c == syntax.separator;
    if (u < 0x21 || u > 0x7E || separator || !tag_char_accepted(syntax.charset, c)) {
      if (c == ' ') {
        return "a space";
      }
      if (u < 0x21 || u > 0x7E) {
        return fmt::format("byte 0x{:02X}", u);
      }
      return fmt::format("`{}`{}", c, separator ? " (the separator)" : "");
    }
  }
  return "`%`, which is escaped so that escaping stays reversible";
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
      warnings.push_back(fmt::format("tag `{}` contains {}, which {} does not accept in {}; "
                                     "written percent-encoded as `{}`",
                                     tag,
                                     escape_reason(syntax, tag),
                                     provider.display,
                                     header,
                                     encoded));
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
  if (const std::string* chosen = setting(settings, profile.cdn_header_setting);
      chosen != nullptr && is_token(*chosen)) {
    return *chosen;
  }
  return profile.cdn_header;
}

std::string
encode_tag(const TagSyntax& syntax, std::string_view tag)
{
  std::string out;
  out.reserve(tag.size());
  for (char c : tag) {
    const auto u = static_cast<unsigned char>(c);
    const bool separator = syntax.format == TagListFormat::plain && c == syntax.separator;
    if (c == '%' || u < 0x21 || u > 0x7E || separator || !tag_char_accepted(syntax.charset, c)) {
      out += fmt::format("%{:02X}", u);
    } else {
      out += c;
    }
  }
  return out;
}

std::string
serialize_sf_string(std::string_view text)
{
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) {
      return {};
    }
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + '"';
}

std::string
serialize_sf_dictionary(const std::vector<SfMember>& members)
{
  std::string out;
  for (const auto& member : members) {
    const std::string& key = member.key;
    if (key.empty() || !sf_key_start(key.front()) ||
        !std::all_of(key.begin(), key.end(), sf_key_char)) {
      return {};
    }
    out += out.empty() ? "" : ", ";
    out += key;
    if (const auto* flag = std::get_if<bool>(&member.value)) {
      out += *flag ? "" : "=?0";
    } else if (const auto* number = std::get_if<std::int64_t>(&member.value)) {
      if (*number > sf_integer_max || *number < -sf_integer_max) {
        return {};
      }
      out += fmt::format("={}", *number);
    } else {
      const std::string text = serialize_sf_string(std::get<std::string>(member.value));
      if (text.empty()) {
        return {};
      }
      out += "=" + text;
    }
  }
  return out;
}

std::string
edge_control_time(std::int64_t seconds)
{
  if (seconds > 0 && seconds % 86400 == 0) {
    return fmt::format("{}d", seconds / 86400);
  }
  if (seconds > 0 && seconds % 3600 == 0) {
    return fmt::format("{}h", seconds / 3600);
  }
  if (seconds > 0 && seconds % 60 == 0) {
    return fmt::format("{}m", seconds / 60);
  }
  return fmt::format("{}s", seconds);
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
  const bool must_revalidate = o.must_revalidate.value_or(false);
  const bool immutable = o.immutable.value_or(false);

  if (o.private_.value_or(false)) {
    // Browser-only caching (RFC 9111 5.2.2.7): with no shared cache, the TTL is the browser's.
    std::vector<Directive> cc = {{"private", std::nullopt}};
    if (const auto ttl = o.browser_max_age ? o.browser_max_age : o.max_age) {
      cc.push_back({"max-age", *ttl});
    }
    if (must_revalidate) {
      cc.push_back({"must-revalidate", std::nullopt});
    }
    if (immutable) {
      cc.push_back({"immutable", std::nullopt});
    }
    out.headers.push_back({"Cache-Control", cache_control_text(cc)});
    out.notes.push_back("private = true: browsers only; no CDN or tag headers");
  } else {
    std::optional<std::int64_t> cdn_ttl = o.max_age;
    if (cdn_ttl && provider.max_ttl != 0 && *cdn_ttl > provider.max_ttl) {
      out.warnings.push_back(fmt::format("max_age {} is above the {} s {} honours; written as {}",
                                         *cdn_ttl,
                                         provider.max_ttl,
                                         provider.display,
                                         provider.max_ttl));
      cdn_ttl = provider.max_ttl;
    }
    std::optional<std::int64_t> browser_ttl = o.browser_max_age;
    if (!browser_ttl && cdn_ttl) {
      browser_ttl = 0; // the CDN TTL never reaches browsers
    }
    // Stale windows extend the CDN TTL; without one there is nothing to extend.
    // (Plain values and flags: g++ 12 reports false maybe-uninitialized on optionals here.)
    const std::int64_t swr = o.swr.value_or(0);
    const std::int64_t sie = o.stale_if_error.value_or(0);
    const bool has_swr = cdn_ttl && o.swr && profile.stale_while_revalidate;
    const bool has_sie = cdn_ttl && o.stale_if_error && profile.stale_if_error;
    if (!cdn_ttl && (o.swr || o.stale_if_error)) {
      out.notes.push_back("swr and stale_if_error extend max_age, which is not set; left out");
    }
    if (cdn_ttl && o.swr && !profile.stale_while_revalidate) {
      out.notes.push_back(fmt::format(
          "{} does not document stale-while-revalidate; swr = {} left out", provider.display, swr));
    }
    if (cdn_ttl && o.stale_if_error && !profile.stale_if_error) {
      out.notes.push_back(fmt::format("{} does not document stale-if-error; stale_if_error = {} "
                                      "left out",
                                      provider.display,
                                      sie));
    }
    const bool in_cache_control =
        profile.style == CdnTtlStyle::s_maxage || profile.style == CdnTtlStyle::accel_expires;

    // The header that carries the CDN TTL, when the provider has one besides Cache-Control.
    std::optional<Header> cdn;
    const std::string cdn_name(cdn_header_name(provider, settings));
    if (cdn_ttl && !in_cache_control) {
      if (profile.style == CdnTtlStyle::edge_control) {
        // Edge-Control: cache-maxage=<n><unit> (https://http.dev/edge-control).
        cdn = Header{cdn_name, "cache-maxage=" + edge_control_time(*cdn_ttl)};
        if (must_revalidate) {
          out.notes.push_back(fmt::format("{} has no documented must-revalidate in {}; it is only "
                                          "in the browser's Cache-Control",
                                          provider.display,
                                          cdn_name));
        }
      } else {
        std::vector<Directive> d;
        if (profile.public_directive) {
          d.push_back({"public", std::nullopt});
        }
        const std::string* durable = setting(settings, profile.durable_setting);
        if (durable != nullptr && *durable == "true") {
          d.push_back({"durable", std::nullopt});
        }
        d.push_back({"max-age", *cdn_ttl});
        if (has_swr) {
          d.push_back({"stale-while-revalidate", swr});
        }
        if (has_sie) {
          d.push_back({"stale-if-error", sie});
        }
        if (must_revalidate && profile.must_revalidate) {
          d.push_back({"must-revalidate", std::nullopt});
        }
        // A targeted field is an RFC 9651 dictionary (RFC 9213 §2); Surrogate-Control keeps the
        // Cache-Control syntax.
        const std::string value = profile.style == CdnTtlStyle::targeted_field
                                      ? serialize_sf_dictionary(sf_members(d))
                                      : cache_control_text(d);
        if (value.empty()) {
          // Only reachable with values no config can hold (an Integer beyond 15 digits).
          out.warnings.push_back(fmt::format("{} cannot be written as an RFC 9651 dictionary "
                                             "(a value beyond 999,999,999,999,999); left out",
                                             cdn_name));
        } else {
          cdn = Header{cdn_name, value};
        }
      }
      if (profile.cdn_header_stripped && cdn_name == profile.cdn_header) {
        out.notes.push_back(fmt::format("the CDN TTL is in {}, which {} removes before the browser",
                                        cdn_name,
                                        provider.display));
      } else if (cdn_name == "CDN-Cache-Control") {
        out.notes.push_back("the CDN TTL is in CDN-Cache-Control, which browsers do not read (CDNs "
                            "downstream may, as RFC 9213 lets it be passed on)");
      } else {
        out.notes.push_back(fmt::format("the CDN TTL is in {}, which browsers do not read (whether "
                                        "{} removes it is not documented)",
                                        cdn_name,
                                        provider.display));
      }
    }
    if (cdn_ttl && profile.style == CdnTtlStyle::accel_expires) {
      // X-Accel-Expires: seconds, before Cache-Control (see lib/src/headers/providers/nginx.cpp).
      out.headers.push_back({cdn_name, fmt::format("{}", *cdn_ttl)});
      out.notes.push_back(
          fmt::format("the CDN TTL is in {}, which nginx hides from clients", cdn_name));
      if (has_swr || has_sie) {
        out.notes.push_back("nginx reads stale-while-revalidate and stale-if-error from "
                            "Cache-Control only, so browsers see them too");
      }
    }

    std::vector<Directive> cc;
    if (in_cache_control && cdn_ttl && profile.public_directive) {
      cc.push_back({"public", std::nullopt});
    }
    if (browser_ttl) {
      cc.push_back({"max-age", *browser_ttl});
    }
    if (profile.style == CdnTtlStyle::s_maxage && cdn_ttl) {
      // RFC 9111 5.2.2.10: s-maxage is for shared caches only; browsers keep max-age.
      cc.push_back({"s-maxage", *cdn_ttl});
      out.notes.push_back(fmt::format("{} has no CDN-only header: the CDN TTL is s-maxage in "
                                      "Cache-Control, which browsers ignore",
                                      provider.display));
    }
    if (in_cache_control && has_swr) {
      cc.push_back({"stale-while-revalidate", swr});
    }
    if (in_cache_control && has_sie) {
      cc.push_back({"stale-if-error", sie});
    }
    if (must_revalidate) {
      cc.push_back({"must-revalidate", std::nullopt});
    }
    if (immutable) {
      cc.push_back({"immutable", std::nullopt});
    }
    if (!cc.empty()) {
      out.headers.push_back({"Cache-Control", cache_control_text(cc)});
    }
    if (cdn) {
      out.headers.push_back(std::move(*cdn));
    }
    if (!cdn_ttl && !browser_ttl) {
      out.notes.push_back("neither max_age nor browser_max_age is set: the TTL is left to the "
                          "provider's defaults");
    }

    if (!o.tags.empty()) {
      std::string header(provider.tags.header);
      bool write = provider.has_tags;
      if (!provider.has_tags) {
        out.notes.push_back(fmt::format("{} has no cache tags; {} tag{} not written",
                                        provider.display,
                                        o.tags.size(),
                                        o.tags.size() == 1 ? "" : "s"));
      } else if (!profile.tag_header_setting.empty()) {
        const std::string* named = setting(settings, profile.tag_header_setting);
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
