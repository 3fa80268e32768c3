#include <cachectl/pattern/foreign_syntax.hpp>

#include <doctest/doctest.h>

using namespace cachectl;

namespace {

// The whole translation of `source`.
std::string
astro(std::string_view source)
{
  return translate_foreign_syntax(source, find_foreign_syntax(source));
}

} // namespace

TEST_CASE("foreign route syntax: each construct at its column, with the Astro translation")
{
  CHECK(astro("/**") == "/[...path]");
  CHECK(astro("/*") == "/[...path]");
  CHECK(astro("/*.js") == "/[...path].js");
  CHECK(astro("/team/*") == "/team/[...path]");
  CHECK(astro("/a/*/b") == "/a/[param]/b");
  CHECK(astro("/a/**/b") == "/a/[...path]/b");
  CHECK(astro("/users/:id") == "/users/[id]");
  CHECK(astro("/api/:path*") == "/api/[...path]");
  CHECK(astro("/api/:path+") == "/api/[...path]");
  CHECK(astro("/u/:id(\\d+)") == "/u/[id]");
  CHECK(astro("/blog/(.*)") == "/blog/[...path]");
  CHECK(astro("/n/(\\d+)/x") == "/n/[param]/x");
  CHECK(astro("/a/*/b/*") == "/a/[param]/b/[...path]");
  // A name already used gets a fresh one.
  CHECK(astro("/[path]/**") == "/[path]/[...path2]");

  const auto found = find_foreign_syntax("/api/:path*");
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == ForeignSyntax::Kind::colon_param);
  CHECK(found[0].column == 6);
  CHECK(found[0].text == ":path*");
  CHECK(found[0].replacement == "[...path]");

  const auto glob = find_foreign_syntax("/*.js");
  REQUIRE(glob.size() == 1);
  CHECK(glob[0].kind == ForeignSyntax::Kind::glob);
  CHECK(glob[0].column == 2);
  CHECK(glob[0].note.find("several segments") != std::string::npos);
  CHECK(find_foreign_syntax("/team/*")[0].note.find("`/team` itself") != std::string::npos);
  CHECK(find_foreign_syntax("/blog/(.*)")[0].kind == ForeignSyntax::Kind::regex_group);
}

TEST_CASE("foreign route syntax: Astro patterns and plain text are not foreign")
{
  for (const char* source : {"/",
                             "/blog/[slug]",
                             "/docs/[...path]",
                             "/[lang]-[version]/x",
                             "/a:b",
                             "/time/12:30",
                             "/x/[...rest].json",
                             "/a(b"}) {
    CAPTURE(source);
    CHECK(find_foreign_syntax(source).empty());
  }
}
