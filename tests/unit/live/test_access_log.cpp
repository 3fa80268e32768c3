#include <cachectl/live/access_log.hpp>

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

using namespace cachectl;

TEST_SUITE_BEGIN("access_log");

TEST_CASE("combined format: method, path without query, status")
{
  const auto request = parse_log_line(
      R"x(203.0.113.9 - frank [10/Oct/2000:13:55:36 -0700] "GET /blog/a?utm=x#f HTTP/1.1" 200 2326 "https://ref.example/" "Mozilla/5.0 (X11)")x");
  REQUIRE(request.has_value());
  CHECK(request->method == "GET");
  CHECK(request->path == "/blog/a");
  CHECK(request->status == 200);
}

TEST_CASE("common format, and an absolute-form target reduced to its path")
{
  auto request =
      parse_log_line(R"(127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "HEAD / HTTP/1.0" 304 -)");
  REQUIRE(request.has_value());
  CHECK(request->method == "HEAD");
  CHECK(request->path == "/");
  CHECK(request->status == 304);
  request =
      parse_log_line(R"(1.2.3.4 - - [x] "GET https://www.example.com/docs/x?y HTTP/1.1" 200 1)");
  REQUIRE(request.has_value());
  CHECK(request->path == "/docs/x");
  request = parse_log_line(R"(1.2.3.4 - - [x] "GET http://www.example.com HTTP/1.1" 200 1)");
  REQUIRE(request.has_value());
  CHECK(request->path == "/");
}

TEST_CASE("malformed lines hold no request")
{
  for (const char* line : {"",
                           "   ",
                           "# a comment",
                           "just words",
                           R"(1.2.3.4 - - [x] "GET)",
                           R"(1.2.3.4 - - [x] "GET" 200 1)",
                           R"(1.2.3.4 - - [x] "" 200 1)",
                           R"(1.2.3.4 - - [x] "CONNECT example.com:443 HTTP/1.1" 200 1)",
                           R"(1.2.3.4 - - [x] "GET ftp://h/x HTTP/1.1" 200 1)",
                           R"(1.2.3.4 - - [x] "GET //evil.example/x HTTP/1.1" 200 1)",
                           R"(1.2.3.4 - - [x] "GET *" 200 1)",
                           "{not json",
                           "{\"status\": 200}",
                           "{\"path\": 7}",
                           "[\"/x\"]"}) {
    CAPTURE(line);
    CHECK_FALSE(parse_log_line(line).has_value());
  }
}

TEST_CASE("a status that is not three digits in 100..599 is unknown (0)")
{
  for (const char* status : {"-", "20", "2000", "099", "600", "abc"}) {
    CAPTURE(status);
    const auto request =
        parse_log_line(std::string(R"(h - - [x] "GET /x HTTP/1.1" )") + status + " 1");
    REQUIRE(request.has_value());
    CHECK(request->status == 0);
  }
}

TEST_CASE("JSON Lines: request line, or path keys with method and status")
{
  auto request = parse_log_line(R"({"request": "GET /a?b HTTP/2.0", "status": 200})");
  REQUIRE(request.has_value());
  CHECK(request->method == "GET");
  CHECK(request->path == "/a");
  CHECK(request->status == 200);
  request = parse_log_line(R"(  {"uri": "/b", "method": "POST", "status": "503"})");
  REQUIRE(request.has_value());
  CHECK(request->path == "/b");
  CHECK(request->method == "POST");
  CHECK(request->status == 503);
  request = parse_log_line(R"({"request_uri": "/c?x", "status": 9000})");
  REQUIRE(request.has_value());
  CHECK(request->path == "/c");
  CHECK(request->method.empty());
  CHECK(request->status == 0);
  request = parse_log_line(R"({"url": "https://h.example/d", "status": 200.5})");
  REQUIRE(request.has_value());
  CHECK(request->path == "/d");
  CHECK(request->status == 0);
  // `path` is preferred over the later keys.
  request = parse_log_line(R"({"path": "/p", "url": "/u"})");
  REQUIRE(request.has_value());
  CHECK(request->path == "/p");
}

TEST_CASE("warmable: GET or unknown method, answered 2xx, 3xx or unknown")
{
  CHECK(warmable({"GET", "/", 200}));
  CHECK(warmable({"", "/", 0}));
  CHECK(warmable({"GET", "/", 301}));
  CHECK_FALSE(warmable({"POST", "/", 200}));
  CHECK_FALSE(warmable({"HEAD", "/", 200}));
  CHECK_FALSE(warmable({"GET", "/", 404}));
  CHECK_FALSE(warmable({"GET", "/", 500}));
  CHECK_FALSE(warmable({"GET", "/", 199}));
}

TEST_CASE("TopCounter: exact when the keys fit, most first, ties by key")
{
  TopCounter counter(10);
  for (const char* key : {"/b", "/a", "/b", "/c", "/b", "/a"}) {
    counter.add(key);
  }
  CHECK(counter.total() == 6);
  using Top = std::vector<std::pair<std::string, std::uint64_t>>;
  CHECK(counter.top(10) == Top{{"/b", 3}, {"/a", 2}, {"/c", 1}});
  CHECK(counter.top(1) == Top{{"/b", 3}});
  CHECK(counter.top(0).empty());
}

TEST_CASE("TopCounter: bounded memory, heavy keys always kept, counts over-estimate")
{
  TopCounter counter(8);
  std::mt19937 random(42);
  std::map<std::string, std::uint64_t> truth;
  for (int i = 0; i < 20000; ++i) {
    // Three heavy paths (about 20%, 10%, 5%), the rest spread over 5000 distinct paths.
    const auto roll = random() % 100;
    const std::string key = roll < 20   ? "/heavy1"
                            : roll < 30 ? "/heavy2"
                            : roll < 35 ? "/heavy3"
                                        : "/p" + std::to_string(random() % 5000);
    counter.add(key);
    ++truth[key];
  }
  const auto top = counter.top(100);
  CHECK(top.size() == 8); // never more than the capacity
  REQUIRE(top.size() >= 3);
  CHECK(top[0].first == "/heavy1");
  CHECK(top[1].first == "/heavy2");
  CHECK(top[2].first == "/heavy3");
  for (const auto& [key, count] : top) {
    CAPTURE(key);
    CHECK(count >= truth[key]); // Space-Saving never under-counts a kept key
  }
}

TEST_CASE("TopCounter: a capacity of 0 keeps one key")
{
  TopCounter counter(0);
  counter.add("/a");
  counter.add("/b");
  const auto top = counter.top(5);
  REQUIRE(top.size() == 1);
  CHECK(top[0] == std::pair<std::string, std::uint64_t>{"/b", 2});
}

TEST_SUITE_END();
