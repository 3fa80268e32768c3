#include "terminal.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <cstdlib>

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
Terminal::write(std::string_view text) const
{
  std::fwrite(text.data(), 1, text.size(), m_stream);
}

void
print_error(const Terminal& err, std::string_view message)
{
  err.write(fmt::format("cachectl: {} {}\n", err.paint(Style::red, "error:"), message));
}

} // namespace cachectl::cli
