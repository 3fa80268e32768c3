// Pacing of purge requests: a token bucket of one token refilled at `rate` per second (the
// generic cell rate algorithm), so calls leave evenly spaced at the configured rate.
#pragma once

#include <chrono>

namespace cachectl {

/// Spaces events `1 / rate` seconds apart.
class TokenBucket {
public:
  using Clock = std::chrono::steady_clock;

  /// A bucket allowing `rate` events per second, the first at `start`.
  TokenBucket(double rate, Clock::time_point start)
      : m_interval(
            std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate)))
      , m_next(start)
  {
  }

  /// True when an event may happen at `now`.
  bool
  ready(Clock::time_point now) const
  {
    return now >= m_next;
  }

  /// When the next event may happen.
  Clock::time_point
  next_ready() const
  {
    return m_next;
  }

  /// Records an event at `now` (which must be ready).
  void
  take(Clock::time_point now)
  {
    // Late events do not bank credit: the next one is a full interval after this one, so a
    // pause (a 429) never turns into a burst afterwards.
    m_next = (now > m_next ? now : m_next) + m_interval;
  }

private:
  Clock::duration m_interval;
  Clock::time_point m_next;
};

} // namespace cachectl
