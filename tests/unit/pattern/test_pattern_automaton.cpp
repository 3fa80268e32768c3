#include <cachectl/pattern/pattern_automaton.hpp>

#include <doctest/doctest.h>
#include <re2/re2.h>

#include <random>

using namespace cachectl;

namespace {

PatternAutomaton
automaton(std::string_view text, TrailingSlash mode = TrailingSlash::ignore)
{
  auto p = Pattern::parse(text);
  REQUIRE(p.has_value());
  return PatternAutomaton(*p, mode);
}

bool
regex_matches(std::string_view pattern, TrailingSlash mode, const std::string& path)
{
  auto p = Pattern::parse(pattern);
  REQUIRE(p.has_value());
  return RE2::FullMatch(path, RE2(p->regex(mode)));
}

} // namespace

TEST_SUITE_BEGIN("pattern_automaton");

TEST_CASE("common_path finds a shortest shared path, or none")
{
  CHECK(PatternAutomaton::common_path(automaton("/[x]-a"), automaton("/a-[y]")) == "/a-a");
  CHECK(PatternAutomaton::common_path(automaton("/blog/[slug]"), automaton("/blog/[...path]")) ==
        "/blog/x");
  CHECK_FALSE(PatternAutomaton::common_path(automaton("/a/[x]"), automaton("/b/[x]")));
  CHECK_FALSE(PatternAutomaton::common_path(automaton("/a"), automaton("/a/[x]")));
  CHECK(PatternAutomaton::common_path(automaton("/"), automaton("/[...rest]")) == "/");
  SUBCASE("trailing-slash modes shape the language")
  {
    CHECK(PatternAutomaton::common_path(automaton("/a", TrailingSlash::always),
                                        automaton("/a", TrailingSlash::always)) == "/a/");
    CHECK(PatternAutomaton::common_path(automaton("/a", TrailingSlash::never),
                                        automaton("/a", TrailingSlash::never)) == "/a");
  }
}

TEST_CASE("path_only_in decides inclusion")
{
  // `/[...a]/[...b]` matches everything `/[...c]` matches (and the other way round).
  CHECK_FALSE(PatternAutomaton::path_only_in(automaton("/[...c]"), automaton("/[...a]/[...b]")));
  CHECK_FALSE(PatternAutomaton::path_only_in(automaton("/[...a]/[...b]"), automaton("/[...c]")));
  CHECK_FALSE(
      PatternAutomaton::path_only_in(automaton("/blog/[slug]"), automaton("/blog/[...path]")));
  CHECK(PatternAutomaton::path_only_in(automaton("/blog/[...path]"), automaton("/blog/[slug]")) ==
        "/blog");
  CHECK(PatternAutomaton::path_only_in(automaton("/[x]"), automaton("/a-[y]")) == "/x");
  CHECK_FALSE(PatternAutomaton::path_only_in(automaton("/a-[y]"), automaton("/[x]")));
}

TEST_CASE("example paths match the pattern's own regex")
{
  for (const char* p : {"/",
                        "/about",
                        "/blog/[slug]",
                        "/[...rest]",
                        "/[lang]-[v]/x",
                        "/api/[...s].json",
                        "/a/[...r]/b"}) {
    for (auto mode : {TrailingSlash::ignore, TrailingSlash::always, TrailingSlash::never}) {
      CAPTURE(p);
      CHECK(regex_matches(p, mode, automaton(p, mode).example()));
    }
  }
}

TEST_CASE("the automaton accepts exactly what the regex accepts (random paths)")
{
  const char* patterns[] = {"/",
                            "/a",
                            "/[x]",
                            "/a-[x]",
                            "/[x]-[y]",
                            "/[...r]",
                            "/a/[...r]",
                            "/[...r]/b",
                            "/[...r].json",
                            "/[a]/[...b]/c",
                            "/x[a]y/[b]"};
  const std::string alphabet = "ab/-.jsonxy";
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 9);
  for (const char* p : patterns) {
    for (auto mode : {TrailingSlash::ignore, TrailingSlash::always, TrailingSlash::never}) {
      const PatternAutomaton a = automaton(p, mode);
      for (int i = 0; i < 300; ++i) {
        std::string path = "/";
        for (int n = length(rng); n > 0; --n) {
          path += alphabet[pick(rng)];
        }
        // An automaton for exactly this path: does `a` share it?
        auto exact = Pattern::parse(path);
        if (!exact || path.find("//") != std::string::npos ||
            (path.size() > 1 && path.back() == '/')) {
          continue; // only paths that are themselves plain static patterns
        }
        const bool shared =
            PatternAutomaton::common_path(a, PatternAutomaton(*exact, TrailingSlash::never))
                .has_value();
        CAPTURE(p);
        CAPTURE(path);
        CHECK(shared == regex_matches(p, mode, path));
      }
    }
  }
}

TEST_SUITE_END();
