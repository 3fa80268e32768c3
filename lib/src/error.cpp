#include <cachectl/error.hpp>

#include <fmt/format.h>

namespace cachectl {

std::string
format_error(const Error& error)
{
  std::string out;
  if (!error.file.empty()) {
    out = error.file;
    if (error.pos.known()) {
      out += fmt::format(":{}", error.pos.line);
      if (error.pos.column != 0) {
        out += fmt::format(":{}", error.pos.column);
      }
    }
    out += ": ";
  }
  out += "error: ";
  out += error.message;
  return out;
}

} // namespace cachectl
