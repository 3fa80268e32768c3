// `cachectl test`: expectation files (`cache.test.toml`), the cases they hold and where each
// expected value is written, so that a failure can point at its line and `--update` can rewrite
// exactly that value. The format is documented in cachectl-test(1).
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/lint/diagnostic.hpp>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

/// The expectation file format version this build understands.
inline constexpr int expectations_version = 1;

/// One expected answer of a case.
struct Expectation {
  /// What the value is compared with.
  enum class Kind {
    rule,   ///< the winning rule's pattern as written, or `false` for no rule
    params, ///< the captured params, a table of strings
    cache,  ///< whether the response may be cached at all (the policy decision)
    option, ///< an effective option of the config's key table (`key`)
    header, ///< a response header of `provider` (`key` is its name); `false` means absent
  };
  Kind kind = Kind::rule;
  std::string key;      ///< the option key or the header name (as written)
  std::string provider; ///< for headers: the provider; empty means the case's default provider
  std::string expected; ///< the expected value as canonical inline TOML (`300`, `"a"`, `false`)
  KeyPlace place;       ///< where the key and its value are written
};

/// One `[[case]]`: a request and what it must get.
struct TestCase {
  std::string name; ///< `name`, else empty (the URL names it)
  std::string url;  ///< a path or an http(s) URL
  std::string method = "GET";
  std::int64_t status = 200;
  std::vector<std::pair<std::string, std::string>> request_headers; ///< `request_headers`
  std::string provider; ///< `provider` of the case (default for its headers); may be empty
  SourcePos pos;        ///< the `[[case]]` header
  std::vector<Expectation> expectations; ///< in file order

  /// `name`, else the URL.
  const std::string&
  label() const
  {
    return name.empty() ? url : name;
  }
};

/// A loaded expectation file.
struct ExpectationFile {
  std::string file;     ///< path as given, for messages
  std::string text;     ///< the file's content (for --update)
  std::string config;   ///< the `config` key as written (relative to the file); may be empty
  std::string provider; ///< the file's default provider for headers; may be empty
  std::vector<TestCase> cases;
};

/// The keys a `[[case]]` table takes, in documentation order.
std::span<const std::string_view> case_keys();

/// The keys of `[case.expect]` besides the option keys of the config's key table.
std::span<const std::string_view> expect_keys();

/// Reads an expectation file; fails with every problem (TOML errors at line:column, unknown keys
/// with a suggestion, wrong types, unknown providers).
Result<ExpectationFile> load_expectations(const std::filesystem::path& path);

/// Reads an expectation file from text; `file` is used in positions and messages only.
Result<ExpectationFile> parse_expectations(std::string_view text, std::string_view file);

/// The expectation file that goes with a config by name: `cache.toml` → `cache.test.toml`.
std::filesystem::path expectations_path_for(const std::filesystem::path& config);

/// The config an expectation file names: its `config` key (relative to the file's folder), else
/// `x.test.toml` → `x.toml`; empty when neither applies.
std::filesystem::path config_path_for(const ExpectationFile& file);

} // namespace cachectl
