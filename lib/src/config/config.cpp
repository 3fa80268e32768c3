#include "config/loader.hpp"
#include "config/toml_values.hpp"
#include "util/toml_nesting.hpp"

#include <cachectl/config/config.hpp>

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <span>
#include <system_error>
#include <utility>

namespace cachectl {

using namespace config_detail;

bool
LoadedConfig::usable() const
{
  return std::none_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    return d.severity == Severity::error;
  });
}

LoadedConfig
read_config(const std::filesystem::path& path)
{
  const std::string file = path.string();
  const auto failure = [&](int error_number) {
    const std::string reason = std::error_code(error_number, std::generic_category()).message();
    LoadedConfig loaded;
    loaded.config.file = file;
    loaded.diagnostics.push_back(Diagnostic{Severity::error,
                                            "read-error",
                                            "cannot read config file: " + reason,
                                            SourceSpan{file, {}, {}},
                                            {},
                                            {}});
    return loaded;
  };
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(path.c_str(), "rb"),
                                                               &std::fclose);
  if (!stream) {
    return failure(errno);
  }
  std::string text;
  char buffer[65536];
  errno = 0;
  while (true) {
    const std::size_t count = std::fread(buffer, 1, sizeof buffer, stream.get());
    text.append(buffer, count);
    if (count < sizeof buffer) {
      break;
    }
  }
  if (std::ferror(stream.get()) != 0) {
    return failure(errno != 0 ? errno : EIO);
  }
  return read_config_text(text, file);
}

namespace {

// toml++'s message in our style: "Error while parsing X: Y" becomes "invalid TOML in X: Y", and
// the table name of "cannot redefine existing table" (which toml++ 3.3.0 garbles for quoted keys,
// e.g. 'routes."/b/blog"' for [routes."/blog"]) is taken from the header on `line` instead.
std::string
toml_error_message(std::string_view description, std::string_view text, std::uint32_t line)
{
  std::string message(description);
  constexpr std::string_view prefix = "Error while parsing ";
  if (message.starts_with(prefix)) {
    message = "invalid TOML in " + message.substr(prefix.size());
  }
  constexpr std::string_view redefine = "cannot redefine existing table '";
  const std::size_t at = message.find(redefine);
  if (at == std::string::npos || line == 0) {
    return message;
  }
  std::size_t start = 0;
  for (std::uint32_t n = 1; n < line && start != std::string_view::npos; ++n) {
    start = text.find('\n', start);
    start = start == std::string_view::npos ? start : start + 1;
  }
  if (start == std::string_view::npos) {
    return message;
  }
  std::string_view header = text.substr(start, text.find('\n', start) - start);
  const std::size_t open = header.find('[');
  const std::size_t close = header.rfind(']');
  if (open == std::string_view::npos || close == std::string_view::npos || close <= open) {
    return message;
  }
  header = header.substr(open + 1, close - open - 1);
  while (!header.empty() && (header.front() == '[' || header.front() == ' ')) {
    header.remove_prefix(1);
  }
  while (!header.empty() && (header.back() == ']' || header.back() == ' ')) {
    header.remove_suffix(1);
  }
  return message.substr(0, at) + std::string(redefine) + std::string(header) + "'";
}

// The position of byte `offset` of `text` as toml++ counts it (columns in code points, a byte
// order mark not counted).
SourcePos
toml_pos(std::string_view text, std::size_t offset)
{
  const std::string_view before = text.substr(0, offset);
  const std::size_t line_start = before.rfind('\n') + 1; // npos + 1 is 0
  std::uint32_t column = code_points(before.substr(line_start)) + 1;
  if (line_start == 0 && before.starts_with("\xEF\xBB\xBF")) {
    --column;
  }
  const auto lines = static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n'));
  return SourcePos{lines + 1, column};
}

// A config that could not be parsed: `text` with one toml-syntax error at `at`.
LoadedConfig
syntax_error(std::string_view text, std::string_view file, SourcePos at, std::string message)
{
  LoadedConfig loaded;
  loaded.config.file = std::string(file);
  loaded.text = std::string(text);
  loaded.diagnostics.push_back(Diagnostic{Severity::error,
                                          "toml-syntax",
                                          std::move(message),
                                          SourceSpan{std::string(file), at, at},
                                          {},
                                          {}});
  return loaded;
}

} // namespace

LoadedConfig
read_config_text(std::string_view text, std::string_view file)
{
  // Refused before toml++ sees it: toml++ would overflow the stack on it (toml_nesting.hpp).
  const TomlNesting nesting = toml_nesting(text);
  if (nesting.depth > max_toml_nesting) {
    return syntax_error(text,
                        file,
                        toml_pos(text, nesting.offset),
                        fmt::format("invalid TOML: tables, dotted keys and arrays nested more "
                                    "than {} levels deep",
                                    max_toml_nesting));
  }
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error& error) {
    const SourcePos at = to_pos(error.source().begin);
    return syntax_error(text, file, at, toml_error_message(error.description(), text, at.line));
  }
  return Loader(text, file).load(root);
}

namespace {

// The config of `loaded`, or its diagnostics when one of them is an error.
Result<Config>
usable_or_errors(LoadedConfig loaded)
{
  if (loaded.usable()) {
    return std::move(loaded.config);
  }
  return std::unexpected(std::move(loaded.diagnostics));
}

} // namespace

Result<Config>
load_config(const std::filesystem::path& path)
{
  return usable_or_errors(read_config(path));
}

Result<Config>
parse_config(std::string_view text, std::string_view file)
{
  return usable_or_errors(read_config_text(text, file));
}

const ProviderSettings*
provider_settings(const Config& config, std::string_view name)
{
  const auto it = std::find_if(config.providers.begin(),
                               config.providers.end(),
                               [&](const ProviderSettings& s) { return s.name == name; });
  return it == config.providers.end() ? nullptr : &*it;
}

std::vector<std::size_t>
rule_priority_order(const Config& config)
{
  std::vector<const Pattern*> patterns;
  patterns.reserve(config.rules.size());
  for (const auto& rule : config.rules) {
    patterns.push_back(&rule.pattern);
  }
  return priority_order(std::span<const Pattern* const>(patterns));
}

} // namespace cachectl