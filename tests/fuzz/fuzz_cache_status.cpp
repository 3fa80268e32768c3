// Fuzz target: cache status parsing (lib/src/live/cache_status.cpp). The input holds response
// header lines (`name: value`, names lowercased as the transport gives them). Properties: every
// RFC 9211 entry has a cache name and its parameters have lowercase, non-empty keys; a provider
// word is read without regard to case; the status of a response names the header that said it
// (none when unknown), keeps at most 200 bytes of its value, an Age is never negative, and a
// state read from Age alone is a hit with a positive Age.
#include "fuzz_support.hpp"

#include <cachectl/live/cache_status.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using cachectl::fuzz::check;

namespace {

// `text` with ASCII letters changed to upper case.
std::string
upper(std::string_view text)
{
  std::string out(text);
  for (char& c : out) {
    c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text = cachectl::fuzz::as_text(data, size);
  std::vector<std::pair<std::string, std::string>> headers;
  for (const std::string_view line : cachectl::fuzz::split_lines(text, 64)) {
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    std::string name(line.substr(0, colon));
    for (char& c : name) {
      c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    headers.emplace_back(std::move(name), std::string(value));
  }
  for (const auto& [name, value] : headers) {
    for (const auto& entry : cachectl::parse_cache_status_field(value)) {
      check(!entry.cache.empty(), "an entry has a cache name", value);
      for (const auto& [key, param] : entry.params) {
        check(!key.empty(), "a parameter has a key", value);
        check(key.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos,
              "parameter keys are lower case",
              key);
      }
    }
    check(cachectl::parse_cache_word(value) == cachectl::parse_cache_word(upper(value)),
          "a provider word is read without regard to case",
          value);
  }
  const cachectl::CacheStatus status = cachectl::cache_status_of(headers);
  check(status.value.size() <= 200, "a reported value is at most 200 bytes");
  check((status.state == cachectl::CacheState::unknown) == status.source.empty(),
        "a known state names its header, an unknown one none",
        status.source);
  if (status.age) {
    check(*status.age >= 0, "an Age is not negative");
  }
  if (status.ttl) {
    check(*status.ttl >= 0, "a ttl is not negative");
  }
  if (status.source == "age") {
    check(status.state == cachectl::CacheState::hit && status.age && *status.age > 0,
          "Age alone says hit only when positive");
  }
  if (!status.source.empty()) {
    bool present = false;
    for (const auto& [name, value] : headers) {
      present = present || name == status.source;
    }
    check(present, "the header named is in the response", status.source);
  }
  return 0;
}
