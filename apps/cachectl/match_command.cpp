// `cachectl match`: which rule a URL hits, with which params and options, and why.
#include "cli.hpp"
#include "match_render.hpp"
#include "url_input.hpp"

#include <cachectl/match/compiled_matcher.hpp>

#include <memory>

namespace cachectl::cli {

namespace {

int
run_match(const GlobalOptions& globals, const MatchOptions& opts)
{
  const Terminal out(stdout, globals.color);
  const Terminal err(stderr, globals.color);
  if (opts.urls.empty()) {
    print_error(err, "match: no URL given (pass URLs, or '-' to read one per line from stdin)");
    return exit_usage;
  }
  auto config = load_config_or_report(globals, err);
  if (!config) {
    return exit_config;
  }
  const CompiledMatcher matcher(*config);
  MatchRenderer renderer(*config, matcher, opts, out);
  bool all_matched = true;
  const bool read = for_each_url(
      "match",
      opts.urls,
      [&](std::string_view url, std::size_t bytes) {
        all_matched = renderer.render(url, bytes) && all_matched;
      },
      [&] { renderer.flush(); },
      globals.quiet,
      err);
  renderer.flush();
  if (!read) {
    return exit_io;
  }
  return all_matched ? exit_ok : exit_findings;
}

} // namespace

void
setup_match(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<MatchOptions>();
  CLI::App* cmd =
      app.add_subcommand("match", "show which rule a URL hits, with its params and options");
  cmd->add_option("urls", opts->urls, "paths or http(s) URLs; '-' reads one per line from stdin")
      ->type_name("URL");
  cmd->add_flag(
      "--explain", opts->explain, "show normalization steps and every other matching rule");
  cmd->add_option(
         "--format", opts->format, "output format: text (default), json (JSON Lines) or tsv")
      ->check(CLI::IsMember({"text", "json", "tsv"}))
      ->type_name("FORMAT");
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_match(globals, *opts); };
  });
}

} // namespace cachectl::cli
