// The outputs of `cachectl check`: text with a summary, JSON Lines, JUnit XML and GitHub
// annotations at the rule's file:line; a progress line on a terminal's stderr.
#pragma once

#include "cli.hpp"
#include "terminal.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/live/check.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace cachectl::cli {

/// Renders the outcome of each URL as it completes, and the summary.
class CheckRenderer {
public:
  /// A renderer of `format` (text, json, junit, github) for URLs checked against `config`.
  CheckRenderer(const GlobalOptions& globals,
                const Config& config,
                std::string format,
                std::size_t total);

  /// Renders one URL (text, json and github at once; junit at the end).
  void url(const UrlCheck& result);

  /// Renders the summary (and, for junit, the whole document).
  void summary(const CheckSummary& summary, std::string_view provider, CheckMode mode);

private:
  // Erases the progress line.
  void clear_progress();
  // Where the rule of `result` is written: `cache.toml:12 /blog/[slug]`, or "no rule".
  std::string rule_text(const UrlCheck& result) const;

  const GlobalOptions& m_globals;
  const Config& m_config;
  std::string m_format;
  std::size_t m_total;
  Terminal m_out;
  Terminal m_err;
  bool m_progress;
  bool m_progress_shown = false;
  std::size_t m_done = 0;
  std::chrono::steady_clock::time_point m_last_progress{};
  std::vector<UrlCheck> m_results; ///< junit only
};

} // namespace cachectl::cli
