// `export --to netlify-toml` (see netlify_toml_export.cpp).
#pragma once

#include "export_support.hpp"

#include <cachectl/config/config.hpp>

#include <string>

namespace cachectl::interop {

/// The `[[headers]]` tables of netlify.toml for `config`; what they cannot express goes to
/// `diagnostics`.
std::string export_netlify_toml(const Config& config, ExportDiagnostics& diagnostics);

} // namespace cachectl::interop
