// normalize_url's passes A–D (decoding, upper-casing, encoding, dot segments) and its UTF-8 check.
#include "url_checks.hpp"

#include <cachectl/pattern/trailing_slash.hpp>
#include <cachectl/pattern/url.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace url_checks;
using cachectl::max_url_length;

TEST_SUITE_BEGIN("url");

TEST_CASE("pass A: decoded unreserved escapes")
{
  SUBCASE("fires for every unreserved character, any hex case")
  {
    const auto url = ok("/%41%7a%30%2D%2e%5F%7e%7E");
    CHECK(url.path == "/Az0-._~~");
    CHECK(url.steps == Steps{{"decoded unreserved escapes", "/Az0-._~~"}});
  }
  SUBCASE("silent when there is nothing to decode")
  {
    CHECK(ok("/Az0-._~").steps.empty());
    CHECK(ok("/a%2Fb%3A%20%25").steps.empty());
  }
  SUBCASE("other escapes stay encoded, nothing is decoded twice")
  {
    CHECK(path_of("/%2541") == "/%2541");
    CHECK(path_of("/%252e%252e/x") == "/%252e%252e/x");
    CHECK(path_of("/a%2Fb") == "/a%2Fb");
    CHECK(path_of("/%3F%23%20") == "/%3F%23%20");
  }
  SUBCASE("malformed escapes")
  {
    for (const char* input : {"/%", "/%4", "/%4g", "/%g4", "/%%41", "/% 1"}) {
      const auto e = err(input);
      CHECK(e.message == "malformed percent-escape");
      CHECK(e.offset == 1);
    }
    const auto later = err("/abc/%zz");
    CHECK(later.offset == 5);
    const auto absolute = err("http://example.com/a%2");
    CHECK(absolute.message == "malformed percent-escape");
    CHECK(absolute.offset == 20);
  }
  SUBCASE("encoded NUL")
  {
    const auto e = err("/a%00b");
    CHECK(e.message == "encoded NUL (%00) in path");
    CHECK(e.offset == 2);
  }
}

TEST_CASE("pass B: uppercased escapes")
{
  SUBCASE("fires")
  {
    const auto url = ok("/a%2fb%3a%c3%a9");
    CHECK(url.path == "/a%2Fb%3A%C3%A9");
    CHECK(url.steps == Steps{{"uppercased escapes", "/a%2Fb%3A%C3%A9"}});
  }
  SUBCASE("silent when already uppercase")
  {
    CHECK(ok("/a%2Fb%3A%C3%A9").steps.empty());
  }
  SUBCASE("after pass A")
  {
    const auto url = ok("/%7e%2f");
    CHECK(url.path == "/~%2F");
    CHECK(url.steps ==
          Steps{{"decoded unreserved escapes", "/~%2f"}, {"uppercased escapes", "/~%2F"}});
  }
}

TEST_CASE("pass C: encoded characters not allowed in a path")
{
  SUBCASE("each ASCII character that may not appear raw")
  {
    const std::string_view raw = " \"<>\\^`{|}[]";
    const std::vector<std::string> encoded = {
        "%20", "%22", "%3C", "%3E", "%5C", "%5E", "%60", "%7B", "%7C", "%7D", "%5B", "%5D"};
    REQUIRE(raw.size() == encoded.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const std::string input = "/a" + std::string(1, raw[i]) + "b";
      const auto url = ok(input);
      const std::string expected = "/a" + encoded[i] + "b";
      CHECK(url.path == expected);
      CHECK(url.steps == Steps{{"encoded characters not allowed in a path", expected}});
    }
  }
  SUBCASE("non-ASCII UTF-8 is encoded with uppercase hex")
  {
    CHECK(path_of("/caf\xc3\xa9") == "/caf%C3%A9");
    CHECK(path_of("/\xe2\x82\xac") == "/%E2%82%AC");
    CHECK(path_of("/\xf0\x9f\x98\x80") == "/%F0%9F%98%80");
  }
  SUBCASE("silent for characters allowed raw")
  {
    const auto url = ok("/az09-._~!$&'()*+,;=:@/%20");
    CHECK(url.path == "/az09-._~!$&'()*+,;=:@/%20");
    CHECK(url.steps.empty());
  }
  SUBCASE("all three passes")
  {
    const auto url = ok("/%7e a%2f");
    CHECK(url.path == "/~%20a%2F");
    CHECK(url.steps == Steps{{"decoded unreserved escapes", "/~ a%2f"},
                             {"uppercased escapes", "/~ a%2F"},
                             {"encoded characters not allowed in a path", "/~%20a%2F"}});
  }
}

TEST_CASE("pass D: removed dot segments")
{
  SUBCASE("RFC 3986 5.2.4 cases")
  {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"/a/./b", "/a/b"},
        {"/a/../b", "/b"},
        {"/../a", "/a"},
        {"/../../a/b", "/a/b"},
        {"/a/..", "/"},
        {"/a/b/..", "/a/"},
        {"/a/.", "/a/"},
        {"/.", "/"},
        {"/..", "/"},
        {"/./", "/"},
        {"/a/b/c/./../../g", "/a/g"},
        {"/mid/content=5/../6", "/mid/6"},
        {"/a/b/../../..", "/"},
        {"/a//../b", "/a/b"},
        {"/a/.//b", "/a//b"},
        {"/..//x", "//x"},
        {"/a/b/./../c/", "/a/c/"},
    };
    for (const auto& [input, expected] : cases) {
      INFO("input: ", input);
      const auto url = ok(input);
      CHECK(url.path == expected);
      CHECK(url.steps == Steps{{"removed dot segments", expected}});
    }
  }
  SUBCASE("silent for names that only look like dot segments")
  {
    for (const char* input :
         {"/a.", "/.a", "/...", "/a../b", "/a/.b/", "//a//b", "/a;x=1/b;y", "/a/;/..;/b", "/"}) {
      const auto url = ok(input);
      CHECK(url.path == input);
      CHECK(url.steps.empty());
    }
  }
  SUBCASE("encoded dots are decoded by pass A, then removed")
  {
    const auto url = ok("/a/%2E%2E/b");
    CHECK(url.path == "/b");
    CHECK(url.steps ==
          Steps{{"decoded unreserved escapes", "/a/../b"}, {"removed dot segments", "/b"}});
    CHECK(path_of("/a/%2E./b") == "/b");
    CHECK(path_of("/a/.%2e/b") == "/b");
    CHECK(path_of("/a/%2e/b") == "/a/b");
    CHECK(path_of("/a/b/%2e%2e") == "/a/");
  }
  SUBCASE("validation happens before dot segments can hide a byte")
  {
    const auto e = err("/a/%C0%AF/../b");
    CHECK(e.message == "invalid UTF-8 in path");
    CHECK(e.offset == 3);
  }
}

TEST_CASE("normalize_url UTF-8 validation")
{
  SUBCASE("valid sequences, raw or escaped")
  {
    CHECK(path_of("/caf%C3%A9") == "/caf%C3%A9");
    CHECK(path_of("/%E2%82%AC%F0%9F%98%80") == "/%E2%82%AC%F0%9F%98%80");
    CHECK(path_of("/%ED%9F%BF%EE%80%80") == "/%ED%9F%BF%EE%80%80");       // U+D7FF, U+E000
    CHECK(path_of("/%F4%8F%BF%BF%C2%80") == "/%F4%8F%BF%BF%C2%80");       // U+10FFFF, U+0080
    CHECK(path_of("/%E0%A0%80%F0%90%80%80") == "/%E0%A0%80%F0%90%80%80"); // U+0800, U+10000
  }
  SUBCASE("a sequence may mix raw bytes and escapes")
  {
    CHECK(path_of("/caf\xc3%A9") == "/caf%C3%A9");
    CHECK(path_of("/caf%c3\xa9") == "/caf%C3%A9");
  }
  SUBCASE("invalid sequences")
  {
    const std::vector<std::pair<std::string, std::size_t>> cases = {
        {"/%C0%AF", 1},                   // overlong '/'
        {"/%C1%BF", 1},                   // overlong
        {"/%E0%80%AF", 1},                // overlong 3-byte
        {"/%F0%80%80%AF", 1},             // overlong 4-byte
        {"/%ED%A0%80", 1},                // surrogate U+D800
        {"/%ED%BF%BF", 1},                // surrogate U+DFFF
        {"/%F4%90%80%80", 1},             // U+110000
        {"/%F5%80%80%80", 1},             // lead byte beyond U+10FFFF
        {"/%FF", 1},                      // never valid
        {"/a%80", 2},                     // stray continuation byte
        {"/caf%C3", 4},                   // truncated at the end
        {"/caf%C3x", 4},                  // truncated by an ASCII byte
        {"/a%C3%28", 2},                  // bad continuation byte
        {"/a%E2%82", 2},                  // truncated 3-byte
        {"/a%F0%9F%98/", 2},              // truncated 4-byte
        {"/caf\xc3", 4},                  // raw truncated
        {"/\xff", 1},                     // raw invalid
        {"/ok/\xc3\xa9/\xed\xa0\x80", 7}, // raw surrogate after a valid character
        {"/%C3%A9/%FF", 8},               // escaped, after escaped valid bytes
        {"/%41%42\xc3", 7},               // raw, after escapes
        {"/%C3%A9%E2%82", 7},             // truncated, after an escaped valid character
    };
    for (const auto& [input, offset] : cases) {
      const auto e = err(input);
      CHECK(e.message == "invalid UTF-8 in path");
      CHECK(e.offset == offset);
    }
  }
  SUBCASE("offsets are relative to the whole input")
  {
    const auto e = err("https://example.com/x/%ED%A0%80");
    CHECK(e.message == "invalid UTF-8 in path");
    CHECK(e.offset == 22);
  }
}

TEST_SUITE_END();
