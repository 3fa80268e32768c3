#include "purge/target_set.hpp"

#include <bit>
#include <cstring>
#include <random>

namespace cachectl {

namespace {

// One SipRound.
inline void
sip_round(std::uint64_t& v0, std::uint64_t& v1, std::uint64_t& v2, std::uint64_t& v3)
{
  v0 += v1;
  v1 = std::rotl(v1, 13);
  v1 ^= v0;
  v0 = std::rotl(v0, 32);
  v2 += v3;
  v3 = std::rotl(v3, 16);
  v3 ^= v2;
  v0 += v3;
  v3 = std::rotl(v3, 21);
  v3 ^= v0;
  v2 += v1;
  v1 = std::rotl(v1, 17);
  v1 ^= v2;
  v2 = std::rotl(v2, 32);
}

// A little-endian 64-bit word of up to 8 bytes.
std::uint64_t
load_le(const char* data, std::size_t bytes)
{
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < bytes; ++i) {
    word |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[i])) << (8 * i);
  }
  return word;
}

// Bytes of a record's length prefix.
constexpr std::size_t k_length_bytes = 4;

} // namespace

std::uint64_t
siphash24(const std::array<std::uint64_t, 2>& key, std::string_view data)
{
  std::uint64_t v0 = 0x736f6d6570736575ULL ^ key[0];
  std::uint64_t v1 = 0x646f72616e646f6dULL ^ key[1];
  std::uint64_t v2 = 0x6c7967656e657261ULL ^ key[0];
  std::uint64_t v3 = 0x7465646279746573ULL ^ key[1];
  const std::size_t whole = data.size() / 8 * 8;
  for (std::size_t i = 0; i < whole; i += 8) {
    const std::uint64_t m = load_le(data.data() + i, 8);
    v3 ^= m;
    sip_round(v0, v1, v2, v3);
    sip_round(v0, v1, v2, v3);
    v0 ^= m;
  }
  const std::uint64_t last = (static_cast<std::uint64_t>(data.size()) << 56) |
                             load_le(data.data() + whole, data.size() - whole);
  v3 ^= last;
  sip_round(v0, v1, v2, v3);
  sip_round(v0, v1, v2, v3);
  v0 ^= last;
  v2 ^= 0xff;
  for (int i = 0; i < 4; ++i) {
    sip_round(v0, v1, v2, v3);
  }
  return v0 ^ v1 ^ v2 ^ v3;
}

TargetSet::TargetSet()
    : TargetSet([] {
      std::random_device device;
      std::array<std::uint64_t, 2> key{};
      for (auto& word : key) {
        word = (static_cast<std::uint64_t>(device()) << 32) ^ device();
      }
      return key;
    }())
{
}

TargetSet::TargetSet(const std::array<std::uint64_t, 2>& key)
    : m_key(key)
    , m_slots(64, 0)
{
}

std::uint64_t
TargetSet::hash_of(std::string_view record) const
{
  return siphash24(m_key, record);
}

std::string_view
TargetSet::record_at(std::uint64_t offset) const
{
  std::uint32_t length = 0;
  std::memcpy(&length, m_arena.data() + offset, k_length_bytes);
  return std::string_view(m_arena).substr(offset + k_length_bytes, length);
}

void
TargetSet::grow()
{
  std::vector<std::uint64_t> slots(m_slots.size() * 2, 0);
  const std::size_t mask = slots.size() - 1;
  for (const std::uint64_t slot : m_slots) {
    if (slot == 0) {
      continue;
    }
    std::size_t at = hash_of(record_at(slot - 1)) & mask;
    while (slots[at] != 0) {
      at = (at + 1) & mask;
    }
    slots[at] = slot;
  }
  m_slots = std::move(slots);
}

bool
TargetSet::insert(const Target& target)
{
  // The record: the kind byte, then the value (so a URL and a tag of the same text differ).
  std::string record;
  record.reserve(target.value.size() + 1);
  record += static_cast<char>(target.kind);
  record += target.value;
  const std::size_t mask = m_slots.size() - 1;
  std::size_t at = hash_of(record) & mask;
  while (m_slots[at] != 0) {
    if (record_at(m_slots[at] - 1) == record) {
      return false; // the same bytes: a duplicate
    }
    at = (at + 1) & mask;
  }
  const auto length = static_cast<std::uint32_t>(record.size());
  const std::uint64_t offset = m_arena.size();
  m_arena.append(reinterpret_cast<const char*>(&length), k_length_bytes);
  m_arena += record;
  m_slots[at] = offset + 1;
  if (++m_count * 2 > m_slots.size()) {
    grow();
  }
  return true;
}

} // namespace cachectl
