#include <cachectl/pattern/deception.hpp>

namespace cachectl {

std::vector<std::string>
deception_spellings(std::string_view page, TrailingSlash mode)
{
  if (page.size() > 1 && page.back() == '/') {
    page.remove_suffix(1);
  }
  std::vector<std::string> spellings;
  // The root has one spelling: `/;x.css` and `/%2Fx.css` are not paths of a page.
  const std::vector<std::string_view> suffixes =
      page == "/" ? std::vector<std::string_view>{"cachectl-probe.css"}
                  : std::vector<std::string_view>{
                        "/cachectl-probe.css", ";cachectl-probe.css", "%2Fcachectl-probe.css"};
  for (const std::string_view suffix : suffixes) {
    std::string probe = std::string(page) + std::string(suffix);
    if (mode == TrailingSlash::always) {
      probe += '/';
    }
    spellings.push_back(std::move(probe));
  }
  return spellings;
}

} // namespace cachectl
