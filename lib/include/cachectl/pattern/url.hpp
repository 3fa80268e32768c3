// URL parsing and normalization: one canonical spelling per resource, so that two spellings
// of the same path can never reach different rules.
#pragma once

#include <cachectl/pattern/trailing_slash.hpp>

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// Longest input accepted by `normalize_url`, in bytes.
inline constexpr std::size_t max_url_length = 8192;

/// One normalization step that changed the input, for `match --explain`.
struct NormalizationStep {
  std::string what;   ///< e.g. "decoded unreserved escapes"
  std::string result; ///< the path (or dropped part) after the step

  friend bool operator==(const NormalizationStep&, const NormalizationStep&) = default;
};

/// A normalized request target.
struct NormalizedUrl {
  std::string scheme; ///< lowercased; empty when the input was a path
  std::string host;   ///< lowercased; empty when the input was a path
  std::string port;   ///< as given, without the default port of the scheme; may be empty
  std::string path;   ///< canonical path, always starting with `/`
  std::string query;  ///< without `?`; escapes uppercased, otherwise verbatim
  bool has_query = false;
  std::vector<NormalizationStep> steps; ///< only the steps that changed something

  friend bool operator==(const NormalizedUrl&, const NormalizedUrl&) = default;
};

/// Why an input is not a usable URL; `offset` is the 0-based byte offset in the input.
struct UrlError {
  std::string message;
  std::size_t offset = 0;

  friend bool operator==(const UrlError&, const UrlError&) = default;
};

/// Parses a path (`/a/b?q`) or an absolute http(s) URL and normalizes its path:
/// drop the fragment; percent-decode unreserved characters (ALPHA DIGIT - . _ ~) only;
/// uppercase the hex digits of the remaining escapes (`%2F` stays encoded, never a separator);
/// percent-encode bytes that may not appear raw in a path (controls are rejected, see below;
/// space, `"`, `<`, `>`, `\`, `^`, backquote, `{`, `|`, `}`, `[`, `]` and non-ASCII UTF-8);
/// remove dot segments (RFC 3986 5.2.4) after `%2E` has been decoded.
/// Rejects: empty input, input longer than `max_url_length`, raw control characters and NUL,
/// `%00`, malformed escapes, and bytes (raw or escaped) that are not valid UTF-8
/// (overlong forms and surrogates included). `//` runs are never collapsed; a path that
/// starts with `//` is left for `strip_base` to redirect, as Astro does.
std::expected<NormalizedUrl, UrlError> normalize_url(std::string_view input);

/// `normalize_url` into `out`, reusing the capacity of its strings: an already-normal path
/// costs one scan and two copies, with no allocation once `out` has grown. On an error `out`
/// is unspecified.
std::expected<void, UrlError> normalize_url_into(std::string_view input, NormalizedUrl& out);

/// Canonical form of static pattern text: the same decoding, uppercasing and encoding as a
/// URL path (no dot-segment removal; `?` and `#` are encoded as %3F and %23 like Astro does).
/// Fails on a malformed escape, `%00`, invalid UTF-8 and control characters.
std::expected<std::string, UrlError> canonicalize_path_text(std::string_view text);

/// The result of applying the site base to a normalized path (Astro's `Router.match`).
struct BaseStrip {
  enum class Kind {
    inside,   ///< `path` is the base-relative path to match
    outside,  ///< the path is not under the base
    redirect, ///< Astro answers with a 301 to `location` (trailing slash of the base itself)
  };
  Kind kind = Kind::inside;
  std::string path;     ///< for `inside`
  std::string location; ///< for `redirect`

  friend bool operator==(const BaseStrip&, const BaseStrip&) = default;
};

/// Normalizes a configured base the way Astro does: "" becomes "/", a leading `/` is added.
std::string normalize_base(std::string_view base);

/// Strips `base` (already normalized) from `path` following Astro's Router.match rules,
/// including the 301 redirects for the base itself under `always` and `never`.
BaseStrip strip_base(std::string_view path, std::string_view base, TrailingSlash mode);

/// `strip_base` into `out`, reusing the capacity of its strings.
void
strip_base_into(std::string_view path, std::string_view base, TrailingSlash mode, BaseStrip& out);

} // namespace cachectl
