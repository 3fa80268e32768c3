#include "util/edit_distance.hpp"

#include <cachectl/match/nearest_miss.hpp>

#include <fmt/format.h>
#include <re2/re2.h>

#include <vector>

namespace cachectl {

namespace {

// The `/`-separated segments of a path (no empty ones: the trailing slash is not a segment).
std::vector<std::string_view>
split_segments(std::string_view path)
{
  std::vector<std::string_view> out;
  std::size_t at = 0;
  while (at < path.size()) {
    const std::size_t next = std::min(path.find('/', at), path.size());
    if (next > at) {
      out.push_back(path.substr(at, next - at));
    }
    at = next + 1;
  }
  return out;
}

// A rule that matches `path` but for one static segment; the closest spelling wins.
std::optional<NearestMiss>
one_segment_off(const Config& config, std::string_view path)
{
  const auto segments = split_segments(path);
  const bool trailing = path.size() > 1 && path.back() == '/';
  RE2::Options options;
  options.set_log_errors(false);
  std::optional<NearestMiss> best;
  std::size_t best_distance = 0;
  for (std::size_t r = 0; r < config.rules.size(); ++r) {
    const Pattern& pattern = config.rules[r].pattern;
    const auto& pattern_segments = pattern.segments();
    if (pattern_segments.size() != segments.size()) {
      continue;
    }
    // The one static segment that differs (a segment of a single static part only).
    std::optional<std::size_t> differs;
    bool more = false;
    for (std::size_t i = 0; i < segments.size() && !more; ++i) {
      const PatternSegment& segment = pattern_segments[i];
      if (segment.size() == 1 && segment[0].kind == PatternPart::Kind::text &&
          segment[0].canonical != segments[i]) {
        more = differs.has_value();
        differs = i;
      }
    }
    if (!differs || more) {
      continue;
    }
    // With that segment spelt as the rule has it, the rule must match (params, mixed segments).
    std::string fixed;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      fixed += '/';
      fixed += i == *differs ? std::string_view(pattern_segments[i][0].canonical) : segments[i];
    }
    if (trailing) {
      fixed += '/';
    }
    const RE2 regex(pattern.regex(config.trailing_slash), options);
    if (!RE2::FullMatch(fixed, regex)) {
      continue;
    }
    const std::string_view want = pattern_segments[*differs][0].canonical;
    const std::size_t distance = edit_distance(segments[*differs], want);
    // Only a spelling close enough to be a slip (`guides` for `guide`), not another route.
    if (distance > std::max<std::size_t>(2, want.size() / 3)) {
      continue;
    }
    if (!best || distance < best_distance) {
      best_distance = distance;
      best = NearestMiss{r,
                         fmt::format("segment {}: \"{}\" is not \"{}\"; {} would match",
                                     *differs + 1,
                                     segments[*differs],
                                     want,
                                     fixed)};
    }
  }
  return best;
}

// A rule that matches `path` with one more segment, a `[param]` (`/blog` for `/blog/[slug]`).
std::optional<NearestMiss>
one_segment_short(const Config& config, std::string_view path)
{
  const auto segments = split_segments(path);
  RE2::Options options;
  options.set_log_errors(false);
  for (std::size_t r = 0; r < config.rules.size(); ++r) {
    const Pattern& pattern = config.rules[r].pattern;
    const auto& pattern_segments = pattern.segments();
    if (pattern_segments.size() != segments.size() + 1 || pattern_segments.back().size() != 1 ||
        pattern_segments.back()[0].kind != PatternPart::Kind::param) {
      continue;
    }
    std::string base(path);
    if (base.ends_with('/')) {
      base.pop_back();
    }
    const std::string example = base + "/x";
    const RE2 regex(pattern.regex(config.trailing_slash), options);
    if (RE2::FullMatch(example, regex) || RE2::FullMatch(example + "/", regex)) {
      return NearestMiss{r,
                         fmt::format("one segment short: [{}] needs a value, as in {}",
                                     pattern_segments.back()[0].text,
                                     example)};
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<NearestMiss>
nearest_miss(const Config& config, const RuleMatcher& matcher, const Resolution& resolution)
{
  if (resolution.kind == Resolution::Kind::outside_base) {
    // The base left out: the full path, read as base-relative, matches a rule.
    const std::string& path = resolution.url.path;
    if (const auto match = matcher.match(path)) {
      std::string base = config.base;
      if (base.ends_with('/')) {
        base.pop_back();
      }
      return NearestMiss{match->rule,
                         fmt::format("the path is outside [site] base = \"{}\"; {}{} would match",
                                     config.base,
                                     base,
                                     path)};
    }
    return std::nullopt;
  }
  if (resolution.kind != Resolution::Kind::unmatched) {
    return std::nullopt;
  }
  const std::string& path = resolution.path;
  if (config.trailing_slash != TrailingSlash::ignore && path != "/") {
    const bool has_slash = path.ends_with('/');
    const std::string toggled = has_slash ? path.substr(0, path.size() - 1) : path + "/";
    if (const auto match = matcher.match(toggled)) {
      return NearestMiss{
          match->rule,
          fmt::format("trailing_slash = \"{}\" refuses {} trailing /; {} would match",
                      to_string(config.trailing_slash),
                      has_slash ? "a" : "a path without a",
                      toggled)};
    }
  }
  if (auto miss = one_segment_off(config, path)) {
    return miss;
  }
  return one_segment_short(config, path);
}

} // namespace cachectl
