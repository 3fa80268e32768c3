// JSON Lines records of `cachectl headers`: streamed on the hot path, built as documents for
// --explain (and as the reference the streamed bytes are tested against).
#pragma once

#include "render.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/headers/headers.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/headers/providers.hpp>
#include <cachectl/match/matcher.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl::cli {

/// One provider's rendering of one input.
struct ProviderResult {
  const ProviderInfo* provider = nullptr; ///< whose profile
  HeaderSet set;                          ///< the headers it reads, its warnings and notes
};

/// What every record of one run shares.
struct HeadersJsonShape {
  const Config* config = nullptr;
  std::vector<const ProviderInfo*> providers; ///< one, or every header profile for `all`
  bool all = false;                           ///< --provider all: a `providers` array
  bool explain = false;                       ///< --explain: precedence, params and options
};

/// `name=value` pairs of the options that shape headers, TOML-like, in key-table order.
std::vector<std::pair<std::string, Json>> shown_options(const CacheOptions& o);

/// The record of an input that gets no headers, `reason` in its `error` member.
Json headers_unmatched_json(const HeadersJsonShape& shape,
                            std::string_view input,
                            const Resolution& r,
                            std::string_view reason);

/// The record of a matched input.
Json headers_matched_json(const HeadersJsonShape& shape,
                          std::string_view input,
                          const Resolution& r,
                          const Policy& policy,
                          const std::vector<ProviderResult>& results);

/// Appends headers_unmatched_json() as one line, byte for byte its compact dump, without
/// building the document (`input` already redacted).
void write_headers_unmatched_json(std::string& out,
                                  const HeadersJsonShape& shape,
                                  std::string_view input,
                                  const Resolution& r,
                                  std::string_view reason);

/// Appends headers_matched_json() as one line, byte for byte its compact dump; streamed
/// without a document unless --explain (`input` already redacted).
void write_headers_matched_json(std::string& out,
                                const HeadersJsonShape& shape,
                                std::string_view input,
                                const Resolution& r,
                                const Policy& policy,
                                const std::vector<ProviderResult>& results);

/// The first members of a matched record (the input and its URL), the object left open for
/// write_headers_matched_tail(); not for --explain.
void write_headers_matched_start(std::string& out,
                                 const HeadersJsonShape& shape,
                                 std::string_view input,
                                 const Resolution& r);

/// The rest of a matched record after write_headers_matched_start(): what depends only on the
/// policy and the headers (so a caller may render it once per rule and reuse the bytes), the
/// closing brace and the newline.
void write_headers_matched_tail(std::string& out,
                                const HeadersJsonShape& shape,
                                const Policy& policy,
                                const std::vector<ProviderResult>& results);

} // namespace cachectl::cli
