#include <cachectl/util/collation.hpp>

#include <doctest/doctest.h>
#include <unicode/ucol.h>

#include <memory>
#include <random>
#include <string>
#include <string_view>

using namespace cachectl;

TEST_SUITE_BEGIN("collation");

namespace {

// A random string of 0 to max_length bytes of `alphabet`.
std::string
random_text(std::mt19937& rng, std::string_view alphabet, int max_length)
{
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string s;
  for (int n = std::uniform_int_distribution<int>(0, max_length)(rng); n > 0; --n) {
    s += alphabet[pick(rng)];
  }
  return s;
}

} // namespace

TEST_CASE("locale_compare orders printable ASCII like ICU root collation")
{
  CHECK(locale_compare("_image", "About") < 0);
  CHECK(locale_compare("a", "B") < 0);
  CHECK(locale_compare("ab", "Ab") < 0);
  CHECK(locale_compare("_", "-") < 0);
  CHECK(locale_compare("-", ".") < 0);
  CHECK(locale_compare(".", "[") < 0);
  CHECK(locale_compare("9", "a") < 0);
  CHECK(locale_compare("$", "0") < 0);
  CHECK(locale_compare("abc", "abcd") < 0);
  CHECK(locale_compare("/[aStaticDynamic]", "/[serverDynamic]") < 0);
  CHECK(locale_compare("same", "same") == 0);
  CHECK(locale_compare("B", "a") > 0);
}

TEST_CASE("locale_compare uses ICU beyond ASCII")
{
  CHECK(locale_compare("/te st", "/\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88") < 0); // /テスト
  CHECK(locale_compare("caf\xc3\xa9", "cafe") > 0);
  CHECK(locale_compare("caf\xc3\xa9", "cafg") < 0);
  // NFC and NFD spellings are equal to ICU.
  CHECK(locale_compare("caf\xc3\xa9", "cafe\xcc\x81") == 0);
}

TEST_CASE("the ASCII emulation agrees with ICU on random strings")
{
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCollator, void (*)(UCollator*)> icu(ucol_open("en_US", &status), ucol_close);
  REQUIRE(U_SUCCESS(status));
  std::mt19937 rng(20261121);
  // A narrow alphabet makes shared prefixes and case-only differences common.
  const std::string alphabet = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBzZ";
  auto random_string = [&] { return random_text(rng, alphabet, 6); };
  int mismatches = 0;
  for (int i = 0; i < 50000; ++i) {
    const std::string a = random_string();
    const std::string b = random_string();
    UErrorCode st = U_ZERO_ERROR;
    const int want = ucol_strcollUTF8(icu.get(),
                                      a.data(),
                                      static_cast<int32_t>(a.size()),
                                      b.data(),
                                      static_cast<int32_t>(b.size()),
                                      &st);
    const int got = locale_compare(a, b);
    if ((want < 0) != (got < 0) || (want == 0) != (got == 0)) {
      ++mismatches;
      CAPTURE(a);
      CAPTURE(b);
      CHECK(got == want);
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("append_locale_key orders printable ASCII as locale_compare does")
{
  std::string key;
  CHECK_FALSE(append_locale_key("\xC3\xA9", key));
  CHECK_FALSE(append_locale_key("a\tb", key));
  CHECK(key.empty());
  std::mt19937 rng(20261206);
  const std::string alphabet = " _-.~[]0123456789aAbBzZ";
  auto random_string = [&] { return random_text(rng, alphabet, 5); };
  for (int i = 0; i < 20000; ++i) {
    const std::string a = random_string();
    const std::string b = random_string();
    std::string ka = "prefix kept:";
    std::string kb = "prefix kept:";
    REQUIRE(append_locale_key(a, ka));
    REQUIRE(append_locale_key(b, kb));
    const int want = locale_compare(a, b);
    const int got = ka.compare(kb);
    CAPTURE(a);
    CAPTURE(b);
    CHECK((got < 0) == (want < 0));
    CHECK((got == 0) == (want == 0));
  }
}

TEST_SUITE_END();
