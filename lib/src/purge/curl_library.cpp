#include "purge/curl_library.hpp"

#include "util/shared_library.hpp"

namespace cachectl {

std::expected<CurlApi, std::string>
load_curl_api(std::span<const char* const> names)
{
  auto library = SharedLibrary::open(names);
  if (!library) {
    return std::unexpected(library.error());
  }
  CurlApi api;
  std::expected<void, std::string> resolved;
  const auto need = [&](const char* name, auto& function) {
    if (resolved) {
      resolved = library->resolve(name, function);
    }
  };
  need(CACHECTL_SYMBOL_NAME(curl_global_init), api.global_init);
  need(CACHECTL_SYMBOL_NAME(curl_version_info), api.version_info);
  need(CACHECTL_SYMBOL_NAME(curl_easy_init), api.easy_init);
  need(CACHECTL_SYMBOL_NAME(curl_easy_setopt), api.easy_setopt);
  need(CACHECTL_SYMBOL_NAME(curl_easy_getinfo), api.easy_getinfo);
  need(CACHECTL_SYMBOL_NAME(curl_easy_cleanup), api.easy_cleanup);
  need(CACHECTL_SYMBOL_NAME(curl_easy_strerror), api.easy_strerror);
  need(CACHECTL_SYMBOL_NAME(curl_slist_append), api.slist_append);
  need(CACHECTL_SYMBOL_NAME(curl_slist_free_all), api.slist_free_all);
  need(CACHECTL_SYMBOL_NAME(curl_multi_init), api.multi_init);
  need(CACHECTL_SYMBOL_NAME(curl_multi_setopt), api.multi_setopt);
  need(CACHECTL_SYMBOL_NAME(curl_multi_add_handle), api.multi_add_handle);
  need(CACHECTL_SYMBOL_NAME(curl_multi_remove_handle), api.multi_remove_handle);
  need(CACHECTL_SYMBOL_NAME(curl_multi_perform), api.multi_perform);
  need(CACHECTL_SYMBOL_NAME(curl_multi_poll), api.multi_poll);
  need(CACHECTL_SYMBOL_NAME(curl_multi_info_read), api.multi_info_read);
  need(CACHECTL_SYMBOL_NAME(curl_multi_cleanup), api.multi_cleanup);
  if (!resolved) {
    return std::unexpected(resolved.error());
  }
  return api;
}

const std::expected<CurlApi, std::string>&
curl_api()
{
  static const std::expected<CurlApi, std::string> api = [] {
    auto loaded = load_curl_api(k_curl_library_names);
    if (loaded && loaded->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      return std::expected<CurlApi, std::string>(
          std::unexpect, std::string("libcurl could not be initialized (curl_global_init)"));
    }
    return loaded;
  }();
  return api;
}

} // namespace cachectl
