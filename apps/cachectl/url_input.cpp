#include "url_input.hpp"

#include "render.hpp"

#include <cachectl/pattern/url.hpp>
#include <cachectl/util/line_reader.hpp>

#include <fmt/format.h>

namespace cachectl::cli {

std::size_t
max_input_line()
{
  return max_url_length + 256;
}

bool
for_each_url(std::string_view command,
             const std::vector<std::string>& operands,
             const std::function<void(std::string_view url, std::size_t bytes)>& each,
             const std::function<void()>& idle,
             bool quiet,
             const Terminal& err)
{
  for (const auto& operand : operands) {
    if (output_failed()) {
      return true;
    }
    if (operand != "-") {
      each(operand, operand.size());
      continue;
    }
    auto reader = LineReader::open("-", max_input_line());
    if (!reader) {
      print_error(err, fmt::format("{}: {}", command, printable(reader.error())));
      return false;
    }
    std::size_t read = 0;
    while (!output_failed()) {
      if (!reader->pending()) {
        idle();
      }
      const auto line = reader->next();
      if (!line) {
        break;
      }
      if (line->cut()) {
        // Over the URL limit whatever it holds: refused (as too long) by what `each` calls.
        ++read;
        each(line->text, line->bytes);
        continue;
      }
      const std::string_view url = trim_line(line->text);
      if (url.empty() || url.front() == '#') {
        continue; // blank lines and comments in URL lists
      }
      ++read;
      each(url, url.size());
    }
    if (!reader->error().empty()) {
      print_error(err, fmt::format("{}: {}", command, printable(reader->error())));
      return false;
    }
    if (read == 0 && !quiet && !output_failed()) {
      err.write(fmt::format("cachectl: {} no URLs read from standard input\n",
                            err.paint(Style::yellow, "warning:")));
    }
  }
  return true;
}

} // namespace cachectl::cli
