#include "purge/http_client.hpp"
#include "util/text.hpp"
#include "util/token_bucket.hpp"

#include <cachectl/live/probe.hpp>

#include <fmt/format.h>

#include <chrono>
#include <deque>
#include <map>

namespace cachectl {

namespace {

using Clock = std::chrono::steady_clock;

// How often the loop looks at the stop flag when nothing else wakes it.
constexpr std::chrono::milliseconds k_poll{100};

// A job being worked on.
struct Running {
  std::size_t job = 0;
  std::vector<ProbeResponse> responses;
  Clock::time_point sent;
};

// The milliseconds of `seconds`, at least 1.
std::chrono::milliseconds
millis(double seconds)
{
  return std::chrono::milliseconds(std::max<long long>(1, static_cast<long long>(seconds * 1000)));
}

} // namespace

std::string
probe_refusal(std::string_view url)
{
  const std::size_t scheme_end = url.find("://");
  const std::string scheme =
      scheme_end == std::string_view::npos ? std::string() : ascii_lower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") {
    return "not an http:// or https:// URL";
  }
  if (url.find_first_of(" \t\r\n") != std::string_view::npos) {
    return "contains white space";
  }
  const std::string_view authority =
      url.substr(scheme_end + 3, url.find_first_of("/?#", scheme_end + 3) - (scheme_end + 3));
  if (authority.find('@') != std::string_view::npos) {
    return "carries credentials (user:password@); check and warm never send any";
  }
  if (authority.empty()) {
    return "has no host";
  }
  return {};
}

struct Prober::Impl {
  ProbeSettings settings;
  PurgeCancel cancel;
  HttpClient client;
};

Prober::Prober(const ProbeSettings& settings, const PurgeCancel& cancel)
    : m_impl(std::make_unique<Impl>())
{
  m_impl->settings = settings;
  m_impl->cancel = cancel;
}

Prober::~Prober() = default;

bool
Prober::run(const std::vector<ProbeJob>& jobs,
            const std::function<void(std::size_t, std::vector<ProbeResponse>)>& done)
{
  const ProbeSettings& s = m_impl->settings;
  HttpClient& client = m_impl->client;
  const HttpTimeouts timeouts{millis(s.connect_timeout), millis(s.timeout)};
  TokenBucket bucket(s.rate, Clock::now());
  std::deque<Running> ready; // a job's next request, due now
  std::map<std::uint64_t, Running> in_flight;
  std::size_t next_job = 0;
  std::uint64_t next_id = 1;
  std::sig_atomic_t stops_seen = 0;
  bool stopped = false;
  const auto request_of = [&](const ProbeJob& job) {
    HttpRequest request;
    request.method = s.head ? "HEAD" : "GET";
    request.url = job.url;
    request.follow_redirects = s.follow;
    request.max_body = 0; // the body is read and dropped
    if (!job.host.empty()) {
      request.headers.emplace_back("Host", job.host);
    }
    return request;
  };
  while (true) {
    Clock::time_point now = Clock::now();
    const std::sig_atomic_t stops =
        m_impl->cancel.requests != nullptr ? *m_impl->cancel.requests : 0;
    if (stops > stops_seen) {
      stops_seen = stops;
      stopped = true;
      ready.clear();
      if (stops >= 2) {
        client.abandon();
        in_flight.clear();
      }
    }
    while (!stopped && in_flight.size() < s.concurrency && bucket.ready(now)) {
      if (ready.empty()) {
        if (next_job == jobs.size()) {
          break;
        }
        ready.push_back(Running{next_job++, {}, now});
      }
      Running running = std::move(ready.front());
      ready.pop_front();
      bucket.take(now);
      running.sent = now;
      const std::uint64_t id = next_id++;
      client.start(id, request_of(jobs[running.job]), timeouts);
      in_flight.emplace(id, std::move(running));
    }
    if (in_flight.empty() && (stopped || (ready.empty() && next_job == jobs.size()))) {
      break;
    }
    Clock::time_point wake = now + k_poll;
    if (!stopped && in_flight.size() < s.concurrency) {
      wake = std::min(wake, bucket.next_ready());
    }
    const auto wait_for =
        std::max(std::chrono::milliseconds(0),
                 std::chrono::duration_cast<std::chrono::milliseconds>(wake - now) +
                     std::chrono::milliseconds(1));
    auto completions = client.wait(wait_for, m_impl->cancel.wake_fd);
    now = Clock::now();
    for (auto& [id, response] : completions) {
      auto node = in_flight.extract(id);
      if (node.empty()) {
        continue;
      }
      Running running = std::move(node.mapped());
      ProbeResponse probe{response.status,
                          std::move(response.headers),
                          std::move(response.error),
                          std::chrono::duration<double>(now - running.sent).count()};
      const bool answered = probe.status != 0;
      running.responses.push_back(std::move(probe));
      if (answered && running.responses.size() < jobs[running.job].times) {
        if (!stopped) {
          ready.push_front(std::move(running)); // its next request goes first
        }
        continue;
      }
      done(running.job, std::move(running.responses));
    }
  }
  return !stopped;
}

std::expected<std::string, std::string>
Prober::fetch_body(const std::string& url, std::size_t max_body)
{
  if (const std::string why = probe_refusal(url); !why.empty()) {
    return std::unexpected(why);
  }
  const ProbeSettings& s = m_impl->settings;
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  request.follow_redirects = s.follow;
  request.max_body = max_body;
  HttpClient& client = m_impl->client;
  client.start(0, request, HttpTimeouts{millis(s.connect_timeout), millis(s.timeout)});
  while (true) {
    const std::sig_atomic_t stops =
        m_impl->cancel.requests != nullptr ? *m_impl->cancel.requests : 0;
    if (stops > 0) {
      client.abandon();
      return std::unexpected("interrupted");
    }
    auto completions = client.wait(k_poll, m_impl->cancel.wake_fd);
    if (completions.empty()) {
      continue;
    }
    HttpResponse& response = completions.front().second;
    if (response.status == 0) {
      return std::unexpected(response.error);
    }
    if (response.status < 200 || response.status > 299) {
      return std::unexpected(fmt::format("HTTP status {}", response.status));
    }
    if (response.body_cut) {
      return std::unexpected(fmt::format("larger than {} bytes", max_body));
    }
    return std::move(response.body);
  }
}

} // namespace cachectl
