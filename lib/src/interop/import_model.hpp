// What every import parser produces: a platform's header rules in file order, each with the
// source place of its path and of each header line, and the diagnostics of the parse.
#pragma once

#include <cachectl/lint/diagnostic.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cachectl::interop {

/// One header line of a platform rule: set `name` to `value`, or (Cloudflare `! name`) detach
/// what earlier rules set.
struct HeaderOp {
  bool detach = false;
  std::string name;  ///< as written
  std::string value; ///< empty for a detach
  SourcePos pos;     ///< the line's first character
  SourcePos end;     ///< just past the line's text
};

/// One rule of a platform file: a path (or `source`) and its header lines.
struct PlatformRule {
  std::string path; ///< as written (trimmed)
  SourcePos pos;    ///< where the path is written
  SourcePos end;    ///< just past it
  std::vector<HeaderOp> ops;
  /// Non-empty: the rule applies only to some requests (vercel.json `has`/`missing`).
  std::string condition;
};

/// A setting of a platform file that the cache.toml leaves out, found while parsing.
struct Remark {
  SourcePos pos;
  SourcePos end;
  std::string message;
  bool loss = false; ///< true: it changes how responses are cached (an error, or a warning)
};

/// A parsed platform file.
struct PlatformFile {
  std::vector<PlatformRule> rules;     ///< in file order
  std::vector<Diagnostic> diagnostics; ///< syntax errors (`import-syntax`)
  std::vector<Remark> remarks;         ///< what the cache.toml leaves out (Nitro's `isr`, ...)
};

/// An `import-syntax` error at `pos`..`end` of `file`.
Diagnostic syntax_error(std::string_view file, SourcePos pos, SourcePos end, std::string message);

} // namespace cachectl::interop
