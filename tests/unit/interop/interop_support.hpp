// Shared by the export unit tests.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/interop/export.hpp>

#include <doctest/doctest.h>

#include <string_view>

namespace cachectl::test {

/// Exports `toml` (which must load; its file name is `cache.toml`) to `format`.
inline ExportResult
export_text(std::string_view toml, ExportFormat format, bool lossy = false)
{
  auto config = parse_config(toml, "cache.toml");
  REQUIRE(config.has_value());
  return export_config(*config, format, ExportOptions{lossy});
}

} // namespace cachectl::test
