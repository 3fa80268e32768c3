#include <cachectl/live/sitemap.hpp>

#include <fmt/format.h>

#include <deque>
#include <pugixml.hpp>
#include <unordered_set>
#include <utility>

namespace cachectl {

namespace {

// The element's name without a namespace prefix.
std::string_view
local_name(const pugi::xml_node& node)
{
  const std::string_view name = node.name();
  const std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Strips XML whitespace from both sides.
std::string_view
trim(std::string_view text)
{
  const std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) {
    return {};
  }
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

// Longest root or document name echoed in a message.
constexpr std::size_t k_max_echo = 100;

} // namespace

std::expected<SitemapDocument, std::string>
parse_sitemap(std::string_view xml, std::size_t max_locations)
{
  pugi::xml_document document;
  // No DOCTYPE processing (pugixml expands no external entities) and no PI/comments kept.
  const pugi::xml_parse_result parsed =
      document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return std::unexpected(
        fmt::format("not XML: {} at byte {}", parsed.description(), parsed.offset));
  }
  const pugi::xml_node root = document.document_element();
  const std::string_view kind = local_name(root);
  if (kind != "urlset" && kind != "sitemapindex") {
    return std::unexpected(fmt::format("root element is <{}>, not <urlset> or <sitemapindex>",
                                       std::string(kind.substr(0, k_max_echo))));
  }
  SitemapDocument result;
  result.index = kind == "sitemapindex";
  const std::string_view entry = result.index ? "sitemap" : "url";
  for (const pugi::xml_node& child : root.children()) {
    if (child.type() != pugi::node_element || local_name(child) != entry) {
      continue;
    }
    for (const pugi::xml_node& field : child.children()) {
      if (field.type() != pugi::node_element || local_name(field) != "loc") {
        continue;
      }
      const std::string_view loc = trim(field.child_value());
      if (loc.empty()) {
        continue;
      }
      if (result.locations.size() < max_locations) {
        result.locations.emplace_back(loc);
      } else {
        ++result.dropped;
      }
      break; // one <loc> per entry
    }
  }
  return result;
}

std::expected<SitemapUrls, std::string>
collect_sitemap(const std::string& root, const SitemapFetch& fetch, const SitemapLimits& limits)
{
  SitemapUrls out;
  std::unordered_set<std::string> seen_urls;
  std::unordered_set<std::string> seen_documents{root};
  std::deque<std::pair<std::string, std::size_t>> queue{{root, 0}};
  std::size_t documents = 0;
  while (!queue.empty()) {
    auto [location, depth] = std::move(queue.front());
    queue.pop_front();
    if (documents == limits.max_documents) {
      out.problems.push_back(fmt::format("limit of {} sitemap documents reached; {} not read",
                                         limits.max_documents,
                                         queue.size() + 1));
      break;
    }
    ++documents;
    const auto text = fetch(location);
    auto document =
        text ? parse_sitemap(*text, limits.max_urls)
             : std::expected<SitemapDocument, std::string>(std::unexpected(text.error()));
    if (!document) {
      if (location == root && depth == 0) {
        return std::unexpected(document.error());
      }
      out.problems.push_back(
          fmt::format("{}: {}", location.substr(0, 2 * k_max_echo), document.error()));
      continue;
    }
    if (document->index) {
      if (depth == limits.max_depth) {
        out.problems.push_back(
            fmt::format("{}: an index nested deeper than {} levels; not followed",
                        location.substr(0, 2 * k_max_echo),
                        limits.max_depth));
        continue;
      }
      for (std::string& child : document->locations) {
        if (seen_documents.insert(child).second) {
          queue.emplace_back(std::move(child), depth + 1);
        }
      }
      continue;
    }
    std::size_t dropped = document->dropped;
    for (std::string& url : document->locations) {
      if (out.urls.size() == limits.max_urls) {
        ++dropped;
      } else if (seen_urls.insert(url).second) {
        out.urls.push_back(std::move(url));
      }
    }
    if (dropped > 0) {
      out.problems.push_back(fmt::format("{}: limit of {} URLs reached; {} left out",
                                         location.substr(0, 2 * k_max_echo),
                                         limits.max_urls,
                                         dropped));
    }
  }
  return out;
}

} // namespace cachectl
