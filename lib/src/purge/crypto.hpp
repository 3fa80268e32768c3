// SHA-256, HMAC-SHA256, base64, hex and random UUIDs for request signing (OpenSSL libcrypto,
// loaded the first time one is needed: purge/crypto_library.hpp).
#pragma once

#include <array>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cachectl {

/// Loads libcrypto for the functions below (once per process); the error says why it cannot be
/// loaded. Whoever signs checks this first (load_http_transport() does): without libcrypto,
/// sha256 and hmac_sha256 give zero bytes, base64 an empty string and random_uuid nullopt.
std::expected<void, std::string> load_crypto();

/// A SHA-256 digest (also the size of an HMAC-SHA256).
using Sha256Digest = std::array<unsigned char, 32>;

/// The SHA-256 digest of `data`.
Sha256Digest sha256(std::string_view data);

/// HMAC-SHA256 (RFC 2104) of `message` under a key given as bytes.
Sha256Digest hmac_sha256(std::span<const unsigned char> key, std::string_view message);

/// HMAC-SHA256 of `message` under a key given as text (its bytes).
Sha256Digest hmac_sha256(std::string_view key, std::string_view message);

/// Standard base64 (RFC 4648 section 4) with `=` padding and no line breaks.
std::string base64(std::span<const unsigned char> bytes);

/// Lowercase hexadecimal, two digits a byte.
std::string hex(std::span<const unsigned char> bytes);

/// A random RFC 4122 version 4 UUID (`xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx`, lowercase, N one
/// of 8, 9, a, b) from the system's cryptographic generator; nullopt if that generator fails.
std::optional<std::string> random_uuid();

} // namespace cachectl
