#include "util/icu_library.hpp"

#include <cachectl/util/version.hpp>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace cachectl {

std::string_view
library_version()
{
  return CACHECTL_VERSION;
}

std::string
dependency_versions()
{
  // ICU is loaded here (it is otherwise loaded only for non-ASCII text).
  char icu_text[U_MAX_VERSION_STRING_LENGTH] = "(not loadable)";
  if (const auto& icu = icu_api()) {
    UVersionInfo version{};
    icu->get_version(version);
    icu->version_to_string(version, icu_text);
  }
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
