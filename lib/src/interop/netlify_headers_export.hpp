// `export --to netlify-headers` (see netlify_headers_export.cpp).
#pragma once

#include "export_support.hpp"

#include <cachectl/config/config.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cachectl::interop {

/// One Netlify header rule: a path and the values it sets.
struct NetlifyBlock {
  std::string path;
  std::vector<Header> headers;
};

/// The rules of `config` as Netlify rules in file order (the least specific first), shared by
/// `_headers` and `netlify.toml`, which Netlify matches and combines alike; what they cannot
/// express goes to `diagnostics`.
std::vector<NetlifyBlock> netlify_blocks(const Config& config, ExportDiagnostics& diagnostics);

/// The comment lines that open a Netlify file: what it is, where it comes from, how it applies.
std::string netlify_preamble(std::string_view title, std::string_view format, const Config& config);

/// The `_headers` file of Netlify for `config`; what it cannot express goes to `diagnostics`.
std::string export_netlify_headers(const Config& config, ExportDiagnostics& diagnostics);

} // namespace cachectl::interop
