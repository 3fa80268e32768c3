// `export --to varnish`: a VCL subroutine for `vcl_backend_response`.
//
// An `if`/`elsif` chain tests each rule's regular expression against `bereq.url` in Astro's
// priority order, so the first that matches is the rule cachectl picks. The rule's branch sets
// the headers `cachectl headers --provider varnish` gives (Cache-Control, xkey, Vary, ETag, ...)
// and, because Varnish has already read the backend's own headers when vcl_backend_response
// runs, the TTL and grace those headers mean to Varnish (cache_rfc2616.c: s-maxage, else
// max-age; stale-while-revalidate is grace); a Cache-Control with no-store, private or no-cache
// makes the object uncacheable (hit-for-miss for 120 s, as builtin.vcl does). `keep` is left to
// the VCL: cachectl's headers say nothing Varnish would turn into it (stale-if-error is not read).
//
// A tag made from a parameter (`post:{slug}`) becomes `regsub(bereq.url, RULE, "\N")` with `%`
// and `,` percent-encoded as cachectl encodes them. The expressions allow a query string after
// the path (and keep parameters from reaching into it). Strings are VCL long strings `{"…"}`,
// which take every byte but the sequence `"}`; a value holding it is refused.
#include "varnish_export.hpp"

#include "export_support.hpp"
#include "util/text.hpp"

#include <cachectl/headers/providers.hpp>
#include <cachectl/match/matcher.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace cachectl::interop {

namespace {

// Varnish's regsub knows the groups \1 to \9.
constexpr std::size_t max_params = 9;

// `text` as a VCL long string.
std::string
long_string(std::string_view text)
{
  return fmt::format("{{\"{}\"}}", text);
}

// Replaces every `from` in `text` by `to`.
std::string
replace_all(std::string text, std::string_view from, std::string_view to)
{
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// The rule's regular expression on `bereq.url`: the path (parameters kept out of the query),
// then an optional query string.
std::string
url_regex(const Config& config, const Rule& rule)
{
  std::string body =
      full_path_regex(rule.pattern, config, matches_root(rule.pattern, config), true);
  body = replace_all(std::move(body), "[^/]+?", "[^/?]+?");
  body = replace_all(std::move(body), "(.*?)", "([^?]*?)");
  return fmt::format("^{}{}(?:\\?.*)?$", base_redirect_lookahead(config), body);
}

// The directives of a Cache-Control value, each without surrounding whitespace.
std::vector<std::string_view>
directives(std::string_view cache_control)
{
  std::vector<std::string_view> out;
  std::size_t from = 0;
  while (from < cache_control.size()) {
    const std::size_t to = std::min(cache_control.find(',', from), cache_control.size());
    out.push_back(trim_ows(cache_control.substr(from, to - from)));
    from = to + 1;
  }
  return out;
}

// The value of Cache-Control directive `name` (`s-maxage=30` → 30); nullopt when absent.
std::optional<std::int64_t>
directive(std::string_view cache_control, std::string_view name)
{
  for (const std::string_view item : directives(cache_control)) {
    if (item.size() > name.size() && item.starts_with(name) && item[name.size()] == '=') {
      std::int64_t value = 0;
      const auto digits = item.substr(name.size() + 1);
      if (std::from_chars(digits.data(), digits.data() + digits.size(), value).ec == std::errc{}) {
        return value;
      }
    }
  }
  return std::nullopt;
}

// True when Cache-Control holds the bare directive `name`.
bool
has_directive(std::string_view cache_control, std::string_view name)
{
  const auto items = directives(cache_control);
  return std::ranges::find(items, name) != items.end();
}

// A VCL expression for a header value that may hold parameter sentinels: literal text as long
// strings, each parameter as its capture of `regex`, percent-encoded like a tag.
std::string
value_expression(std::string_view value, const std::string& regex)
{
  std::vector<std::string> parts;
  std::string literal;
  std::size_t i = 0;
  while (i < value.size()) {
    bool sentinel = false;
    for (std::size_t p = 0; p < max_params; ++p) {
      const std::string mark = param_sentinel(p);
      if (value.substr(i).starts_with(mark)) {
        if (!literal.empty()) {
          parts.push_back(long_string(literal));
          literal.clear();
        }
        parts.push_back(fmt::format(
            "regsuball(regsuball(regsub(bereq.url, {}, \"\\{}\"), \"%\", \"%25\"), \",\", "
            "\"%2C\")",
            long_string(regex),
            p + 1));
        i += mark.size();
        sentinel = true;
        break;
      }
    }
    if (!sentinel) {
      literal += value[i++];
    }
  }
  if (!literal.empty() || parts.empty()) {
    parts.push_back(long_string(literal));
  }
  return fmt::format("{}", fmt::join(parts, " + "));
}

// The branch body of one rule: TTL and grace as Varnish reads them from the headers, then the
// headers themselves.
std::string
branch(const std::vector<Header>& headers, const std::string& regex)
{
  std::string out;
  const auto cache_control = std::ranges::find(headers, "Cache-Control", &Header::name);
  if (cache_control != headers.end()) {
    const std::string_view cc = cache_control->value;
    if (has_directive(cc, "no-store") || has_directive(cc, "private") ||
        has_directive(cc, "no-cache")) {
      out += "    set beresp.uncacheable = true;\n    set beresp.ttl = 120s;\n";
    } else if (const auto ttl = directive(cc, "s-maxage") ? directive(cc, "s-maxage")
                                                          : directive(cc, "max-age")) {
      out += fmt::format("    set beresp.ttl = {}s;\n", *ttl);
      if (const auto grace = directive(cc, "stale-while-revalidate")) {
        out += fmt::format("    set beresp.grace = {}s;\n", *grace);
      }
    }
  }
  for (const auto& header : headers) {
    out += fmt::format(
        "    set beresp.http.{} = {};\n", header.name, value_expression(header.value, regex));
  }
  return out;
}

} // namespace

std::string
export_varnish(const Config& config, ExportDiagnostics& diagnostics)
{
  check_static_host(config, diagnostics);
  const ProviderInfo* provider = find_provider("varnish");
  const ReferenceMatcher matcher(config);

  std::string chain;
  for (const std::size_t index : matcher.order()) {
    const Rule& rule = config.rules[index];
    const std::string regex = url_regex(config, rule);
    // A rule whose headers cannot be written keeps an empty branch, so that its URLs never fall
    // through to a lower-priority rule.
    std::string body = "    # not exported (see `cachectl export --to varnish --lossy`)\n";
    const auto& params = rule.pattern.param_names();
    if (params.size() > max_params && has_param_tags(config, rule)) {
      diagnostics.inexpressible(rule,
                                fmt::format("a tag made from one of more than {} parameters "
                                            "(regsub knows \\1 to \\{})",
                                            max_params,
                                            max_params),
                                "every URL of this rule (it gets no headers)");
    } else {
      const std::vector<Header> headers = rule_headers(config, index, *provider, params);
      const auto closes = std::ranges::find_if(headers, [](const Header& header) {
        return header.value.find("\"}") != std::string::npos;
      });
      if (closes != headers.end()) {
        diagnostics.inexpressible(
            rule,
            fmt::format("the value of {} (it holds `\"}}`, which ends a VCL long string)",
                        closes->name),
            "every URL of this rule (it gets no headers)");
      } else {
        body = branch(headers, regex);
      }
    }
    chain += fmt::format("{} (bereq.url ~ {}) {{\n    # [routes.\"{}\"] {}:{}\n{}  }}",
                         chain.empty() ? "  if" : " elsif",
                         long_string(regex),
                         rule.pattern.source(),
                         config.file,
                         rule.pos.line,
                         body);
  }
  std::string out = fmt::format(
      "# Varnish VCL, generated by `cachectl export --to varnish` from {}.\n"
      "# Include it after `import xkey;` (for purges by tag) and call it at the end of\n"
      "# vcl_backend_response: `call cachectl_backend_response;`. The first expression that\n"
      "# matches is the rule cachectl picks; its branch sets the headers of `cachectl headers\n"
      "# --provider varnish` and the TTL and grace Varnish reads from them.\n\n"
      "sub cachectl_backend_response {{\n",
      config.file);
  if (!chain.empty()) {
    out += chain + "\n";
  }
  out += "}\n";
  return out;
}

} // namespace cachectl::interop
