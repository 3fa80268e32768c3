// `cachectl validate`: lint configs in CI with precise, stable diagnostics.
#include "cli.hpp"

#include <cachectl/analysis/validate.hpp>
#include <cachectl/config/config_keys.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

namespace cachectl::cli {

namespace {

struct ValidateCommand {
  std::vector<std::string> files;
  bool strict = false;
  bool list_codes = false;
  std::string format = "text";
  std::vector<std::string> providers;
};

int
run_validate(const GlobalOptions& globals, const ValidateCommand& opts)
{
  const Terminal out(stdout, globals.color);
  if (opts.list_codes) {
    if (opts.format == "json") {
      nlohmann::ordered_json codes = nlohmann::ordered_json::array();
      for (const DiagnosticCode& code : diagnostic_codes()) {
        codes.push_back({{"code", code.code},
                         {"severity", to_string(code.severity)},
                         {"summary", code.summary},
                         {"help", code.help}});
      }
      out.write(codes.dump(2) + "\n");
      return exit_ok;
    }
    for (const DiagnosticCode& code : diagnostic_codes()) {
      out.write(
          fmt::format("{:<28} {:<8} {}\n", code.code, to_string(code.severity), code.summary));
    }
    return exit_ok;
  }
  std::vector<std::string> files = opts.files;
  if (files.empty()) {
    files.push_back(config_path(globals));
  }
  std::vector<FileDiagnostics> results;
  for (const auto& file : files) {
    LoadedConfig loaded = read_config(file);
    std::vector<Diagnostic> diagnostics = validate(loaded, ValidateOptions{opts.providers});
    if (globals.quiet) {
      std::erase_if(diagnostics, [](const Diagnostic& d) { return d.severity == Severity::note; });
    }
    results.push_back(FileDiagnostics{file, std::move(loaded.text), std::move(diagnostics)});
  }
  RenderOptions render;
  render.color = out.colored();
  render.tool_version = CACHECTL_VERSION;
  std::string output;
  if (opts.format == "json") {
    output = render_json(results, render);
  } else if (opts.format == "github") {
    output = render_github(results, render);
  } else if (opts.format == "sarif") {
    output = render_sarif(results, render);
  } else {
    output = render_text(results, render);
  }
  out.write(output);
  std::size_t errors = 0;
  std::size_t warnings = 0;
  for (const auto& file : results) {
    const DiagnosticCounts counts = count(file.diagnostics);
    errors += counts.errors;
    warnings += counts.warnings;
  }
  return errors > 0 || (opts.strict && warnings > 0) ? exit_findings : exit_ok;
}

} // namespace

void
setup_validate(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<ValidateCommand>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "check config files and report every problem with its position");
  cmd->add_option("files",
                  opts->files,
                  "config files (default: the -c file, $CACHECTL_CONFIG or ./cache.toml)")
      ->type_name("FILE");
  cmd->add_flag("--strict", opts->strict, "exit 1 on warnings too");
  cmd->add_flag(
      "--list-codes", opts->list_codes, "list every diagnostic code with its severity and exit");
  cmd->add_option("--format", opts->format, "output format: text (default), json, github or sarif")
      ->check(CLI::IsMember({"text", "json", "github", "sarif"}))
      ->type_name("FORMAT");
  std::vector<std::string> names;
  for (std::string_view name : provider_names()) {
    names.emplace_back(name);
  }
  names.emplace_back("all"); // every provider, as `headers --provider all`
  cmd->add_option("--provider",
                  opts->providers,
                  "also check tag, Vary and TTL limits and dropped options of this provider, or "
                  "all (repeatable)")
      ->check(CLI::IsMember(names))
      ->type_name("PROVIDER")
      ->allow_extra_args(false); // one value per --provider, so files may follow
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_validate(globals, *opts); };
  });
}

} // namespace cachectl::cli
