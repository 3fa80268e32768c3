// The compiled matcher's hash table from (node, segment text) to a value (static children,
// partials filed by literal prefix or suffix), and the hashing helpers it is built on.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

// Hidden: the shared library calls these directly, not through its symbol table.
#pragma GCC visibility push(hidden)

namespace cachectl::detail {

// "No node", "no rule", "no rank".
constexpr std::uint32_t k_none = std::numeric_limits<std::uint32_t>::max();

// The first 8 bytes of `text` as a little-endian word, zero-padded when shorter.
inline std::uint64_t
prefix_word(std::string_view text)
{
  const char* p = text.data();
  const std::size_t n = text.size();
  std::uint64_t word = 0;
  if (n >= 8) {
    std::memcpy(&word, p, 8);
  } else if (n >= 4) {
    std::uint32_t lo = 0;
    std::uint32_t hi = 0;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    word = std::uint64_t{lo} | (std::uint64_t{hi} << (8 * (n - 4)));
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      word |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    }
  }
  return word;
}

// A 64-bit hash of (owner node, segment text) for a SegmentTable; `prefix` is prefix_word(text).
inline std::uint64_t
hash_segment(std::uint32_t parent, std::string_view text, std::uint64_t prefix)
{
  constexpr std::uint64_t k_mul = 0x9E3779B97F4A7C15ULL;
  auto mix = [](std::uint64_t h, std::uint64_t w) {
    h = (h ^ w) * k_mul;
    return h ^ (h >> 29);
  };
  std::uint64_t h = mix((std::uint64_t{parent} << 32 | text.size()) * k_mul, prefix);
  if (text.size() > 8) {
    std::uint64_t w = 0;
    for (std::size_t i = 8; i + 8 < text.size(); i += 8) {
      std::memcpy(&w, text.data() + i, 8);
      h = mix(h, w);
    }
    std::memcpy(&w, text.data() + text.size() - 8, 8);
    h = mix(h, w);
  }
  return h ^ (h >> 32);
}

// True when the n bytes at `a` and `b` are equal (short strings: no library call).
inline bool
equal_bytes(const char* a, const char* b, std::size_t n)
{
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
      std::uint64_t x = 0;
      std::uint64_t y = 0;
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) {
        return false;
      }
    }
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a + n - 8, 8);
    std::memcpy(&y, b + n - 8, 8);
    return x == y;
  }
  if (n >= 4) {
    std::uint32_t x0 = 0;
    std::uint32_t y0 = 0;
    std::uint32_t x1 = 0;
    std::uint32_t y1 = 0;
    std::memcpy(&x0, a, 4);
    std::memcpy(&y0, b, 4);
    std::memcpy(&x1, a + n - 4, 4);
    std::memcpy(&y1, b + n - 4, 4);
    return x0 == y0 && x1 == y1;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) {
      return false;
    }
  }
  return true;
}

// An open-addressing hash table (load <= 0.7) from (owner node, text) to a Value; the texts
// live in one pool. Filtered: a bitset of 16 bits per entry, set by the top bits of the hash,
// answers most misses without touching the table (for tables probed mostly in vain).
template <class Value, bool Filtered = false>
class SegmentTable {
public:
  // One slot.
  struct Entry {
    std::uint64_t prefix = 0;     // prefix_word of the text: short texts compare without the pool
    std::uint32_t owner = k_none; // k_none: empty slot
    std::uint32_t size = 0;
    std::uint32_t text_offset = 0; // in the pool
    Value value{};
  };

  // Empties the table and makes room for `count` entries.
  void
  reset(std::size_t count)
  {
    std::size_t capacity = 8;
    while (capacity * 7 < count * 10) {
      capacity *= 2;
    }
    m_entries.assign(capacity, Entry{});
    m_mask = capacity - 1;
    m_size = 0;
    m_text.clear();
    if constexpr (Filtered) {
      m_filter_shift = 64 - 6; // 64 bits at least
      while ((std::size_t{1} << (64 - m_filter_shift)) < count * 16) {
        --m_filter_shift;
      }
      m_filter.assign((std::size_t{1} << (64 - m_filter_shift)) / 64, 0);
    }
  }

  // Adds (owner, text), not in the table yet, with `value`; at most the count given to reset().
  void
  insert(std::uint32_t owner, std::string_view text, const Value& value)
  {
    Entry entry;
    entry.prefix = prefix_word(text);
    entry.owner = owner;
    entry.size = static_cast<std::uint32_t>(text.size());
    entry.text_offset = static_cast<std::uint32_t>(m_text.size());
    entry.value = value;
    m_text += text;
    const std::uint64_t hash = hash_segment(owner, text, entry.prefix);
    if constexpr (Filtered) {
      const std::uint64_t bit = hash >> m_filter_shift;
      m_filter[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
    std::size_t slot = hash & m_mask;
    while (m_entries[slot].owner != k_none) {
      slot = (slot + 1) & m_mask;
    }
    m_entries[slot] = entry;
    ++m_size;
  }

  // The entry of (owner, text), or nullptr.
  [[gnu::always_inline]] const Entry*
  find(std::uint32_t owner, std::string_view text) const
  {
    const std::uint64_t prefix = prefix_word(text);
    const std::uint64_t hash = hash_segment(owner, text, prefix);
    if constexpr (Filtered) {
      const std::uint64_t bit = hash >> m_filter_shift;
      if ((m_filter[bit / 64] & (std::uint64_t{1} << (bit % 64))) == 0) {
        return nullptr;
      }
    }
    std::size_t slot = hash & m_mask;
    while (true) {
      const Entry& entry = m_entries[slot];
      if (entry.owner == k_none) {
        return nullptr;
      }
      if (entry.prefix == prefix && entry.owner == owner && entry.size == text.size() &&
          (text.size() <= 8 ||
           equal_bytes(m_text.data() + entry.text_offset + 8, text.data() + 8, text.size() - 8))) {
        return &entry;
      }
      slot = (slot + 1) & m_mask;
    }
  }

  // Entries held.
  std::size_t
  size() const
  {
    return m_size;
  }

  // Bytes held.
  std::size_t
  heap_bytes() const
  {
    return m_entries.capacity() * sizeof(Entry) + m_text.capacity() +
           m_filter.capacity() * sizeof(std::uint64_t);
  }

private:
  std::vector<Entry> m_entries;
  std::size_t m_mask = 0;
  std::size_t m_size = 0;
  std::string m_text;
  std::vector<std::uint64_t> m_filter; // Filtered only
  unsigned m_filter_shift = 64 - 6;    // hash >> shift: a bit of the filter
};

} // namespace cachectl::detail

#pragma GCC visibility pop
