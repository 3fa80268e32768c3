// The positions of the `/` of a path, found eight bytes at a time: how the compiled matcher
// splits a path into segments.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>

// Hidden: the shared library calls these directly, not through its symbol table.
#pragma GCC visibility push(hidden)

namespace cachectl::detail {

// Path segments whose slash offsets fit on the stack; deeper paths use the heap.
constexpr std::size_t k_inline_slashes = 64;

// Paths this long or longer are not split (offsets are 32-bit).
constexpr std::size_t k_max_split = std::numeric_limits<std::uint32_t>::max();

// The positions of the `/` of a path, plus its length as a sentinel: segment i is
// path[at(i) + 1, at(i + 1)).
class Slashes {
public:
  // Splits `path`.
  explicit Slashes(std::string_view path)
      : m_path(path)
  {
    if (path.size() >= k_max_split) {
      // Offsets are 32-bit; Trie::prepare rejects such a path before it is searched.
      m_inline[0] = 0;
      m_data = m_inline.data();
      return;
    }
    // Eight bytes at a time: a mask of the `/` bytes (exact: no false positives), and a
    // running OR that tells whether any byte is not ASCII.
    std::uint64_t all = 0;
    std::size_t at = 0;
    for (; at + 8 <= path.size(); at += 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, path.data() + at, 8);
      all |= word;
      add_slashes(at, slash_bytes(word));
    }
    if (at < path.size()) {
      // The tail: the last 8 bytes shifted right (or the few bytes there are), zero-padded;
      // zero bytes are neither `/` nor non-ASCII.
      const std::size_t left = path.size() - at;
      std::uint64_t word = 0;
      if (path.size() >= 8) {
        std::memcpy(&word, path.data() + path.size() - 8, 8);
        word >>= 8 * (8 - left);
      } else {
        for (std::size_t i = 0; i < left; ++i) {
          word |= std::uint64_t{static_cast<unsigned char>(path[at + i])} << (8 * i);
        }
      }
      all |= word;
      add_slashes(at, slash_bytes(word));
    }
    if (m_on_heap) {
      m_heap.push_back(static_cast<std::uint32_t>(path.size()));
      m_data = m_heap.data();
    } else {
      m_inline[m_count] = static_cast<std::uint32_t>(path.size());
      m_data = m_inline.data();
    }
    m_non_ascii = (all & ~k_low_bits) != 0;
  }
  Slashes(const Slashes&) = delete;
  Slashes& operator=(const Slashes&) = delete;

  // Number of segments (of `/`).
  std::size_t
  segments() const
  {
    return m_count;
  }
  // Offset of the i-th `/` (i < segments()), or the path length (i == segments()).
  std::size_t
  at(std::size_t i) const
  {
    return m_data[i];
  }
  // The offsets: segments() + 1 entries.
  const std::uint32_t*
  data() const
  {
    return m_data;
  }
  // True when some byte is not ASCII.
  bool
  non_ascii() const
  {
    return m_non_ascii;
  }
  // True when the path holds a line feed (which RE2's `.` does not match); computed once.
  bool
  newline() const
  {
    if (m_newline < 0) {
      m_newline = m_path.find('\n') != std::string_view::npos ? 1 : 0;
    }
    return m_newline != 0;
  }

private:
  static constexpr std::uint64_t k_low_bits = 0x7F7F7F7F7F7F7F7FULL;

  // The high bit of every byte of `word` that is `/` (exact, no false positives).
  static std::uint64_t
  slash_bytes(std::uint64_t word)
  {
    const std::uint64_t x = word ^ 0x2F2F2F2F2F2F2F2FULL;
    return ~(((x & k_low_bits) + k_low_bits) | x | k_low_bits);
  }

  // Records the `/` bytes flagged in `mask` (high bits) of the word at offset `at`.
  [[gnu::always_inline]] void
  add_slashes(std::size_t at, std::uint64_t mask)
  {
    for (; mask != 0; mask &= mask - 1) {
      const auto p =
          static_cast<std::uint32_t>(at + static_cast<std::size_t>(std::countr_zero(mask) / 8));
      if (m_count + 1 < k_inline_slashes) {
        m_inline[m_count] = p; // room is kept for the sentinel
      } else {
        if (!m_on_heap) {
          m_heap.reserve(m_path.size() + 1);
          m_heap.assign(m_inline.begin(), m_inline.begin() + static_cast<std::ptrdiff_t>(m_count));
          m_on_heap = true;
        }
        m_heap.push_back(p);
      }
      ++m_count;
    }
  }

  std::string_view m_path;
  std::array<std::uint32_t, k_inline_slashes> m_inline;
  std::vector<std::uint32_t> m_heap;
  const std::uint32_t* m_data = nullptr;
  std::size_t m_count = 0;
  bool m_on_heap = false;
  bool m_non_ascii = false;
  mutable int m_newline = -1;
};

} // namespace cachectl::detail

#pragma GCC visibility pop
