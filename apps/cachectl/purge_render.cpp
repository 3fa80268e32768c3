#include "purge_render.hpp"

#include <fmt/format.h>

#include <stdio_ext.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace cachectl::cli {

namespace {

// "30 URLs", "1 tag", "everything".
std::string
count_of(std::size_t count, TargetKind kind)
{
  if (kind == TargetKind::everything) {
    return "everything";
  }
  std::string_view noun = target_kind_plural(kind);
  if (count == 1) {
    return fmt::format("1 {}", target_kind_name(kind) == "url" ? "URL" : target_kind_name(kind));
  }
  return fmt::format("{} {}", count, noun);
}

} // namespace

// A renderer for `opts`; `failed_out` receives failed targets when open.
PurgeRenderer::PurgeRenderer(const GlobalOptions& globals,
                             const PurgeOptions& opts,
                             FailedOut* failed_out)
    : m_globals(globals)
    , m_opts(opts)
    , m_json(opts.format == "json")
    , m_err(stderr, globals.color)
    , m_failed_out(failed_out)
    , m_progress(!globals.quiet && isatty(STDERR_FILENO) != 0)
{
}

void
PurgeRenderer::on_request(const HttpRequest& request, const CallReport& call)
{
  if (m_json) {
    Json headers = Json::array();
    for (const auto& [name, value] : request.headers) {
      headers.push_back(Json::array({name, value}));
    }
    Json line = {{"type", "request"},
                 {"call", call.call},
                 {"kind", target_kind_name(call.kind)},
                 {"targets", call.targets},
                 {"node", call.node.empty() ? Json(nullptr) : Json(call.node)},
                 {"method", request.method},
                 {"url", request.url},
                 {"headers", headers},
                 {"body", request.body}};
    print_json(line);
    return;
  }
  std::string text = fmt::format("# call {}: {}{}\n{} {}\n",
                                 call.call,
                                 count_of(call.targets.size(), call.kind),
                                 call.node.empty() ? "" : fmt::format(" on node {}", call.node),
                                 request.method,
                                 request.url);
  for (const auto& [name, value] : request.headers) {
    text += fmt::format("{}: {}\n", name, value);
  }
  text += "\n";
  if (!request.body.empty()) {
    text += request.body + "\n\n";
  }
  out(printable_lines(text));
}

void
PurgeRenderer::on_call(const CallReport& call)
{
  if (m_json) {
    Json line = {{"type", "call"},
                 {"call", call.call},
                 {"kind", target_kind_name(call.kind)},
                 {"targets", call.targets},
                 {"node", call.node.empty() ? Json(nullptr) : Json(call.node)},
                 {"method", call.method},
                 {"url", call.url},
                 {"ok", call.ok},
                 {"status", call.status == 0 ? Json(nullptr) : Json(call.status)},
                 {"attempts", call.attempts},
                 {"id", call.id.empty() ? Json(nullptr) : Json(call.id)},
                 {"error", call.ok ? Json(nullptr) : Json(call.error)},
                 {"seconds", call.seconds}};
    print_json(line);
    return;
  }
  if (m_globals.verbose > 0) {
    clear_progress();
    m_err.write(printable_lines(
        fmt::format("call {}: {}{} {} {} → {}{}{}\n",
                    call.call,
                    count_of(call.targets.size(), call.kind),
                    call.node.empty() ? "" : fmt::format(" on {}", call.node),
                    call.method,
                    call.url,
                    call.ok ? m_err.paint(Style::green, "ok") : m_err.paint(Style::red, "failed"),
                    call.status == 0 ? "" : fmt::format(", HTTP {}", call.status),
                    fmt::format("{}{} ({} attempt{}, {:.2f} s)",
                                call.id.empty() ? "" : fmt::format(", id {}", call.id),
                                call.ok ? "" : fmt::format(": {}", call.error),
                                call.attempts,
                                call.attempts == 1 ? "" : "s",
                                call.seconds))));
  }
}

void
PurgeRenderer::on_retry(const CallReport& call, double delay, std::string_view reason)
{
  if (m_globals.verbose > 0 && !m_json) {
    clear_progress();
    m_err.write(printable_lines(fmt::format("call {}: {}; retrying in {:.1f} s (attempt {})\n",
                                            call.call,
                                            reason,
                                            delay,
                                            call.attempts + 1)));
  }
}

void
PurgeRenderer::on_failed(const Target& target, std::string_view reason, std::string_view where)
{
  const bool parsed = !(target.kind == TargetKind::url && target.value.empty());
  const std::string line = parsed ? format_target_line(target) : std::string();
  failed(line, line, parsed ? target_kind_name(target.kind) : std::string_view(), reason, where);
}

void
PurgeRenderer::on_rejected(const SourceItem& item)
{
  // The line as read goes to --failed-out, so that the file, once fixed, re-runs.
  failed(std::string(), item.line, {}, item.target.error(), item.where);
  if (item.line == "everything") {
    m_everything_rejected = true;
  }
}

// Reports a failed target: `line` is its --from line (empty when the input was not a target),
// `again` the line --failed-out gets (the input as read, for a rejected one).
void
PurgeRenderer::failed(const std::string& line,
                      const std::string& again,
                      std::string_view kind,
                      std::string_view reason,
                      std::string_view where)
{
  const bool parsed = !line.empty();
  if (m_failed_out != nullptr && m_failed_out->is_open() && !again.empty()) {
    m_failed_out->write_line(again);
  }
  if (m_json) {
    print_json({{"type", "failed"},
                {"target", parsed ? Json(line) : Json(nullptr)},
                {"kind", parsed ? Json(kind) : Json(nullptr)},
                {"input", where},
                {"error", reason}},
               true);
    return;
  }
  clear_progress();
  // Tab-separated fields, each made printable on its own (a tab inside one is escaped).
  out(fmt::format("failed\t{}\t{}: {}\n",
                  printable(parsed ? line : "-"),
                  printable(where),
                  printable(reason)),
      true);
}

void
PurgeRenderer::on_progress(const PurgeProgress& progress)
{
  if (!m_progress || m_opts.dry_run) {
    return;
  }
  const double rate =
      progress.seconds > 0 ? static_cast<double>(progress.calls_done) / progress.seconds : 0;
  const std::string total = progress.input_done ? fmt::format("{}", progress.calls_planned)
                                                : fmt::format("{}+", progress.calls_planned);
  m_err.write(
      fmt::format("\r\x1b[Kpurge: {}/{} calls, {} purged, {} failed, {} retries, {:.1f} calls/s",
                  progress.calls_done,
                  total,
                  progress.purged,
                  progress.failed,
                  progress.retries,
                  rate));
  m_progress_shown = true;
}

// Prints the totals.
void
PurgeRenderer::summary(const PurgeSummary& s, const PurgeSettings& settings)
{
  clear_progress();
  if (m_json) {
    print_json({{"type", "summary"},
                {"format_version", 1},
                {"provider", settings.provider->name},
                {"dry_run", settings.dry_run},
                {"outcome",
                 settings.dry_run                         ? "planned"
                 : s.outcome == PurgeOutcome::all_purged  ? "purged"
                 : s.outcome == PurgeOutcome::some_failed ? "some_failed"
                                                          : "nothing_done"},
                {"targets", s.targets},
                {"duplicates", s.duplicates},
                {"purged", s.purged},
                {"failed", s.failed},
                {"calls", s.calls},
                {"requests", s.requests},
                {"retries", s.retries},
                {"seconds", s.seconds},
                {"aborted", s.abort_reason.empty() ? Json(nullptr) : Json(s.abort_reason)},
                {"interrupted", s.interrupted},
                {"deadline_passed", s.deadline_passed}},
               false,
               true);
    return;
  }
  if (settings.dry_run) {
    if (!m_globals.quiet) {
      m_err.write(fmt::format("dry run: {} request{} for {} target{} with {} ({} duplicate{} "
                              "dropped); nothing sent\n",
                              s.calls,
                              s.calls == 1 ? "" : "s",
                              s.targets,
                              s.targets == 1 ? "" : "s",
                              settings.provider->display,
                              s.duplicates,
                              s.duplicates == 1 ? "" : "s"));
    }
    return;
  }
  if (!s.abort_reason.empty()) {
    print_error(m_err, printable_lines(s.abort_reason));
  }
  out(fmt::format("{} {} of {} target{} with {}: {} call{}, {} request{} ({} retr{}), {} "
                  "failed, {} duplicate{} dropped, {:.1f} s\n",
                  s.failed == 0 ? "purged" : "purged only",
                  s.purged,
                  s.purged + s.failed,
                  s.purged + s.failed == 1 ? "" : "s",
                  settings.provider->display,
                  s.calls,
                  s.calls == 1 ? "" : "s",
                  s.requests,
                  s.requests == 1 ? "" : "s",
                  s.retries,
                  s.retries == 1 ? "y" : "ies",
                  s.failed,
                  s.duplicates,
                  s.duplicates == 1 ? "" : "s",
                  s.seconds),
      false,
      true);
}

// Why standard output could not be written (EPIPE: its reader went away), or empty.
const std::string&
PurgeRenderer::stdout_error() const
{
  return m_stdout_error;
}

// True when an `everything` line of a --from file was refused for want of --yes.
bool
PurgeRenderer::everything_rejected() const
{
  return m_everything_rejected;
}

// Prints one JSON Lines record (see out()).
void
PurgeRenderer::print_json(const Json& value, bool failure, bool summary)
{
  out(value.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n", failure, summary);
}

// Writes `text` to standard output. Once that fails (a closed pipe, a full disk) the purge
// goes on: the summary goes to standard error, and so do the failed targets unless
// --failed-out collects them (no failure is ever lost).
void
PurgeRenderer::out(std::string_view text, bool failure, bool summary)
{
  if (m_stdout_error.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (std::fflush(stdout) == 0 && std::ferror(stdout) == 0) {
      return;
    }
    m_stdout_error = std::strerror(errno != 0 ? errno : EIO);
    // Reported here, once (see run_purge): what is still buffered is dropped so that the
    // final flush neither fails again nor raises SIGPIPE.
    __fpurge(stdout);
    std::clearerr(stdout);
  }
  const bool collected = m_failed_out != nullptr && m_failed_out->is_open();
  if (summary || (failure && !collected)) {
    clear_progress();
    m_err.write(std::string(text));
  }
}

// `text` with every line made printable (line breaks kept).
std::string
PurgeRenderer::printable_lines(std::string_view text)
{
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    out += printable(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) {
      break;
    }
    out += '\n';
    start = end + 1;
  }
  return out;
}

// Erases the progress line before other stderr output.
void
PurgeRenderer::clear_progress()
{
  if (m_progress_shown) {
    m_err.write("\r\x1b[K");
    m_progress_shown = false;
  }
}

} // namespace cachectl::cli
