// The catalogue of diagnostic codes: one table for the emitters, SARIF rules and the man page.
#include <cachectl/lint/diagnostic.hpp>

#include <algorithm>
#include <array>

namespace cachectl {

namespace {

using enum Severity;

constexpr std::array k_codes = {
    // Reading and parsing.
    DiagnosticCode{
        "read-error", error, "the file cannot be read", "Check the path and its permissions."},
    DiagnosticCode{"toml-syntax",
                   error,
                   "the file is not valid TOML",
                   "Fix the TOML syntax at the position shown."},
    DiagnosticCode{"missing-version",
                   error,
                   "the file does not start with `version = 1`",
                   "Add `version = 1` at the top so future formats can be told apart."},
    DiagnosticCode{"unsupported-version",
                   error,
                   "the config format version is not one this cachectl reads",
                   "Use `version = 1`, or a cachectl that reads the newer format."},
    // Keys and values.
    DiagnosticCode{"unknown-key",
                   error,
                   "a key or table cachectl does not know",
                   "Keys are snake_case; fix the spelling (the suggestion shows the closest key) "
                   "or remove it."},
    DiagnosticCode{"misplaced-key",
                   error,
                   "a known key in a table where it does not belong",
                   "Move the key to the table the message names."},
    DiagnosticCode{"wrong-type",
                   error,
                   "a value of the wrong TOML type",
                   "Write the value with the type cachectl.toml(5) gives for the key."},
    DiagnosticCode{
        "out-of-range",
        error,
        "a number outside the range the key allows",
        "TTLs are seconds from 0 to 2147483648 (2^31, RFC 9111); see cachectl.toml(5) for others."},
    DiagnosticCode{"invalid-value",
                   error,
                   "a value that is not one of the allowed choices or shapes",
                   "Use one of the values the message lists."},
    // Patterns.
    DiagnosticCode{"invalid-pattern",
                   error,
                   "a route pattern with a syntax error",
                   "Patterns start with `/`; parameters are `[name]` or `[...name]` with names of "
                   "A-Z a-z 0-9 _ $, "
                   "separated by static text, unique within the pattern."},
    DiagnosticCode{
        "embedded-rest",
        warning,
        "a rest parameter shares its segment with other text",
        "Allowed (as in Astro endpoints like `[...slug].json`), but it may span several segments; "
        "prefer a standalone `[...rest]` segment unless that is intended."},
    DiagnosticCode{
        "pattern-never-matches",
        error,
        "a pattern that no normalized URL can match",
        "URLs are normalized before matching (dot segments removed); write the pattern as the "
        "normalized path."},
    DiagnosticCode{"pattern-includes-base",
                   warning,
                   "a pattern that starts with the configured base",
                   "Patterns are relative to `[site] base`; drop the base from the pattern."},
    DiagnosticCode{
        "trailing-slash-mismatch",
        warning,
        "a pattern whose URLs the trailing_slash mode does not serve as written",
        "Under \"always\" rules match only URLs ending in `/`, so a file-like pattern "
        "(`/feed.xml`) matches only `/feed.xml/`; under \"never\" a pattern written with a "
        "trailing `/` still matches only the URL without it. Change the pattern or the mode."},
    DiagnosticCode{"query-in-pattern",
                   warning,
                   "a pattern containing `?` or `#`",
                   "The query and fragment are not part of the path; the pattern only matches a "
                   "literal %3F or "
                   "%23. Use `[bypass] query` for query-dependent caching."},
    DiagnosticCode{
        "glob-in-pattern",
        error,
        "a glob (`*`, `**`) of another tool in a route pattern",
        "Astro patterns have no globs: `*` is literal text. Write `/[...path]` for `/**` "
        "or a trailing `/*` (it also matches the path before it), `[name]` for one segment, "
        "`/[...path].js` for `/*.js` (a rest next to text may span several segments: "
        "`embedded-rest`). The help shows the translation of the construct; the message the "
        "whole pattern."},
    DiagnosticCode{"colon-param-in-pattern",
                   error,
                   "a `:name` parameter (path-to-regexp, as in Next.js or Vercel) in a route "
                   "pattern",
                   "Astro parameters are brackets: `:id` is `[id]`, `:path*` and `:path+` are "
                   "`[...path]` (which also matches no segment); a regular-expression constraint "
                   "such as `:id(\\d+)` is dropped."},
    DiagnosticCode{"regex-in-pattern",
                   error,
                   "a regular-expression group of another tool in a route pattern",
                   "Astro patterns have no regular expressions: `(.*)` is `[...path]`, any other "
                   "group one `[name]` segment (the constraint is dropped)."},
    // Rule set.
    DiagnosticCode{
        "duplicate-pattern",
        error,
        "two patterns that match exactly the same URLs",
        "Patterns equal up to parameter names (`/blog/[slug]` and `/blog/[id]`) or spelling "
        "(`/%61` and `/a`) are the same rule; the second can never win. Merge them."},
    DiagnosticCode{"shadowed-rule",
                   warning,
                   "a rule that never wins because a higher-priority rule matches all its URLs",
                   "Remove the rule or make the higher-priority rule more specific."},
    DiagnosticCode{
        "ambiguous-priority",
        warning,
        "two rules match some URL and only the alphabetical tie-break decides",
        "Make one pattern more specific (e.g. static text), so the winner does not depend on the "
        "spelling of the patterns."},
    DiagnosticCode{
        "cache-deception",
        warning,
        "a page that opts out of caching is reachable by a spelling a cacheable rule wins",
        "Many origins serve `/account/x.css`, `/account;x.css` or `/account%2Fx.css` as "
        "`/account`; if a cacheable rule (a catch-all, an extension rule) wins such a URL, the "
        "CDN can store a private page (web cache deception). Cover the spellings with the "
        "opt-out rule (e.g. `/account/[...rest]`) or narrow the cacheable rule."},
    DiagnosticCode{"no-root-rule",
                   note,
                   "no rule matches `/`",
                   "Add `[routes.\"/\"]` if the home page should be cached."},
    DiagnosticCode{"no-catch-all",
                   note,
                   "some URLs match no rule",
                   "Add a catch-all `[routes.\"/[...rest]\"]` to give every page a policy (it may "
                   "be `cache = false`)."},
    // Option semantics.
    DiagnosticCode{"stale-without-max-age",
                   warning,
                   "`swr` or `stale_if_error` without `max_age`",
                   "Stale directives extend a freshness lifetime; set `max_age` too."},
    DiagnosticCode{
        "swr-with-must-revalidate",
        warning,
        "`swr` or `stale_if_error` together with `must_revalidate`",
        "must-revalidate forbids serving stale responses (RFC 9111 5.2.2.2); CDNs drop the stale "
        "directives. Remove one."},
    DiagnosticCode{"status-not-cached",
                   warning,
                   "a `status` entry for a status `statuses` does not cache",
                   "Responses with that status get no-store, so the TTL is never used; add the "
                   "status to `statuses` or drop the entry."},
    DiagnosticCode{
        "immutable-short-ttl",
        warning,
        "`immutable` with a TTL under a day",
        "immutable (RFC 8246) is for content that never changes at its URL; use it with long TTLs "
        "(versioned assets) or drop it."},
    DiagnosticCode{
        "browser-ttl-exceeds-cdn-ttl",
        warning,
        "`browser_max_age` greater than `max_age`",
        "Browsers would keep responses longer than the CDN; a purge then cannot reach them."},
    DiagnosticCode{
        "ignored-options",
        warning,
        "options next to `cache = false`",
        "`cache = false` opts out: private, no-store; the other options of the rule are ignored."},
    DiagnosticCode{"uncacheable-method",
                   warning,
                   "`methods` lists a method whose responses CDNs never cache",
                   "Only GET and HEAD responses are cached by shared caches in practice."},
    DiagnosticCode{"invalid-method",
                   error,
                   "`methods` holds something that is not an HTTP method",
                   "Methods are case-sensitive tokens such as GET and HEAD."},
    DiagnosticCode{"uncacheable-status",
                   warning,
                   "`statuses` lists a status that is never stored",
                   "1xx responses are not final and 304 only updates a stored response."},
    DiagnosticCode{
        "provider-drops-option",
        warning,
        "an option a checked provider's headers cannot carry",
        "The provider (`[site] provider` or `--provider`) documents no such directive, "
        "so `headers` leaves the option out (Akamai has no stale-while-revalidate in "
        "Edge-Control). Read from the provider descriptors, as `headers` is: rely on the "
        "provider's own settings, or accept the loss."},
    DiagnosticCode{"unknown-tag-param",
                   error,
                   "a tag template names a parameter the pattern does not have",
                   "`{name}` in a tag expands from the route's parameters; use one of them."},
    DiagnosticCode{
        "tag-separator",
        error,
        "a tag contains a character a provider uses to separate tags",
        "Tags travel in one header; a space (Fastly) or comma (most CDNs) would split the tag."},
    DiagnosticCode{"tag-invalid-character",
                   error,
                   "an empty tag",
                   "An empty tag names nothing: no response carries it and no purge reaches it."},
    DiagnosticCode{"tag-percent-encoded",
                   warning,
                   "a tag contains a character a provider does not accept, so it is sent "
                   "percent-encoded",
                   "`headers` writes the byte as `%XX` and `purge --tag` sends the same spelling, "
                   "so cachectl's own purges reach the page; dashboards, logs and purges made by "
                   "other tools see the encoded spelling. Letters, digits, `!#$&'+.^_|~-` and the "
                   "backtick are kept as written by every provider."},
    DiagnosticCode{"tag-too-long",
                   error,
                   "a tag is longer than a provider allows",
                   "Shorten the tag; the message names the provider and its limit."},
    DiagnosticCode{"too-many-tags",
                   warning,
                   "a rule sets more tags than a provider accepts",
                   "Providers drop or refuse extra tags; reduce their number."},
    DiagnosticCode{
        "tags-differ-in-case",
        warning,
        "two tags of a rule differ only by case",
        "Cloudflare and CloudFront treat tags case-insensitively while Akamai and Varnish xkey do "
        "not; purges then behave differently per provider."},
    DiagnosticCode{
        "vary-ignored",
        warning,
        "a `vary` header that a provider ignores or refuses",
        "The message names the provider; the response may be cached without that variance."},
    DiagnosticCode{"ttl-above-provider-cap",
                   warning,
                   "a TTL above what a provider honours",
                   "The provider caps the TTL (the message says at what)."},
    // Providers and secrets.
    DiagnosticCode{"missing-provider-setting",
                   error,
                   "a provider table lacks a setting purging needs",
                   "Add the setting the message names."},
    DiagnosticCode{"malformed-id",
                   error,
                   "a provider id that has the wrong shape",
                   "Copy the id from the provider's dashboard."},
    DiagnosticCode{"invalid-env-name",
                   error,
                   "`token_env` is not a valid environment variable name",
                   "Name the variable (e.g. CLOUDFLARE_API_TOKEN), not its value."},
    DiagnosticCode{"literal-secret",
                   error,
                   "a secret written into the file",
                   "Secrets never live in cache.toml: put the token in an environment variable and "
                   "name it with "
                   "`token_env`. Rotate the exposed secret."},
    // Bypass.
    DiagnosticCode{"invalid-bypass",
                   error,
                   "an empty cookie, header or query parameter name, or an invalid header name",
                   "Cookie and header names are RFC 9110 tokens; `*` at the end of a cookie name "
                   "matches a prefix."},
    // Suppression on purpose (`allow`).
    DiagnosticCode{"unknown-allow-code",
                   warning,
                   "an `allow` names a code cachectl does not have",
                   "Use a code that `cachectl validate --list-codes` lists; the suggestion shows "
                   "the closest one."},
    DiagnosticCode{"allow-error",
                   warning,
                   "an `allow` names an error code",
                   "Errors cannot be suppressed: the config does not do what it says. Fix the "
                   "problem instead; only warnings and notes can be allowed."},
    DiagnosticCode{"unused-allow",
                   note,
                   "an `allow` that suppresses nothing",
                   "The rule (or, for [lint] allow, the file) has no diagnostic with that code; "
                   "remove the code from the allow."},
    // Export (`cachectl export`).
    DiagnosticCode{"export-inexpressible",
                   error,
                   "the export format cannot give some URLs the headers the config gives them",
                   "The message names the construct and the URLs; change the rule, or export with "
                   "`--lossy` to write the file anyway."},
    DiagnosticCode{"export-lossy",
                   warning,
                   "with --lossy: the exported file gives some URLs other headers",
                   "The message names the construct and the URLs whose headers differ."},
    // Import (`cachectl import`).
    DiagnosticCode{"import-syntax",
                   error,
                   "the file to import is not valid in its format",
                   "Fix the line named; the platform's own parser rejects or skips it too."},
    DiagnosticCode{"import-inexpressible",
                   error,
                   "a cache.toml cannot give some URLs the cache headers the platform gives them",
                   "The message names the rule, a URL and the header that would differ; change "
                   "the file, or import with `--lossy` to write the config anyway."},
    DiagnosticCode{"import-lossy",
                   warning,
                   "with --lossy: the imported config gives some URLs other cache headers",
                   "The message names the rule, a URL and the header that differs."},
    DiagnosticCode{"import-dropped",
                   note,
                   "a header that is not about caching is left out of the imported config",
                   "Keep it in the platform's own file (or its framework config): cache.toml "
                   "holds cache headers only."},
};

} // namespace

std::span<const DiagnosticCode>
diagnostic_codes()
{
  return k_codes;
}

const DiagnosticCode*
find_diagnostic_code(std::string_view code)
{
  const auto it = std::find_if(
      k_codes.begin(), k_codes.end(), [&](const DiagnosticCode& c) { return c.code == code; });
  return it == k_codes.end() ? nullptr : &*it;
}

} // namespace cachectl
