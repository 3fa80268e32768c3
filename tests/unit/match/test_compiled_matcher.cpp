#include "matcher_support.hpp"

#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/match/matcher.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace cachectl;
using namespace cachectl::test;

namespace {

// Random rule sets and paths for the differential test.
class Generator : Random {
public:
  // A generator with a fixed seed.
  explicit Generator(std::uint64_t seed)
      : Random(seed)
  {
  }

  // A random pattern: up to 4 segments of every kind (0 segments gives the root `/`).
  std::string
  pattern()
  {
    const std::size_t segments = pick(6) == 0 ? 0 : 1 + pick(4);
    if (segments == 0) {
      return "/";
    }
    std::string out;
    std::size_t param = 0;
    auto name = [&] { return fmt::format("p{}", param++); };
    for (std::size_t s = 0; s < segments; ++s) {
      out += '/';
      const std::size_t kind = pick(100);
      if (kind < 38) {
        out += pick_of(k_words);
      } else if (kind < 56) {
        out += fmt::format("[{}]", name());
      } else if (kind < 72) {
        // Mixed segments: text and params, lazy captures.
        switch (pick(8)) {
        case 0:
          out += fmt::format("[{}]-[{}]", name(), name());
          break;
        case 1:
          out += fmt::format("x[{}]y", name());
          break;
        case 2:
          out += fmt::format("[{}].json", name());
          break;
        case 3:
          out += fmt::format("v[{}]", name());
          break;
        case 4:
          out += fmt::format("[{}]-[{}]-[{}]", name(), name(), name());
          break;
        case 5:
          out += fmt::format("[{}]a", name());
          break;
        case 6:
          out += fmt::format("a[{}]b[{}]", name(), name());
          break;
        default:
          out += fmt::format("[{}].[{}]", name(), name());
          break;
        }
      } else if (kind < 92) {
        out += fmt::format("[...{}]", name());
      } else {
        // Rests mixed with text in one segment: may span slashes, never optional.
        switch (pick(5)) {
        case 0:
          out += fmt::format("[...{}].json", name());
          break;
        case 1:
          out += fmt::format("x[...{}]", name());
          break;
        case 2:
          out += fmt::format("[...{}]-[{}]", name(), name());
          break;
        case 3:
          out += fmt::format("a[...{}]b", name());
          break;
        default:
          out += fmt::format("[{}]-[...{}]", name(), name());
          break;
        }
      }
    }
    return out;
  }

  // A random rule set: 1 to 12 patterns, sometimes the same shape twice (other names,
  // or the very same text).
  std::vector<std::string>
  rule_set()
  {
    std::vector<std::string> patterns;
    const std::size_t count = 1 + pick(12);
    while (patterns.size() < count) {
      if (!patterns.empty() && pick(8) == 0) {
        std::string copy = pick_of(patterns);
        if (pick(2) == 0) {
          // Same shape, other param names.
          for (std::size_t at = copy.find("[p"); at != std::string::npos;
               at = copy.find("[p", at + 1)) {
            copy[at + 1] = 'q';
          }
          for (std::size_t at = copy.find("[...p"); at != std::string::npos;
               at = copy.find("[...p", at + 1)) {
            copy[at + 4] = 'q';
          }
        }
        patterns.push_back(copy);
        continue;
      }
      patterns.push_back(pattern());
    }
    return patterns;
  }

  // A random path: mostly built from the pieces patterns use (so that rules match), then
  // near-misses: empty segments, trailing slashes, dots, escapes, stray characters.
  std::string
  path(const std::vector<std::string>& patterns)
  {
    std::string out;
    if (pick(3) != 0) {
      out = instantiate(pick_of(patterns));
    } else {
      const std::size_t segments = pick(6);
      for (std::size_t s = 0; s < segments; ++s) {
        out += '/';
        out += pick_of(k_pieces);
      }
    }
    if (out.empty() || pick(10) == 0) {
      out.insert(0, "/");
    }
    switch (pick(12)) {
    case 0:
      out += '/';
      break;
    case 1:
      out += "//";
      break;
    case 2:
      if (out.size() > 1) {
        out.erase(pick(out.size() - 1) + 1, 1);
      }
      break;
    case 3:
      out.insert(1 + pick(out.size()), "/");
      break;
    case 4:
      out += "/" + std::string(pick_of(k_pieces));
      break;
    case 5:
      if (pick(4) == 0) {
        // Bytes normalized URLs never hold (the contract is printable ASCII), for robustness:
        // a line feed, valid UTF-8 and invalid UTF-8.
        static constexpr std::array<std::string_view, 5> k_odd = {
            "\n", "\xc3\xa9", "\xff", "\xe0\x80\x80", "a\nb"};
        out.insert(1 + pick(out.size()), pick_of(k_odd));
      }
      break;
    default:
      break;
    }
    if (pick(40) == 0) {
      out = out.substr(1); // no leading slash (never produced by resolve)
    }
    return out;
  }

private:
  // A path that the pattern (probably) matches: text kept, params and rests filled in.
  std::string
  instantiate(const std::string& pattern)
  {
    std::string out = fill(pattern, 4, k_pieces);
    // A standalone rest that took no segments leaves `//` or a trailing `/` behind; keep
    // some of those (they are interesting) and tidy up the rest.
    if (pick(2) == 0) {
      for (std::size_t at = out.find("//"); at != std::string::npos; at = out.find("//")) {
        out.erase(at, 1);
      }
    }
    return out;
  }

  static constexpr std::array<std::string_view, 12> k_words = {
      "a", "b", "ab", "x", "api", "v1", "a.b", "%2F", "-", "x-y", "json", "static"};
  static constexpr std::array<std::string_view, 24> k_pieces = {
      "a",  "b",     "ab",     "x",     "api", "v1", "a.b", "%2F", "-", "x-y", "",      ".",
      "..", ".json", "a.json", "x-y-z", "xay", "xy", "a-",  "-b",  "v", "aab", "a%2Fb", "static"};
};

// The non-empty lines of a bench data file.
std::vector<std::string>
read_lines(const std::string& name)
{
  std::ifstream in(std::string(CACHECTL_SOURCE_DIR) + "/bench/data/" + name);
  REQUIRE_MESSAGE(in.good(), name);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) {
      lines.push_back(line);
    }
  }
  return lines;
}

} // namespace

TEST_SUITE_BEGIN("compiled_matcher");

TEST_CASE("CompiledMatcher: differential test against the reference matcher")
{
  const std::uint64_t seed = diff_seed(20240601);
  const std::size_t rule_sets = iterations(300);
  const std::size_t paths_per_set = 120;
  std::size_t matched = 0;
  std::size_t checked = 0;
  run_differential<Generator>(
      seed, rule_sets, paths_per_set, [&](const Config&, const std::optional<RuleMatch>& want) {
        ++checked;
        matched += want.has_value() ? 1U : 0U;
      });
  if (std::getenv("CACHECTL_DIFF_ITERATIONS") != nullptr) {
    MESSAGE(fmt::format("differential: {} paths over {} rule sets, {} matched (seed {})",
                        checked,
                        rule_sets,
                        matched,
                        seed));
  }
  // The generator must exercise matches, not only misses.
  CHECK(matched * 4 > checked);
}

TEST_CASE("CompiledMatcher: bench data resolves line i of requests to line i of routes")
{
  for (const auto& [routes_file, requests_file] :
       {std::pair<std::string, std::string>{"github-routes-astro.txt", "github-requests.txt"},
        std::pair<std::string, std::string>{"micro-routes-astro.txt", "micro-requests.txt"}}) {
    CAPTURE(routes_file);
    const auto routes = read_lines(routes_file);
    const auto requests = read_lines(requests_file);
    REQUIRE(routes.size() == requests.size());
    const Config config = make_config(routes);
    const ReferenceMatcher reference(config);
    const CompiledMatcher compiled(config);
    for (std::size_t i = 0; i < requests.size(); ++i) {
      CAPTURE(requests[i]);
      const auto want = reference.match(requests[i]);
      const auto got = compiled.match(requests[i]);
      REQUIRE(want.has_value());
      REQUIRE(got.has_value());
      CHECK(want->rule == i);
      CHECK(got->rule == i);
      CHECK(show(config, want) == show(config, got));
    }
  }
  {
    const auto routes = read_lines("github-routes-extended-astro.txt");
    auto requests = read_lines("github-requests-extended.txt");
    const auto realistic = read_lines("github-requests-realistic.txt");
    requests.insert(requests.end(), realistic.begin(), realistic.end());
    for (TrailingSlash mode :
         {TrailingSlash::ignore, TrailingSlash::never, TrailingSlash::always}) {
      const Config config = make_config(routes, mode);
      const ReferenceMatcher reference(config);
      const CompiledMatcher compiled(config);
      for (const auto& request : requests) {
        for (const std::string& path : {request, request + "/"}) {
          const std::string diff = disagreement(config, reference, compiled, path);
          CHECK_MESSAGE(diff.empty(), diff);
        }
      }
    }
  }
}

TEST_CASE("CompiledMatcher: priority between static, partial, param, root and rest")
{
  const Config config = make_config({"/[...rest]",
                                     "/[dynamic]",
                                     "/",
                                     "/static-[dynamic]",
                                     "/static",
                                     "/blog/[...path]",
                                     "/blog/[slug]",
                                     "/blog/featured",
                                     "/[...rest]/abc"});
  const CompiledMatcher compiled(config);
  std::vector<std::string> order;
  for (std::size_t i : compiled.order()) {
    order.push_back(config.rules[i].pattern.source());
  }
  CHECK(winner(config, "/static") == "/static");
  CHECK(winner(config, "/static-x") == "/static-[dynamic]");
  CHECK(winner(config, "/x") == "/[dynamic]");
  CHECK(winner(config, "/") == "/");
  CHECK(winner(config, "/x/y") == "/[...rest]");
  CHECK(winner(config, "/x/y/abc") == "/[...rest]/abc");
  CHECK(winner(config, "/abc") == "/[dynamic]"); // a param beats a rest in segment 1
  CHECK(winner(config, "/blog/featured") == "/blog/featured");
  CHECK(winner(config, "/blog/hello") == "/blog/[slug]");
  CHECK(winner(config, "/blog/a/b") == "/blog/[...path]");
  CHECK(winner(config, "/blog") == "/blog/[...path]");
  const auto all = compiled.match_all("/blog/hello");
  REQUIRE(all.size() == 3);
  CHECK(config.rules[all[0].rule].pattern.source() == "/blog/[slug]");
  CHECK(config.rules[all[1].rule].pattern.source() == "/blog/[...path]");
  CHECK(config.rules[all[2].rule].pattern.source() == "/[...rest]");
}

TEST_CASE("CompiledMatcher: lazy captures in mixed segments")
{
  const Config config = make_config({"/[lang]-[version]", "/m/[a]-[b]-[c]", "/f/x[a]y[b]"});
  CHECK(params_of(config, "/en-us-v1") == std::vector<Param>{{"lang", "en"}, {"version", "us-v1"}});
  CHECK(params_of(config, "/m/x-y-z-w") ==
        std::vector<Param>{{"a", "x"}, {"b", "y"}, {"c", "z-w"}});
  CHECK(params_of(config, "/en-v1-") == std::vector<Param>{{"lang", "en"}, {"version", "v1-"}});
  CHECK(params_of(config, "/f/xayyb") == std::vector<Param>{{"a", "a"}, {"b", "yb"}});
  CHECK(winner(config, "/-v1") == "(none)");
  CHECK(winner(config, "/en-") == "(none)");
  CHECK(winner(config, "/en-us/") == "/[lang]-[version]");
}

TEST_CASE("CompiledMatcher: standalone rests in each trailing-slash mode")
{
  SUBCASE("never: a trailing rest keeps the trailing slash in its capture")
  {
    const Config config = make_config({"/blog/[...path]", "/about"}, TrailingSlash::never);
    CHECK(params_of(config, "/blog/a/") == std::vector<Param>{{"path", "a/"}});
    CHECK(params_of(config, "/blog/a/b") == std::vector<Param>{{"path", "a/b"}});
    CHECK(params_of(config, "/blog").empty());
    CHECK(params_of(config, "/blog/").empty());
    CHECK(winner(config, "/about/") == "(none)");
    CHECK(winner(config, "/blogx") == "(none)");
  }
  SUBCASE("ignore: the final `/?` absorbs one trailing slash")
  {
    const Config config = make_config({"/blog/[...path]", "/[...slug]"});
    CHECK(params_of(config, "/blog/a/") == std::vector<Param>{{"path", "a"}});
    CHECK(params_of(config, "/blog/a//") == std::vector<Param>{{"path", "a/"}});
    CHECK(params_of(config, "/blog/").empty());
    for (const char* path : {"", "/", "//", "/a"}) {
      CHECK(winner(config, path) == "/[...slug]");
    }
    CHECK(params_of(config, "/a/") == std::vector<Param>{{"slug", "a"}});
  }
  SUBCASE("always: a trailing slash is required")
  {
    const Config config =
        make_config({"/blog/[...path]", "/about", "/[...all]"}, TrailingSlash::always);
    CHECK(winner(config, "/blog") == "(none)");
    CHECK(winner(config, "/blog/") == "/blog/[...path]");
    CHECK(params_of(config, "/blog/").empty());
    CHECK(params_of(config, "/blog//").empty());
    CHECK(params_of(config, "/blog/a/") == std::vector<Param>{{"path", "a"}});
    CHECK(winner(config, "/blog/a") == "(none)");
    CHECK(winner(config, "/about/") == "/about");
    CHECK(winner(config, "/about") == "(none)");
    CHECK(winner(config, "/") == "/[...all]");
  }
}

TEST_CASE("CompiledMatcher: rests in the middle, two rests, rests mixed with text")
{
  const Config config =
      make_config({"/[...rest]/static", "/t/[...a]/[...b]", "/api/[...slug].json"});
  CHECK(params_of(config, "/static").empty());
  CHECK(params_of(config, "/a/static") == std::vector<Param>{{"rest", "a"}});
  CHECK(params_of(config, "/a/b/static") == std::vector<Param>{{"rest", "a/b"}});
  CHECK(params_of(config, "/t/x") == std::vector<Param>{{"a", "x"}});
  CHECK(params_of(config, "/t/x/y/z") == std::vector<Param>{{"a", "x"}, {"b", "y/z"}});
  CHECK(params_of(config, "/api/b/c.json") == std::vector<Param>{{"slug", "b/c"}});
  CHECK(params_of(config, "/api/.json").empty());
  CHECK(winner(config, "/api.json") == "(none)");
  for (TrailingSlash mode : {TrailingSlash::never, TrailingSlash::always}) {
    const Config other = make_config({"/[...a]/[...b]", "/[...a]/x/[...b]/y"}, mode);
    for (const char* path : {"/", "//", "/x", "/x/", "/x/y/z/", "/q/x/y", "/x//y/"}) {
      CAPTURE(path);
      winner(other, path);
    }
  }
}

TEST_CASE("CompiledMatcher: regressions found by long differential runs")
{
  // Astro's comparator is not a strict weak order once rests mix with text, so the sort can
  // rank a node's embedded-rest child before its mixed child; pruning the mixed children must
  // not skip the embedded ones (seeds 14696 and 15397 of CACHECTL_DIFF_SEED=99).
  const Config always = make_config({"/",
                                     "/",
                                     "/[p1]-[...p0]",
                                     "/[p0]/a[p2]b[p1]/[...p3]",
                                     "/[p0]a",
                                     "/[p0]/[p2]-[...p1]/[...p3]",
                                     "/static",
                                     "/-/[p1].[p0]/[p4]-[p3]-[p2]",
                                     "/api/[p1].[p0]/a.b"},
                                    TrailingSlash::always);
  CHECK(winner(always, "/x-y-z/x--a.b/a.json/x-y-z/") == "/[p0]/[p2]-[...p1]/[...p3]");
  const Config never = make_config({"/[...p1]-[p0]",
                                    "/[...p0]/[p2].[p1]",
                                    "/",
                                    "/x/[...p0]/[...p1]/%2F",
                                    "/[...p1]-[p0]/[p3]-[p2]/[...p4]/[...p5]",
                                    "/[p1].[p0]",
                                    "/[...p0]/a[...p1]b/[p2]"},
                                   TrailingSlash::never);
  // Astro's own compileCacheRoutes (V8's sort of these keys in this order) picks
  // `/[...p1]-[p0]` here; the bottom-up merge sort cachectl once ran picked the other.
  CHECK(winner(never, "/.json/a/a.json/..b/x-y-z") == "/[...p1]-[p0]");
}

TEST_CASE("CompiledMatcher: adversarial paths stay polynomial (many rests x many segments)")
{
  const Config config = make_config({"/[...a]/[...b]/[...c]/[...d]/[...e]/end",
                                     "/[...a]/x/[...b]/x/[...c]/x/[...d]/y",
                                     "/[...a].x/[...b].x/[...c].y",
                                     "/[a]-[b]-[c]-[d]-[e]-[f]/z",
                                     "/[...a]/[x]-[y]/[...b]/[...c]/w"});
  const ReferenceMatcher reference(config);
  const CompiledMatcher compiled(config);
  std::string many;
  std::string dots;
  for (int i = 0; i < 400; ++i) {
    many += "/x";
    dots += "/.x";
  }
  const std::string dashes = "/" + std::string(300, '-') + "/z";
  for (const std::string& path : {many,
                                  many + "/end",
                                  many + "/y",
                                  dots,
                                  dots + ".y",
                                  dots + "/.y",
                                  dashes,
                                  "/" + std::string(300, '-') + "a/z",
                                  many + "/a-b/w",
                                  many + "/"}) {
    const std::string diff = disagreement(config, reference, compiled, path);
    CHECK_MESSAGE(diff.empty(), diff);
  }
}

TEST_CASE("CompiledMatcher: many rules, duplicates, match_into reuse")
{
  std::vector<std::string> patterns;
  for (int i = 0; i < 300; ++i) {
    patterns.push_back(fmt::format("/r{}/[id]", i));
    patterns.push_back(fmt::format("/r{}/[id]/v[version]", i));
    patterns.push_back(fmt::format("/r{}/[...rest]", i));
  }
  patterns.push_back("/r7/[other]"); // same shape as /r7/[id]: the priority tie-break decides
  patterns.push_back("/r7/[id]");    // the very same text: the earlier one wins
  const Config config = make_config(patterns);
  const ReferenceMatcher reference(config);
  const CompiledMatcher compiled(config);
  RuleMatch reused;
  for (const char* path : {"/r7/a", "/r8/a/v2", "/r299/a/b/c", "/r300/a", "/r7/", "/r7"}) {
    const std::string diff = disagreement(config, reference, compiled, path);
    CHECK_MESSAGE(diff.empty(), diff);
    const auto want = reference.match(path);
    CHECK(compiled.match_into(path, reused) == want.has_value());
    if (want) {
      CHECK(show(config, reused) == show(config, want));
    }
  }
  CHECK(compiled.stats().rules == patterns.size());
  CHECK(compiled.stats().nodes > 300);
}

TEST_CASE("CompiledMatcher: concurrent lookups share one matcher")
{
  const Config config = make_config({"/[...a]/x/[...b]", "/d/[...p].json", "/[x]-[y]", "/s/[id]"});
  const ReferenceMatcher reference(config);
  const CompiledMatcher compiled(config);
  const std::vector<std::string> paths = {"/q/x/r/x/s", "/d/a/b.json", "/a-b-c", "/s/7", "/x", "/"};
  std::vector<std::string> want;
  for (const auto& path : paths) {
    want.push_back(show(config, reference.match(path)) +
                   show_all(config, reference.match_all(path)));
  }
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        for (std::size_t p = 0; p < paths.size(); ++p) {
          const std::string got = show(config, compiled.match(paths[p])) +
                                  show_all(config, compiled.match_all(paths[p]));
          wrong[t] += got == want[p] ? 0 : 1;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (int w : wrong) {
    CHECK(w == 0);
  }
}
