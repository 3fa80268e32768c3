// libcurl loaded at run time: the functions the HTTP client calls, resolved from libcurl.so.4
// the first time a client is made, so that commands without network never load libcurl and
// the ~30 libraries it pulls in (TLS, Kerberos, LDAP, SSH, IDN...). Compiled against curl.h,
// not linked.
#pragma once

#include <curl/curl.h>

#include <expected>
#include <span>
#include <string>

namespace cachectl {

/// The libcurl functions the HTTP client uses, as function pointers.
struct CurlApi {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_version_info) version_info = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
  decltype(&::curl_multi_init) multi_init = nullptr;
  decltype(&::curl_multi_setopt) multi_setopt = nullptr;
  decltype(&::curl_multi_add_handle) multi_add_handle = nullptr;
  decltype(&::curl_multi_remove_handle) multi_remove_handle = nullptr;
  decltype(&::curl_multi_perform) multi_perform = nullptr;
  decltype(&::curl_multi_poll) multi_poll = nullptr;
  decltype(&::curl_multi_info_read) multi_info_read = nullptr;
  decltype(&::curl_multi_cleanup) multi_cleanup = nullptr;
};

/// The names libcurl is looked for by (its SONAME; the library path decides which is found).
inline constexpr const char* k_curl_library_names[] = {"libcurl.so.4"};

/// Opens the first of `names` that loads and resolves every function of CurlApi from it; the
/// error names the library or the symbol that is missing. Does not initialize libcurl.
std::expected<CurlApi, std::string> load_curl_api(std::span<const char* const> names);

/// libcurl from k_curl_library_names, loaded and initialized (curl_global_init) once per
/// process on the first call; later calls return the same table or the same error.
const std::expected<CurlApi, std::string>& curl_api();

} // namespace cachectl
