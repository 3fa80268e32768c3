#include <cachectl/util/html_text.hpp>

#include <doctest/doctest.h>

using namespace cachectl;

TEST_SUITE_BEGIN("html_text");

TEST_CASE("html_escape: markup characters become entities")
{
  CHECK(html_escape("</script><b>") == "&lt;/script&gt;&lt;b&gt;");
  CHECK(html_escape("a & b") == "a &amp; b");
  CHECK(html_escape("&amp;") == "&amp;amp;"); // escaped again: the text is shown as written
  CHECK(html_escape(R"(" onload="x)") == "&quot; onload=&quot;x");
  CHECK(html_escape("' onmouseover='y") == "&#39; onmouseover=&#39;y");
  CHECK(html_escape("<![CDATA[]]>") == "&lt;![CDATA[]]&gt;");
  CHECK(html_escape("<!-- -->") == "&lt;!-- --&gt;");
}

TEST_CASE("html_escape: plain text and valid UTF-8 pass unchanged")
{
  CHECK(html_escape("") == "");
  CHECK(html_escape("/blog/[slug]?page=2") == "/blog/[slug]?page=2");
  CHECK(html_escape("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
        "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  CHECK(html_escape("a\tb\nc\r") == "a\tb\nc\r");
}

TEST_CASE("html_escape: what XML forbids becomes U+FFFD")
{
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(html_escape(std::string_view("a\0b", 3)) == "a" + fffd + "b");
  CHECK(html_escape("\x1b[31m") == fffd + "[31m");
  CHECK(html_escape("\x7f") == fffd);
  CHECK(html_escape("\xC2\x9B") == fffd);                   // C1 CSI
  CHECK(html_escape("\xC0\xBC") == fffd + fffd);            // overlong '<', byte by byte
  CHECK(html_escape("\xED\xA0\x80") == fffd + fffd + fffd); // a surrogate
  CHECK(html_escape("x\xE2\x82") == "x" + fffd + fffd);     // a cut sequence
  CHECK(html_escape("\xEF\xBF\xBE") == fffd);               // U+FFFE
  // No escaped output ever holds a raw markup character.
  const std::string hostile = "\"'<>&\xC0<\xFF>";
  const std::string escaped = html_escape(hostile);
  CHECK(escaped.find_first_of("<>\"'") == std::string::npos);
}

TEST_SUITE_END();
