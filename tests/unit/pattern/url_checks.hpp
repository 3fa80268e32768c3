// Checks shared by the URL normalization tests: normalize or canonicalize, requiring success
/// or failure, with the input in the failure message.
#pragma once

#include <cachectl/pattern/url.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace url_checks {

using cachectl::canonicalize_path_text;
using cachectl::NormalizationStep;
using cachectl::normalize_url;
using cachectl::NormalizedUrl;
using cachectl::UrlError;

/// The normalization steps of one URL.
using Steps = std::vector<NormalizationStep>;

/// Renders steps as `what => result` lines, for failure messages.
inline std::string
render(const Steps& steps)
{
  std::string out;
  for (const auto& step : steps) {
    out += step.what + " => " + step.result + "\n";
  }
  return out;
}

/// Normalizes `input`, requiring success.
inline NormalizedUrl
ok(std::string_view input)
{
  auto result = normalize_url(input);
  INFO("input: ", std::string(input));
  REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error().message));
  return *result;
}

/// Normalizes `input`, requiring success, and returns only the path.
inline std::string
path_of(std::string_view input)
{
  return ok(input).path;
}

/// Normalizes `input`, requiring failure, and returns the error.
inline UrlError
err(std::string_view input)
{
  auto result = normalize_url(input);
  INFO("input: ", std::string(input));
  REQUIRE_FALSE(result.has_value());
  return result.error();
}

/// Canonicalizes pattern text, requiring success.
inline std::string
canon(std::string_view text)
{
  auto result = canonicalize_path_text(text);
  INFO("text: ", std::string(text));
  REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error().message));
  return *result;
}

/// Canonicalizes pattern text, requiring failure, and returns the error.
inline UrlError
canon_err(std::string_view text)
{
  auto result = canonicalize_path_text(text);
  INFO("text: ", std::string(text));
  REQUIRE_FALSE(result.has_value());
  return result.error();
}

/// `text` repeated `count` times.
inline std::string
repeat(std::string_view text, std::size_t count)
{
  std::string out;
  out.reserve(text.size() * count);
  for (std::size_t i = 0; i < count; ++i) {
    out += text;
  }
  return out;
}

} // namespace url_checks
