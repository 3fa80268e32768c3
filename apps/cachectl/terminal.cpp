#include "terminal.hpp"

#include "cli.hpp"

#include <cachectl/util/unsafe_text.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <system_error>

namespace cachectl::cli {

namespace {

// True when the environment variable is set to a non-empty value.
bool
env_set(const char* name)
{
  const char* value = std::getenv(name);
  return value != nullptr && value[0] != '\0';
}

std::string_view
escape_code(Style style)
{
  switch (style) {
  case Style::bold:
    return "\x1b[1m";
  case Style::dim:
    return "\x1b[2m";
  case Style::red:
    return "\x1b[1;31m";
  case Style::green:
    return "\x1b[32m";
  case Style::yellow:
    return "\x1b[33m";
  case Style::cyan:
    return "\x1b[36m";
  }
  return "";
}

// errno of the first failed write to standard output (0: none yet).
int output_errno = 0;

// Remembers why a write to `stream` failed, when it is standard output.
void
note_failure(std::FILE* stream)
{
  if (stream == stdout && output_errno == 0) {
    output_errno = errno != 0 ? errno : EIO;
  }
}

} // namespace

Terminal::Terminal(std::FILE* stream, ColorMode mode)
    : m_stream(stream)
    , m_color(false)
{
  switch (mode) {
  case ColorMode::always:
    m_color = true;
    break;
  case ColorMode::never:
    m_color = false;
    break;
  case ColorMode::automatic: {
    const char* term = std::getenv("TERM");
    m_color = !env_set("NO_COLOR") && (term == nullptr || std::string_view(term) != "dumb") &&
              isatty(fileno(stream)) == 1;
    break;
  }
  }
}

std::string
Terminal::paint(Style style, std::string_view text) const
{
  if (!m_color) {
    return std::string(text);
  }
  return fmt::format("{}{}\x1b[0m", escape_code(style), text);
}

void
Terminal::append_painted(std::string& out, Style style, std::string_view text) const
{
  if (!m_color) {
    out += text;
    return;
  }
  out += escape_code(style);
  out += text;
  out += "\x1b[0m";
}

void
Terminal::write(std::string_view text) const
{
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), m_stream) != text.size()) {
    note_failure(m_stream);
  }
}

void
Terminal::flush() const
{
  errno = 0;
  if (std::fflush(m_stream) != 0) {
    note_failure(m_stream);
  }
}

std::string
printable(std::string_view text)
{
  return escape_unsafe(text);
}

void
append_printable(std::string& out, std::string_view text)
{
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; })) {
    out += text;
  } else {
    out += escape_unsafe(text);
  }
}

void
print_error(const Terminal& err, std::string_view message)
{
  err.write(fmt::format("cachectl: {} {}\n", err.paint(Style::red, "error:"), message));
}

bool
output_failed()
{
  return output_errno != 0 || std::ferror(stdout) != 0;
}

void
default_sigpipe()
{
  std::signal(SIGPIPE, SIG_DFL);
}

int
finish_output(int status)
{
  Terminal(stdout, ColorMode::never).flush();
  if (!output_failed()) {
    return status;
  }
  if (output_errno == EPIPE) {
    // The reader went away (`| head`) and SIGPIPE was blocked or ignored by the command: end
    // as the signal would have, quietly.
    std::signal(SIGPIPE, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    std::raise(SIGPIPE);
  }
  const Terminal err(stderr, ColorMode::automatic);
  const std::string reason = output_errno != 0
                                 ? std::error_code(output_errno, std::generic_category()).message()
                                 : std::string("write error");
  print_error(err, fmt::format("cannot write standard output: {}", reason));
  return exit_io;
}

} // namespace cachectl::cli
