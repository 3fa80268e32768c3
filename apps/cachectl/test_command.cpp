// `cachectl test`: run expectation files (`cache.test.toml`) against their configs, report each
// unmet expectation as a diff, rule coverage, --update and --generate.
#include "cli.hpp"
#include "render.hpp"
#include "test_render.hpp"

#include <cachectl/analysis/coverage.hpp>
#include <cachectl/analysis/expectation_generate.hpp>
#include <cachectl/analysis/expectation_run.hpp>
#include <cachectl/analysis/expectation_update.hpp>
#include <cachectl/analysis/expectations.hpp>
#include <cachectl/analysis/expectations_schema.hpp>
#include <cachectl/headers/providers.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>

namespace cachectl::cli {

namespace {

namespace fs = std::filesystem;

struct TestCommand {
  std::vector<std::string> files;
  bool update = false;
  bool generate = false;
  bool coverage = false;
  bool schema = false;
  double fail_under = 0;
  CLI::Option* fail_under_given = nullptr;
  std::string format = "text";
};

// True when -c or $CACHECTL_CONFIG names the config.
bool
config_named(const GlobalOptions& globals)
{
  const char* env = std::getenv("CACHECTL_CONFIG");
  return !globals.config.empty() || (env != nullptr && env[0] != '\0');
}

// Prints `file:line:col: error: message` for each diagnostic.
void
print_diagnostics(const Terminal& err, const std::vector<Diagnostic>& diagnostics)
{
  for (const Diagnostic& d : diagnostics) {
    err.write(format_short(d) + "\n");
  }
}

// The configs of a run, loaded once each; null (after printing why) when one cannot be loaded.
class Configs {
public:
  Configs(const GlobalOptions& globals, const Terminal& err)
      : m_globals(globals)
      , m_err(err)
  {
  }

  const Config*
  get(const std::string& path)
  {
    if (const auto it = m_index.find(path); it != m_index.end()) {
      return &m_configs[it->second];
    }
    GlobalOptions named = m_globals;
    named.config = path;
    auto config = load_config_or_report(named, m_err);
    if (!config) {
      return nullptr;
    }
    m_index.emplace(path, m_configs.size());
    m_configs.push_back(std::move(*config));
    return &m_configs.back();
  }

private:
  const GlobalOptions& m_globals;
  const Terminal& m_err;
  std::deque<Config> m_configs;
  std::map<std::string, std::size_t> m_index;
};

// The config an expectation file is run against: its `config` key, else -c/$CACHECTL_CONFIG,
// else `x.toml` for `x.test.toml`, else ./cache.toml.
std::string
config_for(const GlobalOptions& globals, const ExpectationFile& file)
{
  if (!file.config.empty() || !config_named(globals)) {
    const fs::path path = config_path_for(file);
    if (!path.empty()) {
      return path.lexically_normal().string();
    }
  }
  return config_path(globals);
}

// Writes `text` to `path`; an error message, or "".
std::string
write_file(const std::string& path, const std::string& text)
{
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return out ? std::string() : fmt::format("cannot write {}: {}", path, std::strerror(errno));
}

int
run_generate(const GlobalOptions& globals, const TestCommand& opts, const Terminal& err)
{
  if (opts.files.size() > 1) {
    print_error(err, "test: --generate writes one file; name at most one FILE");
    return exit_usage;
  }
  const std::string target =
      opts.files.empty() ? expectations_path_for(config_path(globals)).string() : opts.files[0];
  std::string config_file = config_path(globals);
  if (target != "-" && !config_named(globals)) {
    ExpectationFile named;
    named.file = target;
    if (const fs::path derived = config_path_for(named); !derived.empty()) {
      config_file = derived.string();
    }
  }
  std::error_code ec;
  if (target != "-" && fs::exists(target, ec)) {
    print_error(err,
                fmt::format("test: {} exists; --update refreshes its values, or remove it to "
                            "generate it anew",
                            target));
    return exit_usage;
  }
  Configs configs(globals, err);
  const Config* config = configs.get(config_file);
  if (config == nullptr) {
    return exit_config;
  }
  const std::string ref =
      target == "-" ? config_file
                    : fs::absolute(config_file)
                          .lexically_normal()
                          .lexically_relative(fs::absolute(target).parent_path().lexically_normal())
                          .string();
  const ProviderInfo* site = find_provider(config->provider);
  const std::string provider =
      site != nullptr && site->headers.available ? config->provider : std::string("generic");
  const GeneratedExpectations generated = generate_expectations(*config, ref, provider);
  if (target == "-") {
    std::fwrite(generated.text.data(), 1, generated.text.size(), stdout);
  } else if (const std::string problem = write_file(target, generated.text); !problem.empty()) {
    print_error(err, "test: " + problem);
    return exit_findings;
  }
  if (!globals.quiet) {
    for (std::size_t rule : generated.unreachable) {
      const Rule& r = config->rules[rule];
      err.write(fmt::format("cachectl: {} {}:{}: no URL found that rule {} wins; it has no case\n",
                            err.paint(Style::yellow, "warning:"),
                            config->file,
                            r.pos.line,
                            r.pattern.source()));
    }
    if (target != "-") {
      err.write(fmt::format("wrote {}: {} cases for {}; review every value before committing it\n",
                            target,
                            config->rules.size() - generated.unreachable.size(),
                            config->file));
    }
  }
  return exit_ok;
}

int
run_test(const GlobalOptions& globals, const TestCommand& opts)
{
  const Terminal out(stdout, globals.color);
  const Terminal err(stderr, globals.color);
  if (opts.update && opts.generate) {
    print_error(err, "test: --update and --generate exclude each other");
    return exit_usage;
  }
  if (opts.fail_under_given->count() > 0 && (opts.fail_under < 0 || opts.fail_under > 100)) {
    print_error(err, "test: --fail-under takes a percentage from 0 to 100");
    return exit_usage;
  }
  if (opts.schema) {
    out.write(expectations_json_schema());
    return exit_ok;
  }
  if (opts.generate) {
    return run_generate(globals, opts, err);
  }
  std::vector<std::string> paths = opts.files;
  if (paths.empty()) {
    paths.push_back(expectations_path_for(config_path(globals)).string());
  }
  Configs configs(globals, err);
  TestReport report;
  report.show_coverage = opts.coverage || opts.fail_under_given->count() > 0;
  for (const std::string& path : paths) {
    auto file = load_expectations(path);
    if (!file) {
      print_diagnostics(err, file.error());
      return exit_config;
    }
    const Config* config = configs.get(config_for(globals, *file));
    if (config == nullptr) {
      return exit_config;
    }
    FileRun run{std::move(*file), config, {}};
    run.results = run_expectations(*config, run.file);
    report.files.push_back(std::move(run));
  }
  std::size_t skipped = 0;
  if (opts.update) {
    for (FileRun& run : report.files) {
      const UpdateResult updated = update_expectations(run.file, run.results);
      for (const std::string& message : updated.skipped) {
        err.write(fmt::format("cachectl: {} {}\n", err.paint(Style::yellow, "warning:"), message));
      }
      skipped += updated.skipped.size();
      if (updated.changed == 0) {
        continue;
      }
      if (const std::string problem = write_file(run.file.file, updated.text); !problem.empty()) {
        print_error(err, "test: " + problem);
        return exit_findings;
      }
      if (!globals.quiet) {
        err.write(fmt::format("updated {}: {} value{}\n",
                              run.file.file,
                              updated.changed,
                              updated.changed == 1 ? "" : "s"));
      }
      // The report shows the file as it is now.
      auto reloaded = parse_expectations(updated.text, run.file.file);
      if (reloaded) {
        run.file = std::move(*reloaded);
        run.results = run_expectations(*run.config, run.file);
      }
    }
  }
  for (const FileRun& run : report.files) {
    for (const CaseResult& result : run.results) {
      ++(result.passed() ? report.passed : report.failed);
    }
  }
  for (const FileRun& run : report.files) {
    const bool seen = std::any_of(report.coverage.begin(),
                                  report.coverage.end(),
                                  [&](const ConfigCoverage& c) { return c.config == run.config; });
    if (seen) {
      continue;
    }
    std::vector<CaseResult> results;
    for (const FileRun& other : report.files) {
      if (other.config == run.config) {
        results.insert(results.end(), other.results.begin(), other.results.end());
      }
    }
    report.coverage.push_back({run.config, compute_coverage(*run.config, results)});
  }
  if (opts.format == "json") {
    out.write(render_test_json(report));
  } else if (opts.format == "junit") {
    out.write(render_test_junit(report, junit_timestamp()));
  } else if (opts.format == "github") {
    out.write(render_test_github(report));
  } else {
    out.write(render_test_text(report, out));
  }
  bool below = false;
  if (opts.fail_under_given->count() > 0) {
    for (const ConfigCoverage& entry : report.coverage) {
      if (entry.coverage.percent() + 1e-9 < opts.fail_under) {
        below = true;
        err.write(fmt::format("cachectl: {} coverage of {} is {:.1f} %, under --fail-under {}\n",
                              err.paint(Style::red, "error:"),
                              entry.config->file,
                              entry.coverage.percent(),
                              opts.fail_under));
      }
    }
  }
  return report.failed > 0 || below || skipped > 0 ? exit_findings : exit_ok;
}

} // namespace

void
setup_test(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<TestCommand>();
  CLI::App* cmd = app.add_subcommand(
      "test", "check that URLs still get the rules, options and headers an expectation file says");
  cmd->add_option("files",
                  opts->files,
                  "expectation files (default: the config's name with .test.toml, e.g. "
                  "cache.test.toml)")
      ->type_name("FILE");
  cmd->add_flag("--update", opts->update, "write the current answers into the expectation files");
  cmd->add_flag(
      "--generate", opts->generate, "write a starting expectation file: one case per rule");
  cmd->add_flag("--schema", opts->schema, "print the JSON Schema of expectation files and exit");
  cmd->add_flag("--coverage", opts->coverage, "print which rules won, lost or were never reached");
  opts->fail_under_given =
      cmd->add_option("--fail-under",
                      opts->fail_under,
                      "exit 1 when fewer than PCT percent of the rules won a case")
          ->type_name("PCT");
  cmd->add_option("--format", opts->format, "output format: text (default), json, junit or github")
      ->check(CLI::IsMember({"text", "json", "junit", "github"}))
      ->type_name("FORMAT");
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_test(globals, *opts); };
  });
}

} // namespace cachectl::cli
