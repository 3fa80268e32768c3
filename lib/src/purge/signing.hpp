// What the request signers (EdgeGrid, AWS SigV4) share: the error value, the environment
// lookup passed in by the caller, the header list, timestamps and header checks.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

/// Why credentials could not be read or a request could not be signed. The message names
/// files, sections, keys, variables and headers, never a secret value.
struct SigningError {
  std::string message;    ///< one sentence, no trailing period
  bool not_found = false; ///< nothing was configured at all (no file, no variable set)
};

/// An environment lookup: the value of a variable, or nullopt when it is not set. Passed in
/// so that tests need not change the process environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// The lookup that reads the process environment (std::getenv).
EnvLookup process_env();

/// HTTP request headers as name/value pairs, in the order they are sent.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

/// A time in UTC as `YYYYMMDDTHH`, `MM`, `SS` joined by `time_separator`, then `zone`
/// (fractions of a second dropped): EdgeGrid writes `:` and `+0000`, SigV4 nothing and `Z`.
std::string format_utc_basic(std::chrono::system_clock::time_point time,
                             std::string_view time_separator,
                             std::string_view zone);

/// True for the bytes Python's `\s` matches in ASCII: space, tab, LF, VT, FF and CR.
bool is_http_space(char c);

/// `value` without leading and trailing spaces, every inner run of spaces (`is_http_space`)
/// written as one space: the header value canonicalization of EdgeGrid and SigV4.
std::string collapse_spaces(std::string_view value);

/// Names in backquotes for a message: `a`; `a` and `b`; `a`, `b` and `c`.
std::string backquoted_list(const std::vector<std::string>& names);

/// The reason text of a header value an HTTP client refuses (as Python's requests words it).
inline constexpr std::string_view k_bad_header_value =
    "invalid leading whitespace, reserved character(s), or return character(s) in header value";

/// An error for the first header an HTTP client would refuse: a name that is empty or holds
/// whitespace, `:` or NUL; a value with leading whitespace, CR, LF or NUL. The message names
/// the header, never its value. nullopt when every header can be sent.
std::optional<SigningError> check_headers(const HttpHeaders& headers);

} // namespace cachectl
