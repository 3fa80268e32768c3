#include <cachectl/analysis/validate.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

using namespace cachectl;

namespace {

std::vector<Diagnostic>
run(const std::string& body, std::vector<std::string> providers = {})
{
  return validate(read_config_text("version = 1\n" + body, "cache.toml"),
                  ValidateOptions{std::move(providers)});
}

// Diagnostics of `code` as `line:col: message`.
std::vector<std::string>
of(const std::vector<Diagnostic>& all, std::string_view code)
{
  std::vector<std::string> out;
  for (const auto& d : all) {
    if (d.code == code) {
      out.push_back(fmt::format("{}:{}: {}", d.span.begin.line, d.span.begin.column, d.message));
    }
  }
  return out;
}

bool
fires(const std::string& body, std::string_view code, std::vector<std::string> providers = {})
{
  return !of(run(body, std::move(providers)), code).empty();
}

} // namespace

TEST_SUITE_BEGIN("validate");

TEST_CASE("every code emitted is in the catalogue with the catalogue's severity")
{
  const auto all = run(
      "[routes.\"/[a]/[...b]\"]\nmax_age = 1\n[routes.\"/[...c]\"]\nswr = 5\nimmutable = true\n");
  REQUIRE_FALSE(all.empty());
  for (const auto& d : all) {
    const DiagnosticCode* entry = find_diagnostic_code(d.code);
    REQUIRE_MESSAGE(entry != nullptr, d.code);
    CHECK(entry->severity == d.severity);
  }
}

TEST_CASE("duplicate-pattern")
{
  CHECK(of(run("[routes.\"/blog/[slug]\"]\n[routes.\"/blog/[id]\"]\n"), "duplicate-pattern") ==
        std::vector<std::string>{
            "2:9: `/blog/[slug]` matches exactly the same URLs as `/blog/[id]` (e.g. `/blog/x`), "
            "which wins; this rule never applies"});
  CHECK(fires("[routes.\"/%61\"]\n[routes.\"/a\"]\n", "duplicate-pattern"));
  CHECK(fires("[routes.\"/a/\"]\n[routes.\"/a\"]\n", "duplicate-pattern"));
  CHECK_FALSE(
      fires("[routes.\"/blog/[slug]\"]\n[routes.\"/blog/[...path]\"]\n", "duplicate-pattern"));
}

TEST_CASE("shadowed-rule")
{
  const auto all = run("[routes.\"/[...c]\"]\n[routes.\"/[...a]/[...b]\"]\n");
  CHECK(of(all, "shadowed-rule") ==
        std::vector<std::string>{
            "2:9: `/[...c]` never applies: `/[...a]/[...b]` has higher priority and matches "
            "every URL it matches (e.g. `/`)"});
  REQUIRE(all.size() >= 1);
  const auto it = std::find_if(
      all.begin(), all.end(), [](const Diagnostic& d) { return d.code == "shadowed-rule"; });
  REQUIRE(it->related.size() == 1);
  CHECK(it->related[0].span.begin.line == 3);
  CHECK_FALSE(fires("[routes.\"/blog/[slug]\"]\n[routes.\"/blog/[...path]\"]\n", "shadowed-rule"));
}

TEST_CASE("ambiguous-priority")
{
  CHECK(of(run("[routes.\"/a-[y]\"]\n[routes.\"/[x]-a\"]\n"), "ambiguous-priority") ==
        std::vector<std::string>{
            "2:9: `/a-[y]` and `/[x]-a` both match `/a-a`; `/[x]-a` wins only because it sorts "
            "first alphabetically"});
  // Same shape but disjoint: no overlap, no warning.
  CHECK_FALSE(fires("[routes.\"/a-[y]\"]\n[routes.\"/b-[x]\"]\n", "ambiguous-priority"));
  // Decided by a real priority step (static beats dynamic): no warning.
  CHECK_FALSE(fires("[routes.\"/blog/new\"]\n[routes.\"/blog/[slug]\"]\n", "ambiguous-priority"));
}

TEST_CASE("cache-deception")
{
  CHECK(of(run("[routes.\"/account\"]\ncache = false\n[routes.\"/[...rest]\"]\nmax_age = 60\n"),
           "cache-deception") ==
        std::vector<std::string>{
            "2:9: `/account` opts out of caching, but `/account/cachectl-probe.css` (which many "
            "origins serve as `/account`) matches `/[...rest]`, which caches it: a web cache "
            "deception risk"});
  // An extension rule is the classic case, reached through a `;` path parameter too.
  CHECK(fires("[routes.\"/account\"]\nprivate = true\n[routes.\"/[...path].css\"]\nmax_age = 60\n",
              "cache-deception"));
  // `;` parameters: `/account;x.css` is one segment, outside `/account/[...rest]`.
  CHECK(fires(
      "[routes.\"/account/[...rest]\"]\ncache = false\n[routes.\"/[...path].css\"]\nmax_age = 60\n",
      "cache-deception"));
  // A plain parameter rule winning the probe is not a deception vector.
  CHECK_FALSE(fires("[routes.\"/account\"]\ncache = false\n[routes.\"/[page]\"]\nmax_age = 60\n",
                    "cache-deception"));
  // The catch-all opts out too: nothing is cached.
  CHECK_FALSE(
      fires("[routes.\"/account\"]\ncache = false\n[routes.\"/[...rest]\"]\ncache = false\n",
            "cache-deception"));
  // No opt-out rule at all.
  CHECK_FALSE(fires("[routes.\"/account\"]\nmax_age = 5\n[routes.\"/[...rest]\"]\nmax_age = 60\n",
                    "cache-deception"));
}

TEST_CASE("coverage notes")
{
  CHECK(fires("[routes.\"/a\"]\n", "no-root-rule"));
  CHECK_FALSE(fires("[routes.\"/\"]\n", "no-root-rule"));
  CHECK(fires("[routes.\"/\"]\n", "no-catch-all"));
  CHECK_FALSE(fires("[routes.\"/[...rest]\"]\n", "no-catch-all"));
  CHECK_FALSE(
      fires("[site]\ntrailing_slash = \"always\"\n[routes.\"/[...rest]\"]\n", "no-catch-all"));
}

TEST_CASE("pattern checks")
{
  CHECK(fires("[routes.\"/api/[...slug].json\"]\n", "embedded-rest"));
  CHECK_FALSE(fires("[routes.\"/api/[...slug]\"]\n", "embedded-rest"));
  CHECK(fires("[routes.\"/a/../b\"]\n", "pattern-never-matches"));
  CHECK(fires("[routes.\"/a/%2e\"]\n", "pattern-never-matches"));
  CHECK_FALSE(fires("[routes.\"/a/.well-known\"]\n", "pattern-never-matches"));
  CHECK(fires("[routes.\"/search?q\"]\n", "query-in-pattern"));
  CHECK_FALSE(fires("[routes.\"/search\"]\n", "query-in-pattern"));
  const auto base = run("[site]\nbase = \"/docs\"\n[routes.\"/docs/intro\"]\n");
  REQUIRE(of(base, "pattern-includes-base").size() == 1);
  const auto it = std::find_if(base.begin(), base.end(), [](const Diagnostic& d) {
    return d.code == "pattern-includes-base";
  });
  CHECK(it->suggestion == "/intro");
  CHECK_FALSE(fires("[site]\nbase = \"/docs\"\n[routes.\"/intro\"]\n", "pattern-includes-base"));
  CHECK_FALSE(
      fires("[site]\nbase = \"/docs\"\n[routes.\"/docsearch\"]\n", "pattern-includes-base"));
}

TEST_CASE("route syntax of other tools is an error at its column with the Astro translation")
{
  const auto all = run("[routes.\"/**\"]\n[routes.\"/api/:path*\"]\n[routes.\"/blog/(.*)\"]\n"
                       "[routes.'/*.js']\n[routes.\"/team/*\"]\n");
  // Line 2 is `[routes."/**"]`: the key's text starts at column 10, the glob at 11.
  CHECK(of(all, "glob-in-pattern") ==
        std::vector<std::string>{
            "2:11: `**` in `/**` is a glob of another tool; Astro patterns read it as literal "
            "text, so it matches nothing you meant: write `/[...path]` (`[...path]` also matches "
            "`/` itself)",
            "5:11: `*` in `/*.js` is a glob of another tool; Astro patterns read it as literal "
            "text, so it matches nothing you meant: write `/[...path].js` (`[...path]` next to "
            "other text may span several segments (`/a/b.js`), as a glob `**` would; validate "
            "warns about it (embedded-rest))",
            "6:16: `*` in `/team/*` is a glob of another tool; Astro patterns read it as literal "
            "text, so it matches nothing you meant: write `/team/[...path]` (`[...path]` also "
            "matches `/team` itself)"});
  CHECK(of(all, "colon-param-in-pattern").size() == 1);
  CHECK(of(all, "colon-param-in-pattern")[0].starts_with("3:15: `:path*` in `/api/:path*`"));
  CHECK(of(all, "regex-in-pattern").size() == 1);
  CHECK(of(all, "regex-in-pattern")[0].starts_with("4:16: `(.*)` in `/blog/(.*)`"));
  const auto first = std::find_if(
      all.begin(), all.end(), [](const Diagnostic& d) { return d.code == "glob-in-pattern"; });
  REQUIRE(first != all.end());
  CHECK(first->severity == Severity::error);
  CHECK(first->suggestion == "[...path]");
  CHECK(first->span.end.column == first->span.begin.column + 2);
  // `?` of `:id?` is not reported as a query.
  CHECK_FALSE(fires("[routes.\"/u/:id?\"]\n", "query-in-pattern"));
  CHECK_FALSE(fires("[routes.\"/blog/[slug]\"]\n", "glob-in-pattern"));
}

TEST_CASE("provider-drops-option: from the descriptors, for [site] provider, --provider and all")
{
  const std::string rules = "[defaults]\nswr = 60\n[routes.\"/a\"]\nmax_age = 600\n"
                            "stale_if_error = 300\n[routes.\"/b\"]\nswr = 5\n";
  // Akamai's Edge-Control has neither directive; the default swr is reported at its key once.
  CHECK(of(run(rules, {"akamai"}), "provider-drops-option") ==
        std::vector<std::string>{
            "3:1: Akamai does not document stale-while-revalidate: `headers --provider akamai` "
            "leaves swr = 60 out wherever a rule with max_age inherits it",
            "6:1: Akamai does not document stale-if-error: `headers --provider akamai` leaves "
            "stale_if_error = 300 out for `/a`"});
  // Netlify drops stale-if-error only; the [site] provider is checked without --provider.
  CHECK(of(run("[site]\nprovider = \"netlify\"\n" + rules), "provider-drops-option") ==
        std::vector<std::string>{"8:1: Netlify does not document stale-if-error: `headers "
                                 "--provider netlify` leaves stale_if_error = 300 out for `/a`"});
  CHECK_FALSE(fires(rules, "provider-drops-option", {"cloudflare"}));
  CHECK_FALSE(fires(rules, "provider-drops-option"));
  // --provider all checks every provider, Akamai among them.
  const auto all = of(run(rules, {"all"}), "provider-drops-option");
  CHECK(std::any_of(all.begin(), all.end(), [](const std::string& m) {
    return m.find("Akamai does not document stale-while-revalidate") != std::string::npos;
  }));
  CHECK(fires("[routes.\"/a\"]\nmax_age = 1\ntags = [\"" + std::string(200, 'x') + "\"]\n",
              "tag-too-long",
              {"all"}));
}

TEST_CASE("trailing-slash-mismatch")
{
  CHECK(of(run("[site]\ntrailing_slash = \"always\"\n[routes.\"/feed.xml\"]\n"),
           "trailing-slash-mismatch") ==
        std::vector<std::string>{
            "4:9: with trailing_slash = \"always\", `/feed.xml` only matches `/feed.xml/`: file "
            "URLs such as `/feed.xml` have no trailing slash and match no rule"});
  CHECK(fires("[site]\ntrailing_slash = \"always\"\n[routes.\"/api/[name].json\"]\n",
              "trailing-slash-mismatch"));
  CHECK_FALSE(fires("[site]\ntrailing_slash = \"always\"\n[routes.\"/blog/[slug]\"]\n",
                    "trailing-slash-mismatch"));
  CHECK_FALSE(fires("[site]\ntrailing_slash = \"ignore\"\n[routes.\"/feed.xml\"]\n",
                    "trailing-slash-mismatch"));
  CHECK(fires("[site]\ntrailing_slash = \"never\"\n[routes.\"/about/\"]\n",
              "trailing-slash-mismatch"));
  CHECK_FALSE(fires("[site]\ntrailing_slash = \"never\"\n[routes.\"/about\"]\n",
                    "trailing-slash-mismatch"));
  CHECK_FALSE(fires("[site]\ntrailing_slash = \"always\"\n[routes.\"/about/\"]\n",
                    "trailing-slash-mismatch"));
}

TEST_CASE("option semantics")
{
  CHECK(fires("[routes.\"/\"]\nswr = 5\n", "stale-without-max-age"));
  CHECK_FALSE(fires("[routes.\"/\"]\nswr = 5\nmax_age = 5\n", "stale-without-max-age"));
  // From [defaults]: reported once, at the defaults key, only when a rule lacks max_age.
  CHECK(of(run("[defaults]\nstale_if_error = 5\n[routes.\"/\"]\n[routes.\"/a\"]\n"),
           "stale-without-max-age") ==
        std::vector<std::string>{
            "3:1: `stale_if_error` has no effect without `max_age`: stale directives extend a "
            "freshness lifetime"});
  CHECK_FALSE(fires("[defaults]\nstale_if_error = 5\n[routes.\"/\"]\nmax_age = 1\n",
                    "stale-without-max-age"));
  CHECK(fires("[routes.\"/\"]\nmax_age = 5\nswr = 5\nmust_revalidate = true\n",
              "swr-with-must-revalidate"));
  CHECK_FALSE(
      fires("[routes.\"/\"]\nmax_age = 5\nmust_revalidate = true\n", "swr-with-must-revalidate"));
  // Where the CDN has its own header, must-revalidate stays out of it: no conflict (issue 12).
  CHECK_FALSE(fires("[routes.\"/\"]\nmax_age = 5\nswr = 5\nmust_revalidate = true\n",
                    "swr-with-must-revalidate",
                    {"netlify", "cloudflare"}));
  CHECK(fires("[routes.\"/\"]\nmax_age = 5\nswr = 5\nmust_revalidate = true\n",
              "swr-with-must-revalidate",
              {"netlify", "cloudfront"}));
  // A status TTL for a status that is never cached (issue 12).
  CHECK(of(run("[routes.\"/\"]\nmax_age = 5\n[routes.\"/\".status]\n500 = 10\n404 = 60\n"),
           "status-not-cached") ==
        std::vector<std::string>{"5:1: status.\"500\" = 10 is never used for `/`: `statuses` does "
                                 "not cache that status; those responses get no-store"});
  CHECK_FALSE(fires("[routes.\"/\"]\nstatuses = [200, 503]\n[routes.\"/\".status]\n\"5xx\" = 10\n",
                    "status-not-cached"));
  CHECK(fires("[routes.\"/\"]\nstatuses = [200]\n[routes.\"/\".status]\n\"5xx\" = 10\n",
              "status-not-cached"));
  CHECK(fires("[routes.\"/\"]\nmax_age = 60\nimmutable = true\n", "immutable-short-ttl"));
  CHECK_FALSE(
      fires("[routes.\"/\"]\nmax_age = 31536000\nimmutable = true\n", "immutable-short-ttl"));
  CHECK(fires("[routes.\"/\"]\nmax_age = 60\nbrowser_max_age = 600\n",
              "browser-ttl-exceeds-cdn-ttl"));
  CHECK_FALSE(fires("[routes.\"/\"]\nmax_age = 600\nbrowser_max_age = 60\n",
                    "browser-ttl-exceeds-cdn-ttl"));
  CHECK(fires("[routes.\"/\"]\ncache = false\nmax_age = 5\n", "ignored-options"));
  CHECK_FALSE(fires("[routes.\"/\"]\ncache = false\n", "ignored-options"));
  CHECK(fires("[routes.\"/\"]\nmethods = [\"GET\", \"POST\"]\n", "uncacheable-method"));
  CHECK_FALSE(fires("[routes.\"/\"]\nmethods = [\"GET\"]\n", "uncacheable-method"));
  const auto lower = run("[routes.\"/\"]\nmethods = [\"get\"]\n");
  REQUIRE(of(lower, "invalid-method").size() == 1);
  CHECK(std::find_if(lower.begin(), lower.end(), [](const Diagnostic& d) {
          return d.code == "invalid-method";
        })->suggestion == "GET");
  CHECK(fires("[routes.\"/\"]\nstatuses = [200, 304]\n", "uncacheable-status"));
  CHECK(fires("[routes.\"/\"]\nstatuses = [101]\n", "uncacheable-status"));
  CHECK_FALSE(fires("[routes.\"/\"]\nstatuses = [200, 404]\n", "uncacheable-status"));
  CHECK(fires("[routes.\"/\"]\nlast_modified = \"yesterday\"\n", "invalid-value"));
  CHECK_FALSE(fires("[routes.\"/\"]\nlast_modified = \"2024-05-01T10:00:00Z\"\n", "invalid-value"));
  CHECK(fires("[routes.\"/\"]\netag = \"v1\"\n", "invalid-value"));
  CHECK_FALSE(fires("[routes.\"/\"]\netag = 'W/\"v1\"'\n", "invalid-value"));
}

TEST_CASE("tags")
{
  CHECK(of(run("[routes.\"/blog/[slug]\"]\ntags = [\"post:{id}\"]\n"), "unknown-tag-param") ==
        std::vector<std::string>{"3:8: tag `post:{id}` uses `{id}`, but `/blog/[slug]` has no "
                                 "parameter `id` (it has slug)"});
  CHECK_FALSE(fires("[routes.\"/blog/[slug]\"]\ntags = [\"post:{slug}\"]\n", "unknown-tag-param"));
  CHECK(fires("[routes.\"/\"]\ntags = [\"a b\"]\n", "tag-separator"));
  CHECK(fires("[routes.\"/\"]\ntags = [\"a,b\"]\n", "tag-separator"));
  CHECK_FALSE(fires("[routes.\"/\"]\ntags = [\"a-b\"]\n", "tag-separator"));
  CHECK(fires("[routes.\"/\"]\ntags = [\"\"]\n", "tag-invalid-character"));
  // A byte the provider refuses is sent percent-encoded by headers and purge alike: a warning
  // that spells it as headers does (headers/tags.hpp), not an error.
  CHECK(of(run("[routes.\"/\"]\ntags = [\"a:b\"]\n", {"akamai"}), "tag-percent-encoded") ==
        std::vector<std::string>{
            "3:8: tag `a:b` contains `:`, which Akamai does not accept in a tag: "
            "`headers` writes it as `%3A` in Edge-Cache-Tag and `purge --tag` "
            "sends the same spelling"});
  CHECK_FALSE(fires("[routes.\"/\"]\ntags = [\"a:b\"]\n", "tag-invalid-character", {"akamai"}));
  CHECK_FALSE(fires("[routes.\"/\"]\ntags = [\"a:b\"]\n", "tag-percent-encoded", {"cloudflare"}));
  CHECK_FALSE(fires("[routes.\"/\"]\ntags = [\"a:b\"]\n", "tag-percent-encoded"));
  CHECK(fires("[routes.\"/\"]\ntags = [\"100%\"]\n", "tag-percent-encoded", {"cloudflare"}));
  // The length a provider sees is the encoded one: 127 bytes with a `:` are 129 on Akamai.
  const std::string colon_tag = std::string(126, 'x') + ":";
  CHECK(fires("[routes.\"/\"]\ntags = [\"" + colon_tag + "\"]\n", "tag-too-long", {"akamai"}));
  CHECK_FALSE(
      fires("[routes.\"/\"]\ntags = [\"" + colon_tag + "\"]\n", "tag-too-long", {"cloudflare"}));
  const std::string long_tag(129, 'x');
  CHECK(fires("[routes.\"/\"]\ntags = [\"" + long_tag + "\"]\n", "tag-too-long", {"akamai"}));
  CHECK_FALSE(
      fires("[routes.\"/\"]\ntags = [\"" + long_tag + "\"]\n", "tag-too-long", {"cloudflare"}));
  std::string many = "[routes.\"/\"]\ntags = [";
  for (int i = 0; i < 51; ++i) {
    many += fmt::format("{}\"t{}\"", i == 0 ? "" : ", ", i);
  }
  many += "]\n";
  CHECK(fires(many, "too-many-tags", {"cloudfront"}));
  CHECK_FALSE(fires(many, "too-many-tags", {"cloudflare"}));
  CHECK(fires("[routes.\"/\"]\ntags = [\"Blog\", \"blog\"]\n", "tags-differ-in-case"));
  CHECK_FALSE(fires("[routes.\"/\"]\ntags = [\"blog\", \"news\"]\n", "tags-differ-in-case"));
  // [site] provider is checked without --provider.
  CHECK(fires("[site]\nprovider = \"akamai\"\n[routes.\"/\"]\ntags = [\"a:b\"]\n",
              "tag-percent-encoded"));
}

TEST_CASE("vary and TTL caps per provider")
{
  CHECK(fires("[defaults]\nvary = [\"Cookie\"]\n[routes.\"/\"]\n", "vary-ignored", {"vercel"}));
  CHECK(fires("[defaults]\nvary = [\"User-Agent\"]\n[routes.\"/\"]\n", "vary-ignored", {"akamai"}));
  CHECK(fires("[defaults]\nvary = [\"Accept-Language\"]\n[routes.\"/\"]\n",
              "vary-ignored",
              {"cloudflare"}));
  CHECK_FALSE(fires("[defaults]\nvary = [\"Accept-Encoding\"]\n[routes.\"/\"]\n",
                    "vary-ignored",
                    {"akamai", "cloudflare", "vercel"}));
  CHECK(fires("[defaults]\nvary = [\"*\"]\n[routes.\"/\"]\n", "vary-ignored"));
  CHECK(fires("[routes.\"/\"]\nmax_age = 40000000\n", "ttl-above-provider-cap", {"vercel"}));
  CHECK_FALSE(
      fires("[routes.\"/\"]\nmax_age = 40000000\n", "ttl-above-provider-cap", {"cloudflare"}));
}

TEST_CASE("providers and secrets")
{
  CHECK(of(run("[providers.cloudflare]\ntoken_env = \"CF_TOKEN\"\n"), "missing-provider-setting") ==
        std::vector<std::string>{"2:12: [providers.cloudflare] lacks `zone_id` (32 lowercase hex "
                                 "digits), which purging needs"});
  CHECK(fires("[providers.cloudflare]\nzone_id = \"xyz\"\n", "malformed-id"));
  CHECK_FALSE(fires("[providers.cloudflare]\nzone_id = \"023e105f4ecef8ad9ca31a8372d0c353\"\n",
                    "malformed-id"));
  CHECK(fires(
      "[providers.fastly]\nservice_id = \"SU1Z0isxPaozGVKXdv0eY\"\ntoken_env = \"fastly token\"\n",
      "invalid-env-name"));
  const auto secret = run("[providers.fastly]\nservice_id = \"SU1Z0isxPaozGVKXdv0eY\"\n"
                          "token_env = \"Xk2jq8ZpL0vT4mRn7sYb9cWd3FhG6aEu\"\n");
  REQUIRE(of(secret, "literal-secret").size() == 1);
  for (const auto& d : secret) {
    CHECK(d.message.find("Xk2jq8ZpL0vT4mRn7sYb9cWd3FhG6aEu") == std::string::npos);
  }
  CHECK(fires("[providers.http]\nurl = \"https://purge.example.com/hook\"\nmethod = "
              "\"AKIAIOSFODNN7EXAMPLE\"\n",
              "literal-secret"));
  CHECK_FALSE(fires(
      "[providers.http]\nurl = \"https://purge.example.com/hook\"\ntoken_env = \"HOOK_TOKEN\"\n",
      "literal-secret"));
}

TEST_CASE("bypass")
{
  CHECK(fires("[bypass]\ncookies = [\"\"]\n", "invalid-bypass"));
  CHECK(fires("[bypass]\nheaders = [\"X Bad\"]\n", "invalid-bypass"));
  CHECK(fires("[bypass]\nquery = [\"\"]\n", "invalid-bypass"));
  CHECK(fires("[routes.\"/\"]\n[routes.\"/\".bypass]\ncookies = [\"a b\"]\n", "invalid-bypass"));
  CHECK_FALSE(fires("[bypass]\ncookies = [\"session\", \"wp_*\"]\nheaders = "
                    "[\"Authorization\"]\nquery = [\"preview\"]\n",
                    "invalid-bypass"));
}

TEST_CASE("10,000 rules are analysed")
{
  std::string body;
  for (int i = 0; i < 2500; ++i) {
    body += fmt::format("[routes.\"/s{}/[id]\"]\nmax_age = "
                        "60\n[routes.\"/s{}/[id]/edit\"]\n[routes.\"/s{}/static\"]\n"
                        "[routes.\"/s{}/[...rest]\"]\n",
                        i,
                        i,
                        i,
                        i);
  }
  const auto start = std::chrono::steady_clock::now();
  const auto all = run(body);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  MESSAGE("validated 10,000 rules in " << ms << " ms");
  CHECK(of(all, "shadowed-rule").empty());
  CHECK(of(all, "duplicate-pattern").empty());
}

TEST_CASE("10,000 rules that all start with a parameter are analysed without comparing all pairs")
{
  std::string body;
  for (int i = 0; i < 5000; ++i) {
    body += fmt::format("[routes.\"/[p]/s{}\"]\n[routes.\"/[p]/s{}/[...r]\"]\n", i, i);
  }
  body += "[routes.\"/[q]/s7\"]\n"; // a duplicate of /[p]/s7, found among the 10,000
  const auto start = std::chrono::steady_clock::now();
  const auto all = run(body);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  MESSAGE("validated 10,001 rules in " << ms << " ms");
  CHECK(of(all, "duplicate-pattern").size() == 1);
  CHECK(of(all, "shadowed-rule").empty());
}

TEST_SUITE_END();

TEST_CASE("secret-looking keys are refused as literal-secret, never echoed")
{
  const auto all = run("[providers.cloudflare]\nzone_id = \"023e105f4ecef8ad9ca31a8372d0c353\"\n"
                       "api_token = \"v1.0-e24fd090c02efcfecb4de8f4-ff6a5cc0e2ac\"\n");
  CHECK(of(all, "literal-secret") ==
        std::vector<std::string>{
            "4:1: `api_token` looks like a secret written into the file; secrets only come "
            "from the environment: set `token_env` to the name of a variable that holds it"});
  CHECK(of(all, "unknown-key").empty());
  const std::vector<FileDiagnostics> files = {
      {"cache.toml",
       "version = 1\n[providers.cloudflare]\nzone_id = \"023e105f4ecef8ad9ca31a8372d0c353\"\n"
       "api_token = \"v1.0-e24fd090c02efcfecb4de8f4-ff6a5cc0e2ac\"\n",
       all}};
  for (const std::string& out : {render_text(files, {}),
                                 render_json(files, {}),
                                 render_github(files, {}),
                                 render_sarif(files, {})}) {
    CHECK(out.find("e24fd090") == std::string::npos);
  }
  CHECK_FALSE(fires("[providers.cloudflare]\nzone_id = \"023e105f4ecef8ad9ca31a8372d0c353\"\n",
                    "literal-secret"));
}
