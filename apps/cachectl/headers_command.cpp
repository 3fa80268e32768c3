// `cachectl headers`: the response headers a URL's rule calls for, exactly as a CDN reads them.
#include "cli.hpp"
#include "headers_json.hpp"
#include "render.hpp"
#include "url_input.hpp"

#include <cachectl/config/config_keys.hpp>
#include <cachectl/config/origins.hpp>
#include <cachectl/headers/headers.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

namespace cachectl::cli {

namespace {

// Longest TTL the overrides accept (2^31, as the key table; RFC 9111 1.2.2).
constexpr std::int64_t max_seconds = 2147483648;

// What the command line asked for.
struct HeadersOptions {
  std::vector<std::string> urls;
  std::string provider; ///< a provider name, "all", or empty (the config's, else generic)
  std::int64_t status = 200;
  std::string method = "GET";
  std::vector<std::string> headers; ///< -H 'Name: value'
  std::vector<std::string> tags;
  std::int64_t max_age = 0;
  std::int64_t swr = 0;
  std::string last_modified;
  std::string etag;
  bool no_cache = false;
  bool explain = false;
  std::string format = "http";
  CLI::Option* max_age_given = nullptr;
  CLI::Option* swr_given = nullptr;
  CLI::Option* last_modified_given = nullptr;
  CLI::Option* etag_given = nullptr;
};

// The checked request and overrides every input shares.
struct Setup {
  Request request;
  CacheOptions overrides;
  std::vector<const ProviderInfo*> providers; ///< one, or every header profile for `all`
  bool all = false;
};

// Checks the flags that describe the request and the overrides; returns an error message, or
// "" when they are usable.
std::string
build_request(const HeadersOptions& opts, Setup& setup)
{
  if (!is_token(opts.method)) {
    return fmt::format("headers: --method {} is not an HTTP method (a token such as GET)",
                       printable(opts.method));
  }
  setup.request.method = opts.method;
  setup.request.status = opts.status;
  for (const auto& line : opts.headers) {
    const std::size_t colon = line.find(':');
    const std::string_view name =
        colon == std::string::npos ? "" : std::string_view(line).substr(0, colon);
    const std::string_view value =
        colon == std::string::npos ? "" : trim_line(std::string_view(line).substr(colon + 1));
    const bool clean = std::none_of(
        value.begin(), value.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
    if (!is_token(name) || !clean) {
      return fmt::format("headers: -H '{}' is not a request header: expected 'Name: value'",
                         printable(line));
    }
    setup.request.headers.emplace_back(std::string(name), std::string(value));
  }
  for (const auto& tag : opts.tags) {
    if (tag.empty()) {
      return "headers: --tag needs a non-empty tag";
    }
    setup.overrides.tags.push_back(tag);
  }
  if (opts.max_age_given->count() > 0) {
    setup.overrides.max_age = opts.max_age;
  }
  if (opts.swr_given->count() > 0) {
    setup.overrides.swr = opts.swr;
  }
  if (opts.last_modified_given->count() > 0) {
    if (const auto checked = check_timestamp(opts.last_modified); !checked) {
      return fmt::format(
          "headers: --last-modified {} is {}", printable(opts.last_modified), checked.error());
    }
    setup.overrides.last_modified = opts.last_modified;
  }
  if (opts.etag_given->count() > 0) {
    // A bare opaque tag (`v1`) is taken as the strong tag "v1"; anything else must be an
    // entity tag as written in the header.
    auto etag = parse_etag(opts.etag);
    if (!etag && !opts.etag.starts_with("W/") && opts.etag.find('"') == std::string::npos) {
      etag = parse_etag("\"" + opts.etag + "\"");
    }
    if (!etag) {
      return fmt::format("headers: --etag {} is not an entity tag (v1, \"v1\" or W/\"v1\")",
                         printable(opts.etag));
    }
    setup.overrides.etag = *etag;
  }
  if (opts.no_cache) {
    setup.overrides.cache = false;
  }
  return {};
}

// Picks the providers: --provider, else [site] provider, else generic; returns an error
// message, or "".
std::string
pick_providers(const HeadersOptions& opts, const Config& config, Setup& setup)
{
  if (opts.provider == "all") {
    setup.all = true;
    setup.providers = header_providers();
    return {};
  }
  const std::string name = !opts.provider.empty()     ? opts.provider
                           : !config.provider.empty() ? config.provider
                                                      : std::string("generic");
  const ProviderInfo* provider = find_provider(name);
  if (provider == nullptr || !provider->headers.available) {
    // Every command takes every provider name; this one is a purge API only.
    return fmt::format("headers: {} is a purge webhook with no header profile; pass the CDN or "
                       "cache that serves the responses (or generic: RFC 9111 and "
                       "CDN-Cache-Control alone)",
                       opts.provider.empty() ? fmt::format("[site] provider = \"{}\"", name)
                                             : fmt::format("--provider {}", name));
  }
  setup.providers.push_back(provider);
  return {};
}

// Why an input that did not match gets no headers, in one sentence.
std::string
unmatched_reason(const Config& config, const Resolution& r)
{
  switch (r.kind) {
  case Resolution::Kind::invalid:
    return fmt::format("not a usable URL: {} (at byte {})", r.error.message, r.error.offset);
  case Resolution::Kind::outside_base:
    return fmt::format("the path is outside the base {}; no rule applies", config.base);
  case Resolution::Kind::redirect:
    return fmt::format("Astro answers 301 to {} before any rule applies", r.location);
  case Resolution::Kind::unmatched:
  case Resolution::Kind::matched:
    break;
  }
  return config.rules.size() == 1
             ? std::string("the only rule does not match")
             : fmt::format("none of the {} rules matches", config.rules.size());
}

// Renders the results of every input in the chosen format.
class Renderer {
public:
  Renderer(const Config& config,
           const HeadersOptions& opts,
           const Setup& setup,
           const GlobalOptions& globals,
           const Terminal& out,
           const Terminal& err,
           bool batch)
      : m_config(config)
      , m_opts(opts)
      , m_setup(setup)
      , m_globals(globals)
      , m_out(out)
      , m_err(err)
      , m_batch(batch)
      , m_origins(config)
      , m_shape{&config, setup.providers, setup.all, opts.explain}
      , m_memo(config.rules.size())
  {
  }

  // Resolves one input and renders its headers; returns false when it matched no rule.
  bool
  render(const RuleMatcher& matcher, std::string_view input, std::size_t bytes)
  {
    resolve_into(m_config, matcher, input, m_resolution);
    const Resolution& r = m_resolution;
    // From here on the input is only echoed: without a password, and capped when over-long.
    input = redacted_input(input, bytes, m_echoed);
    if (const auto note = m_origins.note(r.url); note && !m_globals.quiet) {
      m_err.write(fmt::format("cachectl: note: {}: {}\n", printable(input), printable(*note)));
    }
    if (!r.match) {
      const std::string reason = unmatched_reason(m_config, r);
      m_err.write(fmt::format("cachectl: {} {}: {}; no headers\n",
                              m_err.paint(Style::red, "error:"),
                              printable(input),
                              printable(reason)));
      if (m_opts.format == "json") {
        write_headers_unmatched_json(m_buffer, m_shape, input, r, reason);
        ++m_count;
      } else {
        block_start(input);
        if (m_opts.explain) {
          m_buffer += fmt::format("# rule      ({})\n", reason);
        }
      }
      return false;
    }
    const RuleMemo& memo = decide(r);
    warn(input, memo.policy, memo.results);
    if (m_opts.format == "json" && !m_opts.explain) {
      write_headers_matched_start(m_buffer, m_shape, input, r);
      m_buffer += memo.json_tail;
      ++m_count;
    } else if (m_opts.format == "json") {
      write_headers_matched_json(m_buffer, m_shape, input, r, memo.policy, memo.results);
      ++m_count;
    } else {
      http_block(input, r, memo);
    }
    return true;
  }

  // Writes buffered output.
  void
  flush()
  {
    m_out.write(m_buffer);
    m_buffer.clear();
    m_out.flush();
  }

  // Writes buffered output once it is large.
  void
  flush_if_full()
  {
    if (m_buffer.size() >= 1 << 16) {
      flush();
    }
  }

private:
  // A rule's policy and headers for this run's request, with their rendered bytes. Reused for
  // every URL the rule matches while policy_is_per_rule() holds and the clock shows the same
  // second (a Last-Modified is checked against it); recomputed for every URL otherwise.
  struct RuleMemo {
    bool checked = false;  ///< per_rule is known
    bool per_rule = false; ///< policy_is_per_rule()
    bool ready = false;    ///< holds a reusable decision
    std::int64_t now = 0;  ///< the second it was decided in
    Policy policy;
    std::vector<ProviderResult> results;
    std::string http;      ///< http_lines(results)
    std::string json_tail; ///< write_headers_matched_tail() (without --explain)
  };

  // The decision for a matched resolution, from the memo when it holds.
  const RuleMemo&
  decide(const Resolution& r)
  {
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    RuleMemo& memo = m_memo[r.match->rule];
    if (!memo.checked) {
      memo.per_rule = policy_is_per_rule(m_config, r.match->rule, m_setup.overrides);
      memo.checked = true;
    }
    if (memo.ready && memo.now == now) {
      return memo;
    }
    Request request = m_setup.request;
    request.query = r.url.query;
    request.has_query = r.url.has_query;
    request.now = now;
    memo.policy = decide_policy(m_config, *r.match, request, m_setup.overrides);
    memo.results.clear();
    for (const ProviderInfo* provider : m_setup.providers) {
      memo.results.push_back(
          {provider,
           generate_headers(*provider, memo.policy, provider_settings(m_config, provider->name))});
    }
    memo.http = m_opts.format == "json" ? std::string() : http_lines(memo.results);
    memo.json_tail.clear();
    if (m_opts.format == "json" && !m_opts.explain) {
      write_headers_matched_tail(memo.json_tail, m_shape, memo.policy, memo.results);
    }
    memo.now = now;
    memo.ready = memo.per_rule;
    return memo;
  }

  // Limits and unusable values on stderr (not with -q).
  void
  warn(std::string_view input,
       const Policy& policy,
       const std::vector<ProviderResult>& results) const
  {
    if (m_globals.quiet) {
      return;
    }
    std::string text;
    const std::string label = m_err.paint(Style::yellow, "warning:");
    for (const auto& message : policy.warnings) {
      text += fmt::format("cachectl: {} {}: {}\n", label, printable(input), printable(message));
    }
    for (const auto& result : results) {
      for (const auto& message : result.set.warnings) {
        text += fmt::format("cachectl: {} {}: {}: {}\n",
                            label,
                            printable(input),
                            result.provider->name,
                            printable(message));
      }
    }
    if (!text.empty()) {
      m_err.write(text);
      std::fflush(m_err.stream());
    }
  }

  // Starts the block of one input in http format: in a batch, `# input` after an empty line.
  void
  block_start(std::string_view input)
  {
    if (m_batch) {
      m_buffer += fmt::format("{}# {}\n", m_count == 0 ? "" : "\n", printable(input));
    }
    ++m_count;
  }

  // The `# label     text` comment lines of --explain.
  std::string
  comment(std::string_view label, std::string_view text) const
  {
    return fmt::format("# {:<9} {}\n", label, printable(text));
  }

  // --explain: what was matched and decided, as comment lines.
  std::string
  explanation(const Resolution& r, const Policy& policy) const
  {
    const Rule& rule = m_config.rules[r.match->rule];
    std::string out;
    out += comment("path", r.url.path + (r.url.has_query ? "?" + r.url.query : ""));
    out += comment("rule",
                   fmt::format("{}  ({}:{}:{})",
                               rule.pattern.source(),
                               m_config.file,
                               rule.pos.line,
                               rule.pos.column));
    std::string params;
    for (const auto& [name, value] : r.match->params) {
      params += fmt::format("{}{}={}", params.empty() ? "" : " ", name, value);
    }
    out += comment("params", params.empty() ? "(none)" : params);
    std::string names;
    for (const auto& [name, value] : m_setup.request.headers) {
      names += (names.empty() ? "" : ", ") + name;
    }
    out += comment("request",
                   fmt::format("{} {}{}",
                               m_setup.request.method,
                               m_setup.request.status,
                               names.empty() ? "" : ", headers: " + names));
    std::string options;
    for (const auto& [name, value] : shown_options(policy.options)) {
      options += fmt::format("{}{}={}", options.empty() ? "" : " ", name, toml_text(value));
    }
    out += comment("options", options);
    if (policy.cacheable) {
      out += comment("decision", "cacheable: the method, the status and [bypass] allow caching");
    } else {
      bool first = true;
      for (const auto& hit : policy.reasons) {
        out += comment(first ? "decision" : "", (first ? "no-store: " : "          ") + hit.detail);
        first = false;
      }
    }
    return out;
  }

  // How one provider reads the headers, for --explain.
  std::string
  provider_explanation(const ProviderResult& result, std::string_view label) const
  {
    std::string order;
    for (std::string_view source : result.provider->headers.precedence) {
      order += (order.empty() ? "" : " > ") + std::string(source);
    }
    std::string out = comment(label, fmt::format("{} reads {}", result.provider->display, order));
    for (const auto& note : result.set.notes) {
      out += comment(label, "note: " + note);
    }
    return out;
  }

  // One input in http format: the explanation, then `Name: value` lines (a table for `all`).
  void
  http_block(std::string_view input, const Resolution& r, const RuleMemo& memo)
  {
    block_start(input);
    if (m_opts.explain) {
      m_buffer += explanation(r, memo.policy);
      for (const auto& result : memo.results) {
        m_buffer += provider_explanation(result, m_setup.all ? result.provider->name : "provider");
      }
    }
    m_buffer += memo.http;
  }

  // The header lines of http format: `Name: value`, or for `all` a table with the provider in
  // the first column.
  std::string
  http_lines(const std::vector<ProviderResult>& results) const
  {
    std::string out;
    if (!m_setup.all) {
      for (const auto& header : results.front().set.headers) {
        out += header.name;
        out += ": ";
        out += header.value;
        out += '\n';
      }
      return out;
    }
    // --provider all: one row per header line, the provider in the first column.
    std::size_t width = 0;
    for (const auto& result : results) {
      width = std::max(width, result.provider->name.size());
    }
    for (const auto& result : results) {
      bool first = true;
      for (const auto& header : result.set.headers) {
        out += fmt::format("{:<{}}  {}: {}\n",
                           first ? result.provider->name : std::string_view(),
                           width,
                           header.name,
                           header.value);
        first = false;
      }
      if (first) {
        out += fmt::format("{:<{}}  (no headers)\n", result.provider->name, width);
      }
    }
    return out;
  }

  const Config& m_config;
  Resolution m_resolution; // reused from line to line: no allocation once warm
  const HeadersOptions& m_opts;
  const Setup& m_setup;
  const GlobalOptions& m_globals;
  const Terminal& m_out;
  const Terminal& m_err;
  bool m_batch;
  const OriginCheck m_origins;
  const HeadersJsonShape m_shape;
  std::string m_buffer;
  std::string m_echoed;         ///< the redacted input, when it differs from the input
  std::vector<RuleMemo> m_memo; ///< by rule index
  std::size_t m_count = 0;
};

int
run_headers(const GlobalOptions& globals, const HeadersOptions& opts)
{
  const Terminal out(stdout, globals.color);
  const Terminal err(stderr, globals.color);
  if (opts.urls.empty()) {
    print_error(err, "headers: no URL given (pass a URL, or '-' to read one per line from stdin)");
    return exit_usage;
  }
  Setup setup;
  if (const std::string problem = build_request(opts, setup); !problem.empty()) {
    print_error(err, problem);
    return exit_usage;
  }
  auto config = load_config_or_report(globals, err);
  if (!config) {
    return exit_config;
  }
  if (const std::string problem = pick_providers(opts, *config, setup); !problem.empty()) {
    print_error(err, problem);
    return exit_usage;
  }
  const bool batch =
      opts.urls.size() > 1 || std::find(opts.urls.begin(), opts.urls.end(), "-") != opts.urls.end();
  const CompiledMatcher matcher(*config);
  Renderer renderer(*config, opts, setup, globals, out, err, batch);
  bool all_matched = true;
  const bool read = for_each_url(
      "headers",
      opts.urls,
      [&](std::string_view url, std::size_t bytes) {
        all_matched = renderer.render(matcher, url, bytes) && all_matched;
        renderer.flush_if_full();
      },
      [&] { renderer.flush(); }, // streaming: results go out before blocking on the next line
      globals.quiet,
      err);
  renderer.flush();
  if (!read) {
    return exit_io;
  }
  return all_matched ? exit_ok : exit_findings;
}

} // namespace

void
setup_headers(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<HeadersOptions>();
  CLI::App* cmd = app.add_subcommand(
      "headers", "print the response headers a URL's rule calls for, exactly as a CDN reads them");
  cmd->add_option("urls", opts->urls, "paths or http(s) URLs; '-' reads one per line from stdin")
      ->type_name("URL");
  // The one provider set of every command (validate, headers, purge); http has no profile.
  std::vector<std::string> choices(provider_names().begin(), provider_names().end());
  choices.emplace_back("all");
  cmd->add_option("--provider",
                  opts->provider,
                  "provider profile, or all (default: [site] provider, else generic)")
      ->check(CLI::IsMember(choices))
      ->type_name("NAME");
  cmd->add_option("--status", opts->status, "response status (default 200)")
      ->check(CLI::Range(100, 599))
      ->type_name("N");
  cmd->add_option("--method", opts->method, "request method (default GET)")->type_name("METHOD");
  // One value per occurrence, so that `-H 'Cookie: a=1' /url` leaves the URL an operand.
  cmd->add_option("-H,--header", opts->headers, "request header 'Name: value' (repeatable)")
      ->allow_extra_args(false)
      ->type_name("'K: V'");
  cmd->add_option("--tag", opts->tags, "add a cache tag (repeatable)")
      ->allow_extra_args(false)
      ->type_name("TAG");
  opts->max_age_given = cmd->add_option("--max-age", opts->max_age, "override max_age (seconds)")
                            ->check(CLI::Range(std::int64_t{0}, max_seconds))
                            ->type_name("N");
  opts->swr_given = cmd->add_option("--swr", opts->swr, "override swr (seconds)")
                        ->check(CLI::Range(std::int64_t{0}, max_seconds))
                        ->type_name("N");
  opts->last_modified_given =
      cmd->add_option("--last-modified",
                      opts->last_modified,
                      "Last-Modified, RFC 3339 or IMF-fixdate (the most recent date wins)")
          ->type_name("DATE");
  opts->etag_given =
      cmd->add_option("--etag", opts->etag, "ETag: v1, '\"v1\"' or 'W/\"v1\"'")->type_name("ETAG");
  cmd->add_flag("--no-cache", opts->no_cache, "opt out, as cache = false: private, no-store");
  cmd->add_flag("--explain", opts->explain, "show the rule, options, decision and provider notes");
  cmd->add_option("--format", opts->format, "output format: http (default) or json (JSON Lines)")
      ->check(CLI::IsMember({"http", "json"}))
      ->type_name("FORMAT");
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_headers(globals, *opts); };
  });
}

} // namespace cachectl::cli
