// The text and JSON Lines output of `cachectl purge`, its progress line and summary.
#pragma once

#include "cli.hpp"
#include "failed_out.hpp"
#include "purge_options.hpp"
#include "render.hpp"
#include "terminal.hpp"

#include <cachectl/purge/purge.hpp>

#include <string>
#include <string_view>

namespace cachectl::cli {

// Renders what a purge does: text or JSON Lines on stdout, progress and -v on stderr.
class PurgeRenderer final : public PurgeObserver {
public:
  // A renderer for `opts`; `failed_out` receives failed targets when open.
  PurgeRenderer(const GlobalOptions& globals, const PurgeOptions& opts, FailedOut* failed_out);

  // PurgeObserver: see cachectl/purge/purge.hpp.
  void on_request(const HttpRequest& request, const CallReport& call) override;

  // PurgeObserver: see cachectl/purge/purge.hpp.
  void on_call(const CallReport& call) override;

  // PurgeObserver: see cachectl/purge/purge.hpp.
  void on_retry(const CallReport& call, double delay, std::string_view reason) override;

  // PurgeObserver: see cachectl/purge/purge.hpp.
  void on_failed(const Target& target, std::string_view reason, std::string_view where) override;

  // PurgeObserver: see cachectl/purge/purge.hpp.
  void on_rejected(const SourceItem& item) override;

  // Reports a failed target: `line` is its --from line (empty when the input was not a target),
  // `again` the line --failed-out gets (the input as read, for a rejected one).
  void failed(const std::string& line,
              const std::string& again,
              std::string_view kind,
              std::string_view reason,
              std::string_view where);

  // PurgeObserver: see cachectl/purge/purge.hpp.
  void on_progress(const PurgeProgress& progress) override;

  // Prints the totals.
  void summary(const PurgeSummary& s, const PurgeSettings& settings);

  // Why standard output could not be written (EPIPE: its reader went away), or empty.
  const std::string& stdout_error() const;

  // True when an `everything` line of a --from file was refused for want of --yes.
  bool everything_rejected() const;

private:
  // Prints one JSON Lines record (see out()).
  void print_json(const Json& value, bool failure = false, bool summary = false);

  // Writes `text` to standard output. Once that fails (a closed pipe, a full disk) the purge
  // goes on: the summary goes to standard error, and so do the failed targets unless
  // --failed-out collects them (no failure is ever lost).
  void out(std::string_view text, bool failure = false, bool summary = false);

  // `text` with every line made printable (line breaks kept).
  static std::string printable_lines(std::string_view text);

  // Erases the progress line before other stderr output.
  void clear_progress();

  const GlobalOptions& m_globals;
  const PurgeOptions& m_opts;
  bool m_json;
  Terminal m_err;
  FailedOut* m_failed_out;
  std::string m_stdout_error;
  bool m_everything_rejected = false;
  bool m_progress;
  bool m_progress_shown = false;
};

} // namespace cachectl::cli
