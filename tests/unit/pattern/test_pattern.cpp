#include "pattern/js_array_sort.hpp"

#include <cachectl/pattern/pattern.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

using namespace cachectl;
using Kind = PatternPart::Kind;

namespace {

Pattern
parse(std::string_view text)
{
  auto p = Pattern::parse(text);
  REQUIRE_MESSAGE(p.has_value(), text << ": " << p.error().message);
  return *p;
}

PatternError
parse_error(std::string_view text)
{
  auto p = Pattern::parse(text);
  REQUIRE_MESSAGE(!p.has_value(), text << " parsed");
  return p.error();
}

PriorityDecision
cmp(std::string_view a, std::string_view b)
{
  return compare_priority(parse(a), parse(b));
}

// V8's sort with compare_priority itself as the comparator: the oracle for the sort over
// precomputed keys (the sort itself is checked against V8 in "js_array_sort" below, and against
// node's own Array.prototype.sort by the sort-differential ctest).
std::vector<std::size_t>
reference_order(const std::vector<Pattern>& ps, const std::vector<RouteKind>& kinds)
{
  std::vector<std::size_t> order(ps.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  detail::js_array_sort(order, [&](std::size_t a, std::size_t b) {
    return compare_priority(ps[a], ps[b], kinds[a], kinds[b]).order < 0;
  });
  return order;
}

// MINSTD values in [0, 1000), as tests/unit's node script drew them.
std::vector<int>
minstd_values(int n)
{
  std::vector<int> values;
  long long s = n;
  for (int i = 0; i < n; ++i) {
    s = (s * 48271) % 2147483647;
    values.push_back(static_cast<int>(s % 1000));
  }
  return values;
}

// The hash node printed for an array: h = h * 31 + v (mod 2^32), from 7.
std::uint32_t
fold(const std::vector<int>& values)
{
  std::uint32_t h = 7;
  for (const int v : values) {
    h = h * 31U + static_cast<std::uint32_t>(v);
  }
  return h;
}

} // namespace

TEST_SUITE_BEGIN("pattern");

TEST_CASE("Pattern::parse splits segments and parts like Astro's getParts")
{
  SUBCASE("root has no segments")
  {
    CHECK(parse("/").segments().empty());
  }
  SUBCASE("static, param, rest")
  {
    const Pattern p = parse("/blog/[slug]/[...rest]");
    REQUIRE(p.segments().size() == 3);
    CHECK(p.segments()[0] == PatternSegment{{Kind::text, "blog", "blog"}});
    CHECK(p.segments()[1] == PatternSegment{{Kind::param, "slug", ""}});
    CHECK(p.segments()[2] == PatternSegment{{Kind::rest, "rest", ""}});
    CHECK(p.param_names() == std::vector<std::string>{"slug", "rest"});
    CHECK_FALSE(p.has_embedded_rest());
  }
  SUBCASE("several params and text in one segment")
  {
    const Pattern p = parse("/[lang]-[version]");
    REQUIRE(p.segments().size() == 1);
    CHECK(p.segments()[0] == PatternSegment{{Kind::param, "lang", ""},
                                            {Kind::text, "-", "-"},
                                            {Kind::param, "version", ""}});
  }
  SUBCASE("rest mixed with text")
  {
    const Pattern p = parse("/api/[...slug].json");
    CHECK(p.segments()[1] ==
          PatternSegment{{Kind::rest, "slug", ""}, {Kind::text, ".json", ".json"}});
    CHECK(p.has_embedded_rest());
  }
  SUBCASE("empty segments vanish; the source is kept as written")
  {
    const Pattern p = parse("/blog//[slug]/");
    CHECK(p.segments().size() == 2);
    CHECK(p.source() == "/blog//[slug]/");
  }
  SUBCASE("param names allow letters, digits, _ and $")
  {
    CHECK(parse("/[$a_1Z]").param_names() == std::vector<std::string>{"$a_1Z"});
  }
  SUBCASE("static text is canonicalized like a URL path")
  {
    CHECK(parse("/%7euser").segments()[0][0].canonical == "~user");
    CHECK(parse("/%7euser").segments()[0][0].text == "%7euser");
    CHECK(parse("/a%2fb").segments()[0][0].canonical == "a%2Fb");
    CHECK(parse("/caf\xc3\xa9").segments()[0][0].canonical == "caf%C3%A9");
    CHECK(parse("/c?d#e").segments()[0][0].canonical == "c%3Fd%23e");
    // NFD "é" (e + U+0301) is normalized to NFC before encoding, as Astro's .normalize() does.
    CHECK(parse("/cafe\xcc\x81").segments()[0][0].canonical == "caf%C3%A9");
    CHECK(parse("/*").segments()[0][0].canonical == "*");
  }
}

TEST_CASE("Pattern::parse errors name the offending column")
{
  struct Case {
    const char* pattern;
    const char* message;
    std::size_t column;
  };
  const Case cases[] = {
      {"", "a route pattern must start with '/'", 1},
      {"blog/[slug]", "a route pattern must start with '/'", 1},
      {"/blog/[slug", "unclosed '[' (brackets are unbalanced)", 7},
      {"/blog/slug]", "unmatched ']' (brackets are unbalanced)", 11},
      {"/a/[b[c]]", "'[' inside a parameter (brackets are unbalanced)", 6},
      {"/[a][b]", "parameters must be separated by static text (\"][\")", 5},
      {"/x/[]", "empty parameter name", 4},
      {"/x/[...]", "empty rest parameter name", 4},
      {"/x/[sl-ug]",
       "invalid character '-' in parameter name \"sl-ug\" (allowed: A-Z a-z 0-9 _ $)",
       7},
      {"/x/[..x]", "invalid character '.' in parameter name \"..x\" (allowed: A-Z a-z 0-9 _ $)", 5},
      {"/x/[....x]",
       "invalid character '.' in parameter name \".x\" (allowed: A-Z a-z 0-9 _ $)",
       8},
      {"/x/[a b]",
       "invalid character byte 0x20 in parameter name \"a b\" (allowed: A-Z a-z 0-9 _ $)",
       6},
      {"/x/[a(b)]",
       "invalid character '(' in parameter name \"a(b)\" (allowed: A-Z a-z 0-9 _ $)",
       6},
      {"/[a]/[...a]", "duplicate parameter name \"a\"", 6},
      {"/[id]-[id]", "duplicate parameter name \"id\"", 7},
      {"/a/b%zz", "malformed percent-escape", 5},
      {"/a/b%00", "encoded NUL (%00) in path", 5},
  };
  for (const auto& c : cases) {
    CAPTURE(c.pattern);
    const PatternError e = parse_error(c.pattern);
    CHECK(e.message == c.message);
    CHECK(e.column == c.column);
  }
}

TEST_CASE("Pattern::regex follows Astro's getPattern for every trailing-slash mode")
{
  struct Case {
    const char* pattern;
    const char* always;
    const char* never;
    const char* ignore;
  };
  const Case cases[] = {
      {"/", "^/$", "^/$", "^/$"},
      {"/about", "^/about/$", "^/about$", "^/about/?$"},
      {"/blog/[slug]", "^/blog/([^/]+?)/$", "^/blog/([^/]+?)$", "^/blog/([^/]+?)/?$"},
      {"/blog/[...path]", "^/blog(?:/(.*?))?/$", "^/blog(?:/(.*?))?$", "^/blog(?:/(.*?))?/?$"},
      {"/[...slug]", "^(?:/(.*?))?/$", "^(?:/(.*?))?$", "^(?:/(.*?))?/?$"},
      {"/api/catch/[...slug].json",
       "^/api/catch/(.*?)\\.json/$",
       "^/api/catch/(.*?)\\.json$",
       "^/api/catch/(.*?)\\.json/?$"},
      {"/[lang]-[version]",
       "^/([^/]+?)-([^/]+?)/$",
       "^/([^/]+?)-([^/]+?)$",
       "^/([^/]+?)-([^/]+?)/?$"},
      {"/a.b/c?d#e", "^/a\\.b/c%3Fd%23e/$", "^/a\\.b/c%3Fd%23e$", "^/a\\.b/c%3Fd%23e/?$"},
      {"/[...rest]/static",
       "^(?:/(.*?))?/static/$",
       "^(?:/(.*?))?/static$",
       "^(?:/(.*?))?/static/?$"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.pattern);
    const Pattern p = parse(c.pattern);
    CHECK(p.regex(TrailingSlash::always) == c.always);
    CHECK(p.regex(TrailingSlash::never) == c.never);
    CHECK(p.regex(TrailingSlash::ignore) == c.ignore);
  }
}

TEST_CASE("compare_priority: routeComparator's rules one by one")
{
  SUBCASE("two static segments: ICU order of their text, and the decision stops there")
  {
    const auto d = cmp("/about", "/blog/[slug]/x/y");
    CHECK(d.order < 0);
    CHECK(d.reason == PriorityReason::static_text);
    CHECK(d.segment == 0);
    CHECK(cmp("/_image", "/About").order < 0); // ICU, not strcmp
    CHECK(cmp("/a/1", "/modules").order < 0);
  }
  SUBCASE("static beats dynamic")
  {
    const auto d = cmp("/blog/featured", "/blog/[slug]");
    CHECK(d.order < 0);
    CHECK(d.reason == PriorityReason::static_beats_dynamic);
    CHECK(d.segment == 1);
    CHECK(cmp("/blog/[slug]", "/blog/featured").order > 0);
  }
  SUBCASE("partially dynamic beats fully dynamic")
  {
    const auto d = cmp("/[slug]", "/post-[slug]");
    CHECK(d.order > 0);
    CHECK(d.reason == PriorityReason::partial_beats_dynamic);
    CHECK(cmp("/[...slug].json", "/[x]").order < 0);
  }
  SUBCASE("a param beats a rest")
  {
    const auto d = cmp("/blog/[slug]", "/blog/[...path]");
    CHECK(d.order < 0);
    CHECK(d.reason == PriorityReason::param_beats_rest);
  }
  SUBCASE("one extra segment ending in a rest: the shorter route wins")
  {
    const auto d = cmp("/foo/[...bar]", "/foo");
    CHECK(d.order > 0);
    CHECK(d.reason == PriorityReason::shorter_before_rest);
    CHECK(cmp("/", "/[...rest]").reason == PriorityReason::shorter_before_rest);
    CHECK(cmp("/", "/[...rest]").order < 0);
  }
  SUBCASE("otherwise the longer route wins")
  {
    const auto d = cmp("/[a]", "/[a]/[b]");
    CHECK(d.order > 0);
    CHECK(d.reason == PriorityReason::longer_first);
    CHECK(cmp("/[dynamic]", "/").order < 0);            // `/` has zero segments
    CHECK(cmp("/foo/[...a]/[...b]", "/foo").order < 0); // two extra segments
  }
  SUBCASE("endpoints before pages of equal length")
  {
    const auto d = compare_priority(
        parse("/[contact]"), parse("/[contact]"), RouteKind::page, RouteKind::endpoint);
    CHECK(d.order > 0);
    CHECK(d.reason == PriorityReason::endpoint_first);
  }
  SUBCASE("final tie-break on the route text in ICU order, whatever the param names")
  {
    const auto d = cmp("/[aStaticDynamic]", "/[serverDynamic]");
    CHECK(d.order < 0);
    CHECK(d.reason == PriorityReason::route_text);
    CHECK(cmp("/a-[x]", "/b-[y]").reason == PriorityReason::route_text);
    CHECK(cmp("/[slug]", "/[slug]").reason == PriorityReason::equal);
    CHECK(cmp("/[slug]", "/[slug]").order == 0);
  }
}

TEST_CASE("describe explains a decision from the winner's side")
{
  auto text = [](std::string_view w, std::string_view l) {
    const Pattern pw = parse(w);
    const Pattern pl = parse(l);
    return describe(compare_priority(pw, pl), pw, pl);
  };
  CHECK(text("/blog/featured", "/blog/[slug]") ==
        "segment 2: static segment \"featured\" beats parameter \"[slug]\"");
  CHECK(text("/blog/[slug]", "/blog/[...path]") ==
        "segment 2: parameter \"[slug]\" beats rest parameter \"[...path]\" (a rest parameter "
        "comes last)");
  CHECK(text("/post-[slug]", "/[slug]") == "segment 1: mixed segment \"post-[slug]\" (text and "
                                           "parameters) beats fully dynamic parameter \"[slug]\"");
  CHECK(text("/docs", "/docs/[...path]") ==
        "\"/docs/[...path]\" is \"/docs\" plus a trailing rest segment, so the shorter route wins");
  CHECK(text("/[a]/[b]", "/[a]") ==
        "same leading segments; the route with more segments wins (2 vs 1)");
  CHECK(text("/[a]", "/[b]") == "equally specific; tie broken by the route text in ICU order: "
                                "\"/[a]\" sorts before \"/[b]\"");
  CHECK(text("/about", "/blog") == "segment 1: \"about\" sorts before \"blog\"");
}

TEST_CASE("priority_order is stable and total even without a strict weak order")
{
  SUBCASE("ties keep input order")
  {
    std::vector<Pattern> ps = {parse("/[slug]"), parse("/about"), parse("/[slug]")};
    CHECK(priority_order(ps) == std::vector<std::size_t>{1, 0, 2});
  }
  SUBCASE("the documented cycle `/` < `/[...r].json` < `/[x]` < `/` still yields a permutation")
  {
    std::vector<Pattern> ps = {parse("/"), parse("/[...r].json"), parse("/[x]")};
    CHECK(compare_priority(ps[0], ps[1]).order < 0);
    CHECK(compare_priority(ps[1], ps[2]).order < 0);
    CHECK(compare_priority(ps[2], ps[0]).order < 0);
    auto order = priority_order(ps);
    std::sort(order.begin(), order.end());
    CHECK(order == std::vector<std::size_t>{0, 1, 2});
  }
  SUBCASE("the sort over precomputed keys equals V8's sort with compare_priority")
  {
    // Segments of every kind, static texts that tie in ICU order only case-wise, non-ASCII
    // text (ICU itself), endpoints and pages: 2,000 random sets of up to 40 patterns, then 60
    // of 64 to 300 (V8's merges, over texts ranked once).
    const std::vector<std::string> segments = {"a",
                                               "A",
                                               "b",
                                               "ab",
                                               "a-b",
                                               "_",
                                               "~x",
                                               "\xC3\xA9",
                                               "e\xCC\x81",
                                               "[p]",
                                               "[q]",
                                               "[...r]",
                                               "[...s]",
                                               "x[p]",
                                               "[p].json",
                                               "[p]-[q]",
                                               "[...r].json",
                                               "v[p]x",
                                               "[p]b"};
    std::mt19937 random(6);
    for (int set = 0; set < 2060; ++set) {
      std::vector<Pattern> ps;
      std::vector<RouteKind> kinds;
      const std::size_t count = set < 2000 ? random() % 40 : 64 + random() % 237;
      for (std::size_t i = 0; i < count; ++i) {
        std::string text;
        const std::size_t depth = random() % (set < 2000 ? 4 : 6);
        for (std::size_t d = 0; d < depth; ++d) {
          std::string segment = segments[random() % segments.size()];
          for (std::size_t at; (at = segment.find("\\x")) != std::string::npos;) {
            segment.replace(
                at, 4, 1, static_cast<char>(std::stoi(segment.substr(at + 2, 2), nullptr, 16)));
          }
          text += "/" + segment;
        }
        auto p = Pattern::parse(text.empty() ? "/" : text);
        if (!p) {
          continue; // a duplicate parameter name
        }
        ps.push_back(*p);
        kinds.push_back(random() % 5 == 0 ? RouteKind::endpoint : RouteKind::page);
      }
      INFO("set ", set);
      CHECK(priority_order(ps, kinds) == reference_order(ps, kinds));
      std::vector<const Pattern*> pointers;
      for (const auto& p : ps) {
        pointers.push_back(&p);
      }
      CHECK(priority_order(std::span<const Pattern* const>(pointers), kinds) ==
            reference_order(ps, kinds));
    }
  }
  SUBCASE("empty and single inputs")
  {
    CHECK(priority_order(std::span<const Pattern>{}).empty());
    std::vector<Pattern> one = {parse("/x")};
    CHECK(priority_order(one) == std::vector<std::size_t>{0});
  }
}

TEST_CASE("js_array_sort gives the order of V8's Array.prototype.sort")
{
  // Expected orders from node 20 (V8 11.3, the interop oracle's):
  //   const cyc = (x, y) => x === y ? 0 : (((y - x) % 7 + 7) % 7 <= 3 ? -1 : 1);
  //   [...values].sort(cyc), and [...blocks].sort((x, y) => Math.floor(x / 10) - Math.floor(y /
  //   10))
  // `cyc` is no order at all (a 7-cycle), so any other sequence of comparisons differs; the
  // blocks are sorted stretches with ties, which the full TimSort merges by galloping.
  const auto cyclic = [](int x, int y) { return x != y && ((y - x) % 7 + 7) % 7 <= 3; };
  const auto tens = [](int x, int y) { return x / 10 < y / 10; };
  SUBCASE("a first run and binary insertion below 64 elements, even below 10")
  {
    // node 20's V8 finds the first run (here 40, 44) before inserting the rest; a plain binary
    // insertion sort (later V8's path below 10 elements) gives [44, 10, 10, 40, 28] instead.
    std::vector<int> five = {40, 44, 28, 10, 10};
    detail::js_array_sort(five, cyclic);
    CHECK(five == std::vector<int>{28, 44, 10, 10, 40});
    auto nine = minstd_values(9);
    detail::js_array_sort(nine, cyclic);
    CHECK(nine == std::vector<int>{925, 604, 500, 193, 557, 739, 439, 146, 861});
    auto thirty = minstd_values(30);
    detail::js_array_sort(thirty, cyclic);
    CHECK(thirty == std::vector<int>{225, 57,  288, 526, 317, 786, 234, 724, 248, 465,
                                     836, 696, 255, 934, 781, 312, 641, 578, 984, 942,
                                     858, 130, 103, 411, 201, 33,  467, 734, 391, 125});
  }
  const std::vector<std::pair<int, std::pair<std::uint32_t, std::uint32_t>>> expected = {
      {5, {781000295U, 205560701U}},
      {8, {168647667U, 2458031437U}},
      {9, {999272025U, 3184423583U}},
      {30, {2393595479U, 652056900U}},
      {200, {3208823648U, 1542406829U}},
      {1000, {520558226U, 898397753U}}};
  for (const auto& [n, hashes] : expected) {
    INFO("n = ", n);
    auto values = minstd_values(n);
    detail::js_array_sort(values, cyclic);
    CHECK(fold(values) == hashes.first);
    std::vector<int> blocks;
    for (int k = 0; k < n; ++k) {
      blocks.push_back(((k * 37) % 64) * 16 + (k % 16));
    }
    detail::js_array_sort(blocks, tens);
    CHECK(fold(blocks) == hashes.second);
  }
}

TEST_SUITE_END();
