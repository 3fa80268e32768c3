// normalize_url: accepted forms, refusals, authority, query, steps and idempotence.
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

TEST_CASE("normalize_url rejects empty and over-long input")
{
  SUBCASE("empty")
  {
    const auto e = err("");
    CHECK(e.message == "empty URL");
    CHECK(e.offset == 0);
  }
  SUBCASE("exactly max_url_length bytes is accepted")
  {
    const std::string input = "/" + std::string(max_url_length - 1, 'a');
    REQUIRE(input.size() == 8192);
    const auto url = ok(input);
    CHECK(url.path == input);
    CHECK(url.steps.empty());
  }
  SUBCASE("one byte more is rejected")
  {
    const std::string input = "/" + std::string(max_url_length, 'a');
    REQUIRE(input.size() == 8193);
    const auto e = err(input);
    CHECK(e.message == "URL is longer than 8192 bytes");
    CHECK(e.offset == 8192);
  }
  SUBCASE("the limit applies to absolute URLs as a whole")
  {
    const std::string prefix = "http://example.com/";
    const std::string fits = prefix + std::string(max_url_length - prefix.size(), 'a');
    CHECK(ok(fits).path.size() == max_url_length - prefix.size() + 1);
    CHECK(err(fits + "a").message == "URL is longer than 8192 bytes");
  }
  SUBCASE("the normalized path and query must fit too, so that normalizing is idempotent")
  {
    // 2730 raw two-byte characters (5468 bytes) encode to 16388 bytes.
    std::string raw = "/static/";
    for (int i = 0; i < 2730; ++i) {
      raw += "\xc3\xa9";
    }
    const auto e = err(raw);
    CHECK(e.message == "URL is longer than 8192 bytes once percent-encoded");
    CHECK(e.offset == 0);
    CHECK(err("http://example.com" + raw).offset == 18);

    // Exactly max_url_length bytes once encoded (1 + 1000 * 6 + 2191) is accepted, and
    // normalizes to itself.
    std::string fits = "/";
    for (int i = 0; i < 1000; ++i) {
      fits += "\xc3\xa9";
    }
    fits += std::string(2191, 'a');
    const auto url = ok(fits);
    REQUIRE(url.path.size() == max_url_length);
    CHECK(ok(url.path).path == url.path);
    CHECK(err(fits + "a").message == "URL is longer than 8192 bytes once percent-encoded");

    // A query counts, with its `?`.
    const std::string path = "/" + std::string(8182, 'a');
    CHECK(ok(path + "?\xc3\xa9").query == "%C3%A9");
    const auto q = err(path + "?\xc3\xa9\xc3\xa9");
    CHECK(q.message == "URL is longer than 8192 bytes once percent-encoded");
  }
}

TEST_CASE("normalize_url rejects raw control characters and NUL")
{
  SUBCASE("TAB, LF, CR, other C0 controls and DEL")
  {
    const auto tab = err("/a\tb");
    CHECK(tab.message == "control character 0x09 in URL");
    CHECK(tab.offset == 2);
    const auto lf = err("/a\n");
    CHECK(lf.message == "control character 0x0A in URL");
    CHECK(lf.offset == 2);
    const auto cr = err("/\r");
    CHECK(cr.message == "control character 0x0D in URL");
    CHECK(cr.offset == 1);
    const auto soh = err("\x01/a");
    CHECK(soh.message == "control character 0x01 in URL");
    CHECK(soh.offset == 0);
    const auto us = err("/abc\x1f");
    CHECK(us.message == "control character 0x1F in URL");
    CHECK(us.offset == 4);
    const auto del = err("/a\x7f");
    CHECK(del.message == "control character 0x7F in URL");
    CHECK(del.offset == 2);
  }
  SUBCASE("raw NUL")
  {
    using namespace std::string_view_literals;
    const auto e = err("/ab\0c"sv);
    CHECK(e.message == "NUL byte in URL");
    CHECK(e.offset == 3);
  }
  SUBCASE("anywhere: host, query and fragment included")
  {
    CHECK(err("http://ex\x02.com/").offset == 9);
    CHECK(err("/a?x=\ny").offset == 5);
    CHECK(err("/a#frag\r\n").offset == 7);
    CHECK(err("/a#frag\r\n").message == "control character 0x0D in URL");
  }
  SUBCASE("the first offending byte is reported")
  {
    const auto e = err("/a\x7f\t");
    CHECK(e.message == "control character 0x7F in URL");
    CHECK(e.offset == 2);
  }
}

TEST_CASE("normalize_url input forms")
{
  SUBCASE("a path")
  {
    const auto url = ok("/a/b");
    CHECK(url.scheme.empty());
    CHECK(url.host.empty());
    CHECK(url.port.empty());
    CHECK(url.path == "/a/b");
    CHECK_FALSE(url.has_query);
    CHECK(url.steps.empty());
  }
  SUBCASE("a network-path reference is treated as a path")
  {
    const auto url = ok("//evil.example/x");
    CHECK(url.host.empty());
    CHECK(url.path == "//evil.example/x");
    CHECK(url.steps.empty());
  }
  SUBCASE("http and https, scheme case-insensitive")
  {
    const auto http = ok("http://example.com/a");
    CHECK(http.scheme == "http");
    CHECK(http.host == "example.com");
    CHECK(http.path == "/a");
    CHECK(http.steps.empty());
    const auto https = ok("HtTpS://example.com/a");
    CHECK(https.scheme == "https");
    CHECK(https.path == "/a");
    CHECK(https.steps.empty());
  }
  SUBCASE("an empty path after the authority becomes '/'")
  {
    const auto bare = ok("http://example.com");
    CHECK(bare.path == "/");
    CHECK(bare.steps.empty());
    const auto with_query = ok("http://example.com?x=1");
    CHECK(with_query.path == "/");
    CHECK(with_query.query == "x=1");
    CHECK(with_query.has_query);
    const auto with_fragment = ok("http://example.com#top");
    CHECK(with_fragment.path == "/");
    CHECK(with_fragment.steps == Steps{{"dropped fragment", "#top"}});
  }
  SUBCASE("other schemes are rejected")
  {
    const auto ftp = err("ftp://example.com/");
    CHECK(ftp.message == "unsupported scheme 'ftp' (expected http or https)");
    CHECK(ftp.offset == 0);
    CHECK(err("mailto:a@b").message == "unsupported scheme 'mailto' (expected http or https)");
    CHECK(err("Web+Cal:x").message == "unsupported scheme 'Web+Cal' (expected http or https)");
    CHECK(err("localhost:8080/").message ==
          "unsupported scheme 'localhost' (expected http or https)");
  }
  SUBCASE("http(s) must be followed by '//'")
  {
    const auto one_slash = err("http:/example.com/");
    CHECK(one_slash.message == "expected '//' after 'http:'");
    CHECK(one_slash.offset == 5);
    const auto none = err("HTTPS:example.com");
    CHECK(none.message == "expected '//' after 'HTTPS:'");
    CHECK(none.offset == 6);
    CHECK(err("http:").offset == 5);
  }
  SUBCASE("anything else")
  {
    for (const char* input :
         {"a/b", "example.com/x", "?q", "#f", "1http://x/", ":x", "-a:b", ".."}) {
      const auto e = err(input);
      CHECK(e.message == "expected a path starting with '/' or an http(s) URL");
      CHECK(e.offset == 0);
    }
  }
}

TEST_CASE("normalize_url authority")
{
  SUBCASE("userinfo is dropped")
  {
    const auto url = ok("http://user:pass@example.com/a");
    CHECK(url.host == "example.com");
    CHECK(url.path == "/a");
    CHECK(url.steps == Steps{{"dropped userinfo", "user:***@"}});
    CHECK(ok("http://@example.com/").steps == Steps{{"dropped userinfo", "@"}});
  }
  SUBCASE("userinfo characters that would make parsers disagree are rejected")
  {
    const auto two_ats = err("http://a@b@evil.com/");
    CHECK(two_ats.message == "invalid character in userinfo");
    CHECK(two_ats.offset == 8);
    const auto backslash = err("http://good.com\\@evil.com/");
    CHECK(backslash.message == "invalid character in userinfo");
    CHECK(backslash.offset == 15);
  }
  SUBCASE("host is lowercased")
  {
    const auto url = ok("http://WWW.Example.COM/Path");
    CHECK(url.host == "www.example.com");
    CHECK(url.path == "/Path");
    CHECK(url.steps == Steps{{"lowercased host", "www.example.com"}});
    CHECK(ok("http://www.example.com/").steps.empty());
  }
  SUBCASE("invalid characters in a host")
  {
    const auto backslash = err("http://good.com\\evil/");
    CHECK(backslash.message == "invalid character in host");
    CHECK(backslash.offset == 15);
    CHECK(err("http://ex ample.com/").offset == 9);
    const auto idn = err("http://caf\xc3\xa9.com/");
    CHECK(idn.message == "non-ASCII character in host (use its punycode form, xn--...)");
    CHECK(idn.offset == 10);
    CHECK(ok("http://xn--caf-dma.com/").host == "xn--caf-dma.com");
    CHECK(ok("http://XN--CAF-DMA.com/").host == "xn--caf-dma.com");
  }
  SUBCASE("IPv6 literals are kept, lowercased")
  {
    const auto lower = ok("http://[::1]/");
    CHECK(lower.host == "[::1]");
    CHECK(lower.steps.empty());
    const auto upper = ok("http://[FE80::A:1]:8080/x");
    CHECK(upper.host == "[fe80::a:1]");
    CHECK(upper.port == "8080");
    CHECK(upper.path == "/x");
    CHECK(upper.steps == Steps{{"lowercased host", "[fe80::a:1]"}});
    CHECK(ok("http://[::ffff:192.0.2.1]/").host == "[::ffff:192.0.2.1]");
  }
  SUBCASE("malformed IPv6 literals")
  {
    const auto unterminated = err("http://[::1/");
    CHECK(unterminated.message == "invalid IPv6 literal");
    CHECK(unterminated.offset == 7);
    CHECK(err("http://[]/").message == "invalid IPv6 literal");
    const auto bad_char = err("http://[::g]/");
    CHECK(bad_char.message == "invalid IPv6 literal");
    CHECK(bad_char.offset == 10);
    const auto trailing = err("http://[::1]x/");
    CHECK(trailing.message == "invalid host");
    CHECK(trailing.offset == 12);
  }
  SUBCASE("ports")
  {
    const auto http_default = ok("http://example.com:80/a");
    CHECK(http_default.port.empty());
    CHECK(http_default.steps == Steps{{"dropped default port", ":80"}});
    const auto https_default = ok("https://example.com:443/a");
    CHECK(https_default.port.empty());
    CHECK(https_default.steps == Steps{{"dropped default port", ":443"}});
    const auto cross = ok("http://example.com:443/a");
    CHECK(cross.port == "443");
    CHECK(cross.steps.empty());
    CHECK(ok("https://example.com:80/").port == "80");
    const auto other = ok("http://example.com:8080/a");
    CHECK(other.port == "8080");
    CHECK(other.steps.empty());
    CHECK(ok("http://example.com:65535/").port == "65535");
    CHECK(ok("http://example.com:1/").port == "1");
  }
  SUBCASE("an empty port is dropped silently")
  {
    const auto url = ok("http://example.com:/a");
    CHECK(url.port.empty());
    CHECK(url.host == "example.com");
    CHECK(url.steps.empty());
  }
  SUBCASE("invalid ports")
  {
    for (const char* input : {"http://example.com:0/",
                              "http://example.com:65536/",
                              "http://example.com:99999999999999999999/",
                              "http://example.com:8a/",
                              "http://example.com:-1/",
                              "http://example.com:80:80/",
                              "http://example.com: 80/"}) {
      const auto e = err(input);
      CHECK(e.message == "invalid port");
      CHECK(e.offset == 19);
    }
  }
  SUBCASE("missing host")
  {
    const auto empty = err("http:///a");
    CHECK(empty.message == "missing host");
    CHECK(empty.offset == 7);
    const auto after_userinfo = err("http://user@/a");
    CHECK(after_userinfo.message == "missing host");
    CHECK(after_userinfo.offset == 12);
    CHECK(err("http://:8080/").message == "missing host");
    CHECK(err("https://").message == "missing host");
    CHECK(err("http://?q").message == "missing host");
  }
}

TEST_CASE("normalize_url fragment and query")
{
  SUBCASE("the fragment is dropped")
  {
    const auto url = ok("/a#frag");
    CHECK(url.path == "/a");
    CHECK_FALSE(url.has_query);
    CHECK(url.steps == Steps{{"dropped fragment", "#frag"}});
    CHECK(ok("/a#").steps == Steps{{"dropped fragment", "#"}});
  }
  SUBCASE("the query ends at the first '#', the fragment keeps later '?' and '#'")
  {
    const auto url = ok("/a?b?c#d?e#f");
    CHECK(url.path == "/a");
    CHECK(url.query == "b?c");
    CHECK(url.has_query);
    CHECK(url.steps == Steps{{"dropped fragment", "#d?e#f"}});
    const auto no_query = ok("/a#b?c");
    CHECK_FALSE(no_query.has_query);
    CHECK(no_query.query.empty());
  }
  SUBCASE("an empty query is kept")
  {
    const auto url = ok("/a?");
    CHECK(url.has_query);
    CHECK(url.query.empty());
    CHECK(url.steps.empty());
    CHECK(ok("/a?#x").has_query);
    CHECK_FALSE(ok("/a").has_query);
  }
  SUBCASE("query escapes are uppercased but never decoded")
  {
    const auto url = ok("/a?q=%3a%7e%2e&r=%41");
    CHECK(url.query == "q=%3A%7E%2E&r=%41");
    CHECK(url.path == "/a");
    CHECK(url.steps.empty());
  }
  SUBCASE("raw disallowed bytes in a query are encoded; '?' and '/' are kept")
  {
    CHECK(ok("/a?q=a b\"<>\\^`{|}[]").query == "q=a%20b%22%3C%3E%5C%5E%60%7B%7C%7D%5B%5D");
    CHECK(ok("/a?q=caf\xc3\xa9").query == "q=caf%C3%A9");
    CHECK(ok("/a?x=/y?z:@!$&'()*+,;=").query == "x=/y?z:@!$&'()*+,;=");
  }
  SUBCASE("malformed escapes in a query")
  {
    const auto e = err("/a?b=%zz");
    CHECK(e.message == "malformed percent-escape in query");
    CHECK(e.offset == 5);
    CHECK(err("/a?%").offset == 3);
    CHECK(err("http://x/?ab%4").offset == 12);
  }
  SUBCASE("errors in the path are reported before errors in the query")
  {
    const auto e = err("/%zz?%zz");
    CHECK(e.message == "malformed percent-escape");
    CHECK(e.offset == 1);
  }
  SUBCASE("the fragment is not validated beyond control characters")
  {
    CHECK(ok("/a#%zz").path == "/a");
  }
}

TEST_CASE("normalize_url records every step of a multi-step example")
{
  const auto url = ok("https://User@Example.COM:443/a/./b/%7e%2e%2E/c%2f%3a?q=%3a#frag");
  CHECK(url.scheme == "https");
  CHECK(url.host == "example.com");
  CHECK(url.port.empty());
  CHECK(url.path == "/a/b/~../c%2F%3A");
  CHECK(url.query == "q=%3A");
  CHECK(url.has_query);
  const Steps expected = {
      {"dropped userinfo", "User@"},
      {"lowercased host", "example.com"},
      {"dropped default port", ":443"},
      {"dropped fragment", "#frag"},
      {"decoded unreserved escapes", "/a/./b/~../c%2f%3a"},
      {"uppercased escapes", "/a/./b/~../c%2F%3A"},
      {"removed dot segments", "/a/b/~../c%2F%3A"},
  };
  CHECK_MESSAGE(url.steps == expected, render(url.steps));
}

TEST_CASE("normalize_url is idempotent")
{
  const std::vector<std::string> inputs = {
      "/",
      "/a/b/c",
      "/a/./b/../c/",
      "/%7Euser/%2e%2E/x",
      "/caf\xc3\xa9/men%c3%BC",
      "/a b/<c>/{d}|[e]^`\\\"",
      "/a%2fb/%2F..%2F/x",
      "//double//slashes/",
      "/..//x",
      "/.%2e/./a/..",
      "/a;p=1/b.;q/.",
      "/%25/%2525/%41",
      "/x?q=%3a b#f",
      "http://User@Example.COM:80/A/%2e/B?X",
  };
  for (const auto& input : inputs) {
    INFO("input: ", input);
    const auto first = ok(input);
    std::string again = first.path;
    if (first.has_query) {
      again += "?" + first.query;
    }
    const auto second = ok(again);
    CHECK(second.path == first.path);
    CHECK(second.query == first.query);
    CHECK(second.has_query == first.has_query);
    CHECK_MESSAGE(second.steps.empty(), render(second.steps));
  }
}

TEST_CASE("two spellings of one resource normalize equal")
{
  CHECK(path_of("/%7Euser") == path_of("/~user"));
  CHECK(path_of("/%7euser") == "/~user");
  CHECK(path_of("/a/%2E%2E/b") == path_of("/b"));
  CHECK(path_of("/a/%2e%2e/b") == "/b");
  CHECK(path_of("/caf\xc3\xa9") == path_of("/caf%C3%A9"));
  CHECK(path_of("/caf%c3%a9") == path_of("/caf%C3%A9"));
  CHECK(path_of("/caf%C3%A9") == "/caf%C3%A9");
  CHECK(path_of("/%61bout") == path_of("/about"));
  CHECK(path_of("/a%20b") == path_of("/a b"));
  CHECK(path_of("http://EXAMPLE.com:80/x/./y") == path_of("/x/y"));
}

TEST_CASE("%2F stays encoded and is never a separator")
{
  CHECK(path_of("/a%2Fb") == "/a%2Fb");
  CHECK(path_of("/a%2fb") == "/a%2Fb");
  CHECK(path_of("/a%2F..%2Fb") == "/a%2F..%2Fb");
  CHECK(path_of("/a/b%2F../c") == "/a/b%2F../c");
  CHECK(path_of("/a%2f%2e%2e/b") == "/a%2F../b");
  CHECK(path_of("/x/%2F/..") == "/x/");
  CHECK(path_of("/%2F%2F") == "/%2F%2F");
}

TEST_CASE("many segments are processed correctly")
{
  SUBCASE("normalize_url with as many dot segments as fit in max_url_length")
  {
    const std::string input = repeat("/a", 1638) + repeat("/..", 1638);
    REQUIRE(input.size() <= max_url_length);
    const auto url = ok(input);
    CHECK(url.path == "/");
    CHECK(url.steps == Steps{{"removed dot segments", "/"}});
    const std::string dots = repeat("/.", max_url_length / 2);
    REQUIRE(dots.size() == max_url_length);
    CHECK(path_of(dots) == "/");
    const std::string slashes(max_url_length, '/');
    CHECK(path_of(slashes) == slashes);
  }
  SUBCASE("normalize_url with 4096 plain segments")
  {
    const std::string input = repeat("/x", 4096);
    REQUIRE(input.size() == max_url_length);
    const auto url = ok(input);
    CHECK(url.path == input);
    CHECK(url.steps.empty());
  }
  SUBCASE("canonicalize_path_text with 10,000 segments")
  {
    const auto text = canon(repeat("/s%7e%2f", 10000));
    CHECK(text == repeat("/s~%2F", 10000));
  }
}

TEST_SUITE_END();

TEST_CASE("normalize_url: escapes in the host, userinfo and query are checked too")
{
  auto error_of = [](std::string_view input) {
    auto r = normalize_url(input);
    REQUIRE_FALSE(r.has_value());
    return r.error();
  };
  CHECK(error_of("http://%zz/x") == UrlError{"malformed percent-escape in host", 7});
  CHECK(error_of("http://h%00/x") == UrlError{"encoded NUL (%00) in host", 8});
  CHECK(error_of("http://u%00@h/x") == UrlError{"encoded NUL (%00) in userinfo", 8});
  CHECK(error_of("/x?a=%00") == UrlError{"encoded NUL (%00) in query", 5});
  CHECK(error_of("/x?a=%g1") == UrlError{"malformed percent-escape in query", 5});
  CHECK(normalize_url("http://h%41/x").has_value());
}
