// Purging: targets are planned into API calls by the provider's batch limits (de-duplicated),
// paced by a token bucket, sent over libcurl (many in flight), retried with backoff on 429, 5xx
// and connection errors, and every target ends purged or failed with its reason. The library
// reports through an observer; the CLI renders.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/headers/providers.hpp>
#include <cachectl/purge/purge_target.hpp>

#include <csignal>
#include <cstddef>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

/// Looks up an environment variable; nullopt when unset (tests pass their own).
using Environment = std::function<std::optional<std::string>(std::string_view name)>;

/// The process environment.
Environment process_environment();

/// One HTTP request of a purge, as sent (and as `--dry-run` prints it, secrets masked).
struct HttpRequest {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::vector<std::string> secret_headers; ///< names whose values are secret (lowercase)
  bool follow_redirects = false;           ///< follow up to 5 redirects (check --follow)
  std::size_t max_body = 1024 * 1024;      ///< response body bytes kept; the rest is dropped
};

/// `request` with the value of every secret header replaced by `***` (a `Bearer ` or similar
/// scheme word is kept).
HttpRequest redacted(const HttpRequest& request);

/// Flags that override `[providers.<name>]` and the provider's defaults.
struct PurgeOverrides {
  std::optional<unsigned> concurrency = std::nullopt;
  std::optional<unsigned> retries = std::nullopt;
  std::optional<double> timeout = std::nullopt;  ///< seconds, per request
  std::optional<double> rate = std::nullopt;     ///< requests per second
  std::optional<double> deadline = std::nullopt; ///< seconds for the whole run
  std::optional<std::size_t> batch_size = std::nullopt;
  bool soft = false;    ///< mark stale instead of evicting (providers that support it)
  bool dry_run = false; ///< build the requests, send nothing
};

/// The settings a purge runs with, after config, defaults and flags (for `-v` and tests).
struct PurgeSettings {
  const ProviderInfo* provider = nullptr;
  std::string endpoint;       ///< API base URL; empty for providers that send to `nodes` or `url`
  std::size_t batch_size = 0; ///< 0 = the provider's limit for each kind
  double rate = 1;            ///< requests per second
  unsigned concurrency = 1;
  unsigned retries = 5;
  double timeout = 30;         ///< seconds, whole request
  double connect_timeout = 10; ///< seconds
  double deadline = 3600;      ///< seconds for the whole run; then nothing more is sent
  bool soft = false;
  bool dry_run = false;
  std::string token_env; ///< where the token is read from (its name, never its value)
};

/// Why `value` is not an accepted `name` (`timeout`, `rate`, `deadline`: their ranges are in the
/// key table, see number_refusal); empty when it is. The message shows the range, e.g. "must be
/// from 0.001 to 3600 seconds, not nan".
std::string purge_setting_refusal(std::string_view name, double value);

/// Why a purge cannot start.
enum class PurgeErrorKind {
  usage,       ///< a flag or target the provider cannot take (exit 2)
  config,      ///< a setting missing or wrong in the config (exit 3)
  credentials, ///< no token / credentials to send (exit 4)
};

/// A reason a purge cannot start, rendered once by the CLI.
struct PurgeError {
  PurgeErrorKind kind = PurgeErrorKind::usage;
  std::string message;
};

/// One input of a purge run: a target, or why a line of input is not one.
struct SourceItem {
  std::expected<Target, std::string> target;
  std::string where; ///< e.g. "urls.txt:12" or "--url"; for messages
  std::string line;  ///< the input line as read (so `--failed-out` can give it back); or empty
};

/// Supplies targets one at a time (a `--from` file of a million lines is never held whole).
class TargetSource {
public:
  virtual ~TargetSource() = default;
  /// The next item; nullopt at the end.
  virtual std::optional<SourceItem> next() = 0;
};

/// What happened to one API call (one request, to one node).
struct CallReport {
  std::size_t call = 0; ///< 1-based, in the order calls were planned
  TargetKind kind = TargetKind::url;
  std::vector<std::string> targets; ///< the items the call purges
  std::string node;                 ///< cache node (varnish, nginx), else empty
  std::string method;
  std::string url;
  int status = 0;        ///< last HTTP status; 0 = no response
  unsigned attempts = 0; ///< requests sent
  bool ok = false;
  std::string id;     ///< the provider's purge/operation id, when it gives one
  std::string error;  ///< why it failed (ok == false)
  double seconds = 0; ///< from the first attempt to the outcome
};

/// A running tally, reported a few times a second.
struct PurgeProgress {
  std::size_t calls_done = 0;
  std::size_t calls_planned = 0; ///< so far (the input may still be read)
  std::size_t purged = 0;        ///< targets
  std::size_t failed = 0;        ///< targets
  std::size_t retries = 0;
  double seconds = 0;
  bool input_done = false; ///< every target has been read and planned
};

/// Receives what a purge does; every method has an empty default.
class PurgeObserver {
public:
  virtual ~PurgeObserver() = default;
  /// `--dry-run`: a request that would be sent (secrets masked), with the call it belongs to.
  virtual void
  on_request(const HttpRequest& /*request*/, const CallReport& /*call*/)
  {
  }
  /// A call finished (purged or failed for good).
  virtual void
  on_call(const CallReport& /*call*/)
  {
  }
  /// A call will be retried after `delay` seconds because of `reason`.
  virtual void
  on_retry(const CallReport& /*call*/, double /*delay*/, std::string_view /*reason*/)
  {
  }
  /// A target failed for good (after expansion; `where` names its input).
  virtual void
  on_failed(const Target& /*target*/, std::string_view /*reason*/, std::string_view /*where*/)
  {
  }
  /// An input line that is not a target (`item.target` holds why): failed as read. Default:
  /// on_failed with an empty URL target.
  virtual void
  on_rejected(const SourceItem& item)
  {
    on_failed(Target{TargetKind::url, {}}, item.target.error(), item.where);
  }
  /// The tally, at most a few times a second and once at the end.
  virtual void
  on_progress(const PurgeProgress& /*progress*/)
  {
  }
};

/// How a run ended.
enum class PurgeOutcome {
  all_purged,   ///< every target purged (exit 0)
  some_failed,  ///< at least one target failed (exit 1)
  nothing_done, ///< nothing could be purged: credentials refused or endpoint unreachable (exit 4)
};

/// The totals of a run.
struct PurgeSummary {
  PurgeOutcome outcome = PurgeOutcome::all_purged;
  std::size_t targets = 0;    ///< distinct targets after expansion
  std::size_t duplicates = 0; ///< targets dropped as already planned
  std::size_t purged = 0;
  std::size_t failed = 0;
  std::size_t calls = 0;    ///< API calls (one per node for cache nodes)
  std::size_t requests = 0; ///< HTTP requests sent, retries included
  std::size_t retries = 0;
  double seconds = 0;
  std::string abort_reason;     ///< why the run stopped sending (credentials, endpoint); or empty
  bool interrupted = false;     ///< stopped by PurgeCancel: unsent targets were failed "not sent"
  bool deadline_passed = false; ///< stopped by the deadline
};

/// A request to stop a run, set by the caller's signal handler (the library installs none).
/// On the first request the run stops sending, lets the requests in flight finish (each is
/// bounded by the timeout) and fails every other target as "not sent"; on a second one it
/// abandons those in flight too (their targets fail as "unconfirmed").
struct PurgeCancel {
  const volatile std::sig_atomic_t* requests = nullptr; ///< how many stops were asked; or null
  int wake_fd = -1; ///< readable when a stop is asked (a self-pipe's read end), or -1
};

/// Why `provider` cannot purge targets of `kind` (empty when it can): checked before anything
/// else, so that a wrong kind on the command line is a usage error even without credentials.
std::string purge_unsupported(const ProviderInfo& provider, TargetKind kind);

/// A purge prepared for one provider: settings resolved, credentials read, adapter built.
class Purger {
public:
  /// Prepares a purge with `provider` (empty: the config's `[site] provider`).
  static std::expected<Purger, PurgeError> create(const Config& config,
                                                  std::string_view provider,
                                                  const PurgeOverrides& overrides,
                                                  const Environment& environment);
  Purger(Purger&&) noexcept;
  Purger& operator=(Purger&&) noexcept;
  ~Purger();

  /// The resolved settings.
  const PurgeSettings& settings() const;

  /// Why the provider cannot purge targets of `kind`; empty when it can.
  std::string unsupported(TargetKind kind) const;

  /// Purges every target of `source` (or, with dry_run, reports the requests); `cancel` stops
  /// it early.
  PurgeSummary run(TargetSource& source, PurgeObserver& observer, const PurgeCancel& cancel = {});

private:
  struct Impl;
  explicit Purger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace cachectl
