// `cachectl import`: a platform's header file read into a cache.toml (the library decides; this
// file parses flags, reads the input, writes the config and renders the diagnostics).
#include "cli.hpp"
#include "failed_out.hpp"

#include <cachectl/interop/import.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace cachectl::cli {

namespace {

// What the command line asked for.
struct ImportCommand {
  std::string from;
  std::string input;  ///< FILE, or `-` for standard input
  std::string output; ///< -o FILE; empty: standard output
  bool lossy = false;
};

int
run_import(const GlobalOptions& globals, const ImportCommand& opts)
{
  const Terminal err(stderr, globals.color);
  std::ostringstream text;
  const std::string name = opts.input == "-" ? "<stdin>" : opts.input;
  if (opts.input == "-") {
    text << std::cin.rdbuf();
    if (std::cin.bad()) {
      print_error(err, "import: cannot read standard input");
      return exit_io;
    }
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(opts.input, ec)) {
      print_error(err, fmt::format("import: cannot read {}: it is a directory", opts.input));
      return exit_io;
    }
    std::ifstream in(opts.input, std::ios::binary);
    if (!in) {
      print_error(err, fmt::format("import: cannot read {}: {}", opts.input, std::strerror(errno)));
      return exit_io;
    }
    text << in.rdbuf();
    if (in.bad()) {
      print_error(err, fmt::format("import: cannot read {}", opts.input));
      return exit_io;
    }
  }
  const ImportResult result =
      import_config(text.str(), name, *parse_import_format(opts.from), ImportOptions{opts.lossy});
  if (!result.diagnostics.empty()) {
    RenderOptions render;
    render.color = err.colored();
    render.tool_version = CACHECTL_VERSION;
    const std::vector<FileDiagnostics> files{FileDiagnostics{name, text.str(), result.diagnostics}};
    err.write(render_text(files, render));
  }
  if (result.malformed) {
    err.write(
        fmt::format("cachectl: import refused: {} is not a valid {} file\n", name, opts.from));
    return exit_config;
  }
  if (result.refused) {
    err.write(fmt::format("cachectl: import refused: a cache.toml cannot keep every header of {} "
                          "(--lossy writes it anyway)\n",
                          name));
    return exit_findings;
  }
  if (opts.output.empty()) {
    Terminal(stdout, ColorMode::never).write(result.text);
    return exit_ok;
  }
  FailedOut out; // written to a temporary file, renamed over FILE when complete
  std::string problem = out.open(opts.output);
  if (problem.empty()) {
    std::string_view body = result.text;
    if (body.ends_with('\n')) {
      body.remove_suffix(1);
    }
    out.write_line(body);
    problem = out.commit();
  }
  if (!problem.empty()) {
    print_error(err, fmt::format("import: cannot write {}: {}", opts.output, problem));
    return exit_io;
  }
  return exit_ok;
}

} // namespace

void
setup_import(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<ImportCommand>();
  CLI::App* cmd = app.add_subcommand("import",
                                     "read a platform's header file (_headers, netlify.toml, "
                                     "vercel.json) or route rules (Nitro, Astro) into a "
                                     "cache.toml");
  std::vector<std::string> formats;
  for (std::string_view name : import_format_names()) {
    formats.emplace_back(name);
  }
  cmd->add_option("--from", opts->from, fmt::format("the format: {}", fmt::join(formats, ", ")))
      ->required()
      ->check(CLI::IsMember(formats))
      ->type_name("FORMAT");
  cmd->add_option("file", opts->input, "the file to read (- for standard input)")
      ->required()
      ->type_name("FILE");
  cmd->add_option(
         "-o,--output", opts->output, "write the cache.toml to FILE (default: standard output)")
      ->type_name("FILE");
  cmd->add_flag("--lossy",
                opts->lossy,
                "write the config even where it cannot keep every header; warn about each "
                "difference");
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_import(globals, *opts); };
  });
}

} // namespace cachectl::cli
