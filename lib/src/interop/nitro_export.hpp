// `export --to nitro` (see nitro_export.cpp).
#pragma once

#include "export_support.hpp"

#include <cachectl/config/config.hpp>

#include <string>

namespace cachectl::interop {

/// The route rules of Nitro (`routeRules` in nitro.config / nuxt.config) for `config`, as a JSON
/// object of `headers` rules; what it cannot express goes to `diagnostics`.
std::string export_nitro(const Config& config, ExportDiagnostics& diagnostics);

} // namespace cachectl::interop
