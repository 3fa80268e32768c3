// The fast path of URL normalization: an already-normal path (`/a/b?q`) is recognized in one
// scan and copied, the full algorithm runs only where an escape, a dot segment, a fragment or
// a byte that needs encoding appears. Private to the library; the tests compare both paths.
#pragma once

#include <cachectl/pattern/url.hpp>

#include <expected>
#include <string_view>

namespace cachectl {

/// True when `input` is a path that normalization leaves unchanged without a step: it starts
/// with `/`, fits `max_url_length`, holds only bytes a path (then a query, after `?`) may hold
/// raw, no `%`, no `#` and no `.` or `..` segment. Then `out` holds its path and query.
bool normalize_fast_path(std::string_view input, NormalizedUrl& out);

/// True when `byte` may stay raw in a normalized path (the table the byte-wise scan reads).
bool path_byte_is_raw(unsigned char byte);

#if defined(__SSE2__)
/// The same question answered by the 16-byte classifier of the SSE2 scan.
bool path_byte_is_raw_vector(unsigned char byte);
#endif

/// `normalize_url` without the fast path: the full algorithm on every input.
std::expected<NormalizedUrl, UrlError> normalize_url_full(std::string_view input);

} // namespace cachectl
