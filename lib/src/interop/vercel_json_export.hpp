// `export --to vercel-json` (see vercel_json_export.cpp).
#pragma once

#include "export_support.hpp"

#include <cachectl/config/config.hpp>

#include <string>

namespace cachectl::interop {

/// The `headers` array of `vercel.json` for `config`, as a JSON document `{"headers": […]}`;
/// what it cannot express goes to `diagnostics`.
std::string export_vercel_json(const Config& config, ExportDiagnostics& diagnostics);

} // namespace cachectl::interop
