#include "simulate_shard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>

namespace cachectl::cli {

namespace {

// A fingerprint as 16 hex digits (a JSON number would lose bits in most readers).
std::string
hex(std::uint64_t value)
{
  return fmt::format("{:016x}", value);
}

} // namespace

Json
raw_counts_json(const SimulationCounts& c)
{
  return Json{{"requests", c.requests},
              {"hits", c.hits},
              {"stale_hits", c.stale_hits},
              {"stale_if_error", c.stale_if_error},
              {"misses", c.misses},
              {"passes", c.passes},
              {"origin_requests", c.origin_requests},
              {"bytes", c.bytes},
              {"hit_bytes", c.hit_bytes}};
}

namespace {

// Thrown by the readers below for a member that is missing or of the wrong type; caught in
// read_shard (nlohmann's own exceptions are caught there too).
struct BadMember {
  std::string what;
};

// Member `key` of object `object`, which `path` names in messages.
const Json&
member(const Json& object, std::string_view key, std::string_view path)
{
  if (!object.is_object()) {
    throw BadMember{fmt::format("`{}` is not an object", path)};
  }
  const auto it = object.find(key);
  if (it == object.end()) {
    throw BadMember{fmt::format("`{}` has no member `{}`", path, key)};
  }
  return *it;
}

// A whole number ≥ 0 at `object[key]`, at most `max`.
std::uint64_t
number(const Json& object,
       std::string_view key,
       std::string_view path,
       std::uint64_t max = std::numeric_limits<std::uint64_t>::max())
{
  const Json& value = member(object, key, path);
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() > max) {
    throw BadMember{fmt::format("`{}.{}` is not a whole number of 0 to {}", path, key, max)};
  }
  return value.get<std::uint64_t>();
}

// A signed whole number at `object[key]`.
std::int64_t
integer(const Json& object, std::string_view key, std::string_view path)
{
  const Json& value = member(object, key, path);
  if (!value.is_number_integer() ||
      (value.is_number_unsigned() &&
       value.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max()))) {
    throw BadMember{fmt::format("`{}.{}` is not a whole number", path, key)};
  }
  return value.get<std::int64_t>();
}

// A string at `object[key]`; null as "" when `nullable`.
std::string
text(const Json& object, std::string_view key, std::string_view path, bool nullable = false)
{
  const Json& value = member(object, key, path);
  if (nullable && value.is_null()) {
    return {};
  }
  if (!value.is_string()) {
    throw BadMember{fmt::format("`{}.{}` is not a string", path, key)};
  }
  return value.get<std::string>();
}

// A fingerprint (16 hex digits) at `object[key]`; null as 0 when `nullable`.
std::uint64_t
fingerprint(const Json& object, std::string_view key, std::string_view path, bool nullable = false)
{
  const std::string digits = text(object, key, path, nullable);
  if (nullable && digits.empty()) {
    return 0;
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (digits.size() != 16 || ec != std::errc() || end != digits.data() + digits.size()) {
    throw BadMember{fmt::format("`{}.{}` is not 16 hex digits", path, key)};
  }
  return value;
}

// The array at `object[key]`.
const Json&
array(const Json& object, std::string_view key, std::string_view path)
{
  const Json& value = member(object, key, path);
  if (!value.is_array()) {
    throw BadMember{fmt::format("`{}.{}` is not an array", path, key)};
  }
  return value;
}

// Raw counts read back.
SimulationCounts
read_counts(const Json& object, const std::string& path)
{
  SimulationCounts c;
  c.requests = number(object, "requests", path);
  c.hits = number(object, "hits", path);
  c.stale_hits = number(object, "stale_hits", path);
  c.stale_if_error = number(object, "stale_if_error", path);
  c.misses = number(object, "misses", path);
  c.passes = number(object, "passes", path);
  c.origin_requests = number(object, "origin_requests", path);
  c.bytes = number(object, "bytes", path);
  c.hit_bytes = number(object, "hit_bytes", path);
  return c; // whether they add up is the merge's to check
}

// `[[minute, …], …]` read back, each point of `width` numbers, minutes strictly increasing.
std::vector<std::vector<std::uint64_t>>
read_points(const Json& object, std::string_view key, const std::string& path, std::size_t width)
{
  std::vector<std::vector<std::uint64_t>> out;
  for (const Json& point : array(object, key, path)) {
    if (!point.is_array() || point.size() != width) {
      throw BadMember{
          fmt::format("`{}.{}` holds a point that is not {} numbers", path, key, width)};
    }
    std::vector<std::uint64_t> values;
    for (const Json& value : point) {
      const std::uint64_t max = values.empty() ? std::numeric_limits<std::uint64_t>::max()
                                               : std::numeric_limits<std::uint32_t>::max();
      if (!value.is_number_unsigned() || value.get<std::uint64_t>() > max) {
        throw BadMember{fmt::format("`{}.{}` holds a count out of range", path, key)};
      }
      values.push_back(value.get<std::uint64_t>());
    }
    if (!out.empty() && values.front() <= out.back().front()) {
      throw BadMember{fmt::format("`{}.{}` is not in minute order", path, key)};
    }
    out.push_back(std::move(values));
  }
  return out;
}

// Noted lines read back.
std::vector<LineNote>
read_notes(const Json& object, std::string_view key, const std::string& path)
{
  std::vector<LineNote> out;
  for (const Json& note : array(object, key, path)) {
    out.push_back({number(note, "line", path), text(note, "message", path)});
  }
  if (out.size() > noted_lines) {
    throw BadMember{fmt::format("`{}.{}` holds more than {} lines", path, key, noted_lines)};
  }
  return out;
}

// One run of the `runs` member read back, the whole-log facts from the shard's (already read)
// and from `log`.
SimulationReport
read_run(const Json& run, const ShardFacts& facts, const Json& log, const std::string& path)
{
  SimulationReport r;
  r.lines = facts.lines;
  r.log_requests = facts.log_requests;
  r.first_ms = facts.first_ms;
  r.last_ms = facts.last_ms;
  // The noted lines as the document's `log` shows them.
  r.unparsable = number(log, "unparsable", "log");
  r.unparsable_lines = read_notes(log, "unparsable_lines", "log");
  r.reordered = number(log, "reordered", "log");
  r.reordered_lines = read_notes(log, "reordered_lines", "log");
  r.purges = number(run, "purges", path);
  r.purged_objects = number(run, "purged_objects", path);
  r.evictions = number(run, "evictions", path);
  for (const auto& point : read_points(run, "minutes", path, 3)) {
    r.minutes.push_back(MinuteCount{
        point[0], static_cast<std::uint32_t>(point[1]), static_cast<std::uint32_t>(point[2])});
  }
  for (const Json& row : array(run, "rules", path)) {
    const std::string at = path + ".rules[]";
    RuleSimulation rule;
    rule.pattern = text(row, "pattern", at, true);
    rule.where = text(row, "where", at, true);
    rule.counts = read_counts(member(row, "counts", at), at + ".counts");
    for (const auto& point : read_points(row, "origin_minutes", at, 2)) {
      rule.origin_minutes.emplace_back(point[0], static_cast<std::uint32_t>(point[1]));
    }
    r.rules.push_back(std::move(rule));
  }
  r.total = read_counts(member(run, "total", path), path + ".total");
  return r;
}

} // namespace

Json
shard_json(const ShardFacts& facts, const std::vector<SimulationRun>& runs)
{
  Json out{{"version", k_shard_format_version},
           {"index", facts.spec.index},
           {"count", facts.spec.count},
           {"hash", facts.hash},
           {"config_fingerprint", hex(facts.config_fingerprint)},
           {"compare_fingerprint",
            runs.size() > 1 ? Json(hex(facts.compare_fingerprint)) : Json(nullptr)},
           {"log_fingerprint", hex(facts.log_fingerprint)},
           {"purge_fingerprint", hex(facts.purge_fingerprint)},
           {"settings", facts.settings},
           {"lines", facts.lines},
           {"log_requests", facts.log_requests},
           {"first_ms", facts.first_ms},
           {"last_ms", facts.last_ms}};
  Json runs_json = Json::array();
  for (const SimulationRun& run : runs) {
    const SimulationReport& r = run.report;
    Json minutes = Json::array();
    for (const MinuteCount& m : r.minutes) {
      minutes.push_back(Json::array({m.minute, m.hits, m.requests}));
    }
    Json rules = Json::array();
    for (const RuleSimulation& rule : r.rules) {
      Json origin = Json::array();
      for (const auto& [minute, count] : rule.origin_minutes) {
        origin.push_back(Json::array({minute, count}));
      }
      rules.push_back(Json{{"pattern", rule.pattern.empty() ? Json(nullptr) : Json(rule.pattern)},
                           {"where", rule.where.empty() ? Json(nullptr) : Json(rule.where)},
                           {"counts", raw_counts_json(rule.counts)},
                           {"origin_minutes", std::move(origin)}});
    }
    runs_json.push_back(Json{{"config", run.config},
                             {"total", raw_counts_json(r.total)},
                             {"purges", r.purges},
                             {"purged_objects", r.purged_objects},
                             {"evictions", r.evictions},
                             {"minutes", std::move(minutes)},
                             {"rules", std::move(rules)}});
  }
  out["runs"] = std::move(runs_json);
  return out;
}

std::expected<ShardFile, std::string>
read_shard(std::string_view text_in)
{
  const Json doc = Json::parse(text_in, nullptr, false);
  if (doc.is_discarded()) {
    return std::unexpected(std::string("not JSON"));
  }
  if (!doc.is_object() || !doc.contains("shard")) {
    return std::unexpected(std::string(
        "not a shard file: it has no `shard` member (write one with `simulate --shard I/N`)"));
  }
  try {
    const Json& shard = doc["shard"];
    if (integer(shard, "version", "shard") != k_shard_format_version) {
      throw BadMember{fmt::format("`shard.version` is not {}", k_shard_format_version)};
    }
    ShardFile file;
    ShardFacts& facts = file.input.facts;
    facts.spec.count = static_cast<unsigned>(number(shard, "count", "shard", max_shards));
    facts.spec.index = static_cast<unsigned>(number(shard, "index", "shard", max_shards));
    if (facts.spec.count == 0 || facts.spec.index >= facts.spec.count) {
      throw BadMember{fmt::format(
          "`shard.index` {} is not one of the {} shards", facts.spec.index, facts.spec.count)};
    }
    facts.hash = text(shard, "hash", "shard");
    facts.config_fingerprint = fingerprint(shard, "config_fingerprint", "shard");
    facts.compare_fingerprint = fingerprint(shard, "compare_fingerprint", "shard", true);
    facts.log_fingerprint = fingerprint(shard, "log_fingerprint", "shard");
    facts.purge_fingerprint = fingerprint(shard, "purge_fingerprint", "shard");
    facts.settings = text(shard, "settings", "shard");
    facts.lines = number(shard, "lines", "shard");
    facts.log_requests = number(shard, "log_requests", "shard");
    facts.first_ms = integer(shard, "first_ms", "shard");
    facts.last_ms = integer(shard, "last_ms", "shard");
    // A log time lies in the years 0000 to 9999 (access_record.cpp).
    constexpr std::int64_t k_first_ms = -62'167'219'200'000;
    constexpr std::int64_t k_last_ms = 253'402'300'799'999;
    if (facts.first_ms < k_first_ms || facts.last_ms > k_last_ms ||
        facts.first_ms > facts.last_ms) {
      throw BadMember{"`shard.first_ms` and `shard.last_ms` are not the span of a log"};
    }
    // The settings as the document shows them (simulate_render.hpp, render_simulation_json).
    const Json& log = member(doc, "log", "$");
    file.setup.log = text(log, "file", "log");
    file.setup.log_format = text(log, "format", "log");
    const Json& settings = member(doc, "settings", "$");
    file.setup.capacity = text(settings, "capacity", "settings");
    file.setup.policy = text(settings, "policy", "settings");
    file.setup.pops = static_cast<unsigned>(number(settings, "pops", "settings", 1000));
    file.setup.purge_every_s = integer(settings, "purge_every", "settings");
    file.setup.purge_events = number(settings, "purge_events", "settings");
    // The words a shard can have written, and no other (they are printed as they are).
    const auto& formats = log_format_names();
    if (std::find(formats.begin(), formats.end(), file.setup.log_format) == formats.end() ||
        file.setup.capacity != "unlimited" ||
        (file.setup.policy != "lru" && file.setup.policy != "sieve")) {
      throw BadMember{"`log.format`, `settings.capacity` or `settings.policy` is not one a shard "
                      "writes"};
    }
    const Json& runs = array(shard, "runs", "shard");
    if (runs.empty() || runs.size() > 2 || (runs.size() == 2) != (facts.compare_fingerprint != 0)) {
      throw BadMember{std::string("`shard.runs` must hold one run, or two with --compare")};
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const std::string path = fmt::format("shard.runs[{}]", i);
      file.configs.push_back(text(runs[i], "config", path));
      file.input.reports.push_back(read_run(runs[i], facts, log, path));
    }
    return file;
  } catch (const BadMember& bad) {
    return std::unexpected("not a valid shard file: " + bad.what);
  } catch (const Json::exception& e) {
    return std::unexpected(fmt::format("not a valid shard file: {}", e.what()));
  }
}

} // namespace cachectl::cli
