#include "util/icu_library.hpp"

#include "util/shared_library.hpp"

namespace cachectl {

std::expected<IcuApi, std::string>
load_icu_api(std::span<const char* const> common_names, std::span<const char* const> i18n_names)
{
  auto common = SharedLibrary::open(common_names);
  if (!common) {
    return std::unexpected(common.error());
  }
  auto i18n = SharedLibrary::open(i18n_names);
  if (!i18n) {
    return std::unexpected(i18n.error());
  }
  IcuApi api;
  std::expected<void, std::string> resolved;
  const auto need = [&](const SharedLibrary& library, const char* name, auto& function) {
    if (resolved) {
      resolved = library.resolve(name, function);
    }
  };
  need(*common, CACHECTL_SYMBOL_NAME(u_getVersion), api.get_version);
  need(*common, CACHECTL_SYMBOL_NAME(u_versionToString), api.version_to_string);
  need(*common, CACHECTL_SYMBOL_NAME(u_strFromUTF8WithSub), api.from_utf8);
  need(*common, CACHECTL_SYMBOL_NAME(u_strToUTF8WithSub), api.to_utf8);
  need(*common, CACHECTL_SYMBOL_NAME(unorm2_getNFCInstance), api.nfc_instance);
  need(*common, CACHECTL_SYMBOL_NAME(unorm2_normalize), api.normalize);
  need(*i18n, CACHECTL_SYMBOL_NAME(ucol_open), api.open_collator);
  need(*i18n, CACHECTL_SYMBOL_NAME(ucol_close), api.close_collator);
  need(*i18n, CACHECTL_SYMBOL_NAME(ucol_strcollUTF8), api.collate_utf8);
  if (!resolved) {
    return std::unexpected(resolved.error());
  }
  return api;
}

const std::expected<IcuApi, std::string>&
icu_api()
{
  static const std::expected<IcuApi, std::string> api =
      load_icu_api(k_icu_common_names, k_icu_i18n_names);
  return api;
}

} // namespace cachectl
