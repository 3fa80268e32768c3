// Requests to the live site for `check` and `warm`, over purge's transport (libcurl multi: TLS
// verification on, no redirects unless asked, never a proxy for loopback, no libcurl re-sends):
// paced by a token bucket, bounded in concurrency and time, stoppable by a signal.
#pragma once

#include <cachectl/live/header_compare.hpp>
#include <cachectl/purge/purge.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cachectl {

/// How requests to the site are sent.
struct ProbeSettings {
  unsigned concurrency = 4;   ///< requests in flight at once
  double rate = 10;           ///< requests per second
  double timeout = 10;        ///< seconds per request, whole
  double connect_timeout = 5; ///< seconds to connect
  bool head = false;          ///< HEAD instead of GET
  bool follow = false;        ///< follow up to 5 redirects
};

/// One response, or why there is none.
struct ProbeResponse {
  int status = 0;          ///< 0 when no response arrived
  ResponseHeaders headers; ///< names lowercase
  std::string error;       ///< transport error; empty when a response arrived
  double seconds = 0;      ///< from sending to the end of the response
};

/// A URL to request `times` times in a row (the next request once the previous answered).
struct ProbeJob {
  std::string url;
  unsigned times = 1;
  std::string host; ///< `Host` to send instead of the URL's (a cache node); empty: the URL's

  friend bool operator==(const ProbeJob&, const ProbeJob&) = default;
};

/// Why a URL cannot be requested (not http:// or https://, no host, white space, or userinfo:
/// no credential is ever sent, so plain http is allowed); empty when it can.
std::string probe_refusal(std::string_view url);

/// Sends the requests of `check` and `warm`.
class Prober {
public:
  /// A prober with `settings`; `cancel` stops it (see PurgeCancel: a first stop sends nothing
  /// more and lets the requests in flight finish, a second abandons them).
  explicit Prober(const ProbeSettings& settings, const PurgeCancel& cancel = {});
  Prober(const Prober&) = delete;
  Prober& operator=(const Prober&) = delete;
  ~Prober();

  /// Runs every job, up to `concurrency` at once at `rate`, calling `done(index, responses)`
  /// once per job that completed (a request that got no response ends its job early); jobs
  /// not completed when a stop was asked are not reported. Returns false when stopped.
  bool run(const std::vector<ProbeJob>& jobs,
           const std::function<void(std::size_t, std::vector<ProbeResponse>)>& done);

  /// GETs `url` once and keeps at most `max_body` bytes of its body (for sitemaps); the error
  /// says why there is no 2xx body.
  std::expected<std::string, std::string> fetch_body(const std::string& url, std::size_t max_body);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace cachectl
