#include "purge/http_client.hpp"

#include "purge/curl_library.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <curl/curl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <thread>
#include <utility>

namespace cachectl {

namespace {

// Redirects followed when a request asks for it (check --follow).
constexpr long k_max_redirects = 5;

// Strips spaces, tabs and line ends from both sides.
std::string_view
trim(std::string_view text)
{
  const std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) {
    return {};
  }
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

// One transfer: the easy handle and what it needs to outlive.
struct Transfer {
  std::uint64_t id = 0;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string body; ///< request body (libcurl does not copy it)
  HttpResponse response;
  std::size_t max_body = 0; ///< response body bytes kept
  unsigned sends = 0;       ///< times libcurl was about to send the request
  unsigned max_sends = 1;   ///< one, or one per hop when following redirects
};

// libcurl pre-request callback, called before each send of the request: a second send is
// libcurl re-sending on its own (a reused connection was dead), which the caller would neither
// count nor pace; the transfer fails instead and the caller retries it.
int
on_prereq(
    void* user, char* /*conn_primary_ip*/, char* /*conn_local_ip*/, int /*primary*/, int /*local*/)
{
  auto* transfer = static_cast<Transfer*>(user);
  return ++transfer->sends > transfer->max_sends ? CURL_PREREQFUNC_ABORT : CURL_PREREQFUNC_OK;
}

// Reads everything readable from `fd` (a self-pipe's read end), without blocking for long.
void
drain(int fd)
{
  char buffer[64];
  pollfd entry{fd, POLLIN, 0};
  while (poll(&entry, 1, 0) > 0 && (entry.revents & POLLIN) != 0) {
    if (read(fd, buffer, sizeof buffer) <= 0) {
      break;
    }
  }
}

// Nothing in flight: waits `max_wait` for the caller's clock, or until `wake_fd` (when not -1)
// is readable.
void
idle(std::chrono::milliseconds max_wait, int wake_fd)
{
  if (wake_fd >= 0) {
    pollfd entry{wake_fd, POLLIN, 0};
    poll(&entry, 1, static_cast<int>(max_wait.count()));
  } else {
    std::this_thread::sleep_for(max_wait);
  }
}

// libcurl write callback: appends to the response body, up to the request's max_body.
std::size_t
on_body(char* data, std::size_t size, std::size_t count, void* user)
{
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  std::string& body = transfer->response.body;
  const std::size_t room = transfer->max_body - std::min(transfer->max_body, body.size());
  transfer->response.body_cut = transfer->response.body_cut || bytes > room;
  body.append(data, std::min(bytes, room));
  return bytes;
}

// libcurl header callback: collects `name: value` lines of the final response.
std::size_t
on_header(char* data, std::size_t size, std::size_t count, void* user)
{
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    transfer->response.headers.clear(); // an interim (1xx) response's headers are dropped
    return bytes;
  }
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    transfer->response.headers.emplace_back(ascii_lower(trim(line.substr(0, colon))),
                                            std::string(trim(line.substr(colon + 1))));
  }
  return bytes;
}

// The host of an absolute URL without brackets or port, lowercased.
std::string
host_of(std::string_view url)
{
  const std::size_t start = url.find("://");
  if (start == std::string_view::npos) {
    return {};
  }
  std::string_view rest = url.substr(start + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    rest.remove_prefix(at + 1);
  }
  if (rest.starts_with('[')) {
    return ascii_lower(rest.substr(1, rest.find(']') - 1));
  }
  return ascii_lower(rest.substr(0, rest.find(':')));
}

} // namespace

bool
transport_allowed(std::string_view url)
{
  const std::string scheme = ascii_lower(url.substr(0, url.find("://")));
  if (scheme == "https") {
    return true;
  }
  return scheme == "http" && is_loopback(url);
}

bool
is_loopback(std::string_view url)
{
  const std::string host = host_of(url);
  if (host == "localhost" || host == "::1") {
    return true;
  }
  // 127.0.0.0/8 as a dotted-quad literal (not a name such as 127.0.0.1.example.com).
  int dots = 0;
  for (const char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3 && host.starts_with("127.");
}

struct HttpClient::Impl {
  const CurlApi* curl = nullptr; ///< nullptr when libcurl cannot be loaded
  std::string unloadable;        ///< why not, the error of every request then
  CURLM* multi = nullptr;
  std::map<CURL*, std::unique_ptr<Transfer>> transfers;
  std::vector<std::pair<std::uint64_t, HttpResponse>> unsent; ///< failed without libcurl
};

HttpClient::HttpClient()
    : m_impl(std::make_unique<Impl>())
{
  const auto& api = curl_api();
  if (!api) {
    m_impl->unloadable = "libcurl cannot be loaded: " + api.error();
    return;
  }
  m_impl->curl = &*api;
  m_impl->multi = m_impl->curl->multi_init();
  m_impl->curl->multi_setopt(m_impl->multi, CURLMOPT_MAXCONNECTS, 64L);
}

HttpClient::~HttpClient()
{
  if (m_impl->curl == nullptr) {
    return;
  }
  const CurlApi& curl = *m_impl->curl;
  for (auto& [easy, transfer] : m_impl->transfers) {
    curl.multi_remove_handle(m_impl->multi, easy);
    curl.easy_cleanup(easy);
    curl.slist_free_all(transfer->headers);
  }
  curl.multi_cleanup(m_impl->multi);
}

void
HttpClient::start(std::uint64_t id, const HttpRequest& request, const HttpTimeouts& timeouts)
{
  if (m_impl->curl == nullptr) {
    HttpResponse response;
    response.error = m_impl->unloadable;
    m_impl->unsent.emplace_back(id, std::move(response));
    return;
  }
  const CurlApi& curl = *m_impl->curl;
  auto transfer = std::make_unique<Transfer>();
  transfer->id = id;
  transfer->body = request.body;
  transfer->max_body = request.max_body;
  transfer->max_sends = request.follow_redirects ? 1 + k_max_redirects : 1;
  CURL* easy = curl.easy_init();
  transfer->easy = easy;
  for (const auto& [name, value] : request.headers) {
    transfer->headers =
        curl.slist_append(transfer->headers, fmt::format("{}: {}", name, value).c_str());
  }
  // libcurl would otherwise add these on its own.
  transfer->headers = curl.slist_append(transfer->headers, "Expect:");
  if (request.body.empty() &&
      std::none_of(request.headers.begin(), request.headers.end(), [](const auto& h) {
        return ascii_lower(h.first) == "content-type";
      })) {
    transfer->headers = curl.slist_append(transfer->headers, "Content-Type:");
  }
  curl.easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl.easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method != "GET" && request.method != "HEAD") {
    curl.easy_setopt(easy, CURLOPT_POSTFIELDS, transfer->body.data());
    curl.easy_setopt(
        easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(transfer->body.size()));
  }
  curl.easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->headers);
  curl.easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl.easy_setopt(easy, CURLOPT_FOLLOWLOCATION, request.follow_redirects ? 1L : 0L);
  if (request.follow_redirects) {
    curl.easy_setopt(easy, CURLOPT_MAXREDIRS, k_max_redirects);
    curl.easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  }
  if (request.method == "HEAD") {
    curl.easy_setopt(easy, CURLOPT_NOBODY, 1L); // else libcurl waits for a body that never comes
  }
  curl.easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl.easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl.easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts.connect.count()));
  curl.easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts.total.count()));
  curl.easy_setopt(easy, CURLOPT_USERAGENT, "cachectl/" CACHECTL_VERSION);
  curl.easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl.easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
  curl.easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl.easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
  curl.easy_setopt(easy, CURLOPT_PREREQFUNCTION, on_prereq);
  curl.easy_setopt(easy, CURLOPT_PREREQDATA, transfer.get());
  if (is_loopback(request.url)) {
    curl.easy_setopt(easy, CURLOPT_PROXY, ""); // never a proxy for loopback (http_proxy &c.)
  }
  curl.multi_add_handle(m_impl->multi, easy);
  m_impl->transfers.emplace(easy, std::move(transfer));
}

std::vector<std::pair<std::uint64_t, HttpResponse>>
HttpClient::wait(std::chrono::milliseconds max_wait, int wake_fd)
{
  if (m_impl->curl == nullptr) {
    auto done = std::exchange(m_impl->unsent, {});
    if (done.empty() && max_wait.count() > 0) {
      idle(max_wait, wake_fd);
    }
    if (wake_fd >= 0) {
      drain(wake_fd);
    }
    return done;
  }
  const CurlApi& curl = *m_impl->curl;
  int running = 0;
  curl.multi_perform(m_impl->multi, &running);
  std::vector<std::pair<std::uint64_t, HttpResponse>> done;
  const auto collect = [&] {
    int queued = 0;
    while (CURLMsg* message = curl.multi_info_read(m_impl->multi, &queued)) {
      if (message->msg != CURLMSG_DONE) {
        continue;
      }
      CURL* easy = message->easy_handle;
      const CURLcode code = message->data.result;
      auto node = m_impl->transfers.extract(easy);
      Transfer& transfer = *node.mapped();
      if (code == CURLE_OK) {
        long status = 0;
        curl.easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        transfer.response.status = static_cast<int>(status);
      } else {
        transfer.response.status = 0;
        transfer.response.timed_out = code == CURLE_OPERATION_TIMEDOUT;
        transfer.response.error =
            code == CURLE_ABORTED_BY_CALLBACK
                ? std::string("connection lost before a response (not re-sent by libcurl)")
                : std::string(curl.easy_strerror(code));
      }
      curl.multi_remove_handle(m_impl->multi, easy);
      curl.easy_cleanup(easy);
      curl.slist_free_all(transfer.headers);
      done.emplace_back(transfer.id, std::move(transfer.response));
    }
  };
  collect();
  if (m_impl->transfers.empty() && max_wait.count() > 0) {
    idle(max_wait, wake_fd);
  } else if (done.empty() && max_wait.count() > 0) {
    curl_waitfd extra{wake_fd, CURL_WAIT_POLLIN, 0};
    curl.multi_poll(m_impl->multi,
                    wake_fd >= 0 ? &extra : nullptr,
                    wake_fd >= 0 ? 1U : 0U,
                    static_cast<int>(max_wait.count()),
                    nullptr);
    curl.multi_perform(m_impl->multi, &running);
    collect();
  }
  if (wake_fd >= 0) {
    drain(wake_fd);
  }
  return done;
}

std::vector<std::uint64_t>
HttpClient::abandon()
{
  std::vector<std::uint64_t> ids;
  for (const auto& [id, response] : m_impl->unsent) {
    ids.push_back(id);
  }
  m_impl->unsent.clear();
  if (m_impl->curl == nullptr) {
    return ids;
  }
  const CurlApi& curl = *m_impl->curl;
  for (auto& [easy, transfer] : m_impl->transfers) {
    ids.push_back(transfer->id);
    curl.multi_remove_handle(m_impl->multi, easy);
    curl.easy_cleanup(easy);
    curl.slist_free_all(transfer->headers);
  }
  m_impl->transfers.clear();
  return ids;
}

std::size_t
HttpClient::in_flight() const
{
  return m_impl->transfers.size() + m_impl->unsent.size();
}

} // namespace cachectl
