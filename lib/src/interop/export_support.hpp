// What every header-file export shares: the request traits a static host cannot see, the
// headers of one rule with its parameters left as placeholders, and diagnostics at a key.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/headers/headers.hpp>
#include <cachectl/lint/diagnostic.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl::interop {

/// Collects the diagnostics of one export: errors when refusing, warnings under --lossy.
class ExportDiagnostics {
public:
  /// `platform` names the target in messages ("Cloudflare Pages `_headers`").
  ExportDiagnostics(const Config& config, std::string_view platform, bool lossy);

  /// Reports that `what` cannot be expressed at `place` (a key of the config); `differs` says
  /// which URLs or requests get different headers than `cachectl headers` gives them.
  void
  inexpressible(SourcePos begin, SourcePos end, std::string_view what, std::string_view differs);
  /// The same at a rule's pattern key.
  void inexpressible(const Rule& rule, std::string_view what, std::string_view differs);

  /// True when nothing was reported.
  bool
  empty() const
  {
    return m_diagnostics.empty();
  }
  /// The diagnostics reported so far.
  std::vector<Diagnostic>
  take()
  {
    return std::move(m_diagnostics);
  }

private:
  const Config& m_config;
  std::string m_platform;
  bool m_lossy;
  std::vector<Diagnostic> m_diagnostics;
};

/// Reports what a host serving one file of headers for every request cannot express: `[bypass]`
/// (global and per rule), `methods` without GET or HEAD, `statuses`, `negative_max_age` and
/// `status` TTLs.
void check_static_host(const Config& config, ExportDiagnostics& diagnostics);

/// The value a parameter gets while a rule's headers are rendered, so that it can be found in
/// the header values and replaced by the platform's placeholder; unique per parameter index.
std::string param_sentinel(std::size_t index);

/// True when `text` holds a parameter sentinel.
bool holds_sentinel(std::string_view text);

/// A comma-separated list (a tag header's value) without the items that hold a sentinel.
std::string without_sentinel_items(std::string_view list);

/// The headers `provider` gets for rule `rule` of `config` (GET, status 200), with each named
/// parameter in `present` set to its sentinel (param_sentinel of its position in `present`);
/// parameters of the pattern not in `present` captured nothing (an absent rest).
std::vector<Header> rule_headers(const Config& config,
                                 std::size_t rule,
                                 const ProviderInfo& provider,
                                 const std::vector<std::string>& present);

/// True when a tag of the rule (or of [defaults], unless the rule opts out) names the parameter
/// `param` (`{param}`).
bool tags_name(const Config& config, const Rule& rule, std::string_view param);

/// True when a tag of the rule (or of [defaults]) names one of the rule's parameters, so that
/// its value differs from URL to URL.
bool has_param_tags(const Config& config, const Rule& rule);

/// The regular expression (RE2 and PCRE syntax, without `^` and `$`) for the whole request path
/// of the URLs `pattern` matches under `config`'s base and trailing-slash mode (`/` alone when
/// nothing follows the base and `matches_root`); `capturing`: one group per parameter in order
/// (the rest of a `[...rest]` segment), else every group non-capturing.
std::string
full_path_regex(const Pattern& pattern, const Config& config, bool matches_root, bool capturing);

/// True when `pattern` matches the root path `/` (the base itself, under a base).
bool matches_root(const Pattern& pattern, const Config& config);

/// A lookahead refusing the base's other spelling, which Astro answers with a 301 before any
/// rule applies (`(?!/docs/$)` under base /docs with trailing_slash = "never"); empty when none.
std::string base_redirect_lookahead(const Config& config);

/// The headers of rule `index` for a platform whose values are static: a tag made from a
/// parameter is left out (an item holding it dropped, a header left empty dropped), reported as
/// `what` (why it is left out) and `differs` (which URLs it concerns).
std::vector<Header> static_rule_headers(const Config& config,
                                        std::size_t index,
                                        const ProviderInfo& provider,
                                        ExportDiagnostics& diagnostics,
                                        std::string_view what,
                                        std::string_view differs);

using cachectl::provider_settings; // the `[providers.<name>]` table (config.hpp)

} // namespace cachectl::interop
