#include "util/icu_library.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace cachectl;

TEST_SUITE_BEGIN("icu_library");

TEST_CASE("ICU's table resolves every function")
{
  const auto& icu = icu_api();
  REQUIRE_MESSAGE(icu.has_value(), icu.error());
  CHECK((icu->get_version != nullptr));
  CHECK((icu->version_to_string != nullptr));
  CHECK((icu->from_utf8 != nullptr));
  CHECK((icu->to_utf8 != nullptr));
  CHECK((icu->nfc_instance != nullptr));
  CHECK((icu->normalize != nullptr));
  CHECK((icu->open_collator != nullptr));
  CHECK((icu->close_collator != nullptr));
  CHECK((icu->collate_utf8 != nullptr));
  UVersionInfo version{};
  icu->get_version(version);
  CHECK(version[0] == U_ICU_VERSION_MAJOR_NUM);
}

TEST_CASE("a missing ICU library is an error value, not a crash")
{
  const char* missing[] = {"libicuuc-cachectl-missing.so.1"};
  const auto none = load_icu_api(missing, k_icu_i18n_names);
  REQUIRE_FALSE(none.has_value());
  CHECK(none.error().find("libicuuc-cachectl-missing.so.1") != std::string::npos);
  const auto no_i18n = load_icu_api(k_icu_common_names, missing);
  REQUIRE_FALSE(no_i18n.has_value());
  CHECK(no_i18n.error().find("libicuuc-cachectl-missing.so.1") != std::string::npos);
}

TEST_CASE("a library without ICU's functions names the first one missing")
{
  const char* libm[] = {"libm.so.6"};
  const auto wrong = load_icu_api(libm, k_icu_i18n_names);
  REQUIRE_FALSE(wrong.has_value());
  CHECK(wrong.error() == "libm.so.6 has no symbol u_getVersion_" U_ICU_VERSION_SHORT);
}

TEST_SUITE_END();
