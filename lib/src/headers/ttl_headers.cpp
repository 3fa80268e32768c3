// The Cache-Control and CDN TTL headers of a cacheable response.
#include "headers/ttl_headers.hpp"

#include <cachectl/headers/headers.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace cachectl::headers_detail {

// The value of setting `key` in `settings`, or null.
const std::string*
provider_setting(const ProviderSettings* settings, std::string_view key)
{
  if (settings == nullptr || key.empty()) {
    return nullptr;
  }
  const auto it = settings->values.find(std::string(key));
  return it == settings->values.end() ? nullptr : &it->second;
}
namespace {

// The browser's own stale windows and `no-cache` (browser_swr, browser_stale_if_error,
// browser_no_cache) appended to Cache-Control `cc`. Where Cache-Control is also the CDN's header
// (`shared`: no CDN-only header), a CDN stale window already written wins, and no-cache is left
// out: the CDN would revalidate every request.
void
browser_directives(const ProviderInfo& provider,
                   const CacheOptions& o,
                   bool shared,
                   std::vector<Directive>& cc,
                   HeaderSet& out)
{
  const std::int64_t bswr = o.browser_swr.value_or(0);
  const std::int64_t bsie = o.browser_stale_if_error.value_or(0);
  const auto written = [&](std::string_view name) {
    return std::any_of(cc.begin(), cc.end(), [&](const Directive& d) { return d.name == name; });
  };
  const auto add = [&](bool set, std::string_view key, std::string_view name, std::int64_t value) {
    if (!set) {
      return;
    }
    if (written(name)) {
      out.notes.push_back(fmt::format("{} has no CDN-only header: Cache-Control carries the CDN's "
                                      "{}, so {} = {} is left out",
                                      provider.display,
                                      name,
                                      key,
                                      value));
      return;
    }
    cc.push_back({std::string(name), value});
    if (shared) {
      out.notes.push_back(fmt::format(
          "{} has no CDN-only header: {} = {} is in Cache-Control, which the CDN reads too",
          provider.display,
          key,
          value));
    }
  };
  add(o.browser_swr.has_value(), "browser_swr", "stale-while-revalidate", bswr);
  add(o.browser_stale_if_error.has_value(), "browser_stale_if_error", "stale-if-error", bsie);
  if (o.browser_no_cache.value_or(false)) {
    if (shared) {
      out.notes.push_back(
          fmt::format("{} has no CDN-only header: `no-cache` in Cache-Control would "
                      "make the CDN revalidate every request; browser_no_cache "
                      "left out",
                      provider.display));
    } else {
      cc.push_back({"no-cache", std::nullopt});
    }
  }
}

} // namespace

void
write_ttl_headers(const ProviderInfo& provider,
                  const Policy& policy,
                  const ProviderSettings* settings,
                  HeaderSet& out)
{
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
    browser_directives(provider, o, false, cc, out);
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
      } else {
        std::vector<Directive> d;
        if (profile.public_directive) {
          d.push_back({"public", std::nullopt});
        }
        d.push_back({"max-age", *cdn_ttl});
        if (has_swr) {
          d.push_back({"stale-while-revalidate", swr});
        }
        if (has_sie) {
          d.push_back({"stale-if-error", sie});
        }
        // Last, as Netlify's own runtimes write it (`…, stale-while-revalidate=…, durable`).
        const std::string* durable = provider_setting(settings, profile.durable_setting);
        if (durable != nullptr && *durable == "true") {
          d.push_back({"durable", std::nullopt});
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
      if (must_revalidate) {
        // RFC 9111 5.2.2.2: in the CDN's header it would forbid the stale windows asked for.
        out.notes.push_back(fmt::format("must_revalidate is for browsers: written in Cache-Control "
                                        "only, not in {}",
                                        cdn_name));
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
    if ((in_cache_control && cdn_ttl && profile.public_directive) || o.public_.value_or(false)) {
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
    browser_directives(provider, o, in_cache_control, cc, out);
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
  }
}

} // namespace cachectl::headers_detail
