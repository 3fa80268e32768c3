#include "purge/crypto.hpp"
#include "purge/curl_library.hpp"

#include <cachectl/purge/http_transport.hpp>

namespace cachectl {

std::expected<std::string, std::string>
load_http_transport()
{
  const auto& api = curl_api();
  if (!api) {
    return std::unexpected("libcurl cannot be loaded: " + api.error());
  }
  if (auto crypto = load_crypto(); !crypto) {
    return std::unexpected(std::move(crypto.error())); // request signing needs it
  }
  return std::string(api->version_info(CURLVERSION_NOW)->version);
}

} // namespace cachectl
