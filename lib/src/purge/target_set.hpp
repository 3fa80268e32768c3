// The set of targets a purge has planned, for de-duplication: the values are kept in one arena
// and compared byte for byte; a keyed hash (SipHash-2-4 with a random key per run) only finds
// the candidates, so crafted inputs can neither collide on purpose nor slow the table down.
#pragma once

#include <cachectl/purge/purge_target.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// SipHash-2-4 of `data` under the 128-bit `key`.
std::uint64_t siphash24(const std::array<std::uint64_t, 2>& key, std::string_view data);

/// Distinct (kind, value) pairs. A million 60-byte URLs cost about 70 MiB (the arena plus 8
/// bytes per slot at most half full).
class TargetSet {
public:
  /// An empty set with a random hash key.
  TargetSet();
  /// An empty set with the given hash key (tests).
  explicit TargetSet(const std::array<std::uint64_t, 2>& key);

  /// Adds `target`; false when an equal one (same kind, same bytes) is already in.
  bool insert(const Target& target);
  /// Targets in the set.
  std::size_t
  size() const
  {
    return m_count;
  }

private:
  // The hash of a record as stored in the arena (kind byte followed by the value).
  std::uint64_t hash_of(std::string_view record) const;
  // The record stored at arena offset `offset`.
  std::string_view record_at(std::uint64_t offset) const;
  // Doubles the slot table.
  void grow();

  std::array<std::uint64_t, 2> m_key;
  std::string m_arena;                ///< records: a 4-byte length, the kind byte, the value
  std::vector<std::uint64_t> m_slots; ///< arena offset + 1 of a record; 0 = empty
  std::size_t m_count = 0;
};

} // namespace cachectl
