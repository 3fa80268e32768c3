#include "util/edit_distance.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

namespace cachectl {

std::size_t
edit_distance(std::string_view a, std::string_view b, std::size_t max_distance)
{
  const std::size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (max_distance != 0 && length_gap > max_distance) {
    return max_distance + 1;
  }
  // One row of the dynamic-programming matrix: row[x] is the distance between the first `y`
  // bytes of `a` and the first `x` bytes of `b`.
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t y = 1; y <= a.size(); ++y) {
    std::size_t diagonal = row[0];
    row[0] = y;
    std::size_t best_this_row = row[0];
    for (std::size_t x = 1; x <= b.size(); ++x) {
      const std::size_t above = row[x];
      const std::size_t replace = diagonal + (a[y - 1] == b[x - 1] ? 0 : 1);
      row[x] = std::min(replace, std::min(row[x - 1], above) + 1);
      diagonal = above;
      best_this_row = std::min(best_this_row, row[x]);
    }
    if (max_distance != 0 && best_this_row > max_distance) {
      return max_distance + 1;
    }
  }
  const std::size_t distance = row[b.size()];
  return max_distance != 0 && distance > max_distance ? max_distance + 1 : distance;
}

} // namespace cachectl
