#include "util/text.hpp"

#include <cachectl/purge/purge_target.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

namespace cachectl {

namespace {

// Every kind with its spelling and plural, in declaration order.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> k_kinds = {{
    {"url", "URLs"},
    {"path", "paths"},
    {"tag", "tags"},
    {"prefix", "prefixes"},
    {"host", "hosts"},
    {"everything", "everything"},
    {"rule", "rules"},
}};

// True for ASCII letters.
bool
is_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// True when `text` starts with `http://` or `https://` (any case).
bool
has_http_scheme(std::string_view text)
{
  const auto starts = [&](std::string_view scheme) {
    return text.size() >= scheme.size() &&
           std::equal(scheme.begin(), scheme.end(), text.begin(), [](char a, char b) {
             return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
           });
  };
  return starts("http://") || starts("https://");
}

// The first byte that may not appear in a target (controls, space unless `space_allowed`, DEL,
// invalid UTF-8), with a description; npos when there is none.
std::pair<std::size_t, std::string_view>
first_bad_byte(std::string_view text, bool space_allowed)
{
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      return {i, "a control character"};
    }
    if (c == ' ' && !space_allowed) {
      return {i, "a space (percent-encode it as %20)"};
    }
    if (c < 0x80) {
      ++i;
      continue;
    }
    // UTF-8: the length from the lead byte, then continuation bytes; overlong forms and
    // surrogates are refused like everywhere else in cachectl.
    std::size_t length = 0;
    unsigned min = 0;
    unsigned code = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      code = c & 0x1F;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      code = c & 0x0F;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      code = c & 0x07;
      min = 0x10000;
    } else {
      return {i, "invalid UTF-8"};
    }
    if (i + length > text.size()) {
      return {i, "invalid UTF-8"};
    }
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) {
        return {i, "invalid UTF-8"};
      }
      code = (code << 6) | (next & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return {i, "invalid UTF-8"};
    }
    i += length;
  }
  return {std::string_view::npos, {}};
}

// True when `host` (without port) is a plausible DNS name or IP literal.
bool
valid_host(std::string_view host)
{
  if (host.empty()) {
    return false;
  }
  if (host.front() == '[') {
    return host.back() == ']' && host.size() > 2 &&
           host.find_first_not_of("0123456789abcdefABCDEF:.", 1) == host.size() - 1;
  }
  return std::all_of(host.begin(), host.end(), [](char c) {
    return is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  });
}

// Checks `authority` (`host[:port]`, no userinfo) and lowercases it.
std::expected<std::string, std::string>
check_authority(std::string_view authority)
{
  if (authority.find('@') != std::string_view::npos) {
    return std::unexpected("credentials (user@) are not allowed in purge targets");
  }
  std::string_view host = authority;
  std::string_view port;
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoul(std::string(port)) > 65535 || std::stoul(std::string(port)) == 0) {
      return std::unexpected(fmt::format("bad port \"{}\"", port));
    }
  }
  if (!valid_host(host)) {
    return std::unexpected(host.empty() ? std::string("the host is missing")
                                        : fmt::format("bad host \"{}\"", host));
  }
  return ascii_lower(authority);
}

// Splits an absolute http(s) URL into lowercased `scheme://authority` and the rest (path,
// query), refusing fragments and credentials.
std::expected<std::pair<std::string, std::string>, std::string>
split_absolute(std::string_view url)
{
  const std::size_t scheme_end = url.find("://");
  const std::string scheme = ascii_lower(url.substr(0, scheme_end));
  std::string_view rest = url.substr(scheme_end + 3);
  const std::size_t path_start = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, path_start);
  std::string_view tail =
      path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start);
  if (tail.find('#') != std::string_view::npos) {
    return std::unexpected("a fragment (#…) is never sent to a server; remove it");
  }
  auto checked = check_authority(authority);
  if (!checked) {
    return std::unexpected(checked.error());
  }
  std::string path(tail);
  if (path.empty() || path.front() == '?') {
    path.insert(0, "/");
  }
  return std::pair{scheme + "://" + *checked, path};
}

// The path of `path_and_query` with its trailing-slash variant: `/a` ↔ `/a/`; empty when there
// is none (the root, or a file name with an extension).
std::string
slash_variant(std::string_view path_and_query)
{
  const std::size_t query = path_and_query.find('?');
  std::string_view path = path_and_query.substr(0, query);
  const std::string_view rest =
      query == std::string_view::npos ? std::string_view() : path_and_query.substr(query);
  if (path == "/") {
    return {};
  }
  if (path.ends_with('/')) {
    return fmt::format("{}{}", path.substr(0, path.size() - 1), rest);
  }
  const std::string_view last = path.substr(path.rfind('/') + 1);
  if (last.find('.') != std::string_view::npos) {
    return {};
  }
  return fmt::format("{}/{}", path, rest);
}

} // namespace

std::string_view
target_kind_name(TargetKind kind)
{
  return k_kinds.at(static_cast<std::size_t>(kind)).first;
}

std::string_view
target_kind_plural(TargetKind kind)
{
  return k_kinds.at(static_cast<std::size_t>(kind)).second;
}

std::expected<Target, std::string>
parse_target_line(std::string_view line)
{
  if (line == "everything") {
    return Target{TargetKind::everything, {}};
  }
  if (has_http_scheme(line)) {
    return Target{TargetKind::url, std::string(line)};
  }
  if (line.starts_with('/')) {
    return Target{TargetKind::path, std::string(line)};
  }
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view name = line.substr(0, colon);
    for (std::size_t i = 0; i < k_kinds.size(); ++i) {
      if (k_kinds[i].first == name && name != "everything") {
        return Target{static_cast<TargetKind>(i), std::string(line.substr(colon + 1))};
      }
    }
  }
  return std::unexpected(
      "not a target: write an http(s):// URL, a /path, `everything`, or KIND:VALUE with KIND "
      "one of url, path, tag, prefix, host, rule");
}

std::string
format_target_line(const Target& target)
{
  switch (target.kind) {
  case TargetKind::everything:
    return "everything";
  case TargetKind::url:
    if (has_http_scheme(target.value)) {
      return target.value;
    }
    break;
  case TargetKind::path:
    if (target.value.starts_with('/')) {
      return target.value;
    }
    break;
  default:
    break;
  }
  return fmt::format("{}:{}", target_kind_name(target.kind), target.value);
}

std::expected<Target, std::string>
check_target(const Target& target)
{
  const std::string_view value = target.value;
  if (target.kind == TargetKind::everything) {
    return target;
  }
  if (value.empty()) {
    return std::unexpected(fmt::format("an empty {}", target_kind_name(target.kind)));
  }
  // A tag may hold a space: it is sent as headers/tags.hpp spells it (`%20`), as it was written.
  if (const auto [at, what] = first_bad_byte(value, target.kind == TargetKind::tag);
      at != std::string_view::npos) {
    return std::unexpected(fmt::format("{} at byte {}", what, at + 1));
  }
  switch (target.kind) {
  case TargetKind::url: {
    if (!has_http_scheme(value)) {
      return std::unexpected("a URL must start with http:// or https://");
    }
    auto parts = split_absolute(value);
    if (!parts) {
      return std::unexpected(parts.error());
    }
    return Target{TargetKind::url, parts->first + parts->second};
  }
  case TargetKind::path:
    if (!value.starts_with('/')) {
      return std::unexpected("a path must start with /");
    }
    if (value.find('#') != std::string_view::npos) {
      return std::unexpected("a fragment (#…) is never sent to a server; remove it");
    }
    return target;
  case TargetKind::prefix: {
    if (value.starts_with('/')) {
      if (value.find_first_of("?#") != std::string_view::npos) {
        return std::unexpected("a prefix has no query or fragment");
      }
      return target;
    }
    const std::string url = has_http_scheme(value) ? std::string(value) : "https://" + target.value;
    auto parts = split_absolute(url);
    if (!parts) {
      return std::unexpected(parts.error());
    }
    if (parts->second.find('?') != std::string::npos) {
      return std::unexpected("a prefix has no query or fragment");
    }
    return Target{TargetKind::prefix, parts->first + parts->second};
  }
  case TargetKind::host: {
    std::string_view host = value;
    if (has_http_scheme(host)) {
      host.remove_prefix(host.find("://") + 3);
      if (host.ends_with('/')) {
        host.remove_suffix(1);
      }
    }
    if (host.find_first_of("/?#") != std::string_view::npos) {
      return std::unexpected("a host has no path; use --prefix for host/path");
    }
    auto checked = check_authority(host);
    if (!checked) {
      return std::unexpected(checked.error());
    }
    return Target{TargetKind::host, *checked};
  }
  case TargetKind::tag:
  case TargetKind::rule:
  case TargetKind::everything:
    return target;
  }
  return target;
}

std::expected<std::vector<Target>, std::string>
expand_target(const Config& config, const Target& target)
{
  std::vector<Target> out;
  switch (target.kind) {
  case TargetKind::path:
  case TargetKind::prefix: {
    if (target.kind == TargetKind::prefix && !target.value.starts_with('/')) {
      out.push_back(target);
      break;
    }
    if (config.origins.empty()) {
      return std::unexpected(
          fmt::format("a /path {} needs [site] origins in the config to become URLs",
                      target.kind == TargetKind::path ? "target" : "prefix"));
    }
    std::vector<std::string> paths = {target.value};
    if (target.kind == TargetKind::path) {
      const std::string variant = slash_variant(target.value);
      const bool has_slash = target.value.substr(0, target.value.find('?')).ends_with('/');
      if (!variant.empty()) {
        switch (config.trailing_slash) {
        case TrailingSlash::ignore:
          paths.push_back(variant);
          break;
        case TrailingSlash::always:
          if (!has_slash) {
            paths = {variant};
          }
          break;
        case TrailingSlash::never:
          if (has_slash) {
            paths = {variant};
          }
          break;
        }
      }
    }
    for (const auto& origin : config.origins) {
      std::string_view base = origin;
      while (base.ends_with('/')) {
        base.remove_suffix(1);
      }
      for (const auto& path : paths) {
        auto checked =
            check_target({target.kind == TargetKind::path ? TargetKind::url : TargetKind::prefix,
                          fmt::format("{}{}", base, path)});
        if (!checked) {
          return std::unexpected(fmt::format("origin {}: {}", origin, checked.error()));
        }
        out.push_back(std::move(*checked));
      }
    }
    break;
  }
  case TargetKind::rule: {
    const auto rule = std::find_if(config.rules.begin(), config.rules.end(), [&](const Rule& r) {
      return r.pattern.source() == target.value;
    });
    if (rule == config.rules.end()) {
      return std::unexpected(fmt::format("no rule \"{}\" in {}", target.value, config.file));
    }
    for (const auto& tag : rule->options.tags) {
      if (tag.find('{') == std::string::npos) {
        out.push_back({TargetKind::tag, tag});
      }
    }
    if (out.empty()) {
      return std::unexpected(fmt::format(
          "rule \"{}\" sets no static tags (tags with {{param}} differ per URL)", target.value));
    }
    break;
  }
  default:
    out.push_back(target);
    break;
  }
  return out;
}

} // namespace cachectl
