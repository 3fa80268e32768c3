#include "util/edit_distance.hpp"

#include <cachectl/util/suggest.hpp>

namespace cachectl {

std::optional<std::string>
closest_name(std::string_view word, std::span<const std::string> candidates)
{
  const std::size_t limit = std::min<std::size_t>(2, (word.size() + 1) / 2);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate, limit);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

} // namespace cachectl
