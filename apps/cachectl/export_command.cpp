// `cachectl export`: the config as a platform's own header file or route rules (the library
// decides; this file parses flags, writes the file and renders the diagnostics).
#include "cli.hpp"

#include <cachectl/interop/export.hpp>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace cachectl::cli {

namespace {

// What the command line asked for.
struct ExportCommand {
  std::string to;
  std::string output; ///< -o FILE; empty: standard output
  bool lossy = false;
};

int
run_export(const GlobalOptions& globals, const ExportCommand& opts)
{
  const Terminal err(stderr, globals.color);
  const auto config = load_config_or_report(globals, err);
  if (!config) {
    return exit_config;
  }
  const ExportResult result =
      export_config(*config, *parse_export_format(opts.to), ExportOptions{opts.lossy});
  if (!result.diagnostics.empty()) {
    std::ifstream in(config->file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    RenderOptions render;
    render.color = err.colored();
    render.tool_version = CACHECTL_VERSION;
    const std::vector<FileDiagnostics> files{
        FileDiagnostics{config->file, text.str(), result.diagnostics}};
    err.write(render_text(files, render));
  }
  if (result.refused) {
    err.write(fmt::format("cachectl: export refused: {} cannot express the config exactly "
                          "(--lossy writes it anyway)\n",
                          opts.to));
    return exit_findings;
  }
  if (opts.output.empty()) {
    Terminal(stdout, ColorMode::never).write(result.text);
    return exit_ok;
  }
  std::ofstream out(opts.output, std::ios::binary | std::ios::trunc);
  out << result.text;
  out.close();
  if (!out) {
    print_error(err, fmt::format("export: cannot write {}", opts.output));
    return exit_io;
  }
  return exit_ok;
}

} // namespace

void
setup_export(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<ExportCommand>();
  CLI::App* cmd = app.add_subcommand("export",
                                     "write the config as a platform's own file (_headers, "
                                     "netlify.toml, vercel.json, route rules, nginx, VCL)");
  std::vector<std::string> formats;
  for (std::string_view name : export_format_names()) {
    formats.emplace_back(name);
  }
  cmd->add_option("--to", opts->to, fmt::format("the format: {}", fmt::join(formats, ", ")))
      ->required()
      ->check(CLI::IsMember(formats))
      ->type_name("FORMAT");
  cmd->add_option("-o,--output", opts->output, "write to FILE (default: standard output)")
      ->type_name("FILE");
  cmd->add_flag("--lossy",
                opts->lossy,
                "write the file even where it cannot be exact; warn about each URL class "
                "that differs");
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_export(globals, *opts); };
  });
}

} // namespace cachectl::cli
