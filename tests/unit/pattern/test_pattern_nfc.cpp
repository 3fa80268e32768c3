// Differential test: the NFC of static pattern text, computed through ICU's C functions loaded
// at run time (util/icu_library), equals ICU's C++ Normalizer2 linked into this test.
#include <cachectl/pattern/pattern.hpp>
#include <cachectl/pattern/url.hpp>

#include <doctest/doctest.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <array>
#include <random>
#include <string>
#include <string_view>

using namespace cachectl;

namespace {

// NFC of `text` by ICU's C++ API, malformed UTF-8 replaced by U+FFFD (the reference).
std::string
reference_nfc(std::string_view text)
{
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  REQUIRE(U_SUCCESS(status));
  const auto source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const icu::UnicodeString normalized = nfc->normalize(source, status);
  REQUIRE(U_SUCCESS(status));
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

} // namespace

TEST_SUITE_BEGIN("pattern_nfc");

TEST_CASE("static text is NFC-normalized exactly as ICU's C++ Normalizer2 does")
{
  // Pieces that compose, decompose, reorder or are malformed UTF-8.
  constexpr std::array<std::string_view, 16> pieces = {"a",
                                                       "e",
                                                       "\xcc\x81",
                                                       "\xcc\xa3",
                                                       "\xc3\xa9",
                                                       "\xe1\x84\x80",
                                                       "\xe1\x85\xa1",
                                                       "\xea\xb0\x80",
                                                       "\xe2\x84\xab",
                                                       "\xef\xac\x80",
                                                       "\xf0\x9d\x85\x9e",
                                                       "\xc3",
                                                       "\xff",
                                                       "\xe2\x82",
                                                       "\xcd\x82",
                                                       "o\xcc\x88\xcc\x81"};
  std::mt19937 random(17);
  for (int iteration = 0; iteration < 3000; ++iteration) {
    std::string text;
    const int length = 1 + static_cast<int>(random() % 8);
    for (int i = 0; i < length; ++i) {
      text += pieces[random() % pieces.size()];
    }
    CAPTURE(text);
    const auto pattern = Pattern::parse("/" + text);
    const auto expected = canonicalize_path_text(reference_nfc(text));
    REQUIRE(pattern.has_value() == expected.has_value());
    if (pattern) {
      REQUIRE(pattern->segments().size() == 1);
      CHECK(pattern->segments()[0][0].canonical == *expected);
    }
  }
}

TEST_SUITE_END();
