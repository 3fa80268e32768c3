#include <cachectl/headers/providers.hpp>

#include <algorithm>
#include <array>

namespace cachectl {

std::span<const ProviderInfo* const>
providers()
{
  static const std::array<const ProviderInfo*, 13> all = {&generic_provider,
                                                          &cloudflare_provider,
                                                          &fastly_provider,
                                                          &akamai_provider,
                                                          &netlify_provider,
                                                          &vercel_provider,
                                                          &bunny_provider,
                                                          &cloudfront_provider,
                                                          &google_provider,
                                                          &azure_provider,
                                                          &varnish_provider,
                                                          &nginx_provider,
                                                          &http_provider};
  return all;
}

const ProviderInfo*
find_provider(std::string_view name)
{
  const auto all = providers();
  const auto it =
      std::find_if(all.begin(), all.end(), [&](const ProviderInfo* p) { return p->name == name; });
  return it == all.end() ? nullptr : *it;
}

bool
tag_char_accepted(TagCharset charset, char c)
{
  const auto u = static_cast<unsigned char>(c);
  switch (charset) {
  case TagCharset::printable_ascii:
    return u >= 0x21 && u <= 0x7E;
  case TagCharset::akamai:
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'+.^_`|~-").find(c) != std::string_view::npos;
  case TagCharset::header_token_or_any:
    return u > 0x20 && u != 0x7F;
  }
  return false;
}

} // namespace cachectl
