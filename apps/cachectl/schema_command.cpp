// `cachectl schema`: print the JSON Schema of cache.toml for editors (Taplo, Even Better TOML).
#include "cli.hpp"

#include <cachectl/config/config_schema.hpp>

#include <cstdio>

namespace cachectl::cli {

void
setup_schema(CLI::App& app, const GlobalOptions& /*globals*/, std::function<int()>& action)
{
  CLI::App* cmd = app.add_subcommand("schema", "print the JSON Schema of cache.toml (for editors)");
  cmd->callback([&action] {
    action = [] {
      const std::string schema = config_json_schema();
      std::fwrite(schema.data(), 1, schema.size(), stdout);
      return static_cast<int>(exit_ok);
    };
  });
}

} // namespace cachectl::cli
