#include <cachectl/util/line_reader.hpp>

#include <doctest/doctest.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

using namespace cachectl;

TEST_SUITE_BEGIN("line_reader");

namespace {

// A source that hands out `chunks` one read at a time, then fails with `error` (0: the end).
LineReader::ReadFn
chunks_then(std::vector<std::string> chunks, int error)
{
  auto index = std::make_shared<std::size_t>(0);
  return [chunks = std::move(chunks), error, index](char* buffer, std::size_t size) -> ssize_t {
    if (*index < chunks.size()) {
      const std::string& chunk = chunks[(*index)++];
      REQUIRE(chunk.size() <= size);
      std::memcpy(buffer, chunk.data(), chunk.size());
      return static_cast<ssize_t>(chunk.size());
    }
    if (error != 0) {
      errno = error;
      return -1;
    }
    return 0;
  };
}

std::vector<std::string>
all_lines(LineReader& reader)
{
  std::vector<std::string> out;
  while (auto line = reader.next()) {
    out.emplace_back(line->text);
  }
  return out;
}

} // namespace

TEST_CASE("LineReader: lines split across reads, a last line without a newline")
{
  LineReader reader("test", chunks_then({"/a\n/b", "c\n\n/d"}, 0), 100);
  CHECK(all_lines(reader) == std::vector<std::string>{"/a", "/bc", "", "/d"});
  CHECK(reader.error().empty());
}

TEST_CASE("LineReader: an error mid-input is an error, not the end of the input")
{
  LineReader reader("urls.txt", chunks_then({"/a\n/b\n/c"}, EIO), 100);
  CHECK(all_lines(reader) == std::vector<std::string>{"/a", "/b"}); // the cut line is dropped
  CHECK(reader.error() == "cannot read urls.txt: Input/output error");
  CHECK_FALSE(reader.next());
}

TEST_CASE("LineReader: an over-long line keeps only its start and its length")
{
  const std::string huge(1 << 20, 'x');
  std::vector<std::string> chunks;
  for (std::size_t at = 0; at < huge.size(); at += 65536) {
    chunks.push_back(huge.substr(at, 65536));
  }
  chunks.emplace_back("\n/next\n");
  LineReader reader("test", chunks_then(chunks, 0), 10);
  auto first = reader.next();
  REQUIRE(first);
  CHECK(first->text == "xxxxxxxxxx");
  CHECK(first->bytes == huge.size());
  CHECK(first->cut());
  CHECK(first->number == 1);
  auto second = reader.next();
  REQUIRE(second);
  CHECK(second->text == "/next");
  CHECK_FALSE(second->cut());
  CHECK(second->number == 2);
}

TEST_CASE("LineReader: a directory is refused when opened")
{
  const auto dir = std::filesystem::temp_directory_path();
  auto reader = LineReader::open(dir.string(), 100);
  REQUIRE_FALSE(reader);
  CHECK(reader.error() == "cannot read " + dir.string() + ": Is a directory");
  auto missing = LineReader::open("/nonexistent/urls.txt", 100);
  REQUIRE_FALSE(missing);
  CHECK(missing.error() == "cannot read /nonexistent/urls.txt: No such file or directory");
}

TEST_CASE("LineReader: pending says whether a whole line is buffered")
{
  LineReader reader("test", chunks_then({"/a\n/b\n/c"}, 0), 100);
  CHECK_FALSE(reader.pending());
  REQUIRE(reader.next());
  CHECK(reader.pending());
  REQUIRE(reader.next());
  CHECK_FALSE(reader.pending()); // "/c" has no newline yet: the next read may block
}

TEST_SUITE_END();
