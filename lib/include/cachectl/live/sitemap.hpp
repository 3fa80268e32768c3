// sitemap.xml (sitemaps.org 0.9): a `urlset` of page URLs or a `sitemapindex` of further
// sitemaps, read with a real XML parser (pugixml) and followed with bounds on depth, files and
// URLs.
#pragma once

#include <cstddef>
#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// What one sitemap document holds.
struct SitemapDocument {
  bool index = false;                 ///< a `sitemapindex`: `locations` are sitemaps
  std::vector<std::string> locations; ///< the `<loc>` values, trimmed, in order
  std::size_t dropped = 0;            ///< `<loc>` values past the limit, left out
};

/// Parses `xml` (a `urlset` or a `sitemapindex`, namespace prefixes allowed); keeps at most
/// `max_locations` locations. An error says why it is not a sitemap ("not XML: …", "root
/// element is <html>, not <urlset> or <sitemapindex>").
std::expected<SitemapDocument, std::string> parse_sitemap(std::string_view xml,
                                                          std::size_t max_locations);

/// Bounds of following a sitemap index.
struct SitemapLimits {
  std::size_t max_depth = 3;       ///< index levels followed below the first document
  std::size_t max_documents = 100; ///< sitemap documents read in all
  std::size_t max_urls = 50000;    ///< page URLs collected in all
};

/// The page URLs of a sitemap and what could not be read.
struct SitemapUrls {
  std::vector<std::string> urls; ///< in document order, each once
  std::vector<std::string>
      problems; ///< "https://…/s2.xml: not XML: …", "limit of 100 documents reached"
};

/// Reads a sitemap document by its location (a URL or a file); the error says why not.
using SitemapFetch = std::function<std::expected<std::string, std::string>(const std::string&)>;

/// The page URLs of the sitemap at `root`, following index entries breadth-first within
/// `limits`; each document is read with `fetch` once. A document that cannot be read or parsed
/// is a problem, not the end; the error is returned only when `root` itself fails.
std::expected<SitemapUrls, std::string>
collect_sitemap(const std::string& root, const SitemapFetch& fetch, const SitemapLimits& limits);

} // namespace cachectl
