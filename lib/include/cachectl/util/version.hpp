// Version of libcachectl and of the libraries it was built with.
#pragma once

#include <string>
#include <string_view>

namespace cachectl {

/// The library version, e.g. "0.1.0".
std::string_view library_version();

/// One line naming the versions of the libraries libcachectl uses (RE2, toml++, fmt, ICU).
std::string dependency_versions();

} // namespace cachectl
