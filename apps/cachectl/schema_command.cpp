// `cachectl schema`: print the JSON Schema of cache.toml for editors (Taplo, Even Better TOML).
#include "cli.hpp"

#include <cachectl/config/config_schema.hpp>

namespace cachectl::cli {

void
setup_schema(CLI::App& app, const GlobalOptions& /*globals*/, std::function<int()>& action)
{
  CLI::App* cmd = app.add_subcommand("schema", "print the JSON Schema of cache.toml (for editors)");
  cmd->callback([&action] {
    action = [] {
      Terminal(stdout, ColorMode::never).write(config_json_schema());
      return static_cast<int>(exit_ok);
    };
  });
}

} // namespace cachectl::cli
