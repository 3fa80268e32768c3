// sort_probe: cachectl's priority order of route sets, for tests/interop/sort_differential.
// Reads a JSON array of route sets (arrays of patterns, in declaration order) on stdin and
// prints, for each set, the indices of its patterns in `priority_order` (every route a page,
// as Astro's compileCacheRoutes compares them). A pattern that does not parse: message, exit 2.
#include <cachectl/pattern/pattern.hpp>

#include <cstddef>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

int
main()
{
  const nlohmann::json sets = nlohmann::json::parse(std::cin, nullptr, false);
  if (!sets.is_array()) {
    std::cerr << "sort_probe: stdin is not a JSON array of route sets\n";
    return 2;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& set : sets) {
    std::vector<cachectl::Pattern> patterns;
    for (const auto& route : set) {
      auto pattern = cachectl::Pattern::parse(route.get<std::string>());
      if (!pattern) {
        std::cerr << "sort_probe: " << route.get<std::string>() << " does not parse\n";
        return 2;
      }
      patterns.push_back(std::move(*pattern));
    }
    out.push_back(cachectl::priority_order(patterns));
  }
  std::cout << out.dump() << '\n';
  return 0;
}
