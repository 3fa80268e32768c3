// A bounded memo from a logged request (method, status, host, target) to what `simulate`
// decided for it (simulate.cpp). Real logs repeat a small set of requests, and a decision
// (normalize the URL, match the rules, merge the options, build the cache key) costs far more
// than a lookup here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// The fields of a log line that decide what the config makes of a request without headers.
struct RequestFields {
  std::string_view method;
  int status = 0;
  std::string_view host;
  std::string_view target;
};

/// A set-associative memo of `Value`s by RequestFields: a hash of the fields picks a set of
/// `ways` slots; a request not in its set takes the slot of the set used least recently. Memory
/// stays bounded by the number of slots, max_request_bytes and what a Value holds; the memo
/// never changes an answer, since a slot is only used when all four fields are equal.
template <typename Value>
class RequestMemo {
public:
  /// Requests with more bytes of method, host and target are computed every time.
  static constexpr std::size_t max_request_bytes = 512;
  /// Slots per set.
  static constexpr std::size_t ways = 4;

  /// A memo of `slots` slots (rounded up to a power of two, at least `ways`); 0 memoizes
  /// nothing.
  explicit RequestMemo(std::size_t slots)
  {
    std::size_t size = slots == 0 ? 0 : ways;
    while (size < slots) {
      size *= 2;
    }
    m_slots.resize(size);
  }

  /// The value remembered for `request`, else `compute()`'s (then remembered). The reference is
  /// valid until the next get().
  template <typename Compute>
  const Value&
  get(const RequestFields& request, Compute&& compute)
  {
    const std::size_t bytes = request.method.size() + request.host.size() + request.target.size();
    if (m_slots.empty() || bytes > max_request_bytes) {
      ++m_computed;
      m_scratch = compute();
      return m_scratch;
    }
    const std::uint64_t hash = hash_of(request);
    Slot* const set = &m_slots[(hash * ways) & (m_slots.size() - 1)];
    Slot* oldest = set;
    for (Slot* slot = set; slot != set + ways; ++slot) {
      if (slot->holds(request, hash)) {
        slot->used = ++m_clock;
        return slot->value;
      }
      oldest = slot->used < oldest->used ? slot : oldest;
    }
    ++m_computed;
    oldest->value = compute();
    oldest->keep(request, hash);
    oldest->used = ++m_clock;
    return oldest->value;
  }

  /// How many get() calls computed their value (the rest were answered from the memo).
  std::uint64_t
  computed() const
  {
    return m_computed;
  }

private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint64_t used = 0; ///< the memo's clock when last used; 0 while empty
    int status = -1;        ///< -1 while empty (no request has it)
    std::size_t method_size = 0;
    std::size_t host_size = 0;
    std::string text; ///< method, host and target, one after the other
    Value value;

    bool
    holds(const RequestFields& r, std::uint64_t h) const
    {
      const std::string_view t = text;
      return hash == h && status == r.status && method_size == r.method.size() &&
             host_size == r.host.size() && t.size() == method_size + host_size + r.target.size() &&
             t.substr(method_size + host_size) == r.target &&
             t.substr(0, method_size) == r.method && t.substr(method_size, host_size) == r.host;
    }

    void
    keep(const RequestFields& r, std::uint64_t h)
    {
      hash = h;
      status = r.status;
      method_size = r.method.size();
      host_size = r.host.size();
      text.assign(r.method);
      text += r.host;
      text += r.target;
    }
  };

  static std::uint64_t
  hash_of(const RequestFields& r)
  {
    const std::hash<std::string_view> hash;
    std::uint64_t h = hash(r.target);
    if (!r.host.empty()) {
      h ^= hash(r.host) + std::uint64_t{0x9e3779b97f4a7c15} + (h << 6) + (h >> 2);
    }
    const std::uint64_t method = r.method.empty() ? 0 : hash(r.method);
    const auto status = static_cast<std::uint64_t>(static_cast<unsigned>(r.status));
    h ^= method + status * std::uint64_t{0x100000001b3} + (h << 6) + (h >> 2);
    return ((h * std::uint64_t{0x9e3779b97f4a7c15}) >> 17) ^ h;
  }

  std::vector<Slot> m_slots;
  Value m_scratch;
  std::uint64_t m_computed = 0;
  std::uint64_t m_clock = 0;
};

} // namespace cachectl
