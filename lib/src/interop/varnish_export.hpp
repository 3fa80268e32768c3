// `export --to varnish` (see varnish_export.cpp).
#pragma once

#include "export_support.hpp"

#include <cachectl/config/config.hpp>

#include <string>

namespace cachectl::interop {

/// A VCL snippet for `config`: `sub cachectl_backend_response`, to be called from
/// `vcl_backend_response`, setting each URL's TTL, grace, headers and xkey from its winning
/// rule; what it cannot express goes to `diagnostics`.
std::string export_varnish(const Config& config, ExportDiagnostics& diagnostics);

} // namespace cachectl::interop
