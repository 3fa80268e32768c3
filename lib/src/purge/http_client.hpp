// HTTP transport of purges: libcurl's multi interface (loaded on first use, curl_library.hpp),
// many requests in flight on one thread, TLS verification always on, no redirects, connect and
// total timeouts. Every request on the wire is one the caller started: libcurl's own re-send on
// a reused connection that turned out dead is stopped (the transfer fails, the caller retries
// it, counted and paced). Loopback endpoints never go through a proxy (a proxy from http_proxy
// would see the credentials of a plain http:// request); other endpoints are https://,
// tunnelled end to end through a proxy.
#pragma once

#include <cachectl/purge/purge.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cachectl {

/// A response, or why there is none.
struct HttpResponse {
  int status = 0;                                           ///< 0 when no response arrived
  std::vector<std::pair<std::string, std::string>> headers; ///< names lowercased
  std::string body;      ///< at most the request's max_body bytes are kept
  bool body_cut = false; ///< the body was longer than max_body
  std::string error;     ///< transport error (connection refused, timeout, TLS...); empty if none
  bool timed_out = false;
};

/// Timeouts of one request.
struct HttpTimeouts {
  std::chrono::milliseconds connect{10000};
  std::chrono::milliseconds total{30000};
};

/// True when `url` may be used: https, or http to a loopback address (127.0.0.0/8, ::1,
/// localhost). Purge credentials never travel in clear text over a network.
bool transport_allowed(std::string_view url);

/// True when the host of `url` is a loopback address (127.0.0.0/8 as a literal, ::1,
/// localhost).
bool is_loopback(std::string_view url);

/// Runs many HTTP requests at once on the calling thread.
class HttpClient {
public:
  /// A client; loads libcurl on first use. When libcurl cannot be loaded, every request
  /// started fails (reported by wait()) with that error as its transport error.
  HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  ~HttpClient();

  /// Starts `request`; its completion is reported by wait() with `id`.
  void start(std::uint64_t id, const HttpRequest& request, const HttpTimeouts& timeouts);
  /// Waits at most `max_wait` for transfers to progress, or until `wake_fd` (when not -1) is
  /// readable; returns those that completed.
  std::vector<std::pair<std::uint64_t, HttpResponse>> wait(std::chrono::milliseconds max_wait,
                                                           int wake_fd = -1);
  /// Stops every transfer in flight; returns their ids.
  std::vector<std::uint64_t> abandon();
  /// Requests started and not yet reported.
  std::size_t in_flight() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace cachectl
