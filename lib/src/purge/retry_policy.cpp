#include "purge/retry_policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace cachectl {

namespace {

// Backoff of the first retry without Retry-After, doubled each time up to k_max_backoff.
constexpr double k_first_backoff = 1;
constexpr double k_max_backoff = 30;

} // namespace

RetryDelay
retry_delay(const Verdict& verdict, unsigned attempts, std::mt19937_64& random)
{
  RetryDelay delay;
  if (verdict.retry_after) {
    delay.seconds = std::min(*verdict.retry_after, k_max_retry_after);
    if (*verdict.retry_after > k_max_retry_after) {
      delay.note = fmt::format(
          "Retry-After {:.0f} s capped to {:.0f} s", *verdict.retry_after, k_max_retry_after);
    }
    return delay;
  }
  // Exponential backoff with jitter: a random wait in [half, full] of the step.
  const double step =
      std::min(k_max_backoff, k_first_backoff * std::pow(2.0, static_cast<double>(attempts) - 1));
  delay.seconds = std::uniform_real_distribution<double>(step / 2, step)(random);
  return delay;
}

std::string
gave_up(std::string_view reason, unsigned attempts)
{
  return fmt::format("{} (gave up after {} attempt{})", reason, attempts, attempts == 1 ? "" : "s");
}

} // namespace cachectl
