// `export --to astro` (see astro_export.cpp).
#pragma once

#include "export_support.hpp"

#include <cachectl/config/config.hpp>

#include <string>

namespace cachectl::interop {

/// Astro's route rules (`routeRules`; `experimental.routeRules` in Astro 6) for `config`, as a
/// JSON object of `maxAge`, `swr` and `tags`; what it cannot express goes to `diagnostics`.
std::string export_astro(const Config& config, ExportDiagnostics& diagnostics);

} // namespace cachectl::interop
