// The configured `base` taken off a normalized path, with Astro's redirects around it.
#include <cachectl/pattern/url.hpp>

#include <string>
#include <string_view>

namespace cachectl {

std::string
normalize_base(std::string_view base)
{
  if (base.empty()) {
    return "/";
  }
  if (base.front() != '/') {
    return "/" + std::string(base);
  }
  return std::string(base);
}

namespace {

// strip_base without its common case: a base to strip, or a path that does not start with a
// single `/`.
BaseStrip
strip_configured_base(std::string_view path, std::string_view base, TrailingSlash mode)
{
  std::string full_path(path);
  if (!full_path.starts_with('/')) {
    full_path.insert(0, 1, '/');
  }
  if (full_path.starts_with("//")) {
    const std::size_t first = full_path.find_first_not_of('/');
    const std::string tail = first == std::string::npos ? "" : full_path.substr(first);
    return BaseStrip{BaseStrip::Kind::redirect, {}, "/" + tail};
  }

  const std::string normalized_base = normalize_base(base);
  if (normalized_base == "/") {
    return BaseStrip{BaseStrip::Kind::inside, full_path, {}};
  }
  std::string_view bare = normalized_base; // B: the base without its trailing slash
  if (bare.ends_with('/')) {
    bare.remove_suffix(1);
  }
  const std::string with_slash = std::string(bare) + "/";

  // Unlike Astro, a base configured with a trailing slash is not redirected to itself.
  if (mode == TrailingSlash::always && full_path == bare) {
    return BaseStrip{BaseStrip::Kind::redirect, {}, with_slash};
  }
  if (mode == TrailingSlash::never && full_path == with_slash) {
    return BaseStrip{BaseStrip::Kind::redirect, {}, std::string(bare)};
  }
  if (full_path == bare || full_path == with_slash) {
    return BaseStrip{BaseStrip::Kind::inside, "/", {}};
  }
  if (full_path.starts_with(with_slash)) {
    return BaseStrip{BaseStrip::Kind::inside, full_path.substr(bare.size()), {}};
  }
  return BaseStrip{BaseStrip::Kind::outside, {}, {}};
}

} // namespace

void
strip_base_into(std::string_view path, std::string_view base, TrailingSlash mode, BaseStrip& out)
{
  // The common case, no base: the path is matched as it is, copied into the reused buffer.
  if ((base.empty() || base == "/") && path.starts_with('/') && !path.starts_with("//")) {
    out.kind = BaseStrip::Kind::inside;
    out.path.assign(path);
    out.location.clear();
    return;
  }
  out = strip_configured_base(path, base, mode);
}

BaseStrip
strip_base(std::string_view path, std::string_view base, TrailingSlash mode)
{
  BaseStrip out;
  strip_base_into(path, base, mode, out);
  return out;
}

} // namespace cachectl
