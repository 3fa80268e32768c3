// libcrypto loaded at run time (purge/crypto_library.hpp): every function resolves, a missing
// library or symbol is an error value, and the signing functions answer through it.
#include "purge/crypto.hpp"
#include "purge/crypto_library.hpp"

#include <cachectl/purge/http_transport.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace cachectl;

TEST_SUITE_BEGIN("crypto_library");

TEST_CASE("libcrypto's table resolves every function")
{
  const auto loaded = load_crypto_api(k_crypto_library_names);
  REQUIRE_MESSAGE(loaded.has_value(), loaded.error());
  const CryptoApi& api = *loaded;
  for (const void* function : {reinterpret_cast<const void*>(api.sha256),
                               reinterpret_cast<const void*>(api.hmac),
                               reinterpret_cast<const void*>(api.evp_sha256),
                               reinterpret_cast<const void*>(api.encode_block),
                               reinterpret_cast<const void*>(api.rand_bytes)}) {
    CHECK(function != nullptr);
  }
}

TEST_CASE("a missing libcrypto, or one without its functions, is an error value naming it")
{
  const char* missing[] = {"libcrypto-cachectl-missing.so.3"};
  const auto absent = load_crypto_api(missing);
  REQUIRE_FALSE(absent.has_value());
  CHECK(absent.error().find("libcrypto-cachectl-missing.so.3") != std::string::npos);
  const char* libm[] = {"libm.so.6"};
  const auto wrong = load_crypto_api(libm);
  REQUIRE_FALSE(wrong.has_value());
  CHECK(wrong.error() == "libm.so.6 has no symbol SHA256");
}

TEST_CASE("the signing functions answer through the loaded library (FIPS 180-2, RFC 4231)")
{
  REQUIRE(load_crypto().has_value());
  CHECK(&crypto_api() == &crypto_api());
  CHECK(hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  CHECK(hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  const std::string hello = "hello";
  CHECK(base64(std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(hello.data()),
                                              hello.size())) == "aGVsbG8=");
  const auto uuid = random_uuid();
  REQUIRE(uuid.has_value());
  CHECK(uuid->size() == 36);
  CHECK(load_http_transport().has_value()); // libcurl and libcrypto both
}

TEST_SUITE_END();
