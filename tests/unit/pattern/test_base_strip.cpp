// strip_base, normalize_base and canonicalize_path_text.
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
using cachectl::BaseStrip;
using cachectl::max_url_length;
using cachectl::normalize_base;
using cachectl::strip_base;
using cachectl::TrailingSlash;

namespace {

// Renders a BaseStrip, for failure messages.
std::string
render(const BaseStrip& strip)
{
  switch (strip.kind) {
  case BaseStrip::Kind::inside:
    return "inside " + strip.path;
  case BaseStrip::Kind::outside:
    return "outside";
  case BaseStrip::Kind::redirect:
    return "redirect " + strip.location;
  }
  return "?";
}

// An inside result with `path`.
BaseStrip
inside(std::string path)
{
  return BaseStrip{BaseStrip::Kind::inside, std::move(path), {}};
}

// A redirect result to `location`.
BaseStrip
redirect(std::string location)
{
  return BaseStrip{BaseStrip::Kind::redirect, {}, std::move(location)};
}

// An outside result.
BaseStrip
outside()
{
  return BaseStrip{BaseStrip::Kind::outside, {}, {}};
}

} // namespace

TEST_SUITE_BEGIN("url");

TEST_CASE("strip_base follows Astro's Router.match")
{
  struct Case {
    std::string base;
    TrailingSlash mode;
    std::string path;
    BaseStrip expected;
  };
  const std::vector<Case> cases = {
      {"/blog", TrailingSlash::ignore, "/blog", inside("/")},
      {"/blog", TrailingSlash::ignore, "/blog/", inside("/")},
      {"/blog", TrailingSlash::ignore, "/about", outside()},
      {"/blog", TrailingSlash::always, "/blog", redirect("/blog/")},
      {"/blog", TrailingSlash::always, "/blog/", inside("/")},
      {"/blog", TrailingSlash::always, "/blog/another/", inside("/another/")},
      {"/base", TrailingSlash::never, "/base", inside("/")},
      {"/base", TrailingSlash::never, "/base/", redirect("/base")},
      {"/blog", TrailingSlash::never, "/blog/another/", inside("/another/")},
      {"/", TrailingSlash::ignore, "////", redirect("/")},
      {"/", TrailingSlash::ignore, "//foo/bar", redirect("/foo/bar")},
      {"/blog", TrailingSlash::ignore, "/blogger", outside()},
      // Further cases.
      {"/blog", TrailingSlash::ignore, "/blog/about", inside("/about")},
      {"/blog", TrailingSlash::ignore, "//blog/about", redirect("/blog/about")},
      {"/blog", TrailingSlash::never, "//", redirect("/")},
      {"/blog", TrailingSlash::ignore, "/blog//x", inside("//x")},
      {"/blog", TrailingSlash::ignore, "/", outside()},
      {"/blog", TrailingSlash::ignore, "/Blog", outside()},
      {"/", TrailingSlash::always, "/about", inside("/about")},
      {"/", TrailingSlash::never, "/about/", inside("/about/")},
      {"/", TrailingSlash::ignore, "/", inside("/")},
      {"/a/b", TrailingSlash::ignore, "/a/b/c", inside("/c")},
      {"/a/b", TrailingSlash::ignore, "/a/c", outside()},
      // A base configured with a trailing slash.
      {"/blog/", TrailingSlash::ignore, "/blog", inside("/")},
      {"/blog/", TrailingSlash::ignore, "/blog/", inside("/")},
      {"/blog/", TrailingSlash::ignore, "/blog/x", inside("/x")},
      {"/blog/", TrailingSlash::always, "/blog", redirect("/blog/")},
      {"/blog/", TrailingSlash::always, "/blog/", inside("/")},
      {"/blog/", TrailingSlash::never, "/blog/", redirect("/blog")},
      {"/blog/", TrailingSlash::never, "/blog", inside("/")},
      // Bases that were not normalized, and paths without a leading slash.
      {"", TrailingSlash::ignore, "/x", inside("/x")},
      {"blog", TrailingSlash::ignore, "/blog/x", inside("/x")},
      {"/blog", TrailingSlash::ignore, "blog/x", inside("/x")},
      {"/", TrailingSlash::ignore, "", inside("/")},
  };
  for (const auto& c : cases) {
    INFO("base: ", c.base, ", mode: ", cachectl::to_string(c.mode), ", path: ", c.path);
    const auto actual = strip_base(c.path, c.base, c.mode);
    CHECK_MESSAGE(actual == c.expected, render(actual));
  }
}

TEST_CASE("normalize_base")
{
  CHECK(normalize_base("") == "/");
  CHECK(normalize_base("/") == "/");
  CHECK(normalize_base("blog") == "/blog");
  CHECK(normalize_base("blog/") == "/blog/");
  CHECK(normalize_base("/blog") == "/blog");
  CHECK(normalize_base("/blog/") == "/blog/");
  CHECK(normalize_base("/a/b") == "/a/b");
}

TEST_CASE("canonicalize_path_text")
{
  SUBCASE("matches what normalize_url produces for the same text")
  {
    CHECK(canon("/%61bout") == "/about");
    CHECK(canon("/about") == "/about");
    CHECK(canon("/caf%c3%a9") == "/caf%C3%A9");
    CHECK(canon("/caf\xc3\xa9") == "/caf%C3%A9");
    for (const char* text : {"/%61bout", "/caf%c3%a9", "/caf\xc3\xa9", "/a b", "/%7e%2f"}) {
      CHECK(canon(text) == path_of(text));
    }
  }
  SUBCASE("no dot-segment removal, '/' and %2F kept")
  {
    CHECK(canon("/a/./b/../c") == "/a/./b/../c");
    CHECK(canon("/a/%2e%2e/b") == "/a/../b");
    CHECK(canon("a%2fb/c") == "a%2Fb/c");
    CHECK(canon("//") == "//");
  }
  SUBCASE("encodes what may not appear raw in a path, '?' and '#' included")
  {
    CHECK(canon("a b[c]") == "a%20b%5Bc%5D");
    CHECK(canon("a?b#c") == "a%3Fb%23c");
    CHECK(canon("-._~!$&'()*+,;=:@") == "-._~!$&'()*+,;=:@");
  }
  SUBCASE("empty text")
  {
    CHECK(canon("").empty());
  }
  SUBCASE("errors")
  {
    const auto malformed = canon_err("ab%zz");
    CHECK(malformed.message == "malformed percent-escape");
    CHECK(malformed.offset == 2);
    const auto nul = canon_err("a%00");
    CHECK(nul.message == "encoded NUL (%00) in path");
    CHECK(nul.offset == 1);
    const auto utf8 = canon_err("x%C0%AF");
    CHECK(utf8.message == "invalid UTF-8 in path");
    CHECK(utf8.offset == 1);
    const auto control = canon_err("a\tb");
    CHECK(control.message == "control character 0x09 in path");
    CHECK(control.offset == 1);
    using namespace std::string_view_literals;
    const auto raw_nul = canon_err("ab\0"sv);
    CHECK(raw_nul.message == "NUL byte in path");
    CHECK(raw_nul.offset == 2);
  }
}

TEST_SUITE_END();
