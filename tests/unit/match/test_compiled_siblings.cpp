// The compiled matcher on nodes with many mixed text+param siblings (searched through their
// prefix and suffix index), against the reference matcher.
#include "matcher_support.hpp"

#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/match/matcher.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace cachectl;
using namespace cachectl::test;

namespace {

// Random rule sets in which one node has many mixed siblings (shared prefixes and suffixes,
// empty ones, params at the start, middle or end, several per segment, embedded rests) next
// to static, param and rest routes; and paths that match them or nearly do.
class SiblingGenerator : Random {
public:
  // A generator with a fixed seed.
  explicit SiblingGenerator(std::uint64_t seed)
      : Random(seed)
  {
  }

  // A rule set: the siblings under one parent, with routes of the other kinds around them.
  std::vector<std::string>
  rule_set()
  {
    static constexpr std::array<std::string_view, 5> k_parents = {
        "", "/p", "/p/[id]", "/x/y", "/[...up]"};
    const std::string parent(pick_of(k_parents));
    static constexpr std::array<std::size_t, 6> k_counts = {6, 9, 12, 20, 40, 120};
    const std::size_t count = pick_of(k_counts);
    std::vector<std::string> patterns;
    m_siblings.clear();
    while (patterns.size() < count) {
      const std::string segment = sibling();
      m_siblings.push_back(segment);
      std::string pattern = parent + "/" + segment;
      switch (pick(8)) {
      case 0:
        pattern += "/[tail]";
        break;
      case 1:
        pattern += "/x";
        break;
      case 2:
        pattern += "/[...more]";
        break;
      default:
        break;
      }
      patterns.push_back(pattern);
    }
    // Routes of every other kind at the same node and around it.
    const std::array<std::string, 8> others = {parent + "/[other]",
                                               parent + "/[...rest]",
                                               parent + "/" + std::string(pick_of(k_texts)),
                                               parent + "/a1-x.json",
                                               parent + "/[other]/x",
                                               parent.empty() ? "/" : parent,
                                               "/[...all]",
                                               parent + "/[...rest]/x"};
    for (const auto& other : others) {
      if (pick(3) != 0) {
        patterns.insert(patterns.begin() + static_cast<std::ptrdiff_t>(pick(patterns.size() + 1)),
                        other);
      }
    }
    return patterns;
  }

  // A path that one of the siblings (probably) matches, or nearly does.
  std::string
  path(const std::vector<std::string>& patterns)
  {
    std::string out;
    if (pick(5) == 0) {
      out = fill(pick_of(patterns), 3, k_values);
    } else {
      // The parent of a random pattern, then a sibling's segment.
      const std::string& pattern = pick_of(patterns);
      const std::string& segment = pick_of(m_siblings);
      const std::size_t at = pattern.find(segment);
      out = at == std::string::npos ? fill(pattern, 3, k_values)
                                    : fill(pattern.substr(0, at) + segment, 3, k_values);
      if (pick(4) == 0) {
        out += "/" + std::string(pick_of(k_values));
      }
    }
    switch (pick(10)) {
    case 0:
      out += '/';
      break;
    case 1:
      if (out.size() > 1) {
        out.erase(1 + pick(out.size() - 1), 1); // a near miss: one byte less
      }
      break;
    case 2:
      out.insert(1 + pick(out.size()), std::string(pick_of(k_texts))); // one piece more
      break;
    case 3:
      if (out.size() > 1) {
        out[1 + pick(out.size() - 1)] = pick_of(std::string_view("ab-.x1/")); // one byte changed
      }
      break;
    default:
      break;
    }
    if (out.empty() || out[0] != '/') {
      out.insert(0, "/");
    }
    return out;
  }

private:
  // One sibling segment: literal text around one to three params (text between params is
  // never empty), sometimes an embedded rest.
  std::string
  sibling()
  {
    std::string out;
    std::size_t param = 0;
    const std::size_t params = 1 + pick(3);
    if (pick(4) != 0) {
      out += shared_text();
    }
    for (std::size_t p = 0; p < params; ++p) {
      if (p > 0) {
        out += nonempty_text();
      }
      if (p == 0 && pick(10) == 0) {
        out += fmt::format("[...r{}]", param++);
      } else {
        out += fmt::format("[p{}]", param++);
      }
    }
    if (pick(3) != 0) {
      out += shared_text();
    }
    if (out.front() == '[' && out.back() == ']' && params == 1) {
      out += nonempty_text(); // `[p0]` alone is a param segment, not a mixed one
    }
    return out;
  }

  // Literal text that siblings often share, or a numbered one that few do.
  std::string
  shared_text()
  {
    if (pick(2) == 0) {
      return std::string(pick_of(k_texts));
    }
    return fmt::format("{}{}{}", pick_of(k_texts), pick(30), pick(2) == 0 ? "-" : "");
  }

  // Literal text, never empty.
  std::string
  nonempty_text()
  {
    std::string text = shared_text();
    return text.empty() ? "-" : text;
  }

  static constexpr std::array<std::string_view, 12> k_texts = {
      "a", "ab", "abc", "b", "x-", "-", ".", ".json", "json", "v", "v1", "a1-"};
  static constexpr std::array<std::string_view, 14> k_values = {
      "a", "b", "1", "x", "ab", "a-b", "a.json", "v1", "-", ".", "abc", "x-y", "a1-x", "json"};
  std::vector<std::string> m_siblings;
};

} // namespace

TEST_SUITE_BEGIN("compiled_matcher");

TEST_CASE("CompiledMatcher: many mixed siblings agree with the reference matcher")
{
  const std::uint64_t seed = diff_seed(7000);
  const std::size_t rule_sets = iterations(60);
  const std::size_t paths_per_set = 120;
  std::size_t matched = 0;
  std::size_t sibling_wins = 0;
  std::size_t checked = 0;
  run_differential<SiblingGenerator>(
      seed,
      rule_sets,
      paths_per_set,
      [&](const Config& config, const std::optional<RuleMatch>& want) {
        ++checked;
        if (!want) {
          return;
        }
        ++matched;
        const std::string& source = config.rules[want->rule].pattern.source();
        sibling_wins += source.find('[') != std::string::npos &&
                                source.find("[other]") == std::string::npos &&
                                source.find("[...rest]") == std::string::npos &&
                                source.find("[...all]") == std::string::npos
                            ? 1U
                            : 0U;
      });
  // The generator must exercise matches, and siblings winning them, not only misses.
  CHECK(matched * 2 > checked);
  CHECK(sibling_wins * 4 > checked);
}

TEST_CASE("CompiledMatcher: 2,000 siblings keep their priority over each other and the rest")
{
  std::vector<std::string> patterns;
  for (int i = 0; i < 1000; ++i) {
    patterns.push_back(fmt::format("/p/a{}-[x].json", i));
    patterns.push_back(fmt::format("/p/[x]-{}.html", i));
  }
  patterns.push_back("/p/[id]");
  patterns.push_back("/p/a7-static.json");
  patterns.push_back("/p/[a]_[b]");
  patterns.push_back("/p/[...rest]");
  const Config config = make_config(patterns);
  CHECK(params_of(config, "/p/a17-v3.json") == std::vector<Param>{{"x", "v3"}});
  CHECK(params_of(config, "/p/a1-7-v3.json") == std::vector<Param>{{"x", "7-v3"}});
  CHECK(params_of(config, "/p/page-42.html") == std::vector<Param>{{"x", "page"}});
  CHECK(params_of(config, "/p/a1-x-999.html") == std::vector<Param>{{"x", "a1-x"}});
  CHECK(winner(config, "/p/a7-static.json") == "/p/a7-static.json");
  CHECK(winner(config, "/p/a1000-x.json") == "/p/[id]");
  CHECK(winner(config, "/p/a17.json") == "/p/[id]");
  CHECK(winner(config, "/p/a17-.json") == "/p/[id]");
  CHECK(winner(config, "/p/a17-x_y.json") == "/p/[a]_[b]"); // as Astro ranks them
  CHECK(winner(config, "/p/a17_x.json") == "/p/[a]_[b]");
  CHECK(winner(config, "/p/a/b") == "/p/[...rest]");
}
