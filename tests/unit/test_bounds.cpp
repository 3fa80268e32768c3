// Resource bounds: huge, deep and pathological configs and adversarial URLs load, validate, render
// and match within bounded time and memory, or are refused with a clear error, never a crash.
// No timing is asserted: the suite is skipped by the `unit` test and run on its own by the
// `bounds-*` tests, whose ctest TIMEOUT catches anything super-linear (tests/CMakeLists.txt).
#include <cachectl/analysis/validate.hpp>
#include <cachectl/config/config.hpp>
#include <cachectl/lint/diagnostic.hpp>
#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/url.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

using namespace cachectl;

namespace {

// The pattern of the rule `matcher` picks for `path`, or "(none)".
std::string
winner(const Config& config, const RuleMatcher& matcher, std::string_view path)
{
  const auto match = matcher.match(path);
  return match ? config.rules[match->rule].pattern.source() : "(none)";
}

// Checks that both matchers pick the same rule with the same params for `path`; returns the rule.
std::string
agreed_winner(const Config& config,
              const ReferenceMatcher& reference,
              const CompiledMatcher& compiled,
              std::string_view path)
{
  const auto a = reference.match(path);
  const auto b = compiled.match(path);
  INFO("path of ", path.size(), " bytes: ", std::string(path.substr(0, 120)));
  REQUIRE(a.has_value() == b.has_value());
  if (a) {
    CHECK(a->rule == b->rule);
    CHECK(a->params == b->params);
  }
  return winner(config, reference, path);
}

// The number of diagnostics of `severity`.
std::size_t
count_of(const std::vector<Diagnostic>& diagnostics, Severity severity)
{
  std::size_t n = 0;
  for (const auto& diagnostic : diagnostics) {
    n += diagnostic.severity == severity ? 1 : 0;
  }
  return n;
}

// A config of `patterns` (one rule each, max_age = 60).
std::string
config_of(const std::vector<std::string>& patterns)
{
  std::string text = "version = 1\n";
  for (const auto& pattern : patterns) {
    text += fmt::format("[routes.\"{}\"]\nmax_age = 60\n", pattern);
  }
  return text;
}

// `unit` repeated `count` times, joined by `separator`.
std::string
repeat(std::string_view unit, std::size_t count, std::string_view separator = {})
{
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) {
      out += separator;
    }
    out += unit;
  }
  return out;
}

// `name` parameters `[a0]`, `[a1]`, ... joined by `separator`.
std::string
params(std::size_t count, std::string_view separator)
{
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    out += fmt::format("{}[a{}]", i > 0 ? separator : "", i);
  }
  return out;
}

} // namespace

TEST_SUITE_BEGIN("bounds" * doctest::skip());

TEST_CASE("a 10 MB config of 100,000 rules loads, validates and matches")
{
  std::string text = "version = 1\n\n[routes.\"/\"]\nmax_age = 60\n\n[routes.\"/[...rest]\"]\n"
                     "max_age = 30\n";
  for (std::size_t i = 0; i < 100000; ++i) {
    text += fmt::format("\n# section {} item {}: {}\n[routes.\"/s{}/item{}/[slug]\"]\n"
                        "max_age = {}\ntags = [\"section:{}\", \"item:{{slug}}\"]\n",
                        i % 100,
                        i,
                        std::string(24, '-'),
                        i % 100,
                        i,
                        60 + i % 7,
                        i % 100);
  }
  CHECK(text.size() > 10'000'000);
  const LoadedConfig loaded = read_config_text(text, "big.toml");
  REQUIRE(loaded.usable());
  REQUIRE(loaded.config.rules.size() == 100002);

  const auto diagnostics = validate(loaded);
  CHECK(count_of(diagnostics, Severity::error) == 0);

  const ReferenceMatcher reference(loaded.config);
  const CompiledMatcher compiled(loaded.config);
  const Config& config = loaded.config;
  CHECK(agreed_winner(config, reference, compiled, "/s7/item99907/x") == "/s7/item99907/[slug]");
  CHECK(agreed_winner(config, reference, compiled, "/s0/item0/x") == "/s0/item0/[slug]");
  CHECK(agreed_winner(config, reference, compiled, "/s7/item99906/x") == "/[...rest]");
  CHECK(agreed_winner(config, reference, compiled, "/") == "/");
  const std::string deep = repeat("/s7", 2000);
  CHECK(agreed_winner(config, reference, compiled, deep) == "/[...rest]");
}

TEST_CASE("a 10 MB config on one line with 10,000 diagnostics renders in every format")
{
  // Every renderer quotes or points into the same 10 MB line once per diagnostic, far into the
  // line: work per diagnostic must not grow with the length of the line or the column.
  std::string text = "version = 1\ndefaults = { pad = \"" + std::string(10'000'000, 'x') + "\"";
  for (std::size_t i = 0; i < 10000; ++i) {
    text += fmt::format(", maxAge{} = 1", i);
  }
  text += " }\n";
  const LoadedConfig loaded = read_config_text(text, "oneline.toml");
  CHECK_FALSE(loaded.usable());
  const std::vector<FileDiagnostics> files{{"oneline.toml", loaded.text, validate(loaded)}};
  REQUIRE(files[0].diagnostics.size() >= 10000);
  const std::size_t errors = count_of(files[0].diagnostics, Severity::error);
  const RenderOptions options;
  // The line is quoted cut to the terminal's width, never whole.
  CHECK(render_text(files, options).size() < 1000 * files[0].diagnostics.size());
  const auto json = nlohmann::json::parse(render_json(files, options));
  CHECK(json["counts"]["errors"] == errors);
  CHECK(render_github(files, options).size() < 1000 * files[0].diagnostics.size());
  const auto sarif = nlohmann::json::parse(render_sarif(files, options));
  CHECK(sarif["runs"][0]["results"].size() == files[0].diagnostics.size());
}

TEST_CASE("10,000 broken route patterns on one 10 MB line are each located")
{
  // Each pattern error is placed by converting toml++'s code-point column into bytes, far into the
  // same line: the line is indexed once, not scanned again per pattern.
  std::string text =
      "version = 1\nroutes = { \"/pad\" = { tags = [\"" + std::string(10'000'000, 'x') + "\"] }";
  for (std::size_t i = 0; i < 10000; ++i) {
    text += fmt::format(", \"/caf\u00e9/[a{}\" = {{ max_age = 1 }}", i);
  }
  text += " }\n";
  const LoadedConfig loaded = read_config_text(text, "patterns.toml");
  REQUIRE(loaded.diagnostics.size() == 10000);
  const Diagnostic& last = loaded.diagnostics.back();
  CHECK(last.code == "invalid-pattern");
  CHECK(last.span.begin.line == 2);
  // At the unclosed `[` of the last key, 7 columns after its quote; columns count code points,
  // and each of the 9,999 keys before it has a 2-byte é.
  const std::string_view line2 = std::string_view(text).substr(text.find('\n') + 1);
  const std::size_t quote_column = line2.rfind("\"/caf") - 9999 + 1;
  CHECK(last.span.begin.column == quote_column + 7);
  const std::vector<FileDiagnostics> files{{"patterns.toml", loaded.text, loaded.diagnostics}};
  const std::string rendered = render_text(files, RenderOptions{});
  CHECK(rendered.size() < 1000 * files[0].diagnostics.size());
  CHECK(rendered.find("[a9999") != std::string::npos);
}

TEST_CASE("200 parameters in one segment: matched in linear time by both matchers")
{
  const std::string pattern = "/" + params(200, "-");
  const LoadedConfig loaded = read_config_text(config_of({pattern, "/[...rest]"}), "p.toml");
  REQUIRE(loaded.usable());
  CHECK(count_of(validate(loaded), Severity::error) == 0);
  const Config& config = loaded.config;
  const ReferenceMatcher reference(config);
  const CompiledMatcher compiled(config);

  CHECK(agreed_winner(config, reference, compiled, "/" + repeat("x", 200, "-")) == pattern);
  CHECK(agreed_winner(config, reference, compiled, "/" + repeat("x", 199, "-")) == "/[...rest]");
  // As long as a URL may be, with many more separators than parameters or none at all.
  CHECK(agreed_winner(config, reference, compiled, "/" + repeat("x-", 4095)) == pattern);
  CHECK(agreed_winner(config, reference, compiled, "/" + std::string(8190, '-')) == pattern);
  CHECK(agreed_winner(config, reference, compiled, "/" + std::string(8190, 'x')) == "/[...rest]");
  CHECK(agreed_winner(config, reference, compiled, "/" + repeat("x-", 4090) + "/y") ==
        "/[...rest]");
}

TEST_CASE("many rest parameters and mixed segments: no input takes exponential time")
{
  // Each rest can take any number of segments: a backtracking matcher would try every way to
  // split the path among them. The paths miss only at their very end.
  std::vector<std::string> patterns;
  std::string many_rests;
  for (std::size_t i = 0; i < 30; ++i) {
    many_rests += fmt::format("/[...r{}]-z", i);
  }
  patterns.push_back(many_rests);
  patterns.push_back("/" + params(40, "-") + "/[...tail]/end");
  std::string mixed = "/";
  for (std::size_t i = 0; i < 20; ++i) {
    mixed += fmt::format("{}[...m{}]~[p{}]", i > 0 ? "/" : "", i, i);
  }
  patterns.push_back(mixed);
  const LoadedConfig loaded = read_config_text(config_of(patterns), "rests.toml");
  REQUIRE(loaded.usable());
  CHECK(count_of(validate(loaded), Severity::error) == 0);
  const Config& config = loaded.config;
  const ReferenceMatcher reference(config);
  const CompiledMatcher compiled(config);

  CHECK(agreed_winner(config, reference, compiled, repeat("/a-z", 1000)) == many_rests);
  CHECK(agreed_winner(config, reference, compiled, repeat("/a-z", 1000) + "/q") == "(none)");
  CHECK(agreed_winner(config, reference, compiled, "/" + repeat("x", 40, "-") + "/a/b/end") ==
        patterns[1]);
  CHECK(agreed_winner(config, reference, compiled, "/" + repeat("x-", 2000) + "/a/b/en") ==
        "(none)");
  CHECK(agreed_winner(config, reference, compiled, repeat("/a~b", 1000)) == mixed);
  CHECK(agreed_winner(config, reference, compiled, repeat("/a~b", 1000) + "/") == mixed);
  CHECK(agreed_winner(config, reference, compiled, repeat("/a~", 1000)) == "(none)");
}

TEST_CASE("patterns of 120,000 characters: overlaps decided in linear time")
{
  // Each é is the 6 characters %C3%A9 in canonical form, one automaton state each: the search for
  // shared paths must cost the live states per step, not the size of the automaton.
  const std::string text = "/" + repeat("\u00e9", 20000);
  const LoadedConfig loaded =
      read_config_text(config_of({text + "/[x]", text + "/[y]", "/[...rest]"}), "long.toml");
  REQUIRE(loaded.usable());
  const auto diagnostics = validate(loaded);
  REQUIRE(count_of(diagnostics, Severity::error) == 1);
  CHECK(diagnostics[0].code == "duplicate-pattern");
  CHECK(diagnostics[0].message.find(repeat("%C3%A9", 20000) + "/x`") != std::string::npos);
}

TEST_CASE("a URL of 4096 segments resolves against rules of every shape")
{
  const LoadedConfig loaded = read_config_text(
      config_of({"/", "/[a]", "/[a]/[b]", "/[...rest]", "/a/[...rest]", "/[x]-[y]/[...rest]"}),
      "segments.toml");
  REQUIRE(loaded.usable());
  const Config& config = loaded.config;
  const ReferenceMatcher reference(config);
  const CompiledMatcher compiled(config);
  const std::string url = repeat("/a", 4096);
  REQUIRE(url.size() == max_url_length);
  const Resolution a = resolve(config, reference, url);
  const Resolution b = resolve(config, compiled, url);
  REQUIRE(a.kind == Resolution::Kind::matched);
  REQUIRE(b.kind == Resolution::Kind::matched);
  CHECK(config.rules[a.match->rule].pattern.source() == "/a/[...rest]");
  CHECK(a.match->params == b.match->params);
  CHECK(agreed_winner(config, reference, compiled, repeat("/x-y", 2048)) == "/[x]-[y]/[...rest]");
}

TEST_CASE("arrays and inline tables nested 100,000 deep are refused with a clear error")
{
  const std::string arrays =
      "version = 1\n[defaults]\ntags = " + std::string(100000, '[') + std::string(100000, ']');
  const std::string tables =
      "version = 1\nx = " + repeat("{a = ", 100000) + "1" + std::string(100000, '}');
  for (const auto& text : {arrays, tables}) {
    const LoadedConfig loaded = read_config_text(text, "deep.toml");
    REQUIRE_FALSE(loaded.usable());
    REQUIRE(loaded.diagnostics.size() == 1);
    CHECK(loaded.diagnostics[0].code == "toml-syntax");
    CHECK(loaded.diagnostics[0].message.find("nested") != std::string::npos);
  }
}

TEST_CASE("dotted keys and table headers nested 100,000 deep are refused, not a stack overflow")
{
  // toml++ 3.3.0 limits nested arrays and inline tables (TOML_MAX_NESTED_VALUES) but not the
  // depth of dotted keys and headers, and then recurses once per level after parsing.
  const std::string dotted = "version = 1\n" + repeat("a", 100000, ".") + " = 1\n";
  const std::string header = "version = 1\n[" + repeat("a", 100000, ".") + "]\n";
  const std::string route = "version = 1\n[routes.\"/x\"]\n" + repeat("a", 100000, ".") + " = 1\n";
  for (const auto& text : {dotted, header, route}) {
    const LoadedConfig loaded = read_config_text(text, "deep.toml");
    CHECK_FALSE(loaded.usable());
    CHECK(count_of(loaded.diagnostics, Severity::error) >= 1);
    const std::vector<FileDiagnostics> files{{"deep.toml", loaded.text, validate(loaded)}};
    CHECK_FALSE(render_text(files, RenderOptions{}).empty());
  }
}

TEST_SUITE_END();
