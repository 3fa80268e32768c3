// Planning of purge calls: targets are de-duplicated and grouped by kind into batches of at most
// the provider's items per call and body bytes, as they arrive (the input is never held whole).
#pragma once

#include "purge/purge_adapter.hpp"
#include "purge/target_set.hpp"

#include <cachectl/purge/purge_target.hpp>

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// A batch ready to be sent, with the input each item came from.
struct PlannedBatch {
  PurgeBatch batch;
  std::vector<std::string> wheres;
};

/// Groups targets into batches.
class PurgePlanner {
public:
  /// Items per call of a kind.
  using LimitFunction = std::function<std::size_t(TargetKind)>;
  /// Body bytes one item adds.
  using SizeFunction = std::function<std::size_t(std::string_view)>;

  /// A planner with per-kind item limits and a body size limit (0 = none).
  PurgePlanner(LimitFunction limit,
               std::size_t max_body,
               SizeFunction item_bytes,
               std::size_t body_overhead);

  /// Adds a checked, expanded, supported target; false when it is a duplicate: the same kind and
  /// the same bytes (see TargetSet; a hash collision never drops a target).
  bool add(const Target& target, std::string_view where);
  /// Closes the open batches (the input has ended).
  void finish();
  /// True when a batch is ready.
  bool has_batch() const;
  /// The oldest ready batch (has_batch() must be true).
  PlannedBatch take();

private:
  // Closes the open batch of `kind`, if any.
  void close(TargetKind kind);

  LimitFunction m_limit;
  std::size_t m_max_body;
  SizeFunction m_item_bytes;
  std::size_t m_body_overhead;
  std::array<PlannedBatch, 7> m_open;        ///< per kind
  std::array<std::size_t, 7> m_open_bytes{}; ///< body bytes of each open batch
  std::deque<PlannedBatch> m_ready;
  TargetSet m_seen;
};

} // namespace cachectl
