// `export --to cloudflare-pages` (see cloudflare_pages_export.cpp).
#pragma once

#include "export_support.hpp"

#include <cachectl/config/config.hpp>

#include <string>

namespace cachectl::interop {

/// The `_headers` file of Cloudflare Pages for `config`; what it cannot express goes to
/// `diagnostics`.
std::string export_cloudflare_pages(const Config& config, ExportDiagnostics& diagnostics);

} // namespace cachectl::interop
