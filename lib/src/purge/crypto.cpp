#include "purge/crypto.hpp"

#include "purge/crypto_library.hpp"

#include <algorithm>
#include <cstddef>

namespace cachectl {

namespace {

// The bytes of a string, as OpenSSL takes them.
const unsigned char*
bytes_of(std::string_view text)
{
  return reinterpret_cast<const unsigned char*>(text.data());
}

// libcrypto's functions, or null when it cannot be loaded.
const CryptoApi*
crypto()
{
  const auto& api = crypto_api();
  return api ? &*api : nullptr;
}

} // namespace

std::expected<void, std::string>
load_crypto()
{
  const auto& api = crypto_api();
  if (!api) {
    return std::unexpected("libcrypto cannot be loaded: " + api.error());
  }
  return {};
}

Sha256Digest
sha256(std::string_view data)
{
  Sha256Digest digest{};
  if (const CryptoApi* api = crypto()) {
    api->sha256(bytes_of(data), data.size(), digest.data());
  }
  return digest;
}

Sha256Digest
hmac_sha256(std::span<const unsigned char> key, std::string_view message)
{
  // A key longer than SHA-256's 64-byte block is replaced by its digest (RFC 2104 section 2),
  // which keeps its length within the `int` OpenSSL takes.
  Sha256Digest mac{};
  const CryptoApi* api = crypto();
  if (api == nullptr) {
    return mac;
  }
  Sha256Digest hashed_key{};
  if (key.size() > 64) {
    api->sha256(key.data(), key.size(), hashed_key.data());
    key = hashed_key;
  }
  unsigned int length = 0;
  api->hmac(api->evp_sha256(),
            key.data(),
            static_cast<int>(key.size()),
            bytes_of(message),
            message.size(),
            mac.data(),
            &length);
  return mac;
}

Sha256Digest
hmac_sha256(std::string_view key, std::string_view message)
{
  return hmac_sha256(std::span<const unsigned char>(bytes_of(key), key.size()), message);
}

std::string
base64(std::span<const unsigned char> bytes)
{
  // EVP_EncodeBlock takes an `int` length: encode in chunks of whole 3-byte groups.
  constexpr std::size_t k_chunk = std::size_t{3} << 20;
  std::string out;
  const CryptoApi* api = crypto();
  if (api == nullptr) {
    return out;
  }
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t pos = 0; pos < bytes.size(); pos += k_chunk) {
    const std::size_t n = std::min(k_chunk, bytes.size() - pos);
    const std::size_t start = out.size();
    out.resize(start + (n + 2) / 3 * 4 + 1); // EVP_EncodeBlock writes a trailing NUL
    const int written = api->encode_block(reinterpret_cast<unsigned char*>(out.data() + start),
                                          bytes.data() + pos,
                                          static_cast<int>(n));
    out.resize(start + static_cast<std::size_t>(written));
  }
  return out;
}

std::string
hex(std::span<const unsigned char> bytes)
{
  static constexpr std::string_view k_digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += k_digits[b >> 4];
    out += k_digits[b & 0xF];
  }
  return out;
}

std::optional<std::string>
random_uuid()
{
  std::array<unsigned char, 16> b{};
  const CryptoApi* api = crypto();
  if (api == nullptr || api->rand_bytes(b.data(), static_cast<int>(b.size())) != 1) {
    return std::nullopt;
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40); // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80); // variant 10xx (RFC 4122)
  const std::string h = hex(b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

} // namespace cachectl
