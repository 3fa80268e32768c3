#include "pattern/url_fast_path.hpp"

#include <cachectl/bench/bench.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/url.hpp>

#include <fmt/format.h>

#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <fstream>
#include <unordered_set>

namespace cachectl {

namespace {

using Clock = std::chrono::steady_clock;

// Results of timed passes land here so that the compiler cannot drop the work.
volatile std::size_t g_sink = 0;

// Seconds between two time points.
double
seconds(Clock::time_point from, Clock::time_point to)
{
  return std::chrono::duration<double>(to - from).count();
}

// Bytes the allocator currently hands out (heap and mmapped chunks; 0 without glibc).
std::int64_t
heap_in_use()
{
#if defined(__GLIBC__)
  const struct mallinfo2 info = mallinfo2();
  return static_cast<std::int64_t>(info.uordblks + info.hblkhd);
#else
  return 0;
#endif
}

// Resident set size of the process in bytes (0 when /proc is not available).
std::int64_t
resident_bytes()
{
  std::ifstream statm("/proc/self/statm");
  std::int64_t pages = 0;
  std::int64_t resident = 0;
  if (!(statm >> pages >> resident)) {
    return 0;
  }
  return resident * static_cast<std::int64_t>(sysconf(_SC_PAGESIZE));
}

// The value at quantile q (0..1) of sorted samples, nearest rank.
double
quantile(const std::vector<double>& sorted, double q)
{
  const double rank = std::ceil(q * static_cast<double>(sorted.size()));
  const std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

// Times `pass` (one run over `items` items): warm-up, then samples of enough passes to last
// settings.sample_s each, until both the minimum time and the minimum sample count are
// reached (or the maximum time, for slow passes).
template <class Pass>
BenchStats
measure(Pass&& pass, std::size_t items, const BenchSettings& settings)
{
  BenchStats stats;
  stats.items = items;
  if (items == 0) {
    return stats;
  }
  const Clock::time_point warm = Clock::now();
  do {
    pass();
  } while (seconds(warm, Clock::now()) < settings.warmup_s);
  const Clock::time_point one = Clock::now();
  pass();
  const double pass_s = std::max(seconds(one, Clock::now()), 1e-9);
  const auto passes =
      static_cast<std::size_t>(std::max(1.0, std::ceil(settings.sample_s / pass_s)));
  const std::size_t min_samples =
      pass_s * 10 > settings.max_time_s ? settings.min_slow_samples : settings.min_samples;
  std::vector<double> samples;
  const Clock::time_point begin = Clock::now();
  while (true) {
    const Clock::time_point a = Clock::now();
    for (std::size_t p = 0; p < passes; ++p) {
      pass();
    }
    const Clock::time_point b = Clock::now();
    samples.push_back(seconds(a, b) * 1e9 / static_cast<double>(passes * items));
    const double elapsed = seconds(begin, b);
    if (samples.size() >= min_samples && elapsed >= settings.min_time_s) {
      break;
    }
    if (elapsed >= settings.max_time_s && samples.size() >= settings.min_slow_samples) {
      break;
    }
  }
  std::vector<double> sorted = samples;
  std::sort(sorted.begin(), sorted.end());
  stats.samples = sorted.size();
  stats.passes = passes;
  stats.median_ns = quantile(sorted, 0.5);
  stats.p99_ns = quantile(sorted, 0.99);
  stats.min_ns = sorted.front();
  double sum = 0;
  for (double s : sorted) {
    sum += s;
  }
  stats.mean_ns = sum / static_cast<double>(sorted.size());
  stats.spread =
      stats.median_ns > 0 ? (quantile(sorted, 0.9) - quantile(sorted, 0.1)) / stats.median_ns : 0;
  return stats;
}

// A deterministic generator (SplitMix64): the same seed gives the same rules everywhere,
// unlike the standard distributions.
class Rng {
public:
  // A generator starting from `seed`.
  explicit Rng(std::uint64_t seed)
      : m_state(seed)
  {
  }

  // The next 64 random bits.
  std::uint64_t
  next()
  {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // A number in [0, n), n > 0.
  std::size_t
  below(std::size_t n)
  {
    return static_cast<std::size_t>(next() % n);
  }
  // True with probability percent / 100.
  bool
  chance(std::size_t percent)
  {
    return below(100) < percent;
  }
  // A number in [0, n) skewed towards 0 (a few sections get most routes, as on real sites).
  std::size_t
  skewed(std::size_t n)
  {
    const double u = static_cast<double>(next() >> 11) / 9007199254740992.0;
    return std::min(n - 1, static_cast<std::size_t>(u * u * static_cast<double>(n)));
  }
  // A random element of `items`.
  template <class Items>
  const auto&
  pick(const Items& items)
  {
    return items[below(items.size())];
  }

private:
  std::uint64_t m_state;
};

// Path words of real sites; numbered variants extend the vocabulary for large rule counts.
constexpr std::array<std::string_view, 48> k_words = {
    "api",      "blog",      "docs",     "users",     "posts",    "products", "categories",
    "search",   "account",   "orders",   "cart",      "checkout", "assets",   "images",
    "static",   "about",     "help",     "news",      "events",   "teams",    "projects",
    "issues",   "comments",  "reviews",  "settings",  "admin",    "reports",  "files",
    "media",    "videos",    "tags",     "authors",   "archive",  "feeds",    "downloads",
    "releases", "pricing",   "legal",    "careers",   "support",  "status",   "changelog",
    "guides",   "reference", "examples", "community", "partners", "store"};

// The i-th word: k_words, then `word2`, `word3`, ... for larger vocabularies.
std::string
word(std::size_t i)
{
  const std::string_view base = k_words[i % k_words.size()];
  const std::size_t round = i / k_words.size();
  return round == 0 ? std::string(base) : fmt::format("{}{}", base, round + 1);
}

// Param names; a pattern repeating one gets a numbered variant.
constexpr std::array<std::string_view, 10> k_names = {
    "id", "slug", "name", "user", "owner", "repo", "page", "lang", "key", "file"};

// Builds the text of one synthetic segment of the given kind.
class SegmentMaker {
public:
  // A maker drawing from `rng`.
  explicit SegmentMaker(Rng& rng)
      : m_rng(rng)
  {
  }

  // A fresh param name for the current pattern.
  std::string
  name()
  {
    const std::string_view base = m_rng.pick(k_names);
    std::size_t n = 1;
    std::string out(base);
    while (std::find(m_used.begin(), m_used.end(), out) != m_used.end()) {
      out = fmt::format("{}{}", base, ++n);
    }
    m_used.push_back(out);
    return out;
  }
  // A segment mixing text and params.
  std::string
  mixed()
  {
    switch (m_rng.below(6)) {
    case 0:
      return fmt::format("v[{}]", name());
    case 1:
      return fmt::format("[{}]-[{}]", name(), name());
    case 2:
      return fmt::format("[{}].json", name());
    case 3:
      return fmt::format("page-[{}]", name());
    case 4:
      return fmt::format("[{}].html", name());
    default:
      return fmt::format("@[{}]", name());
    }
  }
  // A rest mixed with text.
  std::string
  embedded()
  {
    return m_rng.chance(50) ? fmt::format("[...{}].json", name())
                            : fmt::format("[...{}].xml", name());
  }
  // Starts a new pattern.
  void
  reset()
  {
    m_used.clear();
  }

private:
  Rng& m_rng;
  std::vector<std::string> m_used;
};

// Param values for synthesized URLs.
constexpr std::array<std::string_view, 10> k_values = {
    "42", "hello-world", "abc123", "en", "2024", "x", "user-7", "a1b2c3", "main", "index"};

} // namespace

std::expected<Config, std::string>
config_from_patterns(const std::vector<std::string>& patterns, TrailingSlash mode)
{
  Config config;
  config.file = "<routes>";
  config.trailing_slash = mode;
  config.rules.reserve(patterns.size());
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    auto pattern = Pattern::parse(patterns[i]);
    if (!pattern) {
      return std::unexpected(fmt::format("pattern {} \"{}\": {} (column {})",
                                         i + 1,
                                         patterns[i],
                                         pattern.error().message,
                                         pattern.error().column));
    }
    Rule rule;
    rule.pattern = std::move(*pattern);
    rule.pos = {static_cast<std::uint32_t>(i + 1), 1};
    config.rules.push_back(std::move(rule));
  }
  return config;
}

Config
synthetic_config(std::size_t count, std::uint64_t seed, TrailingSlash mode)
{
  Rng rng(seed);
  SegmentMaker maker(rng);
  Config config;
  config.file = "<synthetic>";
  config.trailing_slash = mode;
  config.defaults.browser_max_age = 0;
  config.defaults.vary = std::vector<std::string>{"Accept-Encoding"};
  config.defaults.tags = {"site"};
  // Vocabularies grow with the rule count so that the patterns stay distinct and the trie
  // keeps a realistic fan-out.
  const std::size_t sections = std::max<std::size_t>(8, count / 40);
  const std::size_t words = std::max<std::size_t>(k_words.size(), count / 25);
  constexpr std::array<std::size_t, 6> k_depth_weights = {15, 25, 25, 20, 10, 5};
  std::unordered_set<std::string> seen;
  seen.reserve(count * 2);
  while (config.rules.size() < count) {
    maker.reset();
    std::string text;
    std::size_t depth = 0;
    for (std::size_t roll = rng.below(100); roll >= k_depth_weights[depth]; ++depth) {
      roll -= k_depth_weights[depth];
    }
    ++depth;
    for (std::size_t s = 0; s < depth; ++s) {
      const bool last = s + 1 == depth;
      const std::size_t roll = rng.below(100);
      text += '/';
      if (s == 0) {
        text += roll < 95 ? word(rng.skewed(sections)) : fmt::format("[{}]", maker.name());
      } else if (!last) {
        text += roll < 55   ? word(rng.skewed(words))
                : roll < 90 ? fmt::format("[{}]", maker.name())
                : roll < 97 ? maker.mixed()
                            : fmt::format("[...{}]", maker.name());
      } else {
        text += roll < 40   ? word(rng.skewed(words))
                : roll < 75 ? fmt::format("[{}]", maker.name())
                : roll < 83 ? maker.mixed()
                : roll < 97 ? fmt::format("[...{}]", maker.name())
                            : maker.embedded();
      }
    }
    if (seen.contains(text)) {
      // A repeat: one more static segment makes it distinct (word(i) differs for every i).
      text += fmt::format("/{}", word(config.rules.size()));
      if (seen.contains(text)) {
        continue;
      }
    }
    auto pattern = Pattern::parse(text);
    if (!pattern) {
      continue; // every generated pattern parses; skipped defensively
    }
    seen.insert(text);
    Rule rule;
    rule.pos = {static_cast<std::uint32_t>(config.rules.size() + 1), 1};
    const auto& names = pattern->param_names();
    rule.options.max_age = std::array<std::int64_t, 4>{60, 300, 3600, 86400}[rng.below(4)];
    if (rng.chance(30)) {
      rule.options.swr = 60;
    }
    if (rng.chance(5)) {
      rule.options.cache = false;
    }
    std::string section = text.substr(1, text.find('/', 1) - 1);
    if (section.starts_with('[')) {
      section = "pages";
    }
    rule.options.tags.push_back(section);
    if (!names.empty()) {
      rule.options.tags.push_back(fmt::format("{}:{{{}}}", section, names.front()));
    }
    rule.pattern = std::move(*pattern);
    config.rules.push_back(std::move(rule));
  }
  return config;
}

std::vector<std::string>
synthetic_urls(const Config& config, std::size_t count, std::uint64_t seed)
{
  std::vector<std::string> urls;
  if (config.rules.empty()) {
    return urls;
  }
  Rng rng(seed ^ 0x5bd1e9955bd1e995ULL);
  urls.reserve(count);
  for (std::size_t n = 0; n < count; ++n) {
    const Pattern& pattern = rng.pick(config.rules).pattern;
    std::string url;
    for (const auto& segment : pattern.segments()) {
      if (segment.size() == 1 && segment[0].kind == PatternPart::Kind::rest) {
        const std::size_t taken = rng.below(4);
        for (std::size_t s = 0; s < taken; ++s) {
          url += '/';
          url += rng.pick(k_values);
        }
        continue;
      }
      url += '/';
      for (const auto& part : segment) {
        switch (part.kind) {
        case PatternPart::Kind::text:
          url += part.canonical;
          break;
        case PatternPart::Kind::param:
          url += rng.pick(k_values);
          break;
        case PatternPart::Kind::rest:
          url += rng.pick(k_values);
          if (rng.chance(50)) {
            url += '/';
            url += rng.pick(k_values);
          }
          break;
        }
      }
    }
    if (url.empty()) {
      url.push_back('/'); // (push_back: `= "/"` trips GCC 12 -Wrestrict at -O3)
    } else if (config.trailing_slash == TrailingSlash::always ||
               (config.trailing_slash == TrailingSlash::ignore && rng.chance(10))) {
      url += '/';
    }
    urls.push_back(std::move(url));
  }
  return urls;
}

BenchReport
run_bench(const Config& config, const std::vector<std::string>& urls, const BenchSettings& settings)
{
  BenchReport report;
  report.rules = config.rules.size();
  report.urls = urls.size();

  // Compile, with the allocator and the resident set watched.
  const std::int64_t heap_before = heap_in_use();
  const std::int64_t rss_before = resident_bytes();
  const Clock::time_point compile_start = Clock::now();
  const CompiledMatcher compiled(config);
  report.compile_ms = seconds(compile_start, Clock::now()) * 1e3;
  report.heap_bytes = heap_in_use() - heap_before;
  report.rss_delta_bytes = resident_bytes() - rss_before;
  report.matcher = compiled.stats();

  // The paths the matcher sees: what resolve() hands it.
  std::vector<std::string> paths;
  paths.reserve(urls.size());
  for (const auto& url : urls) {
    auto normalized = normalize_url(url);
    if (!normalized) {
      continue;
    }
    BaseStrip stripped = strip_base(normalized->path, config.base, config.trailing_slash);
    if (stripped.kind == BaseStrip::Kind::inside) {
      paths.push_back(std::move(stripped.path));
    }
  }
  report.paths = paths.size();
  std::vector<RuleMatch> matches;
  for (const auto& path : paths) {
    if (auto m = compiled.match(path)) {
      matches.push_back(std::move(*m));
    }
  }
  report.matched = matches.size();

  RuleMatch reused;
  report.lookup = measure(
      [&] {
        std::size_t sum = 0;
        for (const auto& path : paths) {
          sum += compiled.match_into(path, reused) ? reused.rule + reused.params.size() : 0;
        }
        g_sink = sum;
      },
      paths.size(),
      settings);
  report.match = measure(
      [&] {
        std::size_t sum = 0;
        for (const auto& path : paths) {
          const auto m = compiled.match(path);
          sum += m ? m->rule + m->params.size() : 0;
        }
        g_sink = sum;
      },
      paths.size(),
      settings);
  report.rule_only = measure(
      [&] {
        std::size_t sum = 0;
        for (const auto& path : paths) {
          sum += compiled.match_rule(path).value_or(0);
        }
        g_sink = sum;
      },
      paths.size(),
      settings);
  // The hot loops of match, headers and simulate reuse one Resolution (and its buffers).
  Resolution resolution;
  report.resolve = measure(
      [&] {
        std::size_t sum = 0;
        for (const auto& url : urls) {
          resolve_into(config, compiled, url, resolution);
          sum += static_cast<std::size_t>(resolution.kind);
        }
        g_sink = sum;
      },
      urls.size(),
      settings);
  NormalizedUrl reused_url;
  report.normalize = measure(
      [&] {
        std::size_t sum = 0;
        for (const auto& url : urls) {
          sum += normalize_url_into(url, reused_url) ? reused_url.path.size() : 0;
        }
        g_sink = sum;
      },
      urls.size(),
      settings);
  report.normalize_full = measure(
      [&] {
        std::size_t sum = 0;
        for (const auto& url : urls) {
          const auto normalized = normalize_url_full(url);
          sum += normalized ? normalized->path.size() : 0;
        }
        g_sink = sum;
      },
      urls.size(),
      settings);
  report.policy = measure(
      [&] {
        std::size_t sum = 0;
        for (const auto& m : matches) {
          sum += effective_options(config, m).tags.size();
        }
        g_sink = sum;
      },
      matches.size(),
      settings);

  if (settings.baseline) {
    const std::int64_t before = heap_in_use();
    const Clock::time_point start = Clock::now();
    const ReferenceMatcher reference(config);
    report.baseline_compile_ms = seconds(start, Clock::now()) * 1e3;
    report.baseline_heap_bytes = heap_in_use() - before;
    for (const auto& path : paths) {
      const auto want = reference.match(path);
      const auto got = compiled.match(path);
      const bool same = want.has_value() == got.has_value() &&
                        (!want || (want->rule == got->rule && want->params == got->params));
      report.mismatches += same ? 0 : 1;
    }
    report.baseline = measure(
        [&] {
          std::size_t sum = 0;
          for (const auto& path : paths) {
            const auto m = reference.match(path);
            sum += m ? m->rule + m->params.size() : 0;
          }
          g_sink = sum;
        },
        paths.size(),
        settings);
    if (report.match.median_ns > 0) {
      report.speedup = report.baseline->median_ns / report.match.median_ns;
    }
  }

  for (const BenchStats* s : {&report.lookup, &report.match, &report.rule_only, &report.resolve}) {
    report.noise = std::max(report.noise, s->spread);
  }
  report.noisy = report.noise > settings.noisy_spread;
  return report;
}

} // namespace cachectl
