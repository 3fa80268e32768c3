// `export --to netlify-headers` (see netlify_headers_export.cpp).
#pragma once

#include "export_support.hpp"

#include <cachectl/config/config.hpp>

#include <string>

namespace cachectl::interop {

/// The `_headers` file of Netlify for `config`; what it cannot express goes to `diagnostics`.
std::string export_netlify_headers(const Config& config, ExportDiagnostics& diagnostics);

} // namespace cachectl::interop
