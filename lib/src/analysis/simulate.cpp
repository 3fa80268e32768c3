#include "analysis/request_memo.hpp"
#include "util/text.hpp"

#include <cachectl/analysis/simulate.hpp>
#include <cachectl/analysis/simulate_merge.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace cachectl {

namespace {

// What the config makes of one request.
struct Decision {
  enum class Kind : std::uint8_t {
    pass,     ///< never cached (opt-out, private, method, bypass, no rule)
    store,    ///< cacheable: the answer is kept for `fresh`
    no_store, ///< cacheable rule, but this answer may not be kept (its status, a zero TTL)
  };
  std::uint32_t rule = 0; ///< Config::rules index; rules.size() for no rule
  Kind kind = Kind::pass;
  Freshness fresh;
  std::string key;            ///< host TAB path[?query] [TAB vary/cache-key values]
  std::uint64_t key_hash = 0; ///< CacheStore::key_hash(key)
  std::uint64_t shard = 0;    ///< shard_hash of the key's host and path (only when sharding)
};

// The value of header `name` (ignoring case) in `headers`, or "".
std::string_view
header_value(const std::vector<std::pair<std::string, std::string>>* headers, std::string_view name)
{
  if (headers == nullptr) {
    return {};
  }
  for (const auto& [field, value] : *headers) {
    if (ascii_lower(field) == ascii_lower(name)) {
      return value;
    }
  }
  return {};
}

// The value of cookie `name` in a Cookie header value, or "".
std::string_view
cookie_value(std::string_view cookies, std::string_view name)
{
  while (!cookies.empty()) {
    const std::size_t semicolon = cookies.find(';');
    const std::string_view pair = trim_ows(cookies.substr(0, semicolon));
    const std::size_t equals = pair.find('=');
    if (trim_ows(pair.substr(0, equals)) == name) {
      return equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    }
    if (semicolon == std::string_view::npos) {
      break;
    }
    cookies.remove_prefix(semicolon + 1);
  }
  return {};
}

// The query parameters of `query` whose decoded names are in `keep`, in request order.
std::string
keyed_query(std::string_view query, const std::vector<std::string>& keep)
{
  std::string out;
  while (true) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::string name = percent_decode(pair.substr(0, pair.find('=')));
    if (!name.empty() && std::find(keep.begin(), keep.end(), name) != keep.end()) {
      out += out.empty() ? "" : "&";
      out += pair;
    }
    if (amp == std::string_view::npos) {
      return out;
    }
    query.remove_prefix(amp + 1);
  }
}

// Host, path and query of a cache key.
struct KeyParts {
  std::string_view host;
  std::string_view path;  ///< without the query
  std::string_view query; ///< without `?`
  bool has_query = false;
};

KeyParts
split_key(std::string_view key)
{
  KeyParts parts;
  const std::size_t tab = key.find('\t');
  parts.host = key.substr(0, tab);
  std::string_view target = key.substr(tab + 1);
  target = target.substr(0, target.find('\t'));
  const std::size_t question = target.find('?');
  parts.path = target.substr(0, question);
  if (question != std::string_view::npos) {
    parts.has_query = true;
    parts.query = target.substr(question + 1);
  }
  return parts;
}

// Origin requests per minute (the minutes of a log spanning years cost what its busy minutes
// cost, not one slot per minute).
struct MinuteSeries {
  OriginMinutes points;

  // Counts one origin request in `minute` (never earlier than the last one counted).
  void
  add(std::uint64_t minute)
  {
    if (points.empty() || points.back().first != minute) {
      points.emplace_back(minute, 0);
    }
    ++points.back().second;
  }
};

} // namespace

double
SimulationCounts::hit_ratio() const
{
  return requests == 0 ? 0.0
                       : static_cast<double>(hits + stale_hits + stale_if_error) /
                             static_cast<double>(requests);
}

double
SimulationCounts::byte_hit_ratio() const
{
  return bytes == 0 ? 0.0 : static_cast<double>(hit_bytes) / static_cast<double>(bytes);
}

OriginLoad
origin_load(const OriginMinutes& minutes, std::uint64_t span)
{
  OriginLoad out;
  if (minutes.empty() || span == 0) {
    return out;
  }
  std::vector<std::uint32_t> values;
  values.reserve(minutes.size());
  for (const auto& point : minutes) {
    values.push_back(point.second);
  }
  std::sort(values.begin(), values.end());
  out.peak = values.back() / 60.0;
  const std::uint64_t zeros = span - std::min<std::uint64_t>(span, values.size());
  const auto rank = std::max<std::uint64_t>(
      static_cast<std::uint64_t>(std::ceil(0.99 * static_cast<double>(span))), 1);
  out.p99 = rank <= zeros ? 0.0 : values[std::min(rank - zeros, values.size()) - 1] / 60.0;
  return out;
}

std::optional<std::int64_t>
parse_event_time(std::string_view text)
{
  if (!text.empty() && text.size() <= 12 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::stoll(std::string(text)) * 1000;
  }
  const auto seconds = parse_timestamp(text);
  return seconds ? std::optional(*seconds * 1000) : std::nullopt;
}

struct Simulator::Impl {
  const Config& config;
  SimulationSettings settings;
  CompiledMatcher matcher;
  AccessLogParser parser;
  ParsedLine scratch; // the line feed(text) parses, reused
  std::vector<CacheStore> stores;
  RequestMemo<Decision> memo; // decisions of requests without headers
  SimulationReport report;
  std::vector<SimulationCounts> counts; // per rule, then no rule
  std::vector<MinuteSeries> origin;     // per rule (then no rule)
  MinuteSeries origin_total;
  std::size_t next_purge = 0;
  std::int64_t next_every = 0;
  bool started = false;
  std::size_t latest_line = 0;

  Impl(const Config& c, SimulationSettings s)
      : config(c)
      , settings(std::move(s))
      , matcher(c)
      , parser(settings.format)
      , memo(settings.memo_slots)
      , counts(c.rules.size() + 1)
      , origin(c.rules.size() + 1)
  {
    settings.pops = std::max(1U, settings.pops);
    stores.assign(settings.pops, CacheStore(settings.capacity, settings.eviction));
    std::stable_sort(
        settings.purges.begin(),
        settings.purges.end(),
        [](const PurgeEvent& a, const PurgeEvent& b) { return a.time_ms < b.time_ms; });
  }

  Decision decide(const AccessRecord& record) const;
  void apply_purge(const PurgeEvent& event);
  void purges_until(std::int64_t now_ms);
  void
  count(std::uint32_t rule, std::int64_t now_ms, Outcome outcome, bool pass, std::uint64_t bytes);
};

Decision
Simulator::Impl::decide(const AccessRecord& record) const
{
  Decision decision;
  decision.rule = static_cast<std::uint32_t>(config.rules.size());
  const Resolution resolution = resolve(config, matcher, record.target);
  if (settings.shard_count > 0) {
    // Every request of one cache key (whatever its query, Vary or PoP) has the same host and
    // path; a target that is no URL has no key and goes by its text.
    const bool url = resolution.kind != Resolution::Kind::invalid;
    decision.shard = shard_hash(
        ascii_lower(record.host.empty() ? std::string_view(resolution.url.host) : record.host),
        url ? std::string_view(resolution.url.path) : record.target);
  }
  if (resolution.kind != Resolution::Kind::matched) {
    return decision; // no rule: nothing tells the CDN to cache it
  }
  decision.rule = static_cast<std::uint32_t>(resolution.match->rule);
  Request request;
  request.method = record.method.empty() ? std::string("GET") : std::string(record.method);
  // A 304 revalidated a cached 200: the object's policy is the 200's.
  request.status = record.status == 304 ? 200 : record.status;
  request.query = resolution.url.query;
  request.has_query = resolution.url.has_query;
  if (record.headers != nullptr) {
    request.headers = *record.headers;
  }
  const Policy policy = decide_policy(config, *resolution.match, request);
  const CacheOptions& o = policy.options;
  const bool status_only =
      std::all_of(policy.reasons.begin(), policy.reasons.end(), [](const ConditionHit& hit) {
        return hit.condition == Condition::status;
      });
  if ((!policy.cacheable && !status_only) || o.private_ == true) {
    return decision;
  }
  decision.kind = Decision::Kind::no_store;
  if (policy.cacheable) {
    decision.fresh.ttl_ms = std::max<std::int64_t>(0, o.max_age.value_or(0)) * 1000;
    decision.fresh.swr_ms = std::max<std::int64_t>(0, o.swr.value_or(0)) * 1000;
    decision.fresh.sie_ms = o.must_revalidate == true
                                ? 0
                                : std::max<std::int64_t>(0, o.stale_if_error.value_or(0)) * 1000;
    if (decision.fresh.ttl_ms + decision.fresh.swr_ms + decision.fresh.sie_ms > 0) {
      decision.kind = Decision::Kind::store;
    }
  }
  std::string host =
      ascii_lower(record.host.empty() ? std::string_view(resolution.url.host) : record.host);
  std::string& key = decision.key;
  key = host;
  key += '\t';
  key += resolution.url.path;
  const std::optional<CacheKey>& ck = o.cache_key;
  const std::string query =
      ck && ck->query ? keyed_query(resolution.url.query, *ck->query) : resolution.url.query;
  if (!query.empty()) {
    key += '?';
    key += query;
  }
  std::vector<std::string> fields = o.vary.value_or(std::vector<std::string>{});
  if (ck) {
    fields.insert(fields.end(), ck->headers.begin(), ck->headers.end());
  }
  for (const std::string& field : fields) {
    if (const std::string_view value = header_value(record.headers, field); !value.empty()) {
      key += fmt::format("\t{}={}", ascii_lower(field), value);
    }
  }
  if (ck) {
    const std::string_view cookies = header_value(record.headers, "Cookie");
    for (const std::string& name : ck->cookies) {
      if (const std::string_view value = cookie_value(cookies, name); !value.empty()) {
        key += fmt::format("\tcookie:{}={}", name, value);
      }
    }
  }
  decision.key_hash = CacheStore::key_hash(key);
  return decision;
}

void
Simulator::Impl::apply_purge(const PurgeEvent& event)
{
  ++report.purges;
  std::function<bool(std::string_view, std::uint32_t)> purged;
  using Kind = PurgeEvent::Kind;
  std::string want_host;
  std::string want_path;
  std::string want_query;
  bool want_has_query = false;
  if (event.kind == Kind::url || event.kind == Kind::path) {
    const auto url = normalize_url(event.value);
    if (!url) {
      return;
    }
    want_host = url->host;
    want_path = url->path;
    want_query = url->query;
    want_has_query = url->has_query && !url->query.empty();
  } else if (event.kind == Kind::prefix) {
    std::string_view value = event.value;
    if (const std::size_t scheme = value.find("://"); scheme != std::string_view::npos) {
      value.remove_prefix(scheme + 3);
      const std::size_t slash = value.find('/');
      want_host = ascii_lower(value.substr(0, slash));
      value = slash == std::string_view::npos ? std::string_view("/") : value.substr(slash);
    }
    want_path = value;
  } else if (event.kind == Kind::host) {
    want_host = ascii_lower(event.value);
  }
  // A key without a host (a log without hosts) is taken to be on whatever host is named.
  const auto host_ok = [&](std::string_view host) {
    return want_host.empty() || host.empty() || host == want_host;
  };
  std::unordered_map<std::string, bool> tagged; // path → carries the tag (one lookup per path)
  switch (event.kind) {
  case Kind::everything:
    purged = [](std::string_view, std::uint32_t) { return true; };
    break;
  case Kind::url:
  case Kind::path:
    purged = [&](std::string_view key, std::uint32_t) {
      const KeyParts parts = split_key(key);
      return host_ok(parts.host) && parts.path == want_path &&
             (parts.has_query ? parts.query : std::string_view()) ==
                 (want_has_query ? std::string_view(want_query) : std::string_view());
    };
    break;
  case Kind::prefix:
    purged = [&](std::string_view key, std::uint32_t) {
      const KeyParts parts = split_key(key);
      return host_ok(parts.host) && parts.path.starts_with(want_path);
    };
    break;
  case Kind::host:
    purged = [&](std::string_view key, std::uint32_t) { return host_ok(split_key(key).host); };
    break;
  case Kind::rule:
    purged = [&](std::string_view, std::uint32_t rule) {
      return rule < config.rules.size() && config.rules[rule].pattern.source() == event.value;
    };
    break;
  case Kind::tag:
    purged = [&](std::string_view key, std::uint32_t) {
      const std::string path(split_key(key).path);
      const auto known = tagged.find(path);
      if (known != tagged.end()) {
        return known->second;
      }
      const Resolution resolution = resolve(config, matcher, path);
      bool carries = false;
      if (resolution.kind == Resolution::Kind::matched) {
        const std::vector<std::string> tags = effective_options(config, *resolution.match).tags;
        carries = std::find(tags.begin(), tags.end(), event.value) != tags.end();
      }
      tagged.emplace(path, carries);
      return carries;
    };
    break;
  }
  for (CacheStore& store : stores) {
    report.purged_objects += store.purge_if(purged);
  }
}

void
Simulator::Impl::purges_until(std::int64_t now_ms)
{
  while (next_purge < settings.purges.size() && settings.purges[next_purge].time_ms <= now_ms) {
    apply_purge(settings.purges[next_purge++]);
  }
  if (settings.purge_every_ms > 0 && next_every <= now_ms) {
    // Purging everything again with no request between drops nothing: across an idle gap of
    // many periods one purge stands for all of them (and a gap of years costs one step).
    const std::int64_t periods = (now_ms - next_every) / settings.purge_every_ms + 1;
    apply_purge(PurgeEvent{next_every, PurgeEvent::Kind::everything, {}});
    report.purges += static_cast<std::uint64_t>(periods - 1);
    next_every += periods * settings.purge_every_ms;
  }
}

void
Simulator::Impl::count(
    std::uint32_t rule, std::int64_t now_ms, Outcome outcome, bool pass, std::uint64_t bytes)
{
  const auto minute = static_cast<std::uint64_t>((now_ms - report.first_ms) / 60'000);
  if (report.minutes.empty() || report.minutes.back().minute != minute) {
    report.minutes.push_back(MinuteCount{minute, 0, 0});
  }
  const bool origin_request = pass || outcome != Outcome::hit;
  const bool served_from_cache = !pass && outcome != Outcome::miss;
  for (SimulationCounts* c : {&counts[rule], &report.total}) {
    ++c->requests;
    c->bytes += bytes;
    if (pass) {
      ++c->passes;
    } else if (outcome == Outcome::hit) {
      ++c->hits;
    } else if (outcome == Outcome::stale_hit) {
      ++c->stale_hits;
    } else if (outcome == Outcome::stale_if_error) {
      ++c->stale_if_error;
    } else {
      ++c->misses;
    }
    c->hit_bytes += served_from_cache ? bytes : 0;
    c->origin_requests += origin_request ? 1 : 0;
  }
  ++report.minutes.back().requests;
  report.minutes.back().hits += served_from_cache ? 1 : 0;
  if (origin_request) {
    origin[rule].add(minute);
    origin_total.add(minute);
  }
}

Simulator::Simulator(const Config& config, SimulationSettings settings)
    : m_impl(std::make_unique<Impl>(config, std::move(settings)))
{
}

Simulator::~Simulator() = default;
Simulator::Simulator(Simulator&&) noexcept = default;
Simulator& Simulator::operator=(Simulator&&) noexcept = default;

std::expected<void, LineNote>
Simulator::feed(std::string_view line, std::size_t number)
{
  Impl& s = *m_impl;
  parse_log_line(s.parser, line, number, s.scratch);
  return feed(s.scratch);
}

std::expected<void, LineNote>
Simulator::feed(const ParsedLine& line)
{
  Impl& s = *m_impl;
  ++s.report.lines;
  if (line.kind == ParsedLine::Kind::skipped) {
    return {};
  }
  if (line.kind == ParsedLine::Kind::unparsable) {
    if (s.report.unparsable++ < noted_lines) {
      s.report.unparsable_lines.push_back({line.number, line.error});
    }
    return {};
  }
  const std::size_t number = line.number;
  const AccessRecord& record = line.record;
  std::int64_t now = record.time_ms;
  if (!s.started) {
    s.started = true;
    s.report.first_ms = s.report.last_ms = now;
    s.next_every = now + s.settings.purge_every_ms;
  } else if (now < s.report.last_ms) {
    const std::string at = format_imf_fixdate(now / 1000);
    if (s.report.last_ms - now > reorder_window_ms) {
      return std::unexpected(LineNote{
          number,
          fmt::format("its time ({}) is {} s before line {}'s ({}); the log must be in time order "
                      "(lines at most {} s late are replayed at the latest time)",
                      at,
                      (s.report.last_ms - now) / 1000,
                      s.latest_line,
                      format_imf_fixdate(s.report.last_ms / 1000),
                      reorder_window_ms / 1000)});
    }
    if (s.report.reordered++ < noted_lines) {
      s.report.reordered_lines.push_back(
          {number,
           fmt::format("{} ms before line {}; replayed at that line's time",
                       s.report.last_ms - now,
                       s.latest_line)});
    }
    now = s.report.last_ms;
  }
  if (now > s.report.last_ms || s.latest_line == 0) {
    s.latest_line = number;
  }
  s.report.last_ms = now;
  s.purges_until(now);

  const Decision* decision = nullptr;
  Decision fresh_decision;
  if (record.headers == nullptr) {
    const RequestFields fields{record.method, record.status, record.host, record.target};
    decision = &s.memo.get(fields, [&] { return s.decide(record); });
  } else {
    fresh_decision = s.decide(record);
    decision = &fresh_decision;
  }
  ++s.report.log_requests;
  if (s.settings.shard_count > 0 &&
      decision->shard % s.settings.shard_count != s.settings.shard_index) {
    return {}; // another shard's key
  }
  if (decision->kind == Decision::Kind::pass) {
    s.count(decision->rule, now, Outcome::miss, true, record.bytes);
    return {};
  }
  const std::size_t pop =
      s.stores.size() == 1 ? 0 : static_cast<std::size_t>(fnv1a64(record.client) % s.stores.size());
  const Outcome outcome = s.stores[pop].serve(
      decision->key,
      decision->key_hash,
      now,
      record.status >= 500,
      decision->kind == Decision::Kind::store ? std::optional(decision->fresh) : std::nullopt,
      record.bytes,
      decision->rule);
  s.count(decision->rule, now, outcome, false, record.bytes);
  return {};
}

SimulationReport
Simulator::report() const
{
  const Impl& s = *m_impl;
  SimulationReport report = s.report;
  const std::uint64_t span = report.minutes.empty() ? 0 : report.minutes.back().minute + 1;
  const auto load = [&](const MinuteSeries& series) { return origin_load(series.points, span); };
  report.origin = load(s.origin_total);
  for (std::size_t i = 0; i < s.counts.size(); ++i) {
    RuleSimulation rule;
    if (i < s.config.rules.size()) {
      rule.pattern = s.config.rules[i].pattern.source();
      rule.where = fmt::format("{}:{}", s.config.file, s.config.rules[i].pos.line);
    } else if (s.counts[i].requests == 0) {
      continue;
    }
    rule.counts = s.counts[i];
    rule.origin = load(s.origin[i]);
    rule.origin_minutes = s.origin[i].points;
    report.rules.push_back(std::move(rule));
  }
  for (const CacheStore& store : s.stores) {
    report.evictions += store.evictions();
  }
  return report;
}

} // namespace cachectl
