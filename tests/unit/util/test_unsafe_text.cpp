#include <cachectl/util/unsafe_text.hpp>

#include <doctest/doctest.h>

using namespace cachectl;

TEST_SUITE_BEGIN("unsafe_text");

TEST_CASE("escape_unsafe: C0, DEL and invalid bytes as \\xNN")
{
  CHECK(escape_unsafe("a\x1b[31mb") == "a\\x1B[31mb");
  CHECK(escape_unsafe("a\tb\x7f") == "a\\x09b\\x7F");
  CHECK(escape_unsafe("\xC0\xAF") == "\\xC0\\xAF");          // overlong '/'
  CHECK(escape_unsafe("\xED\xA0\x80") == "\\xED\\xA0\\x80"); // a surrogate
  CHECK(escape_unsafe("\x9B") == "\\x9B");                   // a stray 8-bit CSI byte
  CHECK(escape_unsafe("\xE2\x80") == "\\xE2\\x80");          // a cut sequence
}

TEST_CASE("escape_unsafe: C1 controls, bidi and invisible code points as \\u{XXXX}")
{
  CHECK(escape_unsafe("/x\xC2\x9B"
                      "31m") == "/x\\u{009B}31m"); // 8-bit CSI
  CHECK(escape_unsafe("\xC2\x85") == "\\u{0085}"); // NEL
  for (const char32_t c : {U'\u202A',
                           char32_t{0x202B},
                           char32_t{0x202C},
                           char32_t{0x202D},
                           char32_t{0x202E},
                           char32_t{0x2066},
                           char32_t{0x2067},
                           char32_t{0x2068},
                           char32_t{0x2069},
                           char32_t{0x200E},
                           char32_t{0x200F},
                           char32_t{0x061C},
                           char32_t{0x200B},
                           char32_t{0x2028},
                           char32_t{0x2029},
                           char32_t{0xFEFF},
                           char32_t{0xE0041}}) {
    CHECK(unsafe_code_point(c));
  }
  CHECK(escape_unsafe("a\xE2\x80\xAE"
                      "b") == "a\\u{202E}b");
  CHECK(escape_unsafe("\xF3\xA0\x81\x81") == "\\u{E0041}"); // TAG LATIN CAPITAL LETTER A
}

TEST_CASE("escape_unsafe: printable text, non-ASCII included, is unchanged")
{
  CHECK(escape_unsafe("/blog/café/☕/🚀?q=1") == "/blog/café/☕/🚀?q=1");
  CHECK(escape_unsafe("\xC2\xA0") == "\xC2\xA0"); // NO-BREAK SPACE is visible as a space
  CHECK_FALSE(unsafe_code_point(U'é'));
  CHECK_FALSE(unsafe_code_point(0x2014)); // EM DASH
}

TEST_SUITE_END();
