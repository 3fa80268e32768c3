// Fuzz target: sitemap.xml (lib/src/live/sitemap.cpp). The first byte picks the bounds, the rest
// is a document that every location it names also answers with (so an index is followed into
// itself and its children as far as the bounds allow). Properties: a document keeps at most the
// location limit, each location non-empty and trimmed, the rest counted as dropped; an error is
// one line naming why; collecting reads each location at most once, at most the document limit
// in all, and gives at most the URL limit, each once.
#include "fuzz_support.hpp"

#include <cachectl/live/sitemap.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>

using cachectl::fuzz::check;

namespace {

// True when `text` has no white space at either end.
bool
trimmed(std::string_view text)
{
  constexpr std::string_view space = " \t\r\n";
  return !text.empty() && space.find(text.front()) == std::string_view::npos &&
         space.find(text.back()) == std::string_view::npos;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size < 1) {
    return 0;
  }
  const cachectl::SitemapLimits limits{.max_depth = data[0] % 4U,
                                       .max_documents = 1 + (data[0] >> 2U) % 8U,
                                       .max_urls = 1 + (data[0] >> 5U) % 8U};
  const std::string_view xml = cachectl::fuzz::as_text(data + 1, size - 1);
  const auto document = cachectl::parse_sitemap(xml, limits.max_urls);
  if (document) {
    check(document->locations.size() <= limits.max_urls, "at most the location limit");
    for (const auto& loc : document->locations) {
      check(trimmed(loc), "a location is non-empty and trimmed", loc);
    }
  } else {
    check(document.error().starts_with("not XML: ") ||
              document.error().starts_with("root element is <"),
          "an error says why",
          document.error());
    check(document.error().find('\n') == std::string::npos, "an error is one line");
  }
  std::map<std::string, int> reads;
  const auto urls = cachectl::collect_sitemap(
      "root",
      [&](const std::string& where) -> std::expected<std::string, std::string> {
        ++reads[where];
        return std::string(xml);
      },
      limits);
  check(urls.has_value() == document.has_value(), "the root's verdict is the document's");
  std::size_t total = 0;
  for (const auto& [where, count] : reads) {
    check(count == 1, "a document is read once", where);
    total += static_cast<std::size_t>(count);
  }
  check(total <= limits.max_documents, "at most the document limit is read");
  if (urls) {
    check(urls->urls.size() <= limits.max_urls, "at most the URL limit");
    const std::set<std::string> distinct(urls->urls.begin(), urls->urls.end());
    check(distinct.size() == urls->urls.size(), "each URL once");
  }
  return 0;
}
