// Fuzz target: header generation. The input becomes a cache.toml (so every state is one a real
// config can reach) plus command-line style overrides: byte 0 holds flags, byte 1 picks the
// request's method and status, then lines: `max_age swr stale_if_error browser_max_age`, etag,
// last_modified, Cloudflare's cdn_header, CloudFront's tag_header, tags up to an empty line,
// Vary values up to an empty line, then --tag overrides. Properties, for every provider with a
// header profile: each header name is a token and each value free of control characters and of
// surrounding whitespace (nothing can split or smuggle a header line; RFC 9110 obs-text, as in an
// ETag, is allowed); an uncacheable policy gives exactly
// `Cache-Control: private, no-store`; tag headers respect the provider's separator, charset and
// count and byte limits; every encoded tag decodes back to the tag.
#include "fuzz_support.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/headers/headers.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/headers/providers.hpp>
#include <cachectl/match/matcher.hpp>

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using cachectl::fuzz::check;

namespace {

// `text` as a TOML basic string: bytes outside printable ASCII as \u00XX escapes (so any input
// gives valid UTF-8), `"` and `\` escaped.
std::string
toml_string(std::string_view text)
{
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte >= 0x7F) {
      out += fmt::format("\\u{:04X}", byte);
    } else {
      out += c;
    }
  }
  return out + '"';
}

// `items` as a TOML array of strings.
std::string
toml_array(const std::vector<std::string_view>& items)
{
  std::string out = "[";
  for (const auto item : items) {
    out += (out.size() > 1 ? ", " : "") + toml_string(item);
  }
  return out + "]";
}

// True for an RFC 9110 token.
bool
is_token(std::string_view text)
{
  constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
  if (text.empty()) {
    return false;
  }
  for (const char c : text) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && extra.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// `text` with every %XX escape decoded.
std::string
percent_decode(std::string_view text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      unsigned value = 0;
      std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Checks that `header` is a well-formed header line.
void
check_line(const cachectl::Header& header)
{
  const std::string line = header.name + ": " + header.value;
  check(is_token(header.name), "a header name is a token", line);
  for (const char c : header.value) {
    const auto byte = static_cast<unsigned char>(c);
    check(byte >= 0x20 && byte != 0x7F, "a header value holds no control character", line);
  }
  check(header.value.empty() || (header.value.front() != ' ' && header.value.back() != ' '),
        "a header value has no surrounding whitespace",
        line);
}

// Checks the tag header lines of `set` against the limits of `provider`.
void
check_tags(const cachectl::ProviderInfo& provider, const cachectl::HeaderSet& set)
{
  const cachectl::TagSyntax& syntax = provider.tags;
  std::size_t tags = 0;
  std::size_t bytes = 0;
  for (const auto& header : set.headers) {
    if (!provider.has_tags || header.name != syntax.header) {
      continue;
    }
    bytes += header.value.size();
    check(syntax.max_line_bytes == 0 ||
              header.name.size() + 2 + header.value.size() <= syntax.max_line_bytes,
          "a tag line stays within the provider's line limit",
          header.value);
    if (syntax.format == cachectl::TagListFormat::plain) {
      std::size_t start = 0;
      while (start <= header.value.size()) {
        const std::size_t end =
            std::min(header.value.find(syntax.separator, start), header.value.size());
        const std::string_view tag = std::string_view(header.value).substr(start, end - start);
        check(!tag.empty(), "a tag list has no empty tag", header.value);
        check(syntax.max_tag_length == 0 || tag.size() <= syntax.max_tag_length,
              "a tag stays within the provider's length limit",
              header.value);
        for (const char c : tag) {
          check(c == '%' || cachectl::tag_char_accepted(syntax.charset, c),
                "a tag holds only bytes the provider accepts",
                header.value);
        }
        ++tags;
        start = end + 1;
      }
    }
  }
  check(syntax.max_header_bytes == 0 || bytes <= syntax.max_header_bytes,
        "the tag header stays within the provider's byte limit",
        provider.name);
  check(syntax.max_tags == 0 || tags <= syntax.max_tags,
        "the tag count stays within the provider's limit",
        provider.name);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size < 2) {
    return 0;
  }
  const std::uint8_t flags = data[0];
  constexpr std::array methods = {"GET", "HEAD", "POST", "get"};
  constexpr std::array<std::int64_t, 4> statuses = {200, 404, 500, 206};
  const auto lines = cachectl::fuzz::split_lines(cachectl::fuzz::as_text(data + 2, size - 2), 96);
  const auto line = [&lines](std::size_t i) { return i < lines.size() ? lines[i] : ""; };

  // The rule's options, as a config would hold them.
  std::string rule = "[routes.\"/[...rest]\"]\n";
  static constexpr std::array<std::string_view, 4> ttl_keys = {
      "max_age", "swr", "stale_if_error", "browser_max_age"};
  std::string_view numbers = line(0);
  for (const auto key : ttl_keys) {
    std::int64_t value = 0;
    const auto [end, error] =
        std::from_chars(numbers.data(), numbers.data() + numbers.size(), value);
    if (error != std::errc()) {
      break;
    }
    rule += fmt::format("{} = {}\n", key, value);
    numbers.remove_prefix(static_cast<std::size_t>(end - numbers.data()));
    numbers.remove_prefix(std::min<std::size_t>(numbers.size(), 1));
  }
  rule += fmt::format("immutable = {}\nmust_revalidate = {}\nprivate = {}\n",
                      (flags & 1) != 0,
                      (flags & 2) != 0,
                      (flags & 4) != 0);
  if ((flags & 64) != 0) {
    rule += "cache = false\n";
  }
  if (!line(1).empty()) {
    rule += "etag = " + toml_string(line(1)) + "\n";
  }
  if (!line(2).empty()) {
    rule += "last_modified = " + toml_string(line(2)) + "\n";
  }
  std::size_t i = 5;
  std::vector<std::string_view> tags;
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    tags.push_back(lines[i]);
  }
  std::vector<std::string_view> vary;
  for (++i; i < lines.size() && !lines[i].empty(); ++i) {
    vary.push_back(lines[i]);
  }
  rule += "tags = " + toml_array(tags) + "\n";
  if (!vary.empty()) {
    rule += "vary = " + toml_array(vary) + "\n";
  }
  std::string text = "version = 1\n" + rule;
  if ((flags & 8) != 0) {
    text += "[providers.cloudflare]\ncdn_header = " + toml_string(line(3)) + "\n";
  }
  if ((flags & 16) != 0) {
    text += "[providers.netlify]\ndurable = true\n";
  }
  if ((flags & 32) != 0) {
    text += "[providers.cloudfront]\ntag_header = " + toml_string(line(4)) + "\n";
  }
  const cachectl::LoadedConfig loaded = cachectl::read_config_text(text, "fuzz.toml");
  if (!loaded.usable()) {
    return 0;
  }
  const cachectl::Config& config = loaded.config;

  // `--tag` overrides: any bytes but NUL, as a command line can pass them.
  cachectl::CacheOptions overrides;
  if ((flags & 128) != 0) {
    for (++i; i < lines.size(); ++i) {
      if (lines[i].find('\0') == std::string_view::npos) {
        overrides.tags.emplace_back(lines[i]);
      }
    }
  }
  cachectl::Request request;
  request.method = methods[data[1] % methods.size()];
  request.status = statuses[(data[1] / 4) % statuses.size()];
  const cachectl::RuleMatch match{0, {}};
  const cachectl::Policy policy = cachectl::decide_policy(config, match, request, overrides);

  for (const auto* provider : cachectl::header_providers()) {
    const cachectl::ProviderSettings* settings = nullptr;
    for (const auto& candidate : config.providers) {
      settings = candidate.name == provider->name ? &candidate : settings;
    }
    const cachectl::HeaderSet set = cachectl::generate_headers(*provider, policy, settings);
    if (!policy.cacheable) {
      check(set.headers.size() == 1 && set.headers[0].name == "Cache-Control" &&
                set.headers[0].value == "private, no-store",
            "an uncacheable response gets exactly private, no-store",
            provider->name);
    }
    for (const auto& header : set.headers) {
      check_line(header);
    }
    check_tags(*provider, set);
    for (const auto& tag : policy.options.tags) {
      const std::string encoded = cachectl::encode_tag(provider->tags, tag);
      check(percent_decode(encoded) == tag, "an encoded tag decodes back to the tag", tag);
    }
  }
  return 0;
}
