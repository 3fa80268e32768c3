// The HTTP transport of purge, check and warm (libcurl), loaded at run time on first use.
#pragma once

#include <expected>
#include <string>

namespace cachectl {

/// Loads libcurl (libcurl.so.4) and libcrypto (libcrypto.so.3, for request signing) if not
/// loaded yet; returns libcurl's version ("7.88.1"), or why one cannot be loaded. Commands that
/// send requests call it first: without them requests fail or go unsigned.
std::expected<std::string, std::string> load_http_transport();

} // namespace cachectl
