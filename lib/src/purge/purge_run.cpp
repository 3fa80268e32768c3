// Purger::run: reads the targets, plans them into calls, sends them paced and in parallel,
// retries, and settles every target purged or failed.
#include "purge/http_client.hpp"
#include "purge/purge_plan.hpp"
#include "purge/purger_impl.hpp"
#include "purge/retry_policy.hpp"
#include "purge/secret_mask.hpp"
#include "util/token_bucket.hpp"

#include <cachectl/headers/tags.hpp>
#include <cachectl/purge/purge.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <random>
#include <unordered_map>
#include <unordered_set>

namespace cachectl {

namespace {

using Clock = std::chrono::steady_clock;

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

PurgeSummary
Purger::run(TargetSource& source, PurgeObserver& observer, const PurgeCancel& cancel)
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
  // Every response is masked on arrival, before an adapter parses or cuts it.
  std::vector<std::string> secrets = adapter.secrets();
  secrets.push_back(impl.context.token);
  const SecretMask scrub(std::move(secrets));

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
        observer.on_rejected(*item);
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
  std::unordered_set<std::string> known_nodes; // every cache node a call was planned for
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
      if (!call->planned.node.empty()) {
        known_nodes.insert(call->planned.node);
      }
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
  // Cache nodes (varnish, nginx) found unreachable before any of their calls succeeded: their
  // other calls fail unsent, while the other nodes go on. One node down says nothing about the
  // rest, unlike a provider's one API endpoint, where it stops the run.
  std::unordered_map<std::string, std::string> down_nodes;
  std::unordered_set<std::string> answered_nodes;
  Clock::time_point last_progress = start;
  const Clock::time_point deadline = after(start, settings.deadline);
  // Stop requests seen so far (PurgeCancel), and whether the requests in flight were abandoned.
  std::sig_atomic_t stops_seen = 0;

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

  // Stops sending when a stop was asked or the deadline passed; abandons the requests in flight
  // on a second stop.
  const auto idle = [&] {
    return in_flight.empty() && waiting.empty() && ready.empty() && input_done &&
           !planner.has_batch();
  };
  const auto check_stop = [&](Clock::time_point now) {
    const std::sig_atomic_t stops = cancel.requests != nullptr ? *cancel.requests : 0;
    if (stops > stops_seen) {
      stops_seen = stops;
      summary.interrupted = true;
      if (abort_reason.empty()) {
        abort_all("interrupted", now);
      }
      if (stops >= 2) {
        for (const std::uint64_t id : client.abandon()) {
          auto node = in_flight.extract(id);
          finish(std::move(node.mapped()),
                 false,
                 "unconfirmed: abandoned in flight after a second interrupt",
                 now);
        }
      }
    }
    if (now >= deadline && abort_reason.empty() && !idle()) {
      summary.deadline_passed = true;
      abort_all(fmt::format("the --deadline of {} s passed", settings.deadline), now);
    }
  };

  while (true) {
    Clock::time_point now = Clock::now();
    check_stop(now);
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
      if (const auto down = down_nodes.find(call->planned.node); down != down_nodes.end()) {
        finish(std::move(call), false, fmt::format("not sent: {}", down->second), now);
        continue;
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
    auto completions = client.wait(
        std::min(wait_for,
                 std::chrono::milliseconds(std::max<long>(
                     0,
                     std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() +
                         1))),
        cancel.wake_fd);
    now = Clock::now();
    for (auto& [id, response] : completions) {
      auto node = in_flight.extract(id);
      std::unique_ptr<Call> call = std::move(node.mapped());
      call->last_status = response.status;
      scrub.mask(response);
      Verdict verdict = adapter.judge(call->planned.request, response, call->state->wire);
      if (verdict.kind != Verdict::Kind::ok && verdict.reason.empty()) {
        verdict.reason = fmt::format("HTTP {}", response.status); // never a reasonless failure
      }
      if (verdict.kind == Verdict::Kind::retry && call->attempts > settings.retries) {
        verdict.kind = Verdict::Kind::fail;
        verdict.reason = gave_up(verdict.reason, call->attempts);
      }
      RetryDelay delay;
      if (verdict.kind == Verdict::Kind::retry) {
        delay = retry_delay(verdict, call->attempts, random);
        if (!delay.note.empty()) {
          verdict.reason = fmt::format("{}; {}", verdict.reason, delay.note);
        }
        if (!abort_reason.empty()) {
          verdict.kind = Verdict::Kind::fail;
          verdict.reason = fmt::format("{}; not retried: {}", verdict.reason, abort_reason);
        } else if (after(now, delay.seconds) > deadline) {
          verdict.kind = Verdict::Kind::fail;
          verdict.reason = fmt::format("{}; not retried: the next attempt would come after the "
                                       "--deadline of {} s",
                                       gave_up(verdict.reason, call->attempts),
                                       settings.deadline);
        }
      }
      switch (verdict.kind) {
      case Verdict::Kind::ok:
        any_success = true;
        answered_nodes.insert(call->planned.node);
        call->id = body_excerpt(scrub(verdict.id)); // masked, then cut: ids come from bodies
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
        if (verdict.rate_limited) {
          paused_until = std::max(paused_until, after(now, delay.seconds));
        }
        ++summary.retries;
        ++progress.retries;
        observer.on_retry(report_of(*call, now), delay.seconds, scrub(verdict.reason));
        call->not_before = after(now, delay.seconds);
        waiting.push_back(std::move(call));
        break;
      }
      case Verdict::Kind::fail: {
        const bool transport = response.status == 0;
        const std::string reason = verdict.reason;
        const std::string cache_node = call->planned.node;
        finish(std::move(call), false, reason, now);
        if (transport && !cache_node.empty()) {
          if (!answered_nodes.contains(cache_node)) {
            down_nodes.emplace(cache_node, fmt::format("the node is unreachable ({})", reason));
          }
          // Every node down before any answered: nothing can be done, as with an endpoint.
          if (answered_nodes.empty() && down_nodes.size() == known_nodes.size() &&
              abort_reason.empty()) {
            abort_all(fmt::format("{} is unreachable: no node answered ({})",
                                  settings.provider->display,
                                  reason),
                      now);
          }
        } else if (transport && !any_success && abort_reason.empty()) {
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
  } else if (summary.purged == 0 && !abort_reason.empty() && !summary.interrupted &&
             !summary.deadline_passed) {
    summary.outcome = PurgeOutcome::nothing_done;
  } else {
    summary.outcome = PurgeOutcome::some_failed;
  }
  return summary;
}

} // namespace cachectl
