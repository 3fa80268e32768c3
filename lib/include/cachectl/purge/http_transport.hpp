// The HTTP transport of purge, check and warm (libcurl), loaded at run time on first use.
#pragma once

#include <expected>
#include <string>

namespace cachectl {

/// Loads libcurl (libcurl.so.4) if not loaded yet; returns its version ("7.88.1"), or why it
/// cannot be loaded. Commands that send requests call it first: without it every request fails.
std::expected<std::string, std::string> load_http_transport();

} // namespace cachectl
