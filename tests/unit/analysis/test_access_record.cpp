// Access log records for `simulate`: the common, combined, JSON and Cloudflare formats.
#include <cachectl/analysis/access_record.hpp>
#include <cachectl/util/timestamp.hpp>

#include <doctest/doctest.h>

using namespace cachectl;

namespace {
// 2000-10-10T20:55:36Z in milliseconds.
constexpr std::int64_t k_apache_example_ms = 971211336000;
} // namespace

TEST_SUITE("access_record")
{
  TEST_CASE("common-log times are parsed by hand, with their offset")
  {
    CHECK(parse_common_log_time("10/Oct/2000:13:55:36 -0700") == k_apache_example_ms);
    CHECK(parse_common_log_time("10/Oct/2000:20:55:36 +0000") == k_apache_example_ms);
    CHECK(parse_common_log_time("11/Oct/2000:02:25:36 +0530") == k_apache_example_ms);
    CHECK(parse_common_log_time("29/Feb/2024:00:00:00 +0000") == 1709164800000);
    CHECK_FALSE(parse_common_log_time("10/Okt/2000:13:55:36 -0700"));
    CHECK_FALSE(parse_common_log_time("29/Feb/2023:00:00:00 +0000"));
    CHECK_FALSE(parse_common_log_time("00/Feb/2023:00:00:00 +0000"));
    CHECK_FALSE(parse_common_log_time("10/Oct/2000:25:55:36 -0700"));
    CHECK_FALSE(parse_common_log_time("10/Oct/2000:13:55:36"));
    CHECK_FALSE(parse_common_log_time(""));
  }

  TEST_CASE("common and combined lines")
  {
    AccessLogParser parser(LogFormat::common);
    const auto r = parser.parse(
        R"(127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif?x=1 HTTP/1.0" 200 2326)");
    REQUIRE(r.has_value());
    CHECK(r->time_ms == k_apache_example_ms);
    CHECK(r->client == "127.0.0.1");
    CHECK(r->method == "GET");
    CHECK(r->target == "/apache_pb.gif?x=1");
    CHECK(r->status == 200);
    CHECK(r->bytes == 2326);
    CHECK(r->host.empty());
    CHECK(r->headers == nullptr);

    const auto dash = parser.parse(
        R"(::1 - - [10/Oct/2000:13:55:36 -0700] "HEAD /a\"b HTTP/1.1" 304 - "-" "curl")");
    REQUIRE(dash.has_value());
    CHECK(dash->bytes == 0);
    CHECK(dash->status == 304);
    CHECK(dash->target == R"(/a\"b)");

    AccessLogParser combined(LogFormat::combined);
    CHECK(combined.parse(
        R"(1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "ua")"));
    const auto short_line =
        combined.parse(R"(1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5)");
    REQUIRE_FALSE(short_line.has_value());
    CHECK(short_line.error().find("referer") != std::string::npos);
  }

  TEST_CASE("unparsable text lines say what is missing")
  {
    AccessLogParser parser(LogFormat::common);
    const auto why = [&](std::string_view line) {
      const auto r = parser.parse(line);
      REQUIRE_FALSE(r.has_value());
      return r.error();
    };
    CHECK(why("garbage") == "no [time] field");
    CHECK(why(R"(1.2.3.4 - - [yesterday] "GET / HTTP/1.1" 200 5)")
              .starts_with("the time [yesterday]"));
    CHECK(why(R"(1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] GET / 200 5)") ==
          "no quoted request line after the time");
    CHECK(why(R"(1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "-" 400 5)") ==
          "the request line has no method and target");
    CHECK(why(R"(1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 700 5)")
              .starts_with("no status"));
    CHECK(why(R"(1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 five)")
              .starts_with("no byte count"));
    CHECK(AccessLogParser::skippable(""));
    CHECK(AccessLogParser::skippable("  # comment"));
    CHECK_FALSE(AccessLogParser::skippable("x"));
  }

  TEST_CASE("JSON lines by alias, with headers and the query joined")
  {
    AccessLogParser parser(LogFormat::automatic);
    const auto r = parser.parse(
        R"({"time":"2000-10-10T20:55:36.250Z","request_method":"GET","uri":"/a","args":"p=1",)"
        R"("status":"200","body_bytes_sent":12,"remote_addr":"10.0.0.1","host":"Ex.com",)"
        R"("cookie":"session=1"})");
    CHECK(parser.format() == LogFormat::json);
    REQUIRE(r.has_value());
    CHECK(r->time_ms == k_apache_example_ms + 250);
    CHECK(r->target == "/a?p=1");
    CHECK(r->method == "GET");
    CHECK(r->status == 200);
    CHECK(r->bytes == 12);
    CHECK(r->client == "10.0.0.1");
    CHECK(r->host == "Ex.com");
    REQUIRE(r->headers != nullptr);
    CHECK(r->headers->at(0) == std::pair<std::string, std::string>("Cookie", "session=1"));

    const auto request_line =
        parser.parse(R"({"ts":971211336,"request":"POST /form HTTP/1.1","status":201})");
    REQUIRE(request_line.has_value());
    CHECK(request_line->time_ms == k_apache_example_ms);
    CHECK(request_line->method == "POST");
    CHECK(request_line->target == "/form");
    CHECK(request_line->headers == nullptr);

    const auto local =
        parser.parse(R"({"time_local":"10/Oct/2000:13:55:36 -0700","url":"/x","status":404})");
    REQUIRE(local.has_value());
    CHECK(local->time_ms == k_apache_example_ms);

    CHECK(parser.parse("[1,2]").error() == "not a JSON object");
    CHECK(parser.parse(R"({"uri":"/x","status":200})").error().starts_with("no time"));
    CHECK(parser.parse(R"({"time":1,"status":200})").error().starts_with("no request target"));
    CHECK(parser.parse(R"({"time":1,"uri":"/x"})").error().starts_with("no status"));
    CHECK(
        parser.parse(R"({"time":"soon","uri":"/x","status":200})").error().starts_with("the time"));
    // Times before 1970 or after 9999 are refused, not wrapped (found by fuzzing).
    CHECK(parser.parse(R"({"time":1e30,"uri":"/x","status":200})").error().starts_with("the time"));
    CHECK(parser.parse(R"({"time":-5,"uri":"/x","status":200})").error().starts_with("the time"));
    CHECK(parser.parse(R"({"time":"99999999999999999999","uri":"/x","status":200})")
              .error()
              .starts_with("the time"));
    const auto last = parser.parse(R"({"time":99999999999,"uri":"/x","status":200})");
    REQUIRE(last.has_value());
    CHECK(last->time_ms == 99999999999000); // seconds below 1e11, year 5138
  }

  TEST_CASE("Cloudflare Logpush records: nanoseconds and only Cloudflare's field names")
  {
    AccessLogParser parser(LogFormat::cloudflare);
    const auto r = parser.parse(
        R"({"EdgeStartTimestamp":971211336123456789,"ClientRequestMethod":"GET",)"
        R"("ClientRequestURI":"/p?q=1","ClientRequestHost":"example.com","EdgeResponseStatus":200,)"
        R"("EdgeResponseBytes":99,"ClientIP":"203.0.113.9","Cookies":{"a":"1","b":"2"}})");
    REQUIRE(r.has_value());
    CHECK(r->time_ms == k_apache_example_ms + 123);
    CHECK(r->target == "/p?q=1");
    CHECK(r->host == "example.com");
    CHECK(r->client == "203.0.113.9");
    CHECK(r->bytes == 99);
    REQUIRE(r->headers != nullptr);
    CHECK(r->headers->at(0).second == "a=1; b=2");
    CHECK(parser.parse(R"({"time":1,"uri":"/x","status":200})").error() == "no EdgeStartTimestamp");
    CHECK(parse_log_format("cloudflare") == LogFormat::cloudflare);
    CHECK_FALSE(parse_log_format("w3c"));
  }
}
