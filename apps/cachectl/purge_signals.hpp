// SIGINT and SIGTERM during `purge`: the handler only counts the signal and wakes the run loop
// through a self-pipe (both async-signal-safe); the library sees them as a PurgeCancel. SIGPIPE
// is ignored so that a closed standard output is a write error (EPIPE) the purge survives.
#pragma once

#include <cachectl/purge/purge.hpp>

namespace cachectl::cli {

/// The signal handlers of one purge run; the previous ones come back when it ends.
class PurgeSignals {
public:
  /// Installs the handlers.
  PurgeSignals();
  PurgeSignals(const PurgeSignals&) = delete;
  PurgeSignals& operator=(const PurgeSignals&) = delete;
  /// Restores the previous handlers.
  ~PurgeSignals();

  /// The token to pass to Purger::run.
  PurgeCancel cancel() const;
  /// The first signal received (SIGINT, SIGTERM), or 0.
  int signal() const;
};

} // namespace cachectl::cli
