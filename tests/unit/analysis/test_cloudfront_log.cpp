// CloudFront standard logs for `simulate`: columns by the #Fields: line, `-` as empty, the query
// joined, UTC date and time, auto-detection by the header lines or the record shape.
#include <cachectl/analysis/access_record.hpp>
#include <cachectl/analysis/simulate.hpp>
#include <cachectl/config/config.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace cachectl;

namespace {

// The documented default fields, in order.
constexpr const char* k_fields =
    "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
    "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id "
    "x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher "
    "x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port "
    "time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
    "sc-range-start sc-range-end";

// A record in the default order (the example of the CloudFront Developer Guide, shortened).
constexpr const char* k_record =
    "2019-12-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t"
    "/index.html\t200\t-\tMozilla/5.0\tpage=2&x=1\tsession=abc\tHit\tSOX4xwn4\t"
    "www.example.com\thttps\t23\t0.001\t-\tTLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\tHit\t"
    "HTTP/2.0\t-\t-\t11040\t0.001\tHit\ttext/html\t78\t-\t-";

// 2019-12-04T21:02:31Z in milliseconds.
constexpr std::int64_t k_record_ms = 1575493351000;

} // namespace

TEST_SUITE("cloudfront_log")
{
  TEST_CASE("a record in the default order, after #Version and #Fields")
  {
    AccessLogParser parser(LogFormat::cloudfront);
    REQUIRE(parser.header("#Version: 1.0").has_value());
    REQUIRE(parser.header(k_fields).has_value());
    const auto r = parser.parse(k_record);
    REQUIRE(r.has_value());
    CHECK(r->time_ms == k_record_ms);
    CHECK(r->method == "GET");
    CHECK(r->target == "/index.html?page=2&x=1");
    CHECK(r->host == "www.example.com"); // x-host-header wins over cs(Host)
    CHECK(r->client == "192.0.2.100");
    CHECK(r->status == 200);
    CHECK(r->bytes == 392);
    REQUIRE(r->headers != nullptr);
    REQUIRE(r->headers->size() == 1);
    CHECK(r->headers->front().first == "Cookie");
    CHECK(r->headers->front().second == "session=abc");
  }

  TEST_CASE("without a #Fields line the default order is used")
  {
    AccessLogParser parser(LogFormat::cloudfront);
    const auto r = parser.parse(k_record);
    REQUIRE(r.has_value());
    CHECK(r->target == "/index.html?page=2&x=1");
    CHECK(r->time_ms == k_record_ms);
  }

  TEST_CASE("reordered and extra columns, `-` as empty, cs(Host) without x-host-header")
  {
    AccessLogParser parser(LogFormat::cloudfront);
    REQUIRE(parser
                .header("#Fields: sc-status custom-thing cs-uri-query time date cs-uri-stem "
                        "cs(Host) sc-bytes c-ip")
                .has_value());
    const auto r =
        parser.parse("304\tx\t-\t21:02:31\t2019-12-04\t/a/b.css\td1.cloudfront.net\t-\t-");
    REQUIRE(r.has_value());
    CHECK(r->status == 304);
    CHECK(r->target == "/a/b.css"); // no `?` for an empty query
    CHECK(r->time_ms == k_record_ms);
    CHECK(r->host == "d1.cloudfront.net");
    CHECK(r->bytes == 0);
    CHECK(r->client.empty());
    CHECK(r->method.empty());
    CHECK(r->headers == nullptr);
    // A later #Fields line replaces the columns.
    REQUIRE(parser.header("#Fields: date time cs-uri-stem sc-status").has_value());
    const auto s = parser.parse("2019-12-04\t21:02:32\t/c\t200");
    REQUIRE(s.has_value());
    CHECK(s->target == "/c");
    CHECK(s->time_ms == k_record_ms + 1000);
  }

  TEST_CASE("unusable #Fields lines are refused and keep the columns")
  {
    CHECK(cloudfront_columns("#Fields: date time cs-uri-stem").error() ==
          "#Fields: has no sc-status field");
    CHECK(cloudfront_columns("#Fields: date time cs-uri-stem sc-status date").error() ==
          "#Fields: names date twice");
    CHECK(cloudfront_columns("#Version: 1.0").error() == "not a #Fields: line");
    AccessLogParser parser(LogFormat::cloudfront);
    CHECK_FALSE(parser.header("#Fields: date time").has_value());
    CHECK(parser.parse(k_record).has_value()); // still the default order
    // Other comments are ignored; other formats ignore #Fields lines.
    CHECK(parser.header("# just a comment").has_value());
    AccessLogParser common(LogFormat::common);
    CHECK(common.header("#Fields: date").has_value());
    CHECK(common.format() == LogFormat::common);
  }

  TEST_CASE("unparsable records say what is wrong")
  {
    AccessLogParser parser(LogFormat::cloudfront);
    REQUIRE(parser.header("#Fields: date time cs-uri-stem sc-status sc-bytes").has_value());
    CHECK(parser.parse("2019-12-04\t21:02:31\t/a").error() ==
          "3 tab-separated fields, the #Fields: line names at least 4");
    CHECK(parser.parse("2019-12-04 21:02:31 /a 200 5").error() ==
          "1 tab-separated field, the #Fields: line names at least 4");
    CHECK(parser.parse("2019-02-30\t21:02:31\t/a\t200\t5").error() ==
          "the date and time `2019-02-30 21:02:31` are not yyyy-mm-dd hh:mm:ss");
    CHECK(parser.parse("2019-12-04\t21:02\t/a\t200\t5").has_value() == false);
    CHECK(parser.parse("2019-12-04\t21:02:31\t/a\t000\t5").error() ==
          "sc-status 000: the viewer closed the connection before the response");
    CHECK(parser.parse("2019-12-04\t21:02:31\t/a\t2000\t5").error() ==
          "sc-status `2000` is not 100-599");
    CHECK(parser.parse("2019-12-04\t21:02:31\t-\t200\t5").error() == "no cs-uri-stem");
    CHECK(parser.parse("2019-12-04\t21:02:31\t/a\t200\tlots").error() ==
          "sc-bytes `lots` is not a whole number");
    CHECK(parser.parse("2019-12-04\t21:02:31\t/a\t200\t5\r").has_value());
  }

  TEST_CASE("auto-detection: by #Version/#Fields, or by a yyyy-mm-dd<TAB> record")
  {
    AccessLogParser by_version(LogFormat::automatic);
    REQUIRE(by_version.header("#Version: 1.0").has_value());
    CHECK(by_version.format() == LogFormat::cloudfront);
    AccessLogParser by_fields(LogFormat::automatic);
    REQUIRE(by_fields.header("#Fields: date time cs-uri-stem sc-status").has_value());
    CHECK(by_fields.format() == LogFormat::cloudfront);
    AccessLogParser by_record(LogFormat::automatic);
    CHECK(by_record.parse(k_record).has_value());
    CHECK(by_record.format() == LogFormat::cloudfront);
    AccessLogParser common(LogFormat::automatic);
    CHECK(common.header("# a comment").has_value());
    CHECK(common.format() == LogFormat::automatic);
    CHECK(common.parse(R"(1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1)")
              .has_value());
    CHECK(common.format() == LogFormat::common);
    // Decided: a #Fields line no longer switches.
    CHECK(common.header("#Fields: date time cs-uri-stem sc-status").has_value());
    CHECK(common.format() == LogFormat::common);
    CHECK(parse_log_format("cloudfront") == LogFormat::cloudfront);
    CHECK(parse_log_format("fastly") == LogFormat::common);
  }

  TEST_CASE("the simulator reads the #Fields line of the log")
  {
    const auto config =
        parse_config("version = 1\n[routes.\"/[...path]\"]\nmax_age = 60\n", "t.toml");
    REQUIRE(config.has_value());
    Simulator sim(*config, SimulationSettings{});
    REQUIRE(sim.feed("#Version: 1.0", 1).has_value());
    REQUIRE(sim.feed("#Fields: sc-status cs-uri-stem date time", 2).has_value());
    REQUIRE(sim.feed("200\t/a\t2019-12-04\t21:02:31", 3).has_value());
    REQUIRE(sim.feed("200\t/a\t2019-12-04\t21:02:40", 4).has_value());
    REQUIRE(sim.feed("#Fields: date", 5).has_value());
    const SimulationReport report = sim.report();
    CHECK(report.total.requests == 2);
    CHECK(report.total.hits == 1);
    CHECK(report.unparsable == 1);
    REQUIRE(report.unparsable_lines.size() == 1);
    CHECK(report.unparsable_lines[0].line == 5);
    CHECK(report.unparsable_lines[0].message == "#Fields: has no time field");
  }
}
