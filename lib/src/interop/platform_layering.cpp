// A platform's layering of its header rules (see platform_layering.hpp).
#include "platform_layering.hpp"

#include "util/text.hpp"

#include <set>
#include <utility>

namespace cachectl::interop {

namespace {

// Netlify's spelling of a list value: one space after each comma.
std::string
comma_normalized(std::string_view value)
{
  static const std::regex commas("\\s*,\\s*");
  return std::regex_replace(std::string(value), commas, ", ");
}

} // namespace

PlatformEffect
platform_effect(const std::vector<PlatformRule>& rules,
                const std::vector<CompiledPlatformRule>& compiled,
                const Platform& platform,
                const std::string& path,
                const Layers& layers)
{
  PlatformEffect out;
  std::set<std::string> set_names; // Cloudflare: names a matching rule has set
  if (platform.appends) {
    out.headers["cache-control"] = asset_cache_control;
  }
  std::vector<std::pair<std::size_t, std::smatch>> matching;
  if (layers) {
    for (const std::size_t i : layers(path)) {
      matching.emplace_back(i, std::smatch{});
    }
  }
  for (std::size_t i = 0; !layers && i < rules.size(); ++i) {
    std::smatch groups;
    if (compiled[i].regex && std::regex_match(path, groups, *compiled[i].regex)) {
      matching.emplace_back(i, std::move(groups));
    }
  }
  for (const auto& [i, groups] : matching) {
    out.matched.push_back(i);
    for (const HeaderOp& op : rules[i].ops) {
      const std::string name = ascii_lower(op.name);
      if (op.detach) {
        out.headers.erase(name);
        out.by[name] = i;
        continue;
      }
      std::string value =
          platform.format.starts_with("netlify") ? comma_normalized(op.value) : op.value;
      if (platform.appends) {
        const auto& names = compiled[i].shape.placeholders;
        for (std::size_t g = 0; g < names.size() && g + 1 < groups.size(); ++g) {
          std::string::size_type at = 0;
          const std::string key = ":" + names[g];
          while ((at = value.find(key, at)) != std::string::npos) {
            value.replace(at, key.size(), groups[g + 1].str());
            at += static_cast<std::size_t>(groups[g + 1].length());
          }
        }
        if (set_names.contains(name) && out.headers.contains(name)) {
          value = out.headers[name] + ", " + value;
        }
        set_names.insert(name);
      }
      out.headers[name] = value;
      out.by[name] = i;
    }
  }
  if (platform.appends && !set_names.contains("cache-control") &&
      out.headers.contains("cache-control")) {
    out.headers.erase("cache-control"); // the asset server's own value: nothing to import
  }
  if (platform.finish != nullptr) {
    platform.finish(rules, out.matched, out.headers, out.by);
  }
  out.cache_control_detached = platform.appends && !out.headers.contains("cache-control") &&
                               out.by.contains("cache-control");
  std::erase_if(out.headers, [](const auto& entry) { return !cache_header(entry.first); });
  return out;
}

} // namespace cachectl::interop
