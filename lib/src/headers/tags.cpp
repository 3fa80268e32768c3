#include <cachectl/config/options.hpp>
#include <cachectl/headers/tags.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cachectl {

namespace {

// True when byte `c` cannot appear raw in a tag of `syntax`: the separator of a plain list, a
// byte outside printable ASCII (header values are ASCII in practice, RFC 9110 5.5), or a byte
// outside the provider's charset.
bool
escaped(const TagSyntax& syntax, char c)
{
  const auto u = static_cast<unsigned char>(c);
  return (syntax.format == TagListFormat::plain && c == syntax.separator) || u < 0x21 || u > 0x7E ||
         !tag_char_accepted(syntax.charset, c);
}

} // namespace

std::string
encode_tag(const TagSyntax& syntax, std::string_view tag)
{
  std::string out;
  out.reserve(tag.size());
  for (char c : tag) {
    if (c == '%' || escaped(syntax, c)) {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out;
}

std::string
tag_escape_warning(const ProviderInfo& provider,
                   std::string_view header,
                   std::string_view tag,
                   std::string_view encoded)
{
  const TagSyntax& syntax = provider.tags;
  bool separator = false;
  std::string refused;  // printable ASCII outside the charset: `:`, `/`
  std::string nonascii; // bytes outside printable ASCII: 0xC3 0xA9
  for (char c : tag) {
    const auto u = static_cast<unsigned char>(c);
    if (syntax.format == TagListFormat::plain && c == syntax.separator) {
      separator = true;
    } else if (c == ' ') {
      if (refused.find("a space") == std::string::npos) {
        refused += refused.empty() ? "a space" : " a space";
      }
    } else if (u < 0x21 || u > 0x7E) {
      const std::string byte = fmt::format("0x{:02X}", u);
      if (nonascii.find(byte) == std::string::npos) {
        nonascii += (nonascii.empty() ? "" : " ") + byte;
      }
    } else if (!tag_char_accepted(syntax.charset, c) &&
               refused.find(fmt::format("`{}`", c)) == std::string::npos) {
      refused += fmt::format("{}`{}`", refused.empty() ? "" : " ", c);
    }
  }
  std::vector<std::string> why;
  if (separator) {
    why.push_back(syntax.separator == ' '
                      ? std::string("a space separates its tags")
                      : fmt::format("`{}` separates its tags", syntax.separator));
  }
  if (!refused.empty()) {
    why.push_back(fmt::format("{} does not accept {} in a tag", provider.display, refused));
  }
  if (!nonascii.empty()) {
    // Fastly's limits are unconfirmed (TagCharset::header_token_or_any): the choice is ours.
    why.push_back(syntax.charset == TagCharset::header_token_or_any
                      ? fmt::format("bytes outside printable ASCII ({}) are escaped to keep the "
                                    "header ASCII",
                                    nonascii)
                      : fmt::format("{} accepts only printable ASCII in a tag (bytes {})",
                                    provider.display,
                                    nonascii));
  }
  if (tag.find('%') != std::string_view::npos) {
    why.push_back("`%` is written as %25 so that the escaping stays reversible");
  }
  return fmt::format(
      "tag `{}` is written as `{}` in {}: {}", tag, encoded, header, fmt::join(why, "; "));
}

} // namespace cachectl
