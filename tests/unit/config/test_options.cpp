#include <cachectl/config/options.hpp>

#include <doctest/doctest.h>

using namespace cachectl;

TEST_SUITE_BEGIN("options");

TEST_CASE("merge: scalars last-write-wins, unset fields fall through")
{
  CacheOptions base;
  base.max_age = 60;
  base.browser_max_age = 0;
  base.vary = std::vector<std::string>{"Accept-Encoding"};
  CacheOptions top;
  top.max_age = 300;
  top.swr = 30;
  const CacheOptions m = merge(base, top);
  CHECK(m.max_age == 300);
  CHECK(m.swr == 30);
  CHECK(m.browser_max_age == 0);
  CHECK(m.vary == std::vector<std::string>{"Accept-Encoding"});
  CHECK_FALSE(m.stale_if_error.has_value());
}

TEST_CASE("merge: tags accumulate without duplicates, first occurrence keeps its place")
{
  CacheOptions base;
  base.tags = {"site", "blog"};
  CacheOptions top;
  top.tags = {"blog", "post:{slug}", "site"};
  CHECK(merge(base, top).tags == std::vector<std::string>{"site", "blog", "post:{slug}"});
}

TEST_CASE("merge: cache = false clears everything and opts out")
{
  CacheOptions base;
  base.max_age = 60;
  base.tags = {"site"};
  CacheOptions top;
  top.cache = false;
  top.max_age = 10;
  CacheOptions expected;
  expected.cache = false;
  CHECK(merge(base, top) == expected);
}

TEST_CASE("merge: cache = true on top of an opted-out base turns caching back on")
{
  CacheOptions base;
  base.cache = false;
  CacheOptions top;
  top.cache = true;
  top.max_age = 5;
  const CacheOptions m = merge(base, top);
  CHECK(m.cache == true);
  CHECK(m.max_age == 5);
}

TEST_CASE("merge: last_modified keeps the most recent")
{
  CacheOptions base;
  base.last_modified = "2024-05-01T10:00:00Z";
  CacheOptions older;
  older.last_modified = "Tue, 30 Apr 2024 10:00:00 GMT";
  CacheOptions newer;
  newer.last_modified = "2024-05-01T12:00:00+01:00"; // 11:00Z
  CHECK(merge(base, older).last_modified == "2024-05-01T10:00:00Z");
  CHECK(merge(base, newer).last_modified == "2024-05-01T12:00:00+01:00");
  CacheOptions unparsable;
  unparsable.last_modified = "yesterday";
  CHECK(merge(base, unparsable).last_modified == "yesterday");
}

TEST_CASE("expand_tags")
{
  const std::vector<std::pair<std::string, std::string>> params = {{"slug", "hello"},
                                                                   {"lang", "en"}};
  const std::vector<std::string> names = {"lang", "slug", "path"};
  CHECK(expand_tags({"post:{slug}", "{lang}-{slug}", "blog"}, params, names) ==
        std::vector<std::string>{"post:hello", "en-hello", "blog"});
  SUBCASE("an empty rest expands to nothing; unknown names stay literal")
  {
    CHECK(expand_tags({"docs:{path}", "x:{nope}"}, params, names) ==
          std::vector<std::string>{"docs:", "x:{nope}"});
  }
  SUBCASE("unbalanced braces are literal")
  {
    CHECK(expand_tags({"a{slug", "b}{", "{}"}, params, names) ==
          std::vector<std::string>{"a{slug", "b}{", "{}"});
  }
  SUBCASE("duplicates after expansion are dropped")
  {
    CHECK(expand_tags({"t:{slug}", "t:hello"}, params, names) ==
          std::vector<std::string>{"t:hello"});
  }
}

TEST_CASE("defaults")
{
  CHECK(default_methods() == std::vector<std::string>{"GET", "HEAD"});
  CHECK(default_statuses().size() == 12);
  BypassRules b;
  CHECK(b.empty());
  b.query = BypassRules::Query::any;
  CHECK_FALSE(b.empty());
}

TEST_SUITE_END();
