// The cache of one PoP for `cachectl simulate`: objects by cache key with their freshness
// windows (fresh, stale-while-revalidate, stale-if-error), an optional capacity in bytes or
// objects, and LRU or SIEVE eviction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// How a full cache chooses what to drop.
enum class Eviction {
  lru,   ///< the least recently used object
  sieve, ///< SIEVE (Zhang et al., NSDI 2024): a FIFO queue with one visited bit and a hand
};

/// The eviction named `name` (`lru`, `sieve`); nullopt for another word.
std::optional<Eviction> parse_eviction(std::string_view name);

/// The size limit of a cache.
struct Capacity {
  enum class Unit { unlimited, bytes, objects };
  Unit unit = Unit::unlimited;
  std::uint64_t amount = 0; ///< bytes or objects (0 only when unlimited)
};

/// Parses `--capacity`: a positive whole number with a unit, `B`, `KB`, `MB`, `GB` (powers of
/// 1024) or `objects`; the error says what is wrong.
std::expected<Capacity, std::string> parse_capacity(std::string_view text);

/// How long a stored response may be used, in milliseconds after it was stored.
struct Freshness {
  std::int64_t ttl_ms = 0; ///< fresh (the CDN TTL for its status)
  std::int64_t swr_ms = 0; ///< then served stale while one background revalidation runs
  std::int64_t sie_ms = 0; ///< served stale when the origin answers 5xx (counted from expiry)
};

/// What a request got from the cache.
enum class Outcome {
  hit,            ///< fresh object served
  stale_hit,      ///< stale object served inside stale-while-revalidate; one revalidation
  stale_if_error, ///< stale object served because the origin answered 5xx (stale-if-error)
  miss,           ///< fetched from the origin
};

/// The objects of one cache. Not thread-safe. Objects are found through a flat open-addressing
/// table of slot numbers keyed by a hash of the cache key (linear probing, deletion by backward
/// shift), so a lookup is one probe run and one key comparison.
class CacheStore {
public:
  /// An empty cache of `capacity`, evicting by `eviction`.
  CacheStore(Capacity capacity, Eviction eviction);

  /// The hash serve() uses for `key`; a caller that serves one key many times computes it once.
  static std::uint64_t key_hash(std::string_view key);

  /// Serves a request for `key` at `now_ms`. The origin's answer is the logged one:
  /// `origin_error` when it was 5xx, `store_as` how long that answer may be kept (nullopt: not
  /// stored), `size` its bytes. Fresh → hit; inside swr → stale_hit, refreshed with the answer
  /// (kept stale on an origin error, dropped when the answer may not be stored); an origin
  /// error inside stale-if-error → stale_if_error; else miss, the answer stored (or the old
  /// object dropped). `rule` is kept with the object for purges.
  Outcome
  serve(std::string_view key,
        std::int64_t now_ms,
        bool origin_error,
        const std::optional<Freshness>& store_as,
        std::uint64_t size,
        std::uint32_t rule)
  {
    return serve(key, key_hash(key), now_ms, origin_error, store_as, size, rule);
  }

  /// serve() with the key's hash already computed (`hash` must be key_hash(key)).
  Outcome serve(std::string_view key,
                std::uint64_t hash,
                std::int64_t now_ms,
                bool origin_error,
                const std::optional<Freshness>& store_as,
                std::uint64_t size,
                std::uint32_t rule);

  /// Drops every object for which `purged(key, rule)` holds; returns how many.
  std::size_t purge_if(const std::function<bool(std::string_view key, std::uint32_t rule)>& purged);

  /// Objects held.
  std::size_t
  objects() const
  {
    return m_objects;
  }
  /// Bytes held (the sizes of the objects).
  std::uint64_t
  bytes() const
  {
    return m_bytes;
  }
  /// Objects dropped to make room.
  std::uint64_t
  evictions() const
  {
    return m_evictions;
  }

private:
  static constexpr std::uint32_t none = UINT32_MAX;
  static constexpr std::size_t npos = SIZE_MAX;
  struct Entry {
    std::string key; ///< kept (with its capacity) when the slot is freed
    std::uint64_t hash = 0;
    std::int64_t fresh_until = 0;
    std::int64_t swr_until = 0;
    std::int64_t sie_until = 0;
    std::uint64_t size = 0;
    std::uint32_t rule = 0;
    std::uint32_t prev = none; ///< towards the head (newer)
    std::uint32_t next = none; ///< towards the tail (older)
    bool visited = false;
    bool live = false; ///< holds an object (not on the free list)
  };

  std::size_t find(std::string_view key, std::uint64_t hash) const;
  std::size_t position_of(std::uint32_t slot) const;
  void grow();
  void insert(std::string_view key,
              std::uint64_t hash,
              std::int64_t now_ms,
              const Freshness& fresh,
              std::uint64_t size,
              std::uint32_t rule);
  void erase(std::uint32_t slot);
  void touch(std::uint32_t slot);
  void unlink(std::uint32_t slot);
  void push_head(std::uint32_t slot);
  bool over(std::uint64_t extra_bytes, std::size_t extra_objects) const;
  std::uint32_t victim();

  Capacity m_capacity;
  Eviction m_eviction;
  std::vector<std::uint32_t> m_table; ///< slot numbers by hash, `none` where empty; size 2^k
  std::size_t m_objects = 0;
  std::vector<Entry> m_slots;
  std::vector<std::uint32_t> m_free;
  std::uint32_t m_head = none;
  std::uint32_t m_tail = none;
  std::uint32_t m_hand = none; ///< SIEVE's hand
  std::uint64_t m_bytes = 0;
  std::uint64_t m_evictions = 0;
};

} // namespace cachectl
