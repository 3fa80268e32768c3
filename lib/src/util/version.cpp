#include <cachectl/util/version.hpp>

#include <fmt/format.h>
#include <toml++/toml.h>
#include <unicode/uversion.h>

namespace cachectl {

std::string_view
library_version()
{
  return CACHECTL_VERSION;
}

std::string
dependency_versions()
{
  UVersionInfo icu{};
  u_getVersion(icu);
  char icu_text[U_MAX_VERSION_STRING_LENGTH] = {};
  u_versionToString(icu, icu_text);
  // RE2 has no version macro; Debian 12 ships 20220601.
  return fmt::format("toml++ {}.{}.{}, fmt {}.{}.{}, ICU {}, RE2",
                     TOML_LIB_MAJOR,
                     TOML_LIB_MINOR,
                     TOML_LIB_PATCH,
                     FMT_VERSION / 10000,
                     FMT_VERSION / 100 % 100,
                     FMT_VERSION % 100,
                     icu_text);
}

} // namespace cachectl
