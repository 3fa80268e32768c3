// The retry policy of a purge call: how long to wait before the next attempt (the server's
// Retry-After, capped; else exponential backoff with jitter) and how a call that gives up says so.
#pragma once

#include "purge/purge_adapter.hpp"

#include <random>
#include <string>
#include <string_view>

namespace cachectl {

/// Longest wait a Retry-After is honoured for; a longer one is capped (and said so).
inline constexpr double k_max_retry_after = 120;

/// The wait before a retry, and a note when the server's Retry-After was capped.
struct RetryDelay {
  double seconds = 0;
  std::string note; ///< e.g. "Retry-After 3600 s capped to 120 s"; empty when not capped
};

/// The wait before attempt `attempts + 1` of a call whose last answer was `verdict`.
RetryDelay retry_delay(const Verdict& verdict, unsigned attempts, std::mt19937_64& random);

/// `reason` of a call that gives up after `attempts` attempts: "… (gave up after 1 attempt)".
std::string gave_up(std::string_view reason, unsigned attempts);

} // namespace cachectl
