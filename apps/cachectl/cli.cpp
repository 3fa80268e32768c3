#include "cli.hpp"

#include <cachectl/purge/http_transport.hpp>
#include <cachectl/util/suggest.hpp>
#include <cachectl/util/version.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace cachectl::cli {

namespace {

// Names of the visible subcommands, comma-separated.
std::string
command_list(CLI::App& app)
{
  std::string names;
  // Hidden commands (an empty group, like __completions) are not advertised.
  for (const CLI::App* sub :
       app.get_subcommands([](CLI::App* a) { return !a->get_group().empty(); })) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  return names;
}

// The first operand when it is not a known command (global options and their values skipped).
std::optional<std::string>
unknown_command(CLI::App& app, int argc, char** argv)
{
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-c" || arg == "--config" || arg == "--color") {
      ++i; // the option's value
      continue;
    }
    if (arg.starts_with("-")) {
      continue;
    }
    try {
      app.get_subcommand(std::string(arg));
      return std::nullopt;
    } catch (const CLI::OptionNotFound&) {
      return std::string(arg);
    }
  }
  return std::nullopt;
}

// The visible commands' names.
std::vector<std::string>
command_names(CLI::App& app)
{
  std::vector<std::string> names;
  for (const CLI::App* sub :
       app.get_subcommands([](CLI::App* a) { return !a->get_group().empty(); })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// `unknown command 'mach'; did you mean 'match'? (commands: …)`.
std::string
unknown_command_message(CLI::App& app, std::string_view name)
{
  const auto names = command_names(app);
  const auto guess = closest_name(name, names);
  return fmt::format("unknown command '{}'{} (commands: {})",
                     printable(name),
                     guess ? fmt::format("; did you mean '{}'?", *guess) : "",
                     command_list(app));
}

// `cachectl help [COMMAND]`: the help of cachectl or of COMMAND (as `COMMAND --help`).
void
setup_help(CLI::App& app, std::function<int()>& action)
{
  auto topic = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("help", "print the help of a command (as COMMAND --help)");
  cmd->add_option("command", *topic, "the command")->type_name("COMMAND");
  cmd->callback([&app, &action, topic] {
    action = [&app, topic] {
      const Terminal out(stdout, ColorMode::never);
      if (topic->empty()) {
        // app.help() would show the selected subcommand's (this one's) help.
        out.write(app.get_formatter()->make_help(&app, "cachectl", CLI::AppFormatMode::Normal));
        return static_cast<int>(exit_ok);
      }
      const auto names = command_names(app);
      if (std::find(names.begin(), names.end(), *topic) == names.end()) {
        print_error(Terminal(stderr, ColorMode::automatic),
                    fmt::format("help: {}", unknown_command_message(app, *topic)));
        return static_cast<int>(exit_usage);
      }
      out.write(app.get_subcommand(*topic)->help("cachectl"));
      return static_cast<int>(exit_ok);
    };
  });
}

// The first operand when it names a command, else "".
std::string
chosen_command(CLI::App& app, int argc, char** argv)
{
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-c" || arg == "--config" || arg == "--color") {
      ++i;
      continue;
    }
    if (arg.starts_with("-")) {
      continue;
    }
    try {
      return app.get_subcommand(std::string(arg))->get_name();
    } catch (const CLI::OptionNotFound&) {
      return {};
    }
  }
  return {};
}

} // namespace

std::string
config_path(const GlobalOptions& globals)
{
  if (!globals.config.empty()) {
    return globals.config;
  }
  const char* env = std::getenv("CACHECTL_CONFIG");
  if (env != nullptr && env[0] != '\0') {
    return env;
  }
  return "cache.toml";
}

bool
load_http_transport_or_report(std::string_view command, const Terminal& err)
{
  const auto transport = load_http_transport();
  if (!transport) {
    print_error(err, fmt::format("{}: {}", command, transport.error()));
  }
  return transport.has_value();
}

std::optional<Config>
load_config_or_report(const GlobalOptions& globals, const Terminal& err)
{
  const std::string path = config_path(globals);
  std::error_code ec;
  const char* env = std::getenv("CACHECTL_CONFIG");
  const bool from_env = env != nullptr && env[0] != '\0';
  if (globals.config.empty() && !from_env && !std::filesystem::exists(path, ec)) {
    print_error(
        err, "no config file: ./cache.toml does not exist (pass -c FILE or set CACHECTL_CONFIG)");
    return std::nullopt;
  }
  auto config = load_config(path);
  if (!config) {
    for (const auto& diagnostic : config.error()) {
      const std::string text = format_short(diagnostic);
      // `file:line:col: error: message`, with the severity colored like compilers do.
      const std::string severity = fmt::format("{}:", to_string(diagnostic.severity));
      const std::size_t at = text.find(severity);
      err.write(fmt::format("{}{}{}\n",
                            err.paint(Style::bold, text.substr(0, at)),
                            err.paint(Style::red, severity),
                            text.substr(at + severity.size())));
    }
    return std::nullopt;
  }
  return std::move(*config);
}

namespace {

// The command line parsed and run; the exit status before output is checked.
int
run_command(int argc, char** argv)
{
  GlobalOptions globals;
  CLI::App app{"cachectl: HTTP cache rules per route pattern, checked and explained", "cachectl"};
  // Computed only when asked for: it loads ICU and libcurl, which other commands may not need.
  app.set_version_flag("--version", [] {
    return fmt::format("cachectl {} (libcachectl {}; {}, libcurl {})",
                       CACHECTL_VERSION,
                       library_version(),
                       dependency_versions(),
                       load_http_transport().value_or("(not loadable)"));
  });
  app.add_option("-c,--config",
                 globals.config,
                 "config file (default: $CACHECTL_CONFIG, else ./cache.toml)")
      ->type_name("FILE");
  std::string color = "auto";
  app.add_option("--color", color, "color output: auto (default), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.add_flag("-q,--quiet", globals.quiet, "print only results and errors");
  app.add_flag("-v,--verbose", globals.verbose, "say more (repeatable)");
  app.require_subcommand(1);
  app.fallthrough();
  app.footer("Exit status: 0 success, 1 problems found, 2 usage error, 3 config not loadable,\n"
             "4 remote failure, 5 I/O error (input unreadable, output unwritable).\n"
             "See cachectl(1) and cachectl-<command>(1).");

  std::function<int()> action;
  setup_validate(app, globals, action);
  setup_match(app, globals, action);
  setup_headers(app, globals, action);
  setup_test(app, globals, action);
  setup_purge(app, globals, action);
  setup_check(app, globals, action);
  setup_warm(app, globals, action);
  setup_bench(app, globals, action);
  setup_simulate(app, globals, action);
  setup_export(app, globals, action);
  setup_import(app, globals, action);
  setup_schema(app, globals, action);
  setup_help(app, action);
  setup_completion(app, globals, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    Terminal(stdout, ColorMode::never).write(app.version() + "\n");
    return exit_ok;
  } catch (const CLI::ParseError& e) {
    const Terminal err(stderr, ColorMode::automatic);
    if (argc <= 1) {
      err.write(app.help());
      return exit_usage;
    }
    if (const auto unknown = unknown_command(app, argc, argv)) {
      print_error(err, unknown_command_message(app, *unknown));
    } else {
      // CLI11 capitalizes its messages; ours follow the `program: error: lowercase` convention.
      std::string message = e.what();
      if (message.size() > 1 && std::isupper(static_cast<unsigned char>(message[0])) != 0 &&
          std::isupper(static_cast<unsigned char>(message[1])) == 0) {
        message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
      }
      print_error(err, message);
    }
    const std::string command = chosen_command(app, argc, argv);
    err.write(
        fmt::format("Run 'cachectl {}--help' for usage.\n", command.empty() ? "" : command + " "));
    return exit_usage;
  }
  globals.color = color == "always"  ? ColorMode::always
                  : color == "never" ? ColorMode::never
                                     : ColorMode::automatic;
  return action ? action() : exit_usage;
}

} // namespace

int
run(int argc, char** argv)
{
  default_sigpipe();
  return finish_output(run_command(argc, argv));
}

} // namespace cachectl::cli
