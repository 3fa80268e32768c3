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

bool
RuleMatcher::match_into(std::string_view path, RuleMatch& out) const
{
  auto found = match(path);
  if (!found) {
    return false;
  }
  out = std::move(*found);
  return true;
}

void
resolve_into(const Config& config,
             const RuleMatcher& matcher,
             std::string_view input,
             Resolution& out)
{
  out.location.clear();
  out.path.clear();
  out.error = UrlError{};
  if (auto normalized = normalize_url_into(input, out.url); !normalized) {
    out.kind = Resolution::Kind::invalid;
    out.error = std::move(normalized.error());
    out.url = NormalizedUrl{};
    out.match.reset();
    return;
  }
  // The base-relative path goes through a BaseStrip that borrows out.path's buffer.
  BaseStrip stripped{BaseStrip::Kind::inside, std::move(out.path), {}};
  strip_base_into(out.url.path, config.base, config.trailing_slash, stripped);
  out.path = std::move(stripped.path);
  switch (stripped.kind) {
  case BaseStrip::Kind::outside:
    out.kind = Resolution::Kind::outside_base;
    out.match.reset();
    return;
  case BaseStrip::Kind::redirect:
    out.kind = Resolution::Kind::redirect;
    out.location = std::move(stripped.location);
    out.path.clear();
    out.match.reset();
    return;
  case BaseStrip::Kind::inside:
    break;
  }
  if (!out.match) {
    out.match.emplace();
  }
  if (matcher.match_into(out.path, *out.match)) {
    out.kind = Resolution::Kind::matched;
  } else {
    out.kind = Resolution::Kind::unmatched;
    out.match.reset();
  }
}

Resolution
resolve(const Config& config, const RuleMatcher& matcher, std::string_view input)
{
  Resolution resolution;
  resolve_into(config, matcher, input, resolution);
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

bool
options_are_static(const Config& config, std::size_t rule)
{
  const auto templated = [](const std::vector<std::string>& tags) {
    return std::any_of(tags.begin(), tags.end(), [](const std::string& tag) {
      return tag.find('{') != std::string::npos;
    });
  };
  return !templated(config.defaults.tags) && !templated(config.rules[rule].options.tags);
}

} // namespace cachectl
