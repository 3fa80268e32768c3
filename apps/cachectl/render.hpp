// Small renderings shared by the commands that print resolutions and options.
#pragma once

#include <cachectl/match/matcher.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace cachectl::cli {

using Json = nlohmann::ordered_json;

/// A JSON value as TOML-like text: arrays as ["a", "b"], inline tables as { k = v }; invalid
/// UTF-8 becomes U+FFFD.
std::string toml_text(const Json& value);

/// What `resolve` found, as the `status` member of JSON output ("matched", "unmatched", …).
std::string_view status_name(Resolution::Kind kind);

/// `input` as it may be echoed: the password of a URL's userinfo becomes `***`, and an input
/// longer than the URL limit (`bytes`, its real length, when a line was cut on reading) is
/// shown by its start and its length: `/aaaa… (104857600 bytes)`.
std::string redacted_input(std::string_view input, std::size_t bytes = 0);

/// redacted_input() without a copy in the common case: `input` itself when nothing is to be
/// redacted or cut, else the redacted text, kept in `storage`.
std::string_view redacted_input(std::string_view input, std::size_t bytes, std::string& storage);

/// A line of a URL list without surrounding spaces, tabs and line ends (the CR of CRLF input).
std::string_view trim_line(std::string_view line);

/// ISO 8601 without a time zone, UTC, for JUnit XML: $SOURCE_DATE_EPOCH when set (reproducible
/// output), else now.
std::string junit_timestamp();

/// `%`, CR and LF escaped as GitHub workflow commands need (and `,` `:` in properties).
std::string github_escape(std::string_view text, bool property);

} // namespace cachectl::cli
