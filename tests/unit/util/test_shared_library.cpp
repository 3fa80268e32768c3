#include "util/icu_library.hpp"
#include "util/shared_library.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace cachectl;

TEST_SUITE_BEGIN("shared_library");

TEST_CASE("a library that cannot be opened is an error naming every name tried")
{
  const char* names[] = {"libcachectl-no-such-library.so.1", "libcachectl-no-such-either.so.2"};
  const auto library = SharedLibrary::open(names);
  REQUIRE_FALSE(library.has_value());
  CHECK(library.error().find("libcachectl-no-such-library.so.1") != std::string::npos);
  CHECK(library.error().find("libcachectl-no-such-either.so.2") != std::string::npos);
  CHECK_FALSE(SharedLibrary::open({}).has_value());
}

TEST_CASE("the first name that loads is used, and its symbols resolve")
{
  const char* names[] = {"libcachectl-no-such-library.so.1", "libm.so.6"};
  const auto library = SharedLibrary::open(names);
  REQUIRE(library.has_value());
  CHECK(library->name() == "libm.so.6");
  double (*cosine)(double) = nullptr;
  REQUIRE(library->resolve("cos", cosine).has_value());
  CHECK(cosine(0.0) == doctest::Approx(1.0));
  int (*missing)() = nullptr;
  const auto resolved = library->resolve("cachectl_no_such_symbol", missing);
  REQUIRE_FALSE(resolved.has_value());
  CHECK(resolved.error() == "libm.so.6 has no symbol cachectl_no_such_symbol");
  CHECK((missing == nullptr));
}

TEST_CASE("CACHECTL_SYMBOL_NAME gives ICU's exported, version-suffixed name")
{
  CHECK(std::string(CACHECTL_SYMBOL_NAME(ucol_open)) == "ucol_open_" U_ICU_VERSION_SHORT);
  CHECK(std::string(CACHECTL_SYMBOL_NAME(dlopen)) == "dlopen");
}

TEST_SUITE_END();
