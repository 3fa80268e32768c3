#include "purge/purge_plan.hpp"

#include <utility>

namespace cachectl {

PurgePlanner::PurgePlanner(LimitFunction limit,
                           std::size_t max_body,
                           SizeFunction item_bytes,
                           std::size_t body_overhead)
    : m_limit(std::move(limit))
    , m_max_body(max_body)
    , m_item_bytes(std::move(item_bytes))
    , m_body_overhead(body_overhead)
{
}

bool
PurgePlanner::add(const Target& target, std::string_view where)
{
  if (!m_seen.insert(target)) {
    return false;
  }
  const auto index = static_cast<std::size_t>(target.kind);
  PlannedBatch& open = m_open[index];
  const std::size_t bytes = m_item_bytes(target.value);
  if (!open.batch.items.empty() && m_max_body > 0 &&
      m_open_bytes[index] + bytes + m_body_overhead > m_max_body) {
    close(target.kind);
  }
  open.batch.kind = target.kind;
  open.batch.items.push_back(target.value);
  open.wheres.emplace_back(where);
  m_open_bytes[index] += bytes;
  if (open.batch.items.size() >= m_limit(target.kind)) {
    close(target.kind);
  }
  return true;
}

void
PurgePlanner::close(TargetKind kind)
{
  const auto index = static_cast<std::size_t>(kind);
  if (m_open[index].batch.items.empty()) {
    return;
  }
  m_ready.push_back(std::move(m_open[index]));
  m_open[index] = {};
  m_open_bytes[index] = 0;
}

void
PurgePlanner::finish()
{
  for (std::size_t i = 0; i < m_open.size(); ++i) {
    close(static_cast<TargetKind>(i));
  }
}

bool
PurgePlanner::has_batch() const
{
  return !m_ready.empty();
}

PlannedBatch
PurgePlanner::take()
{
  PlannedBatch batch = std::move(m_ready.front());
  m_ready.pop_front();
  return batch;
}

} // namespace cachectl
