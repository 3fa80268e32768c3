// Fuzz target: access log lines (lib/src/live/access_log.cpp) and the bounded top-N counter of
// `warm --top N --log FILE`. The first byte picks the counter's capacity (1..16), the rest is a
// log, one request per line. Properties: a parsed request's path starts with one `/` (never a
// network-path `//`) and holds no query or fragment; a status is 0 or 100..599; the counter
// keeps at most its capacity, its counts sum to the requests counted, never under-count a kept
// path, come most first, and every path requested more than total / capacity times is kept.
#include "fuzz_support.hpp"

#include <cachectl/live/access_log.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

using cachectl::fuzz::check;

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size < 1) {
    return 0;
  }
  const std::size_t capacity = 1 + data[0] % 16;
  cachectl::TopCounter counter(capacity);
  std::map<std::string, std::uint64_t> truth;
  for (const std::string_view line :
       cachectl::fuzz::split_lines(cachectl::fuzz::as_text(data + 1, size - 1), 4096)) {
    const auto request = cachectl::parse_log_line(line);
    if (!request) {
      continue;
    }
    check(request->path.starts_with('/') && !request->path.starts_with("//"),
          "a path starts with one /",
          request->path);
    check(request->path.find_first_of("?#") == std::string::npos,
          "a path holds no query or fragment",
          request->path);
    check(request->status == 0 || (request->status >= 100 && request->status <= 599),
          "a status is 0 or 100..599",
          std::to_string(request->status));
    if (cachectl::warmable(*request)) {
      counter.add(request->path);
      ++truth[request->path];
    }
  }
  const auto top = counter.top(capacity + 5);
  check(top.size() <= capacity, "the counter keeps at most its capacity");
  check(top.size() == std::min(capacity, truth.size()), "the counter fills up to its capacity");
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < top.size(); ++i) {
    const auto& [path, count] = top[i];
    sum += count;
    check(count >= truth[path], "a kept path is never under-counted", path);
    if (i > 0) {
      check(top[i - 1].second >= count, "most counted first", path);
    }
  }
  check(sum == counter.total(), "the counts sum to the requests counted");
  for (const auto& [path, count] : truth) {
    if (count * capacity > counter.total()) {
      bool kept = false;
      for (const auto& entry : top) {
        kept = kept || entry.first == path;
      }
      check(kept, "a path above total / capacity is kept", path);
    }
  }
  return 0;
}
