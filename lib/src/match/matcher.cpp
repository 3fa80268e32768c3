#include <cachectl/match/matcher.hpp>

#include <re2/re2.h>

#include <algorithm>

namespace cachectl {

namespace {

// What the matcher keeps per rule: its compiled regex and which captures are rests.
struct CompiledRule {
  std::unique_ptr<RE2> regex;
  std::vector<std::string> names;
  std::vector<bool> is_rest;
};

// Rest flags of a pattern's params, in capture order.
std::vector<bool>
rest_flags(const Pattern& pattern)
{
  std::vector<bool> flags;
  for (const auto& segment : pattern.segments()) {
    for (const auto& part : segment) {
      if (part.dynamic()) {
        flags.push_back(part.kind == PatternPart::Kind::rest);
      }
    }
  }
  return flags;
}

} // namespace

struct ReferenceMatcher::Impl {
  std::vector<std::size_t> order;
  std::vector<CompiledRule> rules; // indexed like Config::rules

  // Tests rule `index` against `path`; fills `out` on a match.
  bool
  test(std::size_t index, std::string_view path, RuleMatch& out) const
  {
    const CompiledRule& rule = rules[index];
    const std::size_t groups = rule.names.size();
    std::vector<re2::StringPiece> captures(groups + 1);
    if (!rule.regex->Match(re2::StringPiece(path.data(), path.size()),
                           0,
                           path.size(),
                           RE2::ANCHOR_BOTH,
                           captures.data(),
                           static_cast<int>(captures.size()))) {
      return false;
    }
    out.rule = index;
    out.params.clear();
    for (std::size_t i = 0; i < groups; ++i) {
      const auto& capture = captures[i + 1];
      // Astro: an empty or missing rest capture is `undefined`, i.e. absent.
      if (rule.is_rest[i] && capture.empty()) {
        continue;
      }
      out.params.emplace_back(rule.names[i], std::string(capture.data(), capture.size()));
    }
    return true;
  }
};

ReferenceMatcher::ReferenceMatcher(const Config& config)
    : m_impl(std::make_unique<Impl>())
{
  m_impl->order = rule_priority_order(config);
  RE2::Options options;
  options.set_log_errors(false);
  m_impl->rules.reserve(config.rules.size());
  for (const auto& rule : config.rules) {
    CompiledRule compiled;
    // The regex text is built from parsed parts with all static text quoted, so it always
    // compiles; a failure would make the rule never match (RE2 reports !ok()).
    compiled.regex = std::make_unique<RE2>(rule.pattern.regex(config.trailing_slash), options);
    compiled.names = rule.pattern.param_names();
    compiled.is_rest = rest_flags(rule.pattern);
    m_impl->rules.push_back(std::move(compiled));
  }
}

ReferenceMatcher::~ReferenceMatcher() = default;
ReferenceMatcher::ReferenceMatcher(ReferenceMatcher&&) noexcept = default;
ReferenceMatcher& ReferenceMatcher::operator=(ReferenceMatcher&&) noexcept = default;

std::optional<RuleMatch>
ReferenceMatcher::match(std::string_view path) const
{
  RuleMatch result;
  for (std::size_t index : m_impl->order) {
    if (m_impl->test(index, path, result)) {
      return result;
    }
  }
  return std::nullopt;
}

std::vector<RuleMatch>
ReferenceMatcher::match_all(std::string_view path) const
{
  std::vector<RuleMatch> all;
  RuleMatch result;
  for (std::size_t index : m_impl->order) {
    if (m_impl->test(index, path, result)) {
      all.push_back(result);
    }
  }
  return all;
}

const std::vector<std::size_t>&
ReferenceMatcher::order() const
{
  return m_impl->order;
}

Resolution
resolve(const Config& config, const RuleMatcher& matcher, std::string_view input)
{
  Resolution resolution;
  auto url = normalize_url(input);
  if (!url) {
    resolution.kind = Resolution::Kind::invalid;
    resolution.error = std::move(url.error());
    return resolution;
  }
  resolution.url = std::move(*url);
  BaseStrip stripped = strip_base(resolution.url.path, config.base, config.trailing_slash);
  switch (stripped.kind) {
  case BaseStrip::Kind::outside:
    resolution.kind = Resolution::Kind::outside_base;
    return resolution;
  case BaseStrip::Kind::redirect:
    resolution.kind = Resolution::Kind::redirect;
    resolution.location = std::move(stripped.location);
    return resolution;
  case BaseStrip::Kind::inside:
    break;
  }
  resolution.path = std::move(stripped.path);
  resolution.match = matcher.match(resolution.path);
  resolution.kind = resolution.match ? Resolution::Kind::matched : Resolution::Kind::unmatched;
  return resolution;
}

CacheOptions
effective_options(const Config& config, const RuleMatch& match)
{
  const Rule& rule = config.rules[match.rule];
  CacheOptions options = merge(config.defaults, rule.options);
  options.tags = expand_page_tags(options.tags, match.params, rule.pattern.param_names());
  return options;
}

} // namespace cachectl
