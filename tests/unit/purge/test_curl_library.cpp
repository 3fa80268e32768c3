#include "purge/curl_library.hpp"
#include "purge/http_client.hpp"

#include <cachectl/purge/http_transport.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace cachectl;

TEST_SUITE_BEGIN("curl_library");

TEST_CASE("libcurl's table resolves every function")
{
  const auto loaded = load_curl_api(k_curl_library_names);
  REQUIRE_MESSAGE(loaded.has_value(), loaded.error());
  const CurlApi& api = *loaded;
  for (const void* function : {reinterpret_cast<const void*>(api.global_init),
                               reinterpret_cast<const void*>(api.version_info),
                               reinterpret_cast<const void*>(api.easy_init),
                               reinterpret_cast<const void*>(api.easy_setopt),
                               reinterpret_cast<const void*>(api.easy_getinfo),
                               reinterpret_cast<const void*>(api.easy_cleanup),
                               reinterpret_cast<const void*>(api.easy_strerror),
                               reinterpret_cast<const void*>(api.slist_append),
                               reinterpret_cast<const void*>(api.slist_free_all),
                               reinterpret_cast<const void*>(api.multi_init),
                               reinterpret_cast<const void*>(api.multi_setopt),
                               reinterpret_cast<const void*>(api.multi_add_handle),
                               reinterpret_cast<const void*>(api.multi_remove_handle),
                               reinterpret_cast<const void*>(api.multi_perform),
                               reinterpret_cast<const void*>(api.multi_poll),
                               reinterpret_cast<const void*>(api.multi_info_read),
                               reinterpret_cast<const void*>(api.multi_cleanup)}) {
    CHECK(function != nullptr);
  }
  CHECK(std::string(api.easy_strerror(CURLE_OK)) == "No error");
}

TEST_CASE("a missing libcurl is an error value naming it")
{
  const char* missing[] = {"libcurl-cachectl-missing.so.4"};
  const auto loaded = load_curl_api(missing);
  REQUIRE_FALSE(loaded.has_value());
  CHECK(loaded.error().find("libcurl-cachectl-missing.so.4") != std::string::npos);
}

TEST_CASE("a library without libcurl's functions names the first one missing")
{
  const char* libm[] = {"libm.so.6"};
  const auto loaded = load_curl_api(libm);
  REQUIRE_FALSE(loaded.has_value());
  CHECK(loaded.error() == "libm.so.6 has no symbol curl_global_init");
}

TEST_CASE("the transport loads once and reports libcurl's version")
{
  const auto version = load_http_transport();
  REQUIRE_MESSAGE(version.has_value(), version.error());
  CHECK(version->find('.') != std::string::npos);
  CHECK(&curl_api() == &curl_api());
  CHECK(curl_api().has_value());
}

TEST_SUITE_END();
