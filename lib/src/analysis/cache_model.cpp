#include <cachectl/analysis/cache_model.hpp>

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace cachectl {

std::optional<Eviction>
parse_eviction(std::string_view name)
{
  if (name == "lru") {
    return Eviction::lru;
  }
  if (name == "sieve") {
    return Eviction::sieve;
  }
  return std::nullopt;
}

std::expected<Capacity, std::string>
parse_capacity(std::string_view text)
{
  std::uint64_t amount = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), amount);
  const std::string_view unit = text.substr(static_cast<std::size_t>(end - text.data()));
  if (ec != std::errc() || end == text.data()) {
    return std::unexpected(
        fmt::format("`{}` is not a number with a unit (B, KB, MB, GB, objects)", text));
  }
  if (amount == 0) {
    return std::unexpected(fmt::format("`{}` is no room at all; give a positive size", text));
  }
  struct UnitSpec {
    std::string_view name;
    std::uint64_t factor;
    Capacity::Unit unit;
  };
  static constexpr std::array<UnitSpec, 5> k_units = {{{"B", 1, Capacity::Unit::bytes},
                                                       {"KB", 1ULL << 10, Capacity::Unit::bytes},
                                                       {"MB", 1ULL << 20, Capacity::Unit::bytes},
                                                       {"GB", 1ULL << 30, Capacity::Unit::bytes},
                                                       {"objects", 1, Capacity::Unit::objects}}};
  for (const UnitSpec& spec : k_units) {
    if (spec.name == unit) {
      if (amount > UINT64_MAX / spec.factor) {
        return std::unexpected(fmt::format("`{}` is too large", text));
      }
      return Capacity{spec.unit, amount * spec.factor};
    }
  }
  return std::unexpected(fmt::format(
      "`{}` has no unit; write it as e.g. 512MB, 2GB or 10000objects (units B, KB, MB, GB, "
      "objects)",
      text));
}

CacheStore::CacheStore(Capacity capacity, Eviction eviction)
    : m_capacity(capacity)
    , m_eviction(eviction)
{
}

std::uint64_t
CacheStore::key_hash(std::string_view key)
{
  return std::hash<std::string_view>{}(key);
}

std::size_t
CacheStore::find(std::string_view key, std::uint64_t hash) const
{
  if (m_table.empty()) {
    return npos;
  }
  const std::size_t mask = m_table.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = m_table[i];
    if (slot == none) {
      return npos;
    }
    if (m_slots[slot].hash == hash && m_slots[slot].key == key) {
      return i;
    }
  }
}

std::size_t
CacheStore::position_of(std::uint32_t slot) const
{
  const std::size_t mask = m_table.size() - 1;
  std::size_t i = m_slots[slot].hash & mask;
  while (m_table[i] != slot) {
    i = (i + 1) & mask;
  }
  return i;
}

void
CacheStore::grow()
{
  std::vector<std::uint32_t> old = std::move(m_table);
  m_table.assign(old.empty() ? 64 : old.size() * 2, none);
  const std::size_t mask = m_table.size() - 1;
  for (const std::uint32_t slot : old) {
    if (slot != none) {
      std::size_t i = m_slots[slot].hash & mask;
      while (m_table[i] != none) {
        i = (i + 1) & mask;
      }
      m_table[i] = slot;
    }
  }
}

Outcome
CacheStore::serve(std::string_view key,
                  std::uint64_t hash,
                  std::int64_t now_ms,
                  bool origin_error,
                  const std::optional<Freshness>& store_as,
                  std::uint64_t size,
                  std::uint32_t rule)
{
  if (const std::size_t at = find(key, hash); at != npos) {
    const std::uint32_t slot = m_table[at];
    const Entry& entry = m_slots[slot];
    if (now_ms < entry.fresh_until) {
      touch(slot);
      return Outcome::hit;
    }
    if (now_ms < entry.swr_until) {
      // Served stale; the background revalidation brings the origin's answer.
      if (origin_error) {
        touch(slot);
      } else {
        erase(slot);
        if (store_as) {
          insert(key, hash, now_ms, *store_as, size, rule);
        }
      }
      return Outcome::stale_hit;
    }
    if (origin_error && now_ms < entry.sie_until) {
      touch(slot);
      return Outcome::stale_if_error;
    }
    erase(slot);
  }
  if (store_as) {
    insert(key, hash, now_ms, *store_as, size, rule);
  }
  return Outcome::miss;
}

std::size_t
CacheStore::purge_if(const std::function<bool(std::string_view key, std::uint32_t rule)>& purged)
{
  std::vector<std::uint32_t> doomed;
  for (std::uint32_t slot = 0; slot < m_slots.size(); ++slot) {
    if (m_slots[slot].live && purged(m_slots[slot].key, m_slots[slot].rule)) {
      doomed.push_back(slot);
    }
  }
  for (const std::uint32_t slot : doomed) {
    erase(slot);
  }
  return doomed.size();
}

bool
CacheStore::over(std::uint64_t extra_bytes, std::size_t extra_objects) const
{
  switch (m_capacity.unit) {
  case Capacity::Unit::bytes:
    return m_bytes + extra_bytes > m_capacity.amount;
  case Capacity::Unit::objects:
    return m_objects + extra_objects > m_capacity.amount;
  case Capacity::Unit::unlimited:
    break;
  }
  return false;
}

void
CacheStore::insert(std::string_view key,
                   std::uint64_t hash,
                   std::int64_t now_ms,
                   const Freshness& fresh,
                   std::uint64_t size,
                   std::uint32_t rule)
{
  if (m_capacity.unit == Capacity::Unit::bytes && size > m_capacity.amount) {
    return; // larger than the whole cache: never stored
  }
  while (m_objects > 0 && over(size, 1)) {
    erase(victim());
    ++m_evictions;
  }
  std::uint32_t slot = 0;
  if (!m_free.empty()) {
    slot = m_free.back();
    m_free.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(m_slots.size());
    m_slots.emplace_back();
  }
  if ((m_objects + 1) * 2 > m_table.size()) {
    grow(); // at most half full: probe runs stay short
  }
  const std::size_t mask = m_table.size() - 1;
  std::size_t at = hash & mask;
  while (m_table[at] != none) {
    at = (at + 1) & mask;
  }
  m_table[at] = slot;
  ++m_objects;
  Entry& entry = m_slots[slot];
  entry.key.assign(key);
  entry.hash = hash;
  entry.live = true;
  entry.visited = false;
  entry.fresh_until = now_ms + fresh.ttl_ms;
  entry.swr_until = entry.fresh_until + fresh.swr_ms;
  entry.sie_until = entry.fresh_until + fresh.sie_ms;
  entry.size = size;
  entry.rule = rule;
  m_bytes += size;
  push_head(slot);
}

void
CacheStore::erase(std::uint32_t slot)
{
  if (m_hand == slot) {
    m_hand = m_slots[slot].prev;
  }
  unlink(slot);
  m_bytes -= m_slots[slot].size;
  m_slots[slot].live = false;
  m_free.push_back(slot);
  --m_objects;
  // Backward-shift deletion: move later members of the probe run into the hole when their home
  // position does not lie cyclically in (hole, member], so that every run stays unbroken.
  const std::size_t mask = m_table.size() - 1;
  std::size_t hole = position_of(slot);
  m_table[hole] = none;
  for (std::size_t i = (hole + 1) & mask; m_table[i] != none; i = (i + 1) & mask) {
    const std::size_t home = m_slots[m_table[i]].hash & mask;
    const bool stays = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
    if (!stays) {
      m_table[hole] = m_table[i];
      m_table[i] = none;
      hole = i;
    }
  }
}

void
CacheStore::touch(std::uint32_t slot)
{
  if (m_eviction == Eviction::sieve) {
    m_slots[slot].visited = true;
    return;
  }
  if (m_head != slot) {
    unlink(slot);
    push_head(slot);
  }
}

void
CacheStore::unlink(std::uint32_t slot)
{
  Entry& entry = m_slots[slot];
  (entry.prev == none ? m_head : m_slots[entry.prev].next) = entry.next;
  (entry.next == none ? m_tail : m_slots[entry.next].prev) = entry.prev;
  entry.prev = entry.next = none;
}

void
CacheStore::push_head(std::uint32_t slot)
{
  Entry& entry = m_slots[slot];
  entry.prev = none;
  entry.next = m_head;
  (m_head == none ? m_tail : m_slots[m_head].prev) = slot;
  m_head = slot;
}

std::uint32_t
CacheStore::victim()
{
  if (m_eviction == Eviction::lru) {
    return m_tail;
  }
  // SIEVE: the hand walks from the tail towards the head, clearing visited bits, and stops at
  // the first object not visited since it last passed; it wraps to the tail at the head.
  std::uint32_t hand = m_hand == none ? m_tail : m_hand;
  while (m_slots[hand].visited) {
    m_slots[hand].visited = false;
    hand = m_slots[hand].prev == none ? m_tail : m_slots[hand].prev;
  }
  m_hand = hand; // erase() moves it on to the next older-to-newer object
  return hand;
}

} // namespace cachectl
