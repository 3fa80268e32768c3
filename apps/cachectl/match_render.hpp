// The rendering of `cachectl match`: one record per input in text, JSON Lines or TSV, and
// the --explain detail (normalization steps, the rules that lost and why, option origins).
#pragma once

#include "render.hpp"
#include "terminal.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/config/origins.hpp>
#include <cachectl/match/matcher.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl::cli {

/// The flags of `cachectl match`.
struct MatchOptions {
  std::vector<std::string> urls; ///< URLs or paths; `-` reads them from stdin
  bool explain = false;          ///< show normalization steps and the rules that lost
  std::string format = "text";   ///< text, json or tsv
};

/// The options that are set, in key-table order, as JSON values.
std::vector<std::pair<std::string_view, Json>> option_values(const CacheOptions& o);

/// Terminal columns of printable UTF-8 text (one per code point).
std::size_t display_width(std::string_view text);

/// `file:line:col` of a position in the config.
std::string position_text(const Config& config, SourcePos pos);

/// Why `loser` (which also matches) did not win against `winner`.
std::string lost_because(const Config& config, const RuleMatch& winner, const RuleMatch& loser);

/// Renders one input after another into a buffer it flushes to the terminal.
class MatchRenderer {
public:
  /// Keeps references to the config, matcher, options and terminal, which must outlive it.
  MatchRenderer(const Config& config,
                const RuleMatcher& matcher,
                const MatchOptions& opts,
                const Terminal& out);

  /// Resolves and renders one input; returns false when it did not match a rule.
  bool render(std::string_view input, std::size_t bytes);

  /// Writes buffered output.
  void flush();

private:
  /// What stays the same for every URL a rule matches, rendered once.
  struct RuleCache {
    bool ready = false;
    bool static_options = false; ///< no tag depends on the URL's params
    std::string json_rule;       ///< the "rule" value (a JSON string)
    std::string json_source;     ///< the "source" value
    std::string json_options;    ///< the "options" value, when static_options
    std::string text_rule;       ///< the text "rule" field line
    std::string text_options;    ///< the text "options" field line, when static_options
  };

  /// The cached rendering of rule `index`, built on first use.
  const RuleCache& rule_cache(std::size_t index);

  /// The options that are set, as a JSON object.
  static Json options_json(const CacheOptions& options);

  /// The text `options` field line.
  std::string options_text(const CacheOptions& options) const;

  /// One JSON Lines record written as it goes, byte for byte what json_line() would dump
  /// (without --explain, which takes the document path).
  void json_stream_line(std::string_view echoed, const Resolution& r);

  /// Whether a param name is captured more than once.
  static bool has_repeated_name(const std::vector<std::pair<std::string, std::string>>& params);

  /// A config position as a JSON object.
  Json source_json(SourcePos pos) const;

  /// One JSON record as a document (the --explain path, and the streamed records' reference).
  Json json_line(std::string_view echoed, const Resolution& r) const;

  /// Appends `text` as a TSV cell: tabs and line breaks would break the columns, so they
  /// become spaces; then printable().
  void append_cell(std::string_view text);

  /// One TSV row.
  void tsv_line(std::string_view echoed, const Resolution& r);

  /// Why Astro redirects this path before any rule applies.
  std::string redirect_note(const Resolution& r) const;

  /// Appends `label` painted and padded to the value's column.
  void append_label(std::string_view label);

  /// `label` padded, painted, followed by the value.
  std::string field(std::string_view label, std::string_view value) const;

  /// One text block (with --explain, the steps, candidates and option origins).
  void text_block(std::string_view echoed, const Resolution& r);

  const Config& m_config;
  const RuleMatcher& m_matcher;
  Resolution m_resolution; // reused from line to line: no allocation once warm
  const MatchOptions& m_opts;
  const Terminal& m_out;
  const OriginCheck m_origins;
  std::vector<RuleCache> m_rules; ///< by rule index, filled as rules are first matched
  std::string m_buffer;
  std::string m_echoed; ///< the redacted input, when it differs from the input
  std::size_t m_count = 0;
};

} // namespace cachectl::cli
