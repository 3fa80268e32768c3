#include "purge_signals.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>

namespace cachectl::cli {

namespace {

volatile std::sig_atomic_t g_stops = 0;        // signals received
volatile std::sig_atomic_t g_first_signal = 0; // the first one's number
int g_pipe[2] = {-1, -1};                      // self-pipe: [0] read by the run loop
struct sigaction g_previous[3];                // SIGINT, SIGTERM, SIGPIPE

constexpr int k_signals[3] = {SIGINT, SIGTERM, SIGPIPE};

// Counts the signal and wakes the run loop: only async-signal-safe operations.
extern "C" void
on_signal(int number)
{
  if (g_first_signal == 0) {
    g_first_signal = number;
  }
  g_stops = g_stops + 1;
  if (g_pipe[1] >= 0) {
    const int saved = errno;
    [[maybe_unused]] const ssize_t written = write(g_pipe[1], "!", 1);
    errno = saved;
  }
}

} // namespace

PurgeSignals::PurgeSignals()
{
  g_stops = 0;
  g_first_signal = 0;
  if (pipe(g_pipe) == 0) {
    for (const int fd : g_pipe) {
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
      fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
  } else {
    g_pipe[0] = g_pipe[1] = -1; // the loop still sees the flag within its poll interval
  }
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  for (int i = 0; i < 3; ++i) {
    sigaction(k_signals[i], k_signals[i] == SIGPIPE ? &ignore : &action, &g_previous[i]);
  }
}

PurgeSignals::~PurgeSignals()
{
  for (int i = 0; i < 3; ++i) {
    sigaction(k_signals[i], &g_previous[i], nullptr);
  }
  for (int& fd : g_pipe) {
    if (fd >= 0) {
      close(fd);
      fd = -1;
    }
  }
}

PurgeCancel
PurgeSignals::cancel() const
{
  return PurgeCancel{&g_stops, g_pipe[0]};
}

int
PurgeSignals::signal() const
{
  return g_first_signal;
}

} // namespace cachectl::cli
