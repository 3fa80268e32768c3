#include <cachectl/live/sitemap.hpp>

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

using namespace cachectl;

TEST_SUITE_BEGIN("sitemap");

namespace {

constexpr const char* k_urlset = R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://www.example.com/</loc><lastmod>2024-01-01</lastmod></url>
  <url><loc>
      https://www.example.com/blog/a
  </loc></url>
  <url><lastmod>2024-01-01</lastmod></url>
  <url><loc></loc></url>
  <url><loc>https://www.example.com/a?x=1&amp;y=2</loc><loc>https://ignored.example/</loc></url>
</urlset>)";

// A fetch over an in-memory set of documents; counts the reads.
struct Documents {
  std::map<std::string, std::string> files;
  std::map<std::string, int> reads;

  SitemapFetch
  fetch()
  {
    return [this](const std::string& where) -> std::expected<std::string, std::string> {
      ++reads[where];
      const auto it = files.find(where);
      if (it == files.end()) {
        return std::unexpected(std::string("HTTP 404"));
      }
      return it->second;
    };
  }
};

// A sitemap index of `children`.
std::string
index_of(const std::vector<std::string>& children)
{
  std::string xml = "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
  for (const auto& child : children) {
    xml += "<sitemap><loc>" + child + "</loc></sitemap>";
  }
  return xml + "</sitemapindex>";
}

// A urlset of `urls`.
std::string
urlset_of(const std::vector<std::string>& urls)
{
  std::string xml = "<urlset>";
  for (const auto& url : urls) {
    xml += "<url><loc>" + url + "</loc></url>";
  }
  return xml + "</urlset>";
}

} // namespace

TEST_CASE("a urlset: trimmed locations in order, entities decoded, one <loc> per entry")
{
  const auto document = parse_sitemap(k_urlset, 100);
  REQUIRE(document.has_value());
  CHECK_FALSE(document->index);
  CHECK(document->locations == std::vector<std::string>{"https://www.example.com/",
                                                        "https://www.example.com/blog/a",
                                                        "https://www.example.com/a?x=1&y=2"});
  CHECK(document->dropped == 0);
}

TEST_CASE("namespace prefixes are allowed; other elements are ignored")
{
  const auto document = parse_sitemap(
      R"(<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
           <sm:url><sm:loc>https://a.example/x</sm:loc></sm:url>
           <image:image xmlns:image="x"><image:loc>https://a.example/i.png</image:loc></image:image>
         </sm:urlset>)",
      100);
  REQUIRE(document.has_value());
  CHECK(document->locations == std::vector<std::string>{"https://a.example/x"});
}

TEST_CASE("a sitemap index lists sitemaps")
{
  const auto document = parse_sitemap(index_of({"https://a.example/s1.xml"}), 100);
  REQUIRE(document.has_value());
  CHECK(document->index);
  CHECK(document->locations == std::vector<std::string>{"https://a.example/s1.xml"});
}

TEST_CASE("the location limit: the rest are counted as dropped")
{
  const auto document = parse_sitemap(k_urlset, 2);
  REQUIRE(document.has_value());
  CHECK(document->locations.size() == 2);
  CHECK(document->dropped == 1);
  const auto none = parse_sitemap(k_urlset, 0);
  REQUIRE(none.has_value());
  CHECK(none->locations.empty());
  CHECK(none->dropped == 3);
}

TEST_CASE("not a sitemap: malformed XML, another root, empty input")
{
  auto document = parse_sitemap("<urlset><url><loc>x</url></urlset>", 10);
  REQUIRE_FALSE(document.has_value());
  CHECK(document.error().starts_with("not XML: "));
  CHECK(document.error().find("at byte") != std::string::npos);
  document = parse_sitemap("<html><body>Not found</body></html>", 10);
  REQUIRE_FALSE(document.has_value());
  CHECK(document.error() == "root element is <html>, not <urlset> or <sitemapindex>");
  document = parse_sitemap("", 10);
  REQUIRE_FALSE(document.has_value());
  document = parse_sitemap(std::string("<urlset>\0</urlset>", 18), 10);
  CHECK_FALSE(document.has_value());
  // A root name is echoed at most 100 bytes long.
  const std::string name(5000, 'a');
  document = parse_sitemap("<" + name + "/>", 10);
  REQUIRE_FALSE(document.has_value());
  CHECK(document.error().size() < 200);
}

TEST_CASE("no external entity is expanded")
{
  const auto document = parse_sitemap(R"(<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>https://a.example/&xxe;</loc></url></urlset>)",
                                      10);
  if (document.has_value()) {
    for (const auto& loc : document->locations) {
      CHECK(loc.find("root:") == std::string::npos);
    }
  }
}

TEST_CASE("collect: an index is followed breadth-first, each document read once, URLs once")
{
  Documents docs;
  docs.files["root"] = index_of({"s1", "s2", "s1", "root"});
  docs.files["s1"] = urlset_of({"https://a.example/1", "https://a.example/2"});
  docs.files["s2"] = urlset_of({"https://a.example/2", "https://a.example/3"});
  const auto urls = collect_sitemap("root", docs.fetch(), {});
  REQUIRE(urls.has_value());
  CHECK(urls->urls == std::vector<std::string>{
                          "https://a.example/1", "https://a.example/2", "https://a.example/3"});
  CHECK(urls->problems.empty());
  CHECK(docs.reads == std::map<std::string, int>{{"root", 1}, {"s1", 1}, {"s2", 1}});
}

TEST_CASE("collect: a child that cannot be read or parsed is a problem, not the end")
{
  Documents docs;
  docs.files["root"] = index_of({"missing", "broken", "ok"});
  docs.files["broken"] = "<urlset><url>";
  docs.files["ok"] = urlset_of({"https://a.example/ok"});
  const auto urls = collect_sitemap("root", docs.fetch(), {});
  REQUIRE(urls.has_value());
  CHECK(urls->urls == std::vector<std::string>{"https://a.example/ok"});
  REQUIRE(urls->problems.size() == 2);
  CHECK(urls->problems[0] == "missing: HTTP 404");
  CHECK(urls->problems[1].starts_with("broken: not XML: "));
}

TEST_CASE("collect: the root failing is the error")
{
  Documents docs;
  auto urls = collect_sitemap("root", docs.fetch(), {});
  REQUIRE_FALSE(urls.has_value());
  CHECK(urls.error() == "HTTP 404");
  docs.files["root"] = "<html/>";
  urls = collect_sitemap("root", docs.fetch(), {});
  REQUIRE_FALSE(urls.has_value());
  CHECK(urls.error().starts_with("root element is <html>"));
}

TEST_CASE("collect: depth bound")
{
  Documents docs;
  docs.files["root"] = index_of({"i1"});
  docs.files["i1"] = index_of({"i2"});
  docs.files["i2"] = urlset_of({"https://a.example/deep"});
  auto urls = collect_sitemap("root", docs.fetch(), {.max_depth = 1});
  REQUIRE(urls.has_value());
  CHECK(urls->urls.empty());
  REQUIRE(urls->problems.size() == 1);
  CHECK(urls->problems[0] == "i1: an index nested deeper than 1 levels; not followed");
  urls = collect_sitemap("root", docs.fetch(), {.max_depth = 2});
  REQUIRE(urls.has_value());
  CHECK(urls->urls == std::vector<std::string>{"https://a.example/deep"});
}

TEST_CASE("collect: document bound")
{
  Documents docs;
  std::vector<std::string> children;
  for (int i = 0; i < 10; ++i) {
    children.push_back("s" + std::to_string(i));
    docs.files[children.back()] = urlset_of({"https://a.example/" + std::to_string(i)});
  }
  docs.files["root"] = index_of(children);
  const auto urls = collect_sitemap("root", docs.fetch(), {.max_documents = 4});
  REQUIRE(urls.has_value());
  CHECK(urls->urls.size() == 3); // the root is one of the four documents
  REQUIRE(urls->problems.size() == 1);
  CHECK(urls->problems[0] == "limit of 4 sitemap documents reached; 7 not read");
  CHECK(docs.reads.size() == 4);
}

TEST_CASE("collect: URL bound across documents")
{
  Documents docs;
  docs.files["root"] = index_of({"s1", "s2"});
  docs.files["s1"] = urlset_of({"https://a.example/1", "https://a.example/2"});
  docs.files["s2"] = urlset_of({"https://a.example/3", "https://a.example/4"});
  const auto urls = collect_sitemap("root", docs.fetch(), {.max_urls = 3});
  REQUIRE(urls.has_value());
  CHECK(urls->urls.size() == 3);
  REQUIRE(urls->problems.size() == 1);
  CHECK(urls->problems[0] == "s2: limit of 3 URLs reached; 1 left out");
}

TEST_SUITE_END();
