// OpenSSL's libcrypto loaded at run time: the functions request signing calls (SHA-256,
// HMAC-SHA256, base64, random bytes), resolved from libcrypto.so.3 the first time one is needed,
// so that commands which sign nothing (all but purge) do not load and relocate it at start-up.
// Compiled against OpenSSL's headers, not linked.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <expected>
#include <span>
#include <string>

namespace cachectl {

/// The libcrypto functions crypto.cpp uses, as function pointers.
struct CryptoApi {
  decltype(&::SHA256) sha256 = nullptr;
  decltype(&::HMAC) hmac = nullptr;
  decltype(&::EVP_sha256) evp_sha256 = nullptr;
  decltype(&::EVP_EncodeBlock) encode_block = nullptr;
  decltype(&::RAND_bytes) rand_bytes = nullptr;
};

/// The names libcrypto is looked for by (its SONAME: OpenSSL 3).
inline constexpr const char* k_crypto_library_names[] = {"libcrypto.so.3"};

/// Opens the first of `names` that loads and resolves every function of CryptoApi from it; the
/// error names the library or the symbol that is missing.
std::expected<CryptoApi, std::string> load_crypto_api(std::span<const char* const> names);

/// libcrypto from k_crypto_library_names, loaded once per process on the first call; later calls
/// return the same table or the same error.
const std::expected<CryptoApi, std::string>& crypto_api();

} // namespace cachectl
