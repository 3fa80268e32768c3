// Suppressing a diagnostic on purpose (issue 12 item 11): a rule's `allow`, `# cachectl:
// allow(…)` comments, [lint] allow, and what is said about allows that are wrong.
#include <cachectl/analysis/validate.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>

using namespace cachectl;

namespace {

std::vector<Diagnostic>
run(const std::string& body)
{
  return validate(read_config_text("version = 1\n" + body, "cache.toml"));
}

// `line: code [suppressed: why]` of every diagnostic with `code`.
std::vector<std::string>
of(const std::vector<Diagnostic>& all, std::string_view code)
{
  std::vector<std::string> out;
  for (const auto& d : all) {
    if (d.code == code) {
      out.push_back(d.suppressed.empty()
                        ? fmt::format("{}: {}", d.span.begin.line, d.message)
                        : fmt::format("{}: suppressed: {}", d.span.begin.line, d.suppressed));
    }
  }
  return out;
}

const std::string svg = "[routes.\"/icons/[...name].svg\"]\nmax_age = 60\n";

} // namespace

TEST_SUITE_BEGIN("validate");

TEST_CASE("allow: a rule's key suppresses its warning, and only in that rule")
{
  const auto all = run(svg + "allow = [\"embedded-rest\"]\n[routes.\"/js/[...f].js\"]\n");
  CHECK(of(all, "embedded-rest") ==
        std::vector<std::string>{
            "2: suppressed: allowed by `allow` of [routes.\"/icons/[...name].svg\"] on line 4",
            "5: `/js/[...f].js` mixes a rest parameter with text in one segment; it may match "
            "several segments (e.g. `/js/.js`)"});
  const DiagnosticCounts counts = count(all);
  CHECK(counts.suppressed == 1);
  CHECK(counts.warnings == 1); // --strict counts this one only
}

TEST_CASE("allow: comments on the header line cover the rule, on a key line that key")
{
  CHECK(of(run("[routes.\"/i/[...n].svg\"] # cachectl: allow(embedded-rest)\n"), "embedded-rest") ==
        std::vector<std::string>{
            "2: suppressed: allowed by `# cachectl: allow(…)` of [routes.\"/i/[...n].svg\"] on "
            "line 2"});
  const std::string key_line = "[routes.\"/i/[...n].svg\"]\nmax_age = 60\nimmutable = true "
                               "#cachectl:allow( immutable-short-ttl ,embedded-rest )\n";
  const auto all = run(key_line);
  CHECK(of(all, "immutable-short-ttl") ==
        std::vector<std::string>{"4: suppressed: allowed by `# cachectl: allow(…)` on line 4"});
  // The header line is not the key's: embedded-rest stays, and that code of the comment is
  // unused.
  CHECK(of(all, "embedded-rest").at(0).starts_with("2: `/i/[...n].svg` mixes"));
  CHECK(of(all, "unused-allow") ==
        std::vector<std::string>{"4: unused allow: line 4 has no `embedded-rest` warning to "
                                 "suppress"});
  // A `#` inside a string is not a comment.
  CHECK(of(run("[routes.\"/i/[...n].svg\"]\ntags = [\"# cachectl: allow(embedded-rest)\"]\n"),
           "embedded-rest")
            .at(0)
            .starts_with("2: `/i/[...n].svg` mixes"));
}

TEST_CASE("allow: [lint] allow covers the whole file, notes without a line included")
{
  const auto all = run("[lint]\nallow = [\"no-catch-all\", \"embedded-rest\"]\n" + svg);
  CHECK(of(all, "no-catch-all") ==
        std::vector<std::string>{"0: suppressed: allowed by [lint] allow on line 3"});
  CHECK(of(all, "embedded-rest") ==
        std::vector<std::string>{"4: suppressed: allowed by [lint] allow on line 3"});
  CHECK(of(all, "unused-allow").empty());
}

TEST_CASE("allow: unknown codes, errors and allows that suppress nothing are reported")
{
  const auto all = run(svg + "allow = [\"embeded-rest\", \"literal-secret\", \"vary-ignored\"]\n" +
                       "[providers.cloudflare]\nzone_id = \"023e105f4ecef8ad9ca31a8372d0c353\"\n"
                       "api_token = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n");
  const auto unknown = std::find_if(
      all.begin(), all.end(), [](const Diagnostic& d) { return d.code == "unknown-allow-code"; });
  REQUIRE(unknown != all.end());
  CHECK(unknown->severity == Severity::warning);
  CHECK(unknown->suggestion == "embedded-rest");
  CHECK(unknown->span.begin == SourcePos{4, 10});
  CHECK(of(all, "allow-error") ==
        std::vector<std::string>{"4: `literal-secret` is an error, and errors cannot be "
                                 "suppressed: fix the problem instead"});
  CHECK(of(all, "unused-allow") ==
        std::vector<std::string>{"4: unused allow: [routes.\"/icons/[...name].svg\"] has no "
                                 "`vary-ignored` warning to suppress"});
  // Nothing was suppressed: the misspelt code does not count, and errors never are.
  CHECK(count(all).suppressed == 0);
  for (const Diagnostic& d : all) {
    CHECK((d.severity != Severity::error || d.suppressed.empty()));
  }
}

TEST_CASE("allow: a rule's key only, not [defaults]")
{
  const auto all = run("[defaults]\nallow = [\"embedded-rest\"]\n" + svg);
  CHECK(of(all, "misplaced-key") ==
        std::vector<std::string>{"3: `allow` is not allowed in [defaults]; allow codes in every "
                                 "rule with `allow` in the top-level [lint] table"});
}

TEST_SUITE_END();
