// `export --to nginx` (see nginx_export.cpp).
#pragma once

#include "export_support.hpp"

#include <cachectl/config/config.hpp>

#include <string>

namespace cachectl::interop {

/// An nginx include file (http context) for `config`: a `map` on `$uri` choosing each URL's
/// winning rule, a map per header, and `add_header … always` for each; what it cannot express
/// goes to `diagnostics`.
std::string export_nginx(const Config& config, ExportDiagnostics& diagnostics);

} // namespace cachectl::interop
