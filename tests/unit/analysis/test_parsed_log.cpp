// read_parsed_log: the log read and parsed on a second thread hands over, line for line, what
// parsing on one thread gives (JSON fields the parser builds and request headers included),
// across batches, with over-long lines, an early stop and a read error; and a simulation fed
// from it reports what one fed the text reports.
#include <cachectl/analysis/parsed_log.hpp>
#include <cachectl/analysis/simulate.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace cachectl;

namespace {

// A source that hands out `text` in reads of at most `chunk` bytes, then fails with `error`
// (0: the end).
LineReader::ReadFn
text_then(std::string text, std::size_t chunk, int error = 0)
{
  auto at = std::make_shared<std::size_t>(0);
  return [text = std::move(text), chunk, error, at](char* buffer, std::size_t size) -> ssize_t {
    if (*at < text.size()) {
      const std::size_t n = std::min({chunk, size, text.size() - *at});
      std::memcpy(buffer, text.data() + *at, n);
      *at += n;
      return static_cast<ssize_t>(n);
    }
    if (error != 0) {
      errno = error;
      return -1;
    }
    return 0;
  };
}

// Everything a parsed line says, as text (so that lines from different storage compare).
std::string
describe(const ParsedLine& line)
{
  std::string out = fmt::format("{} <{}> ", line.number, line.text);
  switch (line.kind) {
  case ParsedLine::Kind::skipped:
    return out + "skipped";
  case ParsedLine::Kind::unparsable:
    return out + "unparsable: " + line.error;
  case ParsedLine::Kind::record:
    break;
  }
  const AccessRecord& r = line.record;
  out += fmt::format("{} [{}] [{}] [{}] [{}] {} {}",
                     r.time_ms,
                     r.method,
                     r.target,
                     r.host,
                     r.client,
                     r.status,
                     r.bytes);
  if (r.headers != nullptr) {
    for (const auto& [name, value] : *r.headers) {
      out += fmt::format(" {}={}", name, value);
    }
  }
  return out;
}

// The lines of `text` parsed on this thread, one after the other.
std::vector<std::string>
parsed_in_order(const std::string& text, LogFormat format)
{
  LineReader reader("log", text_then(text, 1 << 16), 1 << 22);
  AccessLogParser parser(format);
  std::vector<std::string> out;
  ParsedLine parsed;
  while (const auto line = reader.next()) {
    parse_log_line(parser, line->text, line->number, parsed);
    out.push_back(describe(parsed));
  }
  return out;
}

// The lines of `text` as read_parsed_log hands them over, described when they arrive.
std::vector<std::string>
parsed_pipelined(const std::string& text, LogFormat format, std::size_t chunk = 1 << 16)
{
  LineReader reader("log", text_then(text, chunk), 1 << 22);
  std::vector<std::string> out;
  const ParsedLogEnd end = read_parsed_log(reader, format, [&](std::span<const ParsedLine> lines) {
    for (const ParsedLine& line : lines) {
      out.push_back(describe(line));
    }
    return true;
  });
  CHECK(end.error.empty());
  CHECK_FALSE(end.stopped);
  return out;
}

// A common-log line `i` seconds after 2024-05-01T10:00:00Z.
std::string
common_line(int i, std::string_view target)
{
  return fmt::format(R"(10.0.0.{} - - [01/May/2024:10:{:02}:{:02} +0000] "GET {} HTTP/1.1" 200 {})",
                     i % 7,
                     i / 60 % 60,
                     i % 60,
                     target,
                     i);
}

} // namespace

TEST_SUITE_BEGIN("parsed_log");

TEST_CASE("read_parsed_log: common lines over many batches, with blanks, comments and junk")
{
  std::string text;
  for (int i = 0; i < 3 * static_cast<int>(parsed_log_batch_lines) + 17; ++i) {
    if (i % 1000 == 3) {
      text += "\n# a comment\n";
    } else if (i % 997 == 5) {
      text += "not a log line\n";
    }
    text += common_line(i % 3600, fmt::format("/p/{}?q={}", i % 50, i)) + "\n";
  }
  const auto expected = parsed_in_order(text, LogFormat::automatic);
  REQUIRE(expected.size() > 3 * parsed_log_batch_lines);
  CHECK(parsed_pipelined(text, LogFormat::automatic) == expected);
  CHECK(parsed_pipelined(text, LogFormat::common, 7) == expected); // reads of 7 bytes
}

TEST_CASE("read_parsed_log: JSON fields the parser builds and request headers stay with the line")
{
  // Escapes make the parser decode the target into its own storage, reused for the next line;
  // a batch holds thousands of lines before they are replayed.
  std::string text;
  for (int i = 0; i < 5000; ++i) {
    text += fmt::format(
        R"({{"time":{},"uri":"\/a\/{}","query":"x={}","method":"G\u0045T","host":"h{}.example","cookie":"s={}","status":200,"bytes":{}}})",
        1714557600 + i,
        i,
        i,
        i % 3,
        i,
        i);
    text += '\n';
  }
  const auto expected = parsed_in_order(text, LogFormat::json);
  CHECK(expected[4999].find("[/a/4999?x=4999]") != std::string::npos);
  CHECK(parsed_pipelined(text, LogFormat::json) == expected);
}

TEST_CASE("read_parsed_log: CloudFront columns from #Fields, stem and query joined")
{
  std::string text = "#Version: 1.0\n#Fields: date time c-ip cs-method cs(Host) cs-uri-stem "
                     "sc-status sc-bytes cs-uri-query\n";
  for (int i = 0; i < 5000; ++i) {
    text += fmt::format(
        "2024-05-01\t10:{:02}:{:02}\t10.0.0.1\tGET\td.cloudfront.net\t/s/{}\t200\t{}\tv={}\n",
        i / 60 % 60,
        i % 60,
        i,
        i,
        i);
  }
  const auto expected = parsed_in_order(text, LogFormat::automatic);
  CHECK(expected[4000].find("[/s/3998?v=3998]") != std::string::npos);
  CHECK(parsed_pipelined(text, LogFormat::automatic) == expected);
}

TEST_CASE("read_parsed_log: lines longer than a batch's text")
{
  const std::string long_target = "/long/" + std::string(3 << 20, 'x');
  const std::string text = common_line(1, "/a") + "\n" + common_line(2, long_target) + "\n" +
                           common_line(3, "/b") + "\n";
  const auto expected = parsed_in_order(text, LogFormat::common);
  REQUIRE(expected.size() == 3);
  CHECK(parsed_pipelined(text, LogFormat::common) == expected);
}

TEST_CASE("read_parsed_log: consume returning false stops the read; a read error is reported")
{
  std::string text;
  for (int i = 0; i < 20 * static_cast<int>(parsed_log_batch_lines); ++i) {
    text += common_line(i % 3600, "/a") + "\n";
  }
  LineReader reader("log", text_then(text, 1 << 16), 1 << 16);
  std::size_t batches = 0;
  std::size_t last = 0;
  const ParsedLogEnd end =
      read_parsed_log(reader, LogFormat::common, [&](std::span<const ParsedLine> lines) {
        ++batches;
        last = lines.back().number;
        return false;
      });
  CHECK(end.stopped);
  CHECK(batches == 1);
  CHECK(last == parsed_log_batch_lines);
  CHECK(end.format == LogFormat::common);

  LineReader failing("access.log", text_then(common_line(1, "/a") + "\n/b", 1 << 16, EIO), 100);
  std::size_t lines_seen = 0;
  const ParsedLogEnd failed =
      read_parsed_log(failing, LogFormat::automatic, [&](std::span<const ParsedLine> lines) {
        lines_seen += lines.size();
        return true;
      });
  CHECK(lines_seen == 1); // the cut line is dropped, as LineReader does
  CHECK(failed.error == "cannot read access.log: Input/output error");
}

TEST_CASE("Simulator::feed(ParsedLine) replays what feed(text) replays")
{
  auto config = parse_config(R"(version = 1
[routes."/p/[id]"]
max_age = 30
swr = 10
[routes."/q"]
max_age = 5
)",
                             "cache.toml");
  REQUIRE(config.has_value());
  std::string text;
  for (int i = 0; i < 9000; ++i) {
    text += common_line(i / 3, i % 5 == 0 ? "/q" : fmt::format("/p/{}", i % 40)) + "\n";
    if (i % 2000 == 1) {
      text += "junk\n";
    }
  }
  Simulator by_text(*config, {});
  LineReader plain("log", text_then(text, 1 << 16), 1 << 16);
  while (const auto line = plain.next()) {
    REQUIRE(by_text.feed(line->text, line->number).has_value());
  }
  Simulator by_line(*config, {});
  LineReader piped("log", text_then(text, 1 << 16), 1 << 16);
  (void)read_parsed_log(piped, LogFormat::automatic, [&](std::span<const ParsedLine> lines) {
    for (const ParsedLine& line : lines) {
      REQUIRE(by_line.feed(line).has_value());
    }
    return true;
  });
  const SimulationReport a = by_text.report();
  const SimulationReport b = by_line.report();
  CHECK(a.lines == b.lines);
  CHECK(a.unparsable == b.unparsable);
  CHECK(a.unparsable == 5);
  REQUIRE(a.unparsable_lines.size() == b.unparsable_lines.size());
  for (std::size_t i = 0; i < a.unparsable_lines.size(); ++i) {
    CHECK(a.unparsable_lines[i].line == b.unparsable_lines[i].line);
    CHECK(a.unparsable_lines[i].message == b.unparsable_lines[i].message);
  }
  CHECK(a.total.requests == b.total.requests);
  CHECK(a.total.hits == b.total.hits);
  CHECK(a.total.stale_hits == b.total.stale_hits);
  CHECK(a.total.misses == b.total.misses);
  CHECK(a.total.origin_requests == b.total.origin_requests);
  CHECK(a.total.hit_bytes == b.total.hit_bytes);
  CHECK(a.minutes == b.minutes);
  CHECK(a.total.hits > 0);
}

TEST_SUITE_END();
