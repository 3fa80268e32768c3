// The hostile URL corpus (tests/fixtures/hostile-urls.txt) against the library: each URL gets
// exactly the answer the corpus states from resolve(), with the reference and the compiled
// matcher alike, and every normalized path is a fixed point of normalization.
#include "pattern/url_fast_path.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/url.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace cachectl;

namespace {

const std::string fixtures = std::string(CACHECTL_SOURCE_DIR) + "/tests/fixtures";

// One line of the corpus, expanded.
struct HostileCase {
  std::size_t line = 0;
  std::string input;
  std::string status;
  std::string path;
  std::string result;
};

// Value of a hexadecimal digit (the corpus is well-formed; anything else is 0).
int
hex_digit(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return 0;
}

// The bytes a corpus column stands for: \xHH, \\ and {N*TEXT} expanded (the notation of
// tests/fixtures/hostile-urls-check).
std::string
expand(std::string_view text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x') {
      out += static_cast<char>(hex_digit(text[i + 2]) * 16 + hex_digit(text[i + 3]));
      i += 3;
    } else if (text[i] == '{' && text.find('*', i) != std::string_view::npos &&
               text.find('*', i) < text.find('}', i)) {
      const std::size_t star = text.find('*', i);
      const std::size_t close = text.find('}', star);
      const std::string unit = expand(text.substr(star + 1, close - star - 1));
      const std::size_t count = std::stoul(std::string(text.substr(i + 1, star - i - 1)));
      for (std::size_t n = 0; n < count; ++n) {
        out += unit;
      }
      i = close;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The cases of the corpus file.
std::vector<HostileCase>
read_corpus()
{
  std::ifstream in(fixtures + "/hostile-urls.txt", std::ios::binary);
  REQUIRE(in);
  std::vector<HostileCase> cases;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.starts_with('#')) {
      continue;
    }
    std::vector<std::string> columns;
    std::stringstream fields(line);
    for (std::string column; std::getline(fields, column, '\t');) {
      columns.push_back(column);
    }
    INFO("hostile-urls.txt:", number);
    REQUIRE(columns.size() == 4);
    cases.push_back({number, expand(columns[0]), columns[1], expand(columns[2]), columns[3]});
  }
  return cases;
}

// The status word `match --format json` prints for a resolution.
std::string
status_of(const Resolution& resolution)
{
  switch (resolution.kind) {
  case Resolution::Kind::matched:
    return "matched";
  case Resolution::Kind::unmatched:
    return "unmatched";
  case Resolution::Kind::outside_base:
    return "outside_base";
  case Resolution::Kind::redirect:
    return "redirect";
  case Resolution::Kind::invalid:
    return "invalid";
  }
  return "?";
}

// The RESULT column for a resolution: the rule, the location, or `message @offset`.
std::string
result_of(const Config& config, const Resolution& resolution)
{
  switch (resolution.kind) {
  case Resolution::Kind::matched:
    return config.rules[resolution.match->rule].pattern.source();
  case Resolution::Kind::redirect:
    return resolution.location;
  case Resolution::Kind::invalid:
    return resolution.error.message + " @" + std::to_string(resolution.error.offset);
  default:
    return "-";
  }
}

// Checks that normalize_url and normalize_url_into (fast path first) answer exactly like the full
// algorithm, and that
// an input the fast path takes is one the full algorithm leaves unchanged without a step.
void
check_fast_path_agrees(std::string_view input)
{
  const auto full = normalize_url_full(input);
  const auto got = normalize_url(input);
  CHECK(got.has_value() == full.has_value());
  if (got && full) {
    CHECK(*got == *full);
  } else if (!got && !full) {
    CHECK(got.error() == full.error());
  }
  // normalize_url_into answers the same into storage left over from earlier inputs.
  static NormalizedUrl reused;
  const auto into = normalize_url_into(input, reused);
  CHECK(into.has_value() == full.has_value());
  if (into && full) {
    CHECK(reused == *full);
  } else if (!into && !full) {
    CHECK(into.error() == full.error());
  }
  NormalizedUrl fast;
  if (normalize_fast_path(input, fast)) {
    REQUIRE(full.has_value());
    CHECK(fast == *full);
    CHECK(full->steps.empty());
    CHECK(fast.path == input.substr(0, input.find('?')));
  }
}

} // namespace

TEST_SUITE_BEGIN("hostile");

TEST_CASE("every hostile URL gets the answer the corpus states, from both matchers")
{
  auto config = load_config(fixtures + "/hostile.toml");
  REQUIRE(config.has_value());
  const ReferenceMatcher reference(*config);
  const CompiledMatcher compiled(*config);
  const auto cases = read_corpus();
  CHECK(cases.size() >= 100);
  for (const auto& c : cases) {
    INFO("hostile-urls.txt:", c.line);
    const Resolution got = resolve(*config, reference, c.input);
    CHECK(status_of(got) == c.status);
    CHECK((got.kind == Resolution::Kind::invalid ? "-" : got.url.path) == c.path);
    CHECK(result_of(*config, got) == c.result);

    const Resolution fast = resolve(*config, compiled, c.input);
    CHECK(status_of(fast) == status_of(got));
    CHECK(result_of(*config, fast) == result_of(*config, got));
    if (got.match && fast.match) {
      CHECK(fast.match->params == got.match->params);
    }
  }
}

TEST_CASE("resolve_into answers like resolve, in storage left over from the previous URL")
{
  auto config = load_config(fixtures + "/hostile.toml");
  REQUIRE(config.has_value());
  const CompiledMatcher compiled(*config);
  const ReferenceMatcher reference(*config);
  auto cases = read_corpus();
  // Twice through, the second time in reverse, so that every kind follows every other kind.
  const std::size_t count = cases.size();
  for (std::size_t i = count; i-- > 0;) {
    cases.push_back(cases[i]);
  }
  Resolution reused;
  Resolution reused_reference;
  for (const auto& c : cases) {
    INFO("hostile-urls.txt:", c.line);
    const Resolution want = resolve(*config, compiled, c.input);
    for (auto* pair : {&reused, &reused_reference}) {
      const RuleMatcher& matcher =
          pair == &reused ? static_cast<const RuleMatcher&>(compiled) : reference;
      resolve_into(*config, matcher, c.input, *pair);
      CHECK(pair->kind == want.kind);
      CHECK(pair->url == want.url);
      CHECK(pair->path == want.path);
      CHECK(pair->location == want.location);
      CHECK(pair->error == want.error);
      REQUIRE(pair->match.has_value() == want.match.has_value());
      if (want.match) {
        CHECK(pair->match->rule == want.match->rule);
        CHECK(pair->match->params == want.match->params);
      }
    }
  }
}

TEST_CASE("the normalized path of every hostile URL normalizes to itself, without a step")
{
  for (const auto& c : read_corpus()) {
    INFO("hostile-urls.txt:", c.line);
    const auto url = normalize_url(c.input);
    if (!url) {
      continue;
    }
    const auto again = normalize_url(url->path);
    REQUIRE(again.has_value());
    CHECK(again->path == url->path);
    CHECK(again->steps.empty());
  }
}

TEST_CASE("the normalization fast path agrees with the full algorithm on the hostile corpus")
{
  std::size_t taken = 0;
  for (const auto& c : read_corpus()) {
    INFO("hostile-urls.txt:", c.line);
    // The input, its normalized path (always a fast-path candidate), and both with a query.
    std::vector<std::string> inputs = {c.input, c.input + "?a=b/c?d", c.path, c.path + "?x"};
    for (const auto& input : inputs) {
      INFO("input: ", input);
      check_fast_path_agrees(input);
      NormalizedUrl ignored;
      taken += normalize_fast_path(input, ignored) ? 1U : 0U;
    }
  }
  CHECK(taken > 100); // the fast path is taken, not skipped
}

TEST_CASE("the normalization fast path agrees with the full algorithm on random inputs")
{
  // Bytes that decide between the paths: separators, dots, escapes, case, bytes that need
  // encoding, controls, UTF-8 (valid and not), query and fragment marks.
  const std::vector<std::string> pieces = {
      "/",   "/",        "/",    ".",    "..",  "a",   "Z",    "0",        "%",           "%2e",
      "%2E", "%41",      "%7e",  "%2F",  "%00", "%g",  "?",    "#",        ":",           "@",
      "~",   "-",        "_",    "!",    "'",   "[",   "]",    " ",        "\x7F",        "\x01",
      "{",   "\xC3\xA9", "\xC3", "\xFF", "//",  "/./", "/../", "http://h", "HTTP://H:80", "\\",
  };
  std::mt19937 random(17);
  std::size_t taken = 0;
  for (std::size_t n = 0; n < 100000; ++n) {
    std::string input = random() % 8 == 0 ? "" : "/";
    const std::size_t count = random() % 10;
    for (std::size_t k = 0; k < count; ++k) {
      input += expand(pieces[random() % pieces.size()]);
    }
    INFO("input: ", input);
    check_fast_path_agrees(input);
    NormalizedUrl ignored;
    taken += normalize_fast_path(input, ignored) ? 1U : 0U;
  }
  CHECK(taken > 1000);
  // Lengths at the limit: the fast path must refuse what the full algorithm refuses.
  check_fast_path_agrees("/" + std::string(max_url_length - 1, 'a'));
  check_fast_path_agrees("/" + std::string(max_url_length, 'a'));
}

TEST_CASE("the 16-byte classifier of the fast path and its byte table agree on every byte")
{
  std::size_t raw = 0;
  for (unsigned byte = 0; byte < 256; ++byte) {
    INFO("byte ", byte);
    raw += path_byte_is_raw(static_cast<unsigned char>(byte)) ? 1U : 0U;
#if defined(__SSE2__)
    CHECK(path_byte_is_raw_vector(static_cast<unsigned char>(byte)) ==
          path_byte_is_raw(static_cast<unsigned char>(byte)));
#endif
  }
  CHECK(raw == 80); // ALPHA DIGIT - . _ ~ ! $ & ' ( ) * + , ; = : @ /
}

TEST_CASE("the normalization fast path agrees with the full algorithm at every offset of a long "
          "path")
{
  // Each piece at every offset of paths up to 70 bytes, so that it falls in every lane of the
  // 16-byte scan and across the boundary of two blocks.
  const std::vector<std::string> pieces = {
      ".",  "..",  "/.",  "/..", "/./",   "/../", "/.well-known", "?",        "?/./",
      "?%", "%41", "%2e", "#",   " ",     "\x7F", "\x01",         "\xC3\xA9", "\xFF",
      "[",  "`",   "{",   "}",   "~",     "^",    "\\",           "<",        ">",
      "\"", "=",   "/",   "//",  ".json", "a.b",  "/.a",
  };
  const std::string filler = "/repos/octo-cat/hello_world/issues/1234/comments/x.y/z";
  std::size_t taken = 0;
  for (const auto& piece : pieces) {
    for (std::size_t length = 1; length <= filler.size(); ++length) {
      const std::string input = filler.substr(0, length) + expand(piece) + "/tail";
      INFO("input: ", input);
      check_fast_path_agrees(input);
      NormalizedUrl ignored;
      taken += normalize_fast_path(input, ignored) ? 1U : 0U;
    }
  }
  CHECK(taken > 300);
}

TEST_CASE("the corpus notation expands as hostile-urls-check expands it")
{
  CHECK(expand("/a\\x00b") == std::string("/a\0b", 4));
  CHECK(expand("\\\\x41") == "\\x41");
  CHECK(expand("{3*/a}x") == "/a/a/ax");
  CHECK(expand("/{2*\\xC3\\xA9}") == "/\xC3\xA9\xC3\xA9");
  CHECK(expand("{x}") == "{x}");
}

TEST_SUITE_END();
