// ICU loaded at run time: the few C functions cachectl calls (collation of non-ASCII text, NFC,
// the version), resolved from libicuuc and libicui18n the first time non-ASCII text needs them,
// so that commands on ASCII rules never load ICU's libraries. Compiled against ICU's headers,
// not linked; the exported names carry ICU's version suffix (ucol_open is ucol_open_72).
#pragma once

#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

#include <expected>
#include <span>
#include <string>

namespace cachectl {

/// The ICU functions cachectl uses, as function pointers.
struct IcuApi {
  decltype(&::u_getVersion) get_version = nullptr;
  decltype(&::u_versionToString) version_to_string = nullptr;
  decltype(&::u_strFromUTF8WithSub) from_utf8 = nullptr;
  decltype(&::u_strToUTF8WithSub) to_utf8 = nullptr;
  decltype(&::unorm2_getNFCInstance) nfc_instance = nullptr;
  decltype(&::unorm2_normalize) normalize = nullptr;
  decltype(&::ucol_open) open_collator = nullptr;
  decltype(&::ucol_close) close_collator = nullptr;
  decltype(&::ucol_strcollUTF8) collate_utf8 = nullptr;
};

/// The names ICU's common library is looked for by (the SONAME of the ICU compiled against).
inline constexpr const char* k_icu_common_names[] = {"libicuuc.so." U_ICU_VERSION_SHORT};
/// The names ICU's internationalization library (collation) is looked for by.
inline constexpr const char* k_icu_i18n_names[] = {"libicui18n.so." U_ICU_VERSION_SHORT};

/// Opens ICU's common and i18n libraries (the first of each list that loads) and resolves
/// every function of IcuApi; the error names the library or the symbol that is missing.
std::expected<IcuApi, std::string> load_icu_api(std::span<const char* const> common_names,
                                                std::span<const char* const> i18n_names);

/// ICU from k_icu_common_names and k_icu_i18n_names, loaded once per process on the first call;
/// later calls return the same table or the same error.
const std::expected<IcuApi, std::string>& icu_api();

} // namespace cachectl
