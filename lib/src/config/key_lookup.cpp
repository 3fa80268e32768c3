// Looking keys up in the key table: by name and scope, and the closest key to a misspelt one.
#include "util/edit_distance.hpp"

#include <cachectl/config/config_keys.hpp>

#include <string>

namespace cachectl {

namespace {

// True when `list` (`|`-separated) holds `item`.
bool
list_contains(std::string_view list, std::string_view item)
{
  while (true) {
    const std::size_t bar = list.find('|');
    if (list.substr(0, bar) == item) {
      return true;
    }
    if (bar == std::string_view::npos) {
      return false;
    }
    list.remove_prefix(bar + 1);
  }
}

// True when `spec` is a key of `scope` that `provider` accepts (any provider when empty).
bool
applies(const KeySpec& spec, KeyScope scope, std::string_view provider)
{
  if (spec.scope != scope) {
    return false;
  }
  return provider.empty() || spec.providers.empty() || list_contains(spec.providers, provider);
}

// True for A-Z.
bool
is_upper(char c)
{
  return c >= 'A' && c <= 'Z';
}

// True for a-z and 0-9.
bool
is_lower_or_digit(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// ASCII lowercase of `c`.
char
to_lower(char c)
{
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

// `name` with camelCase humps and `-` turned into snake_case (`staleIfError` → `stale_if_error`).
std::string
snake_case(std::string_view name)
{
  std::string out;
  out.reserve(name.size() + 4);
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '-') {
      out += '_';
    } else if (is_upper(c)) {
      if (i > 0 && is_lower_or_digit(name[i - 1])) {
        out += '_';
      }
      out += to_lower(c);
    } else {
      out += c;
    }
  }
  return out;
}

// True when `a` and `b` are equal ignoring ASCII case.
bool
equal_ignoring_case(std::string_view a, std::string_view b)
{
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) {
      return false;
    }
  }
  return true;
}

} // namespace

std::vector<std::string_view>
split_list(std::string_view list)
{
  std::vector<std::string_view> items;
  if (list.empty()) {
    return items;
  }
  while (true) {
    const std::size_t bar = list.find('|');
    items.push_back(list.substr(0, bar));
    if (bar == std::string_view::npos) {
      return items;
    }
    list.remove_prefix(bar + 1);
  }
}

const KeySpec*
find_key(KeyScope scope, std::string_view name, std::string_view provider)
{
  for (const auto& spec : config_keys()) {
    if (spec.name == name && applies(spec, scope, provider)) {
      return &spec;
    }
  }
  return nullptr;
}

std::string_view
scope_title(KeyScope scope)
{
  switch (scope) {
  case KeyScope::root:
    return "top level";
  case KeyScope::site:
    return "[site]";
  case KeyScope::options:
    return "[defaults] / [routes.\"…\"]";
  case KeyScope::bypass:
    return "[bypass]";
  case KeyScope::cache_key:
    return "cache_key";
  case KeyScope::lint:
    return "[lint]";
  case KeyScope::provider:
    break;
  }
  return "[providers.<name>]";
}

std::string_view
suggest_key(KeyScope scope, std::string_view name, std::string_view provider)
{
  const std::string snake = snake_case(name);
  for (const auto& spec : config_keys()) {
    if (applies(spec, scope, provider) && spec.name == snake) {
      return spec.name;
    }
  }
  for (const auto& spec : config_keys()) {
    if (applies(spec, scope, provider) && equal_ignoring_case(spec.name, name)) {
      return spec.name;
    }
  }
  // Spellings of other tools (`staleWhileRevalidate`, `s_maxage`, `Netlify-Vary`).
  for (const auto& spec : config_keys()) {
    if (!applies(spec, scope, provider)) {
      continue;
    }
    for (const std::string_view alias : split_list(spec.aliases)) {
      if (equal_ignoring_case(alias, name) || alias == snake) {
        return spec.name;
      }
    }
  }
  constexpr std::size_t max_distance = 2;
  std::string_view best;
  std::size_t best_distance = max_distance + 1;
  for (const auto& spec : config_keys()) {
    if (!applies(spec, scope, provider)) {
      continue;
    }
    const std::size_t distance = edit_distance(snake, spec.name, max_distance);
    if (distance < best_distance) {
      best = spec.name;
      best_distance = distance;
    }
  }
  return best;
}

} // namespace cachectl
