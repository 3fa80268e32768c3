#include "util/icu_library.hpp"

#include <cachectl/pattern/pattern.hpp>
#include <cachectl/pattern/url.hpp>
#include <cachectl/util/collation.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace cachectl {

namespace {

using Kind = PatternPart::Kind;

// True for the characters Astro allows in a parameter name: [A-Za-z0-9_$].
bool
is_param_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
}

// Calls an ICU function that writes into a buffer of `capacity` units, growing `out` to the
// length asked for when ICU says it is too small (ICU's preflighting); false on an ICU error.
template <typename Call, typename Buffer>
bool
call_with_buffer(Buffer& out, const Call& call)
{
  for (int attempt = 0; attempt < 2; ++attempt) {
    UErrorCode status = U_ZERO_ERROR;
    const int32_t length = call(out.data(), static_cast<int32_t>(out.size()), status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      out.resize(static_cast<std::size_t>(length));
      continue;
    }
    if (U_FAILURE(status)) {
      return false;
    }
    out.resize(static_cast<std::size_t>(length));
    return true;
  }
  return false;
}

// Converts `in` between UTF-8 and UTF-16 into `out` with ICU's u_strFromUTF8WithSub or
// u_strToUTF8WithSub, malformed input replaced by U+FFFD; false on an ICU error.
template <typename Out, typename In, typename Convert>
bool
convert_utf(Out& out, const In& in, Convert convert)
{
  return call_with_buffer(out, [&](auto* data, int32_t capacity, UErrorCode& error) {
    int32_t length = 0;
    convert(data,
            capacity,
            &length,
            in.data(),
            static_cast<int32_t>(in.size()),
            0xFFFD,
            nullptr,
            &error);
    return length;
  });
}

// NFC form of `text` (Astro normalizes static route text with String.prototype.normalize()):
// malformed UTF-8 becomes U+FFFD first; text ICU cannot normalize (ICU not loadable) is kept.
std::string
to_nfc(std::string_view text)
{
  if (std::all_of(
          text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return std::string(text);
  }
  const auto& icu = icu_api();
  if (!icu) {
    return std::string(text);
  }
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* nfc = icu->nfc_instance(&status);
  if (U_FAILURE(status)) {
    return std::string(text);
  }
  std::u16string source(text.size(), u'\0');
  std::u16string normalized(text.size() + 16, u'\0');
  std::string out(text.size() + 16, '\0');
  const bool ok =
      convert_utf(source, text, icu->from_utf8) &&
      call_with_buffer(
          normalized,
          [&](UChar* data, int32_t capacity, UErrorCode& error) {
            return icu->normalize(
                nfc, source.data(), static_cast<int32_t>(source.size()), data, capacity, &error);
          }) &&
      convert_utf(out, normalized, icu->to_utf8);
  return ok ? out : std::string(text);
}

// The canonical URL form of static route text (NFC first, as Astro normalizes static text;
// `?` and `#` become %3F and %23 as in Astro's getPattern).
std::expected<std::string, UrlError>
canonical_static_text(std::string_view text)
{
  return canonicalize_path_text(to_nfc(text));
}

// Appends `text` with Astro's regex metacharacters escaped: . * + ? ^ $ { } ( ) | [ ] and
// backslash (canonical text is ASCII; everything else is literal in RE2 as in JavaScript).
void
append_escaped(std::string& out, std::string_view text)
{
  for (char c : text) {
    if (std::string_view(".*+?^${}()|[]\\").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
}

// Segment flags used by routeComparator.
bool
is_static(const PatternSegment& s)
{
  return std::all_of(s.begin(), s.end(), [](const PatternPart& p) { return !p.dynamic(); });
}

bool
all_dynamic(const PatternSegment& s)
{
  return std::all_of(s.begin(), s.end(), [](const PatternPart& p) { return p.dynamic(); });
}

bool
has_spread(const PatternSegment& s)
{
  return std::any_of(s.begin(), s.end(), [](const PatternPart& p) { return p.kind == Kind::rest; });
}

// The segment written back in route syntax, e.g. `[lang]-[version]`.
std::string
segment_text(const PatternSegment& s)
{
  std::string out;
  for (const auto& p : s) {
    switch (p.kind) {
    case Kind::text:
      out += p.text;
      break;
    case Kind::param:
      out += fmt::format("[{}]", p.text);
      break;
    case Kind::rest:
      out += fmt::format("[...{}]", p.text);
      break;
    }
  }
  return out;
}

// The static parts joined (for a static segment, its whole text).
std::string
static_content(const PatternSegment& s)
{
  std::string out;
  for (const auto& p : s) {
    out += p.text;
  }
  return out;
}

// A short description of what kind of segment `s` is, for explanations.
std::string
segment_kind(const PatternSegment& s)
{
  if (is_static(s)) {
    return fmt::format("static segment \"{}\"", segment_text(s));
  }
  if (s.size() == 1) {
    return fmt::format(
        "{} \"{}\"", s[0].kind == Kind::rest ? "rest parameter" : "parameter", segment_text(s));
  }
  return fmt::format("mixed segment \"{}\"", segment_text(s));
}

// Parses one segment that starts at byte `offset` of the pattern.
std::expected<PatternSegment, PatternError>
parse_segment(std::string_view seg, std::size_t offset, std::vector<std::string>& names)
{
  PatternSegment parts;
  std::size_t i = 0;
  auto column = [&](std::size_t at) { return offset + at + 1; };
  while (i < seg.size()) {
    if (seg[i] == ']') {
      return std::unexpected(PatternError{"unmatched ']' (brackets are unbalanced)", column(i)});
    }
    if (seg[i] != '[') {
      const std::size_t end = std::min(seg.find('[', i), seg.find(']', i));
      const std::string_view text =
          seg.substr(i, end == std::string_view::npos ? seg.npos : end - i);
      auto canonical = canonical_static_text(text);
      if (!canonical) {
        // Offsets map 1:1 unless NFC rewrote non-ASCII text; then point at the text's start.
        const bool verbatim = std::all_of(
            text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        const std::size_t at = verbatim ? std::min(canonical.error().offset, text.size() - 1) : 0;
        return std::unexpected(PatternError{canonical.error().message, column(i + at)});
      }
      parts.push_back({Kind::text, std::string(text), std::move(*canonical)});
      i += text.size();
      continue;
    }
    // A parameter: `[name]` or `[...name]`.
    const std::size_t open = i;
    const std::size_t close = seg.find(']', open + 1);
    const std::size_t nested = seg.find('[', open + 1);
    if (close == std::string_view::npos) {
      return std::unexpected(PatternError{"unclosed '[' (brackets are unbalanced)", column(open)});
    }
    if (nested < close) {
      return std::unexpected(
          PatternError{"'[' inside a parameter (brackets are unbalanced)", column(nested)});
    }
    if (!parts.empty() && parts.back().dynamic()) {
      return std::unexpected(
          PatternError{"parameters must be separated by static text (\"][\")", column(open)});
    }
    std::string_view inner = seg.substr(open + 1, close - open - 1);
    std::size_t name_at = open + 1;
    Kind kind = Kind::param;
    if (inner.starts_with("...")) {
      kind = Kind::rest;
      inner.remove_prefix(3);
      name_at += 3;
    }
    if (inner.empty()) {
      return std::unexpected(PatternError{
          kind == Kind::rest ? "empty rest parameter name" : "empty parameter name", column(open)});
    }
    for (std::size_t k = 0; k < inner.size(); ++k) {
      if (!is_param_char(inner[k])) {
        const auto byte = static_cast<unsigned char>(inner[k]);
        const std::string shown = byte >= 0x21 && byte < 0x7F ? fmt::format("'{}'", inner[k])
                                                              : fmt::format("byte 0x{:02X}", byte);
        return std::unexpected(PatternError{
            fmt::format("invalid character {} in parameter name \"{}\" (allowed: A-Z a-z 0-9 _ $)",
                        shown,
                        inner),
            column(name_at + k)});
      }
    }
    if (std::find(names.begin(), names.end(), inner) != names.end()) {
      return std::unexpected(
          PatternError{fmt::format("duplicate parameter name \"{}\"", inner), column(open)});
    }
    names.emplace_back(inner);
    parts.push_back({kind, std::string(inner), {}});
    i = close + 1;
  }
  return parts;
}

// The priority decision of two segment lists, step 1 of routeComparator.
std::optional<PriorityDecision>
compare_segment(const PatternSegment& a, const PatternSegment& b, std::size_t i)
{
  const bool static_a = is_static(a);
  const bool static_b = is_static(b);
  if (static_a && static_b) {
    const std::string ca = static_content(a);
    const std::string cb = static_content(b);
    if (ca != cb) {
      // Astro returns here even when localeCompare calls two different strings equal.
      const int order = locale_compare(ca, cb);
      return PriorityDecision{
          order, order == 0 ? PriorityReason::equal : PriorityReason::static_text, i};
    }
    return std::nullopt;
  }
  if (static_a != static_b) {
    return PriorityDecision{static_a ? -1 : 1, PriorityReason::static_beats_dynamic, i};
  }
  const bool dyn_a = all_dynamic(a);
  const bool dyn_b = all_dynamic(b);
  if (dyn_a != dyn_b) {
    return PriorityDecision{dyn_a ? 1 : -1, PriorityReason::partial_beats_dynamic, i};
  }
  const bool rest_a = has_spread(a);
  const bool rest_b = has_spread(b);
  if (rest_a != rest_b) {
    return PriorityDecision{rest_a ? 1 : -1, PriorityReason::param_beats_rest, i};
  }
  return std::nullopt;
}

} // namespace

std::expected<Pattern, PatternError>
Pattern::parse(std::string_view source)
{
  if (source.empty() || source.front() != '/') {
    return std::unexpected(PatternError{"a route pattern must start with '/'", 1});
  }
  Pattern pattern;
  pattern.m_source = std::string(source);
  // Astro strips one leading '/', splits on '/' and drops empty segments.
  std::size_t start = 1;
  while (start <= source.size()) {
    std::size_t end = source.find('/', start);
    if (end == std::string_view::npos) {
      end = source.size();
    }
    if (end > start) {
      auto segment = parse_segment(source.substr(start, end - start), start, pattern.m_param_names);
      if (!segment) {
        return std::unexpected(segment.error());
      }
      pattern.m_segments.push_back(std::move(*segment));
    }
    start = end + 1;
  }
  return pattern;
}

bool
Pattern::has_embedded_rest() const
{
  return std::any_of(m_segments.begin(), m_segments.end(), [](const PatternSegment& s) {
    return s.size() > 1 && has_spread(s);
  });
}

std::string
Pattern::regex(TrailingSlash mode) const
{
  if (m_segments.empty()) {
    return "^/$"; // the root route, whatever the mode
  }
  std::string body = "^";
  for (const auto& segment : m_segments) {
    if (segment.size() == 1 && segment[0].kind == Kind::rest) {
      body += "(?:/(.*?))?"; // optional: a rest may match zero segments
      continue;
    }
    body += '/';
    for (const auto& part : segment) {
      switch (part.kind) {
      case Kind::text:
        append_escaped(body, part.canonical);
        break;
      case Kind::param:
        body += "([^/]+?)";
        break;
      case Kind::rest:
        body += "(.*?)";
        break;
      }
    }
  }
  switch (mode) {
  case TrailingSlash::always:
    body += "/$";
    break;
  case TrailingSlash::never:
    body += "$";
    break;
  case TrailingSlash::ignore:
    body += "/?$";
    break;
  }
  return body;
}

PriorityDecision
compare_priority(const Pattern& a, const Pattern& b, RouteKind kind_a, RouteKind kind_b)
{
  const auto& sa = a.segments();
  const auto& sb = b.segments();
  const std::size_t common = std::min(sa.size(), sb.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (auto decision = compare_segment(sa[i], sb[i], i)) {
      return *decision;
    }
  }
  if (sa.size() != sb.size()) {
    // Astro's endsInRest is `undefined` for the root route, which differs from `false`.
    auto ends_in_rest = [](const std::vector<PatternSegment>& s) -> int {
      return s.empty() ? -1 : (has_spread(s.back()) ? 1 : 0);
    };
    const int rest_a = ends_in_rest(sa);
    const int rest_b = ends_in_rest(sb);
    const std::size_t diff = sa.size() > sb.size() ? sa.size() - sb.size() : sb.size() - sa.size();
    if (rest_a != rest_b && diff == 1) {
      if (sa.size() > sb.size() && rest_a == 1) {
        return {1, PriorityReason::shorter_before_rest, common};
      }
      if (sb.size() > sa.size() && rest_b == 1) {
        return {-1, PriorityReason::shorter_before_rest, common};
      }
    }
    return {sa.size() > sb.size() ? -1 : 1, PriorityReason::longer_first, common};
  }
  if (kind_a != kind_b) {
    return {kind_a == RouteKind::endpoint ? -1 : 1, PriorityReason::endpoint_first, 0};
  }
  const int order = locale_compare(a.source(), b.source());
  return {order, order == 0 ? PriorityReason::equal : PriorityReason::route_text, 0};
}

std::string
describe(const PriorityDecision& decision, const Pattern& winner, const Pattern& loser)
{
  const auto& ws = winner.segments();
  const auto& ls = loser.segments();
  const std::size_t i = decision.segment;
  auto at = [&](const std::vector<PatternSegment>& s) {
    return i < s.size() ? segment_kind(s[i]) : std::string("no segment");
  };
  switch (decision.reason) {
  case PriorityReason::equal:
    return "equal priority; the rule written first wins";
  case PriorityReason::static_text:
    return fmt::format(
        "segment {}: \"{}\" sorts before \"{}\"", i + 1, segment_text(ws[i]), segment_text(ls[i]));
  case PriorityReason::static_beats_dynamic:
    return fmt::format("segment {}: {} beats {}", i + 1, at(ws), at(ls));
  case PriorityReason::partial_beats_dynamic:
    return fmt::format(
        "segment {}: {} (text and parameters) beats fully dynamic {}", i + 1, at(ws), at(ls));
  case PriorityReason::param_beats_rest:
    return fmt::format(
        "segment {}: {} beats {} (a rest parameter comes last)", i + 1, at(ws), at(ls));
  case PriorityReason::shorter_before_rest:
    return fmt::format("\"{}\" is \"{}\" plus a trailing rest segment, so the shorter route wins",
                       loser.source(),
                       winner.source());
  case PriorityReason::longer_first:
    return fmt::format("same leading segments; the route with more segments wins ({} vs {})",
                       ws.size(),
                       ls.size());
  case PriorityReason::endpoint_first:
    return "an endpoint beats a page of the same shape";
  case PriorityReason::route_text:
    return fmt::format(
        "equally specific; tie broken by the route text in ICU order: \"{}\" sorts before \"{}\"",
        winner.source(),
        loser.source());
  }
  return {};
}

} // namespace cachectl
