// Hidden commands behind the shell completions: `__completions bash|zsh|fish` prints a script
// generated from the command-line definition (the files in completions/ are its output, and a
// test fails when they drift), `__complete tags|routes|providers` prints values from the config.
#include "cli.hpp"

#include <cachectl/config/config_keys.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <set>

namespace cachectl::cli {

namespace {

// One option as the completion scripts need it.
struct OptionInfo {
  std::vector<std::string> shorts; ///< without "-"
  std::vector<std::string> longs;  ///< without "--"
  std::string description;
  bool takes_value = false;
  std::vector<std::string> choices; ///< enumerated values, if any
  std::string value_kind;           ///< "file", "tags", "routes" or "" (free text)
};

// A command (or the top level) with its options and operand kind.
struct CommandInfo {
  std::string name;
  std::string description;
  std::vector<OptionInfo> options;
  std::string operand; ///< "file", "url" or ""
};

// `{a,b,c}` from a CLI11 type name such as `FORMAT:{text,json}`.
std::vector<std::string>
choices_of(const std::string& type_name)
{
  std::vector<std::string> out;
  const std::size_t open = type_name.find('{');
  const std::size_t close = type_name.rfind('}');
  if (open == std::string::npos || close == std::string::npos || close < open) {
    return out;
  }
  std::string item;
  for (char c : type_name.substr(open + 1, close - open - 1)) {
    if (c == ',') {
      out.push_back(item);
      item.clear();
    } else {
      item += c;
    }
  }
  out.push_back(item);
  return out;
}

// The options of `app` (not the help flag, which every script adds itself).
std::vector<OptionInfo>
options_of(const CLI::App& app)
{
  std::vector<OptionInfo> out;
  for (const CLI::Option* opt : app.get_options()) {
    if (!opt->nonpositional()) {
      continue;
    }
    OptionInfo info;
    info.shorts = opt->get_snames();
    info.longs = opt->get_lnames();
    info.description = opt->get_description();
    info.takes_value = opt->get_items_expected_max() > 0;
    if (info.takes_value) {
      const std::string type = opt->get_type_name();
      info.choices = choices_of(type);
      if (type.starts_with("FILE")) {
        info.value_kind = "file";
      } else if (std::find(info.longs.begin(), info.longs.end(), "tag") != info.longs.end()) {
        info.value_kind = "tags";
      } else if (std::find(info.longs.begin(), info.longs.end(), "rule") != info.longs.end()) {
        info.value_kind = "routes";
      }
    }
    out.push_back(std::move(info));
  }
  return out;
}

// What the operands of `app` are.
std::string
operand_of(const CLI::App& app)
{
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_positional()) {
      return opt->get_type_name().starts_with("FILE") ? "file" : "url";
    }
  }
  return {};
}

// The visible commands of `app`, in registration order.
std::vector<CommandInfo>
commands_of(CLI::App& app)
{
  std::vector<CommandInfo> out;
  for (const CLI::App* sub :
       app.get_subcommands([](CLI::App* a) { return !a->get_group().empty(); })) {
    out.push_back(
        CommandInfo{sub->get_name(), sub->get_description(), options_of(*sub), operand_of(*sub)});
  }
  return out;
}

// Every spelling of an option: `-c --config`.
std::vector<std::string>
spellings(const OptionInfo& o)
{
  std::vector<std::string> out;
  for (const auto& s : o.shorts) {
    out.push_back("-" + s);
  }
  for (const auto& l : o.longs) {
    out.push_back("--" + l);
  }
  return out;
}

std::string
join(const std::vector<std::string>& items, std::string_view sep)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : std::string(sep)) + item;
  }
  return out;
}

// `text` inside single quotes for sh, zsh and fish.
std::string
single_quoted(std::string_view text)
{
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

// The case arms that complete the value of an option in bash.
std::string
bash_value_cases(const std::vector<OptionInfo>& options)
{
  std::string out;
  for (const auto& o : options) {
    if (!o.takes_value) {
      continue;
    }
    std::string action;
    if (!o.choices.empty()) {
      action = fmt::format("COMPREPLY=($(compgen -W {} -- \"$cur\"))",
                           single_quoted(join(o.choices, " ")));
    } else if (o.value_kind == "file") {
      action = "COMPREPLY=($(compgen -f -- \"$cur\"))";
    } else if (!o.value_kind.empty()) {
      action = fmt::format("COMPREPLY=($(compgen -W \"$(cachectl \"${{config[@]}}\" __complete {} "
                           "2>/dev/null)\" -- \"$cur\"))",
                           o.value_kind);
    } else {
      action = "COMPREPLY=()";
    }
    out += fmt::format("      {}) {}; return ;;\n", join(spellings(o), "|"), action);
  }
  return out;
}

std::string
bash_script(CLI::App& app)
{
  const auto globals = options_of(app);
  const auto commands = commands_of(app);
  std::vector<std::string> global_words = {"-h", "--help"};
  for (const auto& o : globals) {
    for (const auto& s : spellings(o)) {
      global_words.push_back(s);
    }
  }
  std::vector<std::string> names;
  for (const auto& c : commands) {
    names.push_back(c.name);
  }
  std::string out =
      "# bash completion for cachectl -*- shell-script -*-\n"
      "# Generated by `cachectl __completions bash`; do not edit (tests fail when it drifts).\n"
      "_cachectl()\n"
      "{\n"
      "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
      "  local cmd=\"\" i config=()\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case \"${COMP_WORDS[i]}\" in\n"
      "      -c|--config) config=(-c \"${COMP_WORDS[i+1]}\"); ((i++)) ;;\n"
      "      --color) ((i++)) ;;\n"
      "      -*) ;;\n"
      "      *) [[ -z $cmd ]] && cmd=\"${COMP_WORDS[i]}\" ;;\n"
      "    esac\n"
      "  done\n"
      "  case \"$prev\" in\n";
  out += bash_value_cases(globals);
  out += "  esac\n  case \"$cmd\" in\n";
  out += fmt::format("    \"\")\n      COMPREPLY=($(compgen -W {} -- \"$cur\")) ;;\n",
                     single_quoted(join(names, " ") + " " + join(global_words, " ")));
  for (const auto& c : commands) {
    std::vector<std::string> words = global_words;
    for (const auto& o : c.options) {
      for (const auto& s : spellings(o)) {
        words.push_back(s);
      }
    }
    out += fmt::format(
        "    {})\n      case \"$prev\" in\n{}      esac\n", c.name, bash_value_cases(c.options));
    const std::string operands = c.operand == "file" ? " $(compgen -f -- \"$cur\")" : "";
    out += fmt::format("      if [[ $cur == -* || -z {} ]]; then\n"
                       "        COMPREPLY=($(compgen -W {} -- \"$cur\"))\n"
                       "      else\n"
                       "        COMPREPLY=({})\n"
                       "      fi ;;\n",
                       operands.empty() ? "\"\"" : "\"file\"",
                       single_quoted(join(words, " ")),
                       operands);
  }
  out += "  esac\n}\ncomplete -F _cachectl cachectl\n";
  return out;
}

// `text` made safe inside a zsh _arguments description (`[...]`).
std::string
zsh_description(std::string_view text)
{
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') {
      out += '\\';
    }
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out;
}

// The _arguments specs of `options`, one per line.
std::string
zsh_specs(const std::vector<OptionInfo>& options)
{
  std::string out;
  for (const auto& o : options) {
    const auto names = spellings(o);
    std::string action;
    if (o.takes_value) {
      if (!o.choices.empty()) {
        action = fmt::format(":value:({})", join(o.choices, " "));
      } else if (o.value_kind == "file") {
        action = ":file:_files";
      } else if (!o.value_kind.empty()) {
        action = fmt::format(":{}:_cachectl_{}", o.value_kind, o.value_kind);
      } else {
        action = ":value: ";
      }
    }
    const std::string exclusion = names.size() > 1 ? "(" + join(names, " ") + ")" : "";
    const bool repeatable =
        o.longs.size() == 1 && (o.longs[0] == "provider" || o.longs[0] == "tag" ||
                                o.longs[0] == "verbose" || o.longs[0] == "header");
    for (const auto& n : names) {
      out += fmt::format("    '{}{}[{}]{}' \\\n",
                         repeatable ? "*" : exclusion,
                         n,
                         zsh_description(o.description),
                         action);
    }
  }
  return out;
}

std::string
zsh_script(CLI::App& app)
{
  const auto commands = commands_of(app);
  std::string out =
      "#compdef cachectl\n"
      "# zsh completion for cachectl.\n"
      "# Generated by `cachectl __completions zsh`; do not edit (tests fail when it drifts).\n\n"
      "_cachectl_tags() { compadd -- ${(f)\"$(cachectl __complete tags 2>/dev/null)\"} }\n"
      "_cachectl_routes() { compadd -- ${(f)\"$(cachectl __complete routes 2>/dev/null)\"} }\n\n"
      "_cachectl() {\n"
      "  local curcontext=\"$curcontext\" state line\n"
      "  typeset -A opt_args\n"
      "  local -a commands\n"
      "  commands=(\n";
  for (const auto& c : commands) {
    out += fmt::format("    {}\n", single_quoted(c.name + ":" + c.description));
  }
  out += "  )\n  _arguments -C \\\n";
  out += zsh_specs(options_of(app));
  out += "    '(- *)'{-h,--help}'[print help and exit]' \\\n"
         "    '1: :->command' \\\n"
         "    '*:: :->args'\n"
         "  case $state in\n"
         "    command) _describe -t commands 'cachectl command' commands ;;\n"
         "    args)\n"
         "      case $words[1] in\n";
  for (const auto& c : commands) {
    out += fmt::format("        {})\n          _arguments \\\n", c.name);
    out += zsh_specs(c.options);
    out += zsh_specs(options_of(app));
    const std::string operand = c.operand == "file"  ? "'*:config file:_files'"
                                : c.operand == "url" ? "'*:URL: '"
                                                     : "";
    out += fmt::format("            '(- *)'{{-h,--help}}'[print help and exit]'{}\n          ;;\n",
                       operand.empty() ? "" : " \\\n            " + operand);
  }
  out += "      esac ;;\n  esac\n}\n\n_cachectl \"$@\"\n";
  return out;
}

std::string
fish_script(CLI::App& app)
{
  const auto commands = commands_of(app);
  std::vector<std::string> names;
  for (const auto& c : commands) {
    names.push_back(c.name);
  }
  std::string out =
      "# fish completion for cachectl.\n"
      "# Generated by `cachectl __completions fish`; do not edit (tests fail when it drifts).\n"
      "complete -c cachectl -f\n";
  auto option_lines = [&](const std::vector<OptionInfo>& options, const std::string& condition) {
    for (const auto& o : options) {
      std::string line = "complete -c cachectl" + condition;
      for (const auto& s : o.shorts) {
        line += " -s " + s;
      }
      for (const auto& l : o.longs) {
        line += " -l " + l;
      }
      if (o.takes_value) {
        if (!o.choices.empty()) {
          line += " -x -a " + single_quoted(join(o.choices, " "));
        } else if (o.value_kind == "file") {
          line += " -r -F";
        } else if (!o.value_kind.empty()) {
          line += fmt::format(" -x -a '(cachectl __complete {} 2>/dev/null)'", o.value_kind);
        } else {
          line += " -x";
        }
      }
      out += line + " -d " + single_quoted(o.description) + "\n";
    }
  };
  option_lines(options_of(app), "");
  out += "complete -c cachectl -s h -l help -d 'print help and exit'\n";
  for (const auto& c : commands) {
    out += fmt::format("complete -c cachectl -n __fish_use_subcommand -a {} -d {}\n",
                       c.name,
                       single_quoted(c.description));
  }
  for (const auto& c : commands) {
    const std::string condition = " -n '__fish_seen_subcommand_from " + c.name + "'";
    option_lines(c.options, condition);
    if (c.operand == "file") {
      out += "complete -c cachectl" + condition + " -F\n";
    }
  }
  return out;
}

int
run_completions(CLI::App& app, const std::string& shell)
{
  const std::string script = shell == "bash"  ? bash_script(app)
                             : shell == "zsh" ? zsh_script(app)
                                              : fish_script(app);
  Terminal(stdout, ColorMode::never).write(script);
  return exit_ok;
}

// Values for dynamic completion; silent (and successful) when the config cannot be loaded.
int
run_complete(const GlobalOptions& globals, const std::string& kind)
{
  if (kind == "providers") {
    for (std::string_view name : provider_names()) {
      std::printf("%.*s\n", static_cast<int>(name.size()), name.data());
    }
    return exit_ok;
  }
  auto config = load_config(config_path(globals));
  if (!config) {
    return exit_ok;
  }
  std::set<std::string> values;
  if (kind == "routes") {
    for (const Rule& rule : config->rules) {
      values.insert(rule.pattern.source());
    }
  } else {
    for (const auto& tag : config->defaults.tags) {
      values.insert(tag);
    }
    for (const Rule& rule : config->rules) {
      values.insert(rule.options.tags.begin(), rule.options.tags.end());
    }
  }
  for (const auto& value : values) {
    std::printf("%s\n", value.c_str());
  }
  return exit_ok;
}

} // namespace

void
setup_completion(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto shell = std::make_shared<std::string>();
  CLI::App* gen = app.add_subcommand("__completions", "print a shell completion script");
  gen->group(""); // hidden
  gen->add_option("shell", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  gen->callback(
      [&app, &action, shell] { action = [&app, shell] { return run_completions(app, *shell); }; });

  auto kind = std::make_shared<std::string>();
  CLI::App* values = app.add_subcommand("__complete", "print completion values from the config");
  values->group("");
  values->add_option("kind", *kind, "tags, routes or providers")
      ->required()
      ->check(CLI::IsMember({"tags", "routes", "providers"}));
  values->callback([&globals, &action, kind] {
    action = [&globals, kind] { return run_complete(globals, *kind); };
  });
}

} // namespace cachectl::cli
