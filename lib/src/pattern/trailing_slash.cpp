#include <cachectl/pattern/trailing_slash.hpp>

namespace cachectl {

std::string_view
to_string(TrailingSlash mode)
{
  switch (mode) {
  case TrailingSlash::always:
    return "always";
  case TrailingSlash::never:
    return "never";
  case TrailingSlash::ignore:
    break;
  }
  return "ignore";
}

std::optional<TrailingSlash>
parse_trailing_slash(std::string_view text)
{
  for (auto mode : {TrailingSlash::ignore, TrailingSlash::always, TrailingSlash::never}) {
    if (to_string(mode) == text) {
      return mode;
    }
  }
  return std::nullopt;
}

} // namespace cachectl
