// Random hostile text for the differential tests of the CLI's streamed output.
#pragma once

#include <random>
#include <string>

namespace cachectl::test {

/// Random text weighted towards what breaks JSON and terminals: quotes, backslashes, C0
/// controls, DEL, C1 controls and bidi overrides (as UTF-8), stray UTF-8 lead and trail bytes,
/// any byte; now and then long (up to `long_length` bytes).
inline std::string
hostile_text(std::mt19937& random, std::size_t long_length = 400)
{
  static const char* const pieces[] = {"a",
                                       "Z",
                                       "/",
                                       "%2F",
                                       "=",
                                       "\"",
                                       "\\",
                                       "\\u0000",
                                       "\x01",
                                       "\x1f",
                                       "\n",
                                       "\t",
                                       "\r",
                                       "\x7f",
                                       "\xc2\x85",
                                       "\xc2\x9b",
                                       "\xe2\x80\xae",
                                       "\xe2\x81\xa6",
                                       "caf\xc3\xa9",
                                       "\xf0\x9f\x98\x80",
                                       "\xc3",
                                       "\xff",
                                       "\x80",
                                       "\xed\xa0\x80",
                                       "{id}",
                                       "://",
                                       "@",
                                       ":",
                                       " "};
  const std::size_t count = sizeof pieces / sizeof pieces[0];
  std::string out;
  const std::size_t length = random() % 16 == 0 ? random() % long_length : random() % 12;
  while (out.size() < length) {
    out += random() % 8 == 0 ? std::string(1, static_cast<char>(random() % 256))
                             : std::string(pieces[random() % count]);
  }
  return out;
}

} // namespace cachectl::test
