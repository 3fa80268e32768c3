#include "purge/crypto_library.hpp"

#include "util/shared_library.hpp"

namespace cachectl {

std::expected<CryptoApi, std::string>
load_crypto_api(std::span<const char* const> names)
{
  auto library = SharedLibrary::open(names);
  if (!library) {
    return std::unexpected(library.error());
  }
  CryptoApi api;
  std::expected<void, std::string> resolved;
  const auto need = [&](const char* name, auto& function) {
    if (resolved) {
      resolved = library->resolve(name, function);
    }
  };
  need(CACHECTL_SYMBOL_NAME(SHA256), api.sha256);
  need(CACHECTL_SYMBOL_NAME(HMAC), api.hmac);
  need(CACHECTL_SYMBOL_NAME(EVP_sha256), api.evp_sha256);
  need(CACHECTL_SYMBOL_NAME(EVP_EncodeBlock), api.encode_block);
  need(CACHECTL_SYMBOL_NAME(RAND_bytes), api.rand_bytes);
  if (!resolved) {
    return std::unexpected(resolved.error());
  }
  return api;
}

const std::expected<CryptoApi, std::string>&
crypto_api()
{
  static const std::expected<CryptoApi, std::string> api = load_crypto_api(k_crypto_library_names);
  return api;
}

} // namespace cachectl
