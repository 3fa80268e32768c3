#include "purge/http_client.hpp"
#include "purge/purge_adapter.hpp"
#include "purge/purge_plan.hpp"
#include "purge/signing.hpp"
#include "util/token_bucket.hpp"

#include <cachectl/headers/tags.hpp>
#include <cachectl/purge/purge.hpp>

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <map>
#include <random>
#include <unordered_map>

namespace cachectl {

namespace {

using Clock = std::chrono::steady_clock;

// Longest wait a Retry-After is honoured for; a longer one is capped (and said so).
constexpr double k_max_retry_after = 120;
// Backoff of the first retry without Retry-After, doubled each time up to k_max_backoff.
constexpr double k_first_backoff = 1;
constexpr double k_max_backoff = 30;
// How often progress is reported.
constexpr auto k_progress_interval = std::chrono::milliseconds(250);

// Seconds between two time points.
double
seconds_between(Clock::time_point from, Clock::time_point to)
{
  return std::chrono::duration<double>(to - from).count();
}

// A time point `seconds` after `from`.
Clock::time_point
after(Clock::time_point from, double seconds)
{
  return from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

// Parses a non-negative number setting; nullopt when it is not one.
std::optional<double>
parse_number(std::string_view text)
{
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
      value < 0) {
    return std::nullopt;
  }
  return value;
}

// The batch state shared by the calls of one batch (one per cache node).
struct BatchState {
  PurgeBatch batch; ///< as planned and reported: tags in their canonical spelling
  PurgeBatch wire;  ///< as sent: tags in the provider's spelling (encode_tag, headers/tags.hpp)
  std::vector<std::string> wheres;       ///< input of each item, for messages
  std::size_t pending = 0;               ///< calls not finished yet
  std::string failure;                   ///< first failure of any of its calls
  std::vector<std::string> failed_items; ///< partial failures (items failed inside an ok call)
};

// One API call: a request of a batch, with its attempts.
struct Call {
  std::size_t number = 0;
  std::shared_ptr<BatchState> state;
  PlannedRequest planned;
  unsigned attempts = 0;
  Clock::time_point first_sent;
  Clock::time_point not_before;
  int last_status = 0;
  std::string id;
};

// The report of a call for the observer.
CallReport
report_of(const Call& call, Clock::time_point now)
{
  CallReport report;
  report.call = call.number;
  report.kind = call.state->batch.kind;
  report.targets = call.state->batch.items;
  report.node = call.planned.node;
  report.method = call.planned.request.method;
  report.url = call.planned.request.url;
  report.status = call.last_status;
  report.attempts = call.attempts;
  report.id = call.id;
  if (call.attempts > 0) {
    report.seconds = seconds_between(call.first_sent, now);
  }
  return report;
}

// Why `tag` can never be one of `provider`'s cache tags (too long, a byte its tags cannot
// hold): such a tag fails alone instead of making the API refuse its whole batch. Empty when
// it can be.
std::string
tag_refusal(const ProviderInfo& provider, std::string_view tag)
{
  if (!provider.has_tags) {
    return {};
  }
  const TagSyntax& syntax = provider.tags;
  const std::string wire = encode_tag(syntax, tag);
  if (syntax.max_tag_length > 0 && wire.size() > syntax.max_tag_length) {
    return fmt::format("{} tags have at most {} bytes; this one has {}{}",
                       provider.display,
                       syntax.max_tag_length,
                       wire.size(),
                       wire == tag ? "" : fmt::format(" as written (`{}…`)", wire.substr(0, 24)));
  }
  return {};
}

// `batch` as sent to `provider`: tags in the spelling `headers` writes (encode_tag, once).
PurgeBatch
wire_batch(const ProviderInfo& provider, const PurgeBatch& batch)
{
  PurgeBatch wire = batch;
  if (batch.kind == TargetKind::tag && provider.has_tags) {
    for (auto& item : wire.items) {
      item = encode_tag(provider.tags, item);
    }
  }
  return wire;
}

} // namespace

Environment
process_environment()
{
  return process_env();
}

HttpRequest
redacted(const HttpRequest& request)
{
  HttpRequest out = request;
  for (auto& [name, value] : out.headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
      return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    if (std::find(request.secret_headers.begin(), request.secret_headers.end(), lower) ==
        request.secret_headers.end()) {
      continue;
    }
    // Keep an auth scheme word (`Bearer`, `EG1-HMAC-SHA256`, `AWS4-HMAC-SHA256`) for clarity.
    const std::size_t space = value.find(' ');
    const bool scheme =
        space != std::string::npos && space > 0 &&
        std::all_of(value.begin(), value.begin() + static_cast<long>(space), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-';
        });
    value = scheme ? value.substr(0, space) + " ***" : "***";
  }
  return out;
}

std::string
purge_unsupported(const ProviderInfo& provider, TargetKind kind)
{
  const PurgeProfile& profile = provider.purge;
  // Items per call of each kind the provider purges (path and rule expand to url and tag).
  const auto limit = [&](TargetKind k) -> std::size_t {
    switch (k) {
    case TargetKind::url:
    case TargetKind::path:
      return profile.url_batch;
    case TargetKind::tag:
    case TargetKind::rule:
      return profile.tag_batch;
    case TargetKind::prefix:
      return profile.prefix_batch;
    case TargetKind::host:
      return profile.host_batch;
    case TargetKind::everything:
      return profile.everything ? 1 : 0;
    }
    return 0;
  };
  if (limit(kind) > 0) {
    return {};
  }
  std::vector<std::string_view> kinds;
  for (const TargetKind k : {TargetKind::url,
                             TargetKind::tag,
                             TargetKind::prefix,
                             TargetKind::host,
                             TargetKind::everything}) {
    if (limit(k) > 0) {
      kinds.push_back(target_kind_name(k));
    }
  }
  return fmt::format("{} cannot purge by {} (it purges: {})",
                     provider.display,
                     target_kind_name(kind),
                     fmt::join(kinds, ", "));
}

struct Purger::Impl {
  PurgeSettings settings;
  Config config;
  PurgeContext context;
  Environment environment;
  std::unique_ptr<PurgeAdapter> adapter;

  // Items per call for `kind` (0: not supported).
  std::size_t
  batch_limit(TargetKind kind) const
  {
    const PurgeProfile& profile = settings.provider->purge;
    std::size_t limit = 0;
    switch (kind) {
    case TargetKind::url:
      limit = profile.url_batch;
      break;
    case TargetKind::tag:
      limit = profile.tag_batch;
      break;
    case TargetKind::prefix:
      limit = profile.prefix_batch;
      break;
    case TargetKind::host:
      limit = profile.host_batch;
      break;
    case TargetKind::everything:
      return profile.everything ? 1 : 0;
    case TargetKind::path:
    case TargetKind::rule:
      return 1; // expanded before planning
    }
    // A provider whose API takes one item per call keeps doing so; elsewhere batch_size
    // replaces the default (Cloudflare Enterprise takes 500 URLs, say).
    if (limit > 1 && settings.batch_size > 0) {
      return settings.batch_size;
    }
    return limit;
  }
};

Purger::Purger(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

Purger::Purger(Purger&&) noexcept = default;
Purger& Purger::operator=(Purger&&) noexcept = default;
Purger::~Purger() = default;

const PurgeSettings&
Purger::settings() const
{
  return m_impl->settings;
}

std::string
Purger::unsupported(TargetKind kind) const
{
  if (m_impl->batch_limit(kind) > 0) {
    return {};
  }
  return purge_unsupported(*m_impl->settings.provider, kind);
}

std::expected<Purger, PurgeError>
Purger::create(const Config& config,
               std::string_view provider_name,
               const PurgeOverrides& overrides,
               const Environment& environment)
{
  const auto usage = [](std::string message) {
    return std::unexpected(PurgeError{PurgeErrorKind::usage, std::move(message)});
  };
  const auto config_error = [](std::string message) {
    return std::unexpected(PurgeError{PurgeErrorKind::config, std::move(message)});
  };
  const std::string name(provider_name.empty() ? std::string_view(config.provider) : provider_name);
  std::vector<std::string> purgeable;
  for (const ProviderInfo* p : providers()) {
    if (p->purge.available) {
      purgeable.emplace_back(p->name);
    }
  }
  if (name.empty()) {
    return usage(fmt::format("no provider: pass --provider or set [site] provider ({})",
                             fmt::join(purgeable, ", ")));
  }
  const ProviderInfo* provider = find_provider(name);
  if (provider == nullptr) {
    return usage(
        fmt::format("unknown provider \"{}\"; one of: {}", name, fmt::join(purgeable, ", ")));
  }
  if (!provider->purge.available) {
    return usage(fmt::format("provider \"{}\" is a header profile with no purge API; purge "
                             "through the CDN or cache that serves the responses, or http (a "
                             "webhook): one of {}",
                             name,
                             fmt::join(purgeable, ", ")));
  }

  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->environment = environment;
  PurgeSettings& settings = impl->settings;
  PurgeContext& context = impl->context;
  settings.provider = provider;
  context.provider = provider;
  const auto table = std::find_if(config.providers.begin(),
                                  config.providers.end(),
                                  [&](const ProviderSettings& s) { return s.name == name; });
  if (table != config.providers.end()) {
    context.values = table->values;
    context.lists = table->lists;
  }
  const std::string where = fmt::format("[providers.{}]", name);

  for (const RequiredSetting& required : provider->required) {
    const std::string key(required.key);
    const auto value = context.values.find(key);
    const auto list = context.lists.find(key);
    if ((value == context.values.end() || value->second.empty()) &&
        (list == context.lists.end() || list->second.empty())) {
      return config_error(fmt::format("{} needs `{}` ({}) to purge; add it to {}",
                                      where,
                                      key,
                                      required.shape_text,
                                      config.file));
    }
    if (value != context.values.end() && !required.shape.empty() &&
        !RE2::FullMatch(value->second, RE2(required.shape))) {
      return config_error(fmt::format("`{}` of {} must be {}", key, where, required.shape_text));
    }
  }

  // Numbers: the config, else the provider's default; flags override both.
  const auto number =
      [&](std::string_view key) -> std::expected<std::optional<double>, PurgeError> {
    const auto it = context.values.find(std::string(key));
    if (it == context.values.end()) {
      return std::nullopt;
    }
    const auto parsed = parse_number(it->second);
    if (!parsed) {
      return config_error(fmt::format("`{}` of {} is not a number", key, where));
    }
    return parsed;
  };
  const PurgeProfile& profile = provider->purge;
  settings.rate = profile.rate;
  settings.concurrency = profile.concurrency;
  for (const auto& [key, target] :
       {std::pair{"rate", &settings.rate}, std::pair{"timeout", &settings.timeout}}) {
    auto value = number(key);
    if (!value) {
      return std::unexpected(value.error());
    }
    if (*value) {
      if (**value <= 0) {
        return config_error(fmt::format("`{}` of {} must be greater than 0", key, where));
      }
      *target = **value;
    }
  }
  for (const auto& [key, target] :
       {std::pair{"concurrency", &settings.concurrency}, std::pair{"retries", &settings.retries}}) {
    auto value = number(key);
    if (!value) {
      return std::unexpected(value.error());
    }
    if (*value) {
      *target = static_cast<unsigned>(**value);
    }
  }
  if (auto value = number("batch_size"); !value) {
    return std::unexpected(value.error());
  } else if (*value) {
    settings.batch_size = static_cast<std::size_t>(**value);
  }
  if (overrides.rate) {
    settings.rate = *overrides.rate;
  }
  if (overrides.timeout) {
    settings.timeout = *overrides.timeout;
  }
  if (overrides.concurrency) {
    settings.concurrency = *overrides.concurrency;
  }
  if (overrides.retries) {
    settings.retries = *overrides.retries;
  }
  if (overrides.batch_size) {
    settings.batch_size = *overrides.batch_size;
  }
  if (settings.rate <= 0 || settings.timeout <= 0 || settings.concurrency == 0) {
    return usage("--rate, --timeout and --concurrency must be greater than 0");
  }
  settings.connect_timeout = std::min(10.0, settings.timeout);
  settings.soft = overrides.soft;
  settings.dry_run = overrides.dry_run;
  if (settings.soft && !profile.soft) {
    return usage(fmt::format("{} has no soft purge; drop --soft", provider->display));
  }

  // Where requests go: https only, http only to loopback (tests, local proxies).
  settings.endpoint = context.value("endpoint", profile.endpoint);
  while (settings.endpoint.ends_with('/')) {
    settings.endpoint.pop_back();
  }
  std::vector<std::pair<std::string, std::string>> destinations;
  if (!settings.endpoint.empty()) {
    destinations.emplace_back("endpoint", settings.endpoint);
  }
  if (const auto nodes = context.lists.find("nodes"); nodes != context.lists.end()) {
    for (const auto& node : nodes->second) {
      destinations.emplace_back("nodes", node);
    }
  }
  if (const auto url = context.values.find("url"); url != context.values.end()) {
    destinations.emplace_back("url", url->second);
  }
  for (const auto& [key, url] : destinations) {
    if (!url.starts_with("https://") && !url.starts_with("http://")) {
      return config_error(
          fmt::format("`{}` of {} must be an https:// URL, not \"{}\"", key, where, url));
    }
    if (!transport_allowed(url)) {
      return config_error(fmt::format(
          "`{}` of {} is plain http:// ({}); credentials and purges only travel over https:// "
          "(http:// is allowed to loopback addresses only)",
          key,
          where,
          url));
    }
  }
  context.endpoint = settings.endpoint;

  // The token: only ever from the environment.
  settings.token_env = context.value("token_env", profile.token_env);
  if (!settings.token_env.empty()) {
    if (auto token = environment(settings.token_env); token && !token->empty()) {
      context.token = std::move(*token);
    } else if (settings.dry_run) {
      context.token = "$" + settings.token_env; // shown as *** like a real token
    } else if (profile.token_required || context.values.contains("token_env")) {
      return std::unexpected(PurgeError{
          PurgeErrorKind::credentials,
          fmt::format("{} is not set: {} reads its API token from the environment variable "
                      "named by `token_env` of {} (default {})",
                      settings.token_env,
                      provider->display,
                      where,
                      profile.token_env.empty() ? std::string_view("none") : profile.token_env)});
    }
  }
  context.soft = settings.soft;
  context.dry_run = settings.dry_run;
  context.environment = &impl->environment;
  auto adapter = make_purge_adapter(context);
  if (!adapter) {
    return std::unexpected(adapter.error());
  }
  impl->adapter = std::move(*adapter);
  return Purger(std::move(impl));
}

PurgeSummary
Purger::run(TargetSource& source, PurgeObserver& observer)
{
  Impl& impl = *m_impl;
  const PurgeSettings& settings = impl.settings;
  const PurgeAdapter& adapter = *impl.adapter;
  const Clock::time_point start = Clock::now();
  PurgeSummary summary;
  PurgeProgress progress;

  PurgePlanner planner([&](TargetKind kind) { return impl.batch_limit(kind); },
                       settings.provider->purge.max_body_bytes,
                       [&](std::string_view item) { return adapter.item_bytes(item); },
                       adapter.body_overhead());

  // `text` with the token and the adapter's credentials masked: an API that echoes a credential
  // in an error body must not get it printed.
  std::vector<std::string> secrets = adapter.secrets();
  secrets.push_back(impl.context.token);
  const auto scrub = [&](std::string text) {
    for (const std::string& secret : secrets) {
      if (secret.size() < 4) {
        continue;
      }
      for (std::size_t at = text.find(secret); at != std::string::npos;
           at = text.find(secret, at)) {
        text.replace(at, secret.size(), "***");
      }
    }
    return text;
  };

  // Fails a target for good.
  const auto fail_target =
      [&](const Target& target, std::string_view reason, std::string_view where) {
        ++summary.failed;
        observer.on_failed(target, scrub(std::string(reason)), where);
      };

  // Reads input until a batch is ready or the input ends; false at the end.
  bool input_done = false;
  const auto read_input = [&] {
    while (!planner.has_batch() && !input_done) {
      auto item = source.next();
      if (!item) {
        input_done = true;
        planner.finish();
        break;
      }
      if (!item->target) {
        ++summary.failed;
        observer.on_failed(Target{TargetKind::url, {}}, item->target.error(), item->where);
        continue;
      }
      auto checked = check_target(*item->target);
      if (!checked) {
        fail_target(*item->target, checked.error(), item->where);
        continue;
      }
      auto expanded = expand_target(impl.config, *checked);
      if (!expanded) {
        fail_target(*checked, expanded.error(), item->where);
        continue;
      }
      for (const Target& target : *expanded) {
        if (const std::string why = unsupported(target.kind); !why.empty()) {
          fail_target(target, why, item->where);
          continue;
        }
        if (const std::string why = adapter.refuse(target); !why.empty()) {
          fail_target(target, why, item->where);
          continue;
        }
        if (target.kind == TargetKind::tag) {
          if (const std::string why = tag_refusal(*settings.provider, target.value); !why.empty()) {
            fail_target(target, why, item->where);
            continue;
          }
        }
        if (planner.add(target, item->where)) {
          ++summary.targets;
        } else {
          ++summary.duplicates;
        }
      }
    }
    return planner.has_batch();
  };

  std::size_t next_call_number = 1;
  // Turns the next planned batch into calls; empty at the end of the input.
  const auto next_calls = [&] {
    std::vector<std::unique_ptr<Call>> calls;
    if (!read_input()) {
      return calls;
    }
    PlannedBatch planned = planner.take();
    auto state = std::make_shared<BatchState>();
    state->batch = std::move(planned.batch);
    state->wheres = std::move(planned.wheres);
    state->wire = wire_batch(*settings.provider, state->batch);
    for (PlannedRequest& request : adapter.build(state->wire)) {
      auto call = std::make_unique<Call>();
      call->number = next_call_number++;
      call->state = state;
      call->planned = std::move(request);
      calls.push_back(std::move(call));
    }
    state->pending = calls.size();
    progress.calls_planned += calls.size();
    return calls;
  };

  if (settings.dry_run) {
    while (true) {
      auto calls = next_calls();
      if (calls.empty()) {
        break;
      }
      for (const auto& call : calls) {
        ++summary.calls;
        observer.on_request(redacted(call->planned.request), report_of(*call, start));
      }
    }
    summary.seconds = seconds_between(start, Clock::now());
    summary.outcome = summary.failed > 0 ? PurgeOutcome::some_failed : PurgeOutcome::all_purged;
    return summary;
  }

  HttpClient client;
  TokenBucket bucket(settings.rate, start);
  std::mt19937_64 random(std::random_device{}());
  const HttpTimeouts timeouts{
      std::chrono::milliseconds(static_cast<long>(settings.connect_timeout * 1000)),
      std::chrono::milliseconds(static_cast<long>(settings.timeout * 1000))};
  std::deque<std::unique_ptr<Call>> ready;    // planned, not sent yet
  std::vector<std::unique_ptr<Call>> waiting; // to be retried at not_before
  std::unordered_map<std::uint64_t, std::unique_ptr<Call>> in_flight;
  Clock::time_point paused_until = start; // a 429 pauses every call
  std::uint64_t next_id = 1;
  bool any_success = false;
  std::string abort_reason;
  Clock::time_point last_progress = start;

  // Finishes a call: settles its batch when it was the batch's last call.
  const auto finish = [&](std::unique_ptr<Call> call,
                          bool ok,
                          std::string error,
                          Clock::time_point now) {
    CallReport report = report_of(*call, now);
    report.ok = ok;
    report.error = scrub(error);
    ++progress.calls_done;
    ++summary.calls;
    observer.on_call(report);
    BatchState& state = *call->state;
    if (!ok && state.failure.empty()) {
      state.failure = call->planned.node.empty()
                          ? error
                          : fmt::format("node {}: {}", call->planned.node, error);
    }
    if (--state.pending > 0) {
      return;
    }
    for (std::size_t i = 0; i < state.batch.items.size(); ++i) {
      const std::string& item = state.batch.items[i];
      const Target target{state.batch.kind, item};
      const bool partial = std::find(state.failed_items.begin(), state.failed_items.end(), item) !=
                           state.failed_items.end();
      if (!state.failure.empty() || partial) {
        fail_target(target,
                    state.failure.empty() ? std::string("the provider did not confirm this item")
                                          : state.failure,
                    state.wheres[i]);
      } else {
        ++summary.purged;
      }
    }
    progress.purged = summary.purged;
    progress.failed = summary.failed;
  };

  // Stops sending: every call not in flight fails with `reason`, and so does the rest of the
  // input.
  const auto abort_all = [&](const std::string& reason, Clock::time_point now) {
    abort_reason = reason;
    const std::string why = fmt::format("not sent: {}", reason);
    while (!ready.empty()) {
      auto call = std::move(ready.front());
      ready.pop_front();
      finish(std::move(call), false, why, now);
    }
    for (auto& call : waiting) {
      finish(std::move(call), false, why, now);
    }
    waiting.clear();
    while (true) {
      auto calls = next_calls();
      if (calls.empty()) {
        break;
      }
      for (auto& call : calls) {
        finish(std::move(call), false, why, now);
      }
    }
  };

  while (true) {
    Clock::time_point now = Clock::now();
    // Start what may start: retries that are due first, then new calls.
    while (abort_reason.empty() && in_flight.size() < settings.concurrency && now >= paused_until &&
           bucket.ready(now)) {
      std::unique_ptr<Call> call;
      const auto due =
          std::min_element(waiting.begin(), waiting.end(), [](const auto& a, const auto& b) {
            return a->not_before < b->not_before;
          });
      if (due != waiting.end() && (*due)->not_before <= now) {
        call = std::move(*due);
        waiting.erase(due);
      } else {
        if (ready.empty()) {
          for (auto& planned : next_calls()) {
            ready.push_back(std::move(planned));
          }
        }
        if (ready.empty()) {
          break;
        }
        call = std::move(ready.front());
        ready.pop_front();
      }
      bucket.take(now);
      if (call->attempts == 0) {
        call->first_sent = now;
      }
      ++call->attempts;
      ++summary.requests;
      adapter.sign(call->planned.request);
      const std::uint64_t id = next_id++;
      client.start(id, call->planned.request, timeouts);
      in_flight.emplace(id, std::move(call));
    }
    progress.input_done = input_done;

    if (in_flight.empty() && waiting.empty() && ready.empty() &&
        (input_done || !abort_reason.empty()) && !planner.has_batch()) {
      break;
    }

    // Sleep until something can happen: a response, the bucket, a retry, the pause.
    Clock::time_point wake = now + k_progress_interval;
    if (in_flight.size() < settings.concurrency && abort_reason.empty()) {
      wake = std::min(wake, std::max(bucket.next_ready(), paused_until));
      for (const auto& call : waiting) {
        wake = std::min(wake, std::max(call->not_before, paused_until));
      }
    }
    const auto wait_for =
        std::max(std::chrono::milliseconds(0),
                 std::chrono::duration_cast<std::chrono::milliseconds>(wake - now) +
                     std::chrono::milliseconds(1));
    auto completions = client.wait(wait_for);
    now = Clock::now();
    for (auto& [id, response] : completions) {
      auto node = in_flight.extract(id);
      std::unique_ptr<Call> call = std::move(node.mapped());
      call->last_status = response.status;
      Verdict verdict = adapter.judge(call->planned.request, response, call->state->wire);
      if (verdict.kind != Verdict::Kind::ok && verdict.reason.empty()) {
        verdict.reason = fmt::format("HTTP {}", response.status); // never a reasonless failure
      }
      if (verdict.kind == Verdict::Kind::retry && call->attempts > settings.retries) {
        verdict.kind = Verdict::Kind::fail;
        verdict.reason =
            fmt::format("{} (gave up after {} attempts)", verdict.reason, call->attempts);
      }
      switch (verdict.kind) {
      case Verdict::Kind::ok:
        any_success = true;
        call->id = body_excerpt(verdict.id); // printable ASCII, bounded: ids come from bodies
        for (const auto& item : verdict.failed_items) {
          // Back from the wire spelling to the item as planned (reports, --failed-out).
          const auto& wire = call->state->wire.items;
          const auto at = std::find(wire.begin(), wire.end(), item);
          call->state->failed_items.push_back(
              at == wire.end()
                  ? item
                  : call->state->batch.items[static_cast<std::size_t>(at - wire.begin())]);
        }
        finish(std::move(call), true, {}, now);
        break;
      case Verdict::Kind::retry: {
        double delay = 0;
        if (verdict.retry_after) {
          delay = std::min(*verdict.retry_after, k_max_retry_after);
        } else {
          // Exponential backoff with jitter: a random wait in [half, full] of the step.
          const double step =
              std::min(k_max_backoff, k_first_backoff * std::pow(2.0, call->attempts - 1));
          delay = std::uniform_real_distribution<double>(step / 2, step)(random);
        }
        if (verdict.rate_limited) {
          paused_until = std::max(paused_until, after(now, delay));
        }
        ++summary.retries;
        ++progress.retries;
        observer.on_retry(report_of(*call, now), delay, scrub(verdict.reason));
        call->not_before = after(now, delay);
        waiting.push_back(std::move(call));
        break;
      }
      case Verdict::Kind::fail: {
        const bool transport = response.status == 0;
        const std::string reason = verdict.reason;
        finish(std::move(call), false, reason, now);
        if (transport && !any_success && abort_reason.empty()) {
          abort_all(fmt::format("{} is unreachable ({})", settings.provider->display, reason), now);
        }
        break;
      }
      case Verdict::Kind::fatal: {
        const std::string reason = verdict.reason;
        finish(std::move(call), false, reason, now);
        if (abort_reason.empty()) {
          abort_all(
              fmt::format("{} refused the credentials ({})", settings.provider->display, reason),
              now);
        }
        break;
      }
      }
    }
    if (now - last_progress >= k_progress_interval) {
      last_progress = now;
      progress.seconds = seconds_between(start, now);
      observer.on_progress(progress);
    }
  }
  summary.seconds = seconds_between(start, Clock::now());
  progress.seconds = summary.seconds;
  progress.input_done = true;
  observer.on_progress(progress);
  summary.abort_reason = scrub(abort_reason);
  if (summary.failed == 0) {
    summary.outcome = PurgeOutcome::all_purged;
  } else if (summary.purged == 0 && !abort_reason.empty()) {
    summary.outcome = PurgeOutcome::nothing_done;
  } else {
    summary.outcome = PurgeOutcome::some_failed;
  }
  return summary;
}

} // namespace cachectl
