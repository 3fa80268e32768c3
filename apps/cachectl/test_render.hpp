// The outputs of `cachectl test`: text diffs, JSON, JUnit XML and GitHub annotations.
#pragma once

#include "terminal.hpp"

#include <cachectl/analysis/coverage.hpp>
#include <cachectl/analysis/expectation_run.hpp>
#include <cachectl/analysis/expectations.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cachectl::cli {

/// One expectation file run against its config.
struct FileRun {
  ExpectationFile file;
  const Config* config = nullptr; ///< owned by the report's caller, outlives the report
  std::vector<CaseResult> results;
};

/// The coverage of one config over every file that tests it.
struct ConfigCoverage {
  const Config* config = nullptr;
  Coverage coverage;
};

/// Everything `cachectl test` renders.
struct TestReport {
  std::vector<FileRun> files;
  std::vector<ConfigCoverage> coverage;
  std::size_t passed = 0;
  std::size_t failed = 0;
  bool show_coverage = false; ///< --coverage (text and github print it only then)
};

/// `key = value` of an expectation as it is written in the file (`expect.max_age`,
/// `headers.cloudflare.Cache-Control`), with the case's default provider filled in.
std::string expectation_key(const Expectation& e, const CaseResult& result);

/// Each failure as a diff of expected (`-`, the expectation file's line) and actual (`+`, the
/// winning rule's line); with --coverage each rule's state; then `N passed, N failed`.
std::string render_test_text(const TestReport& report, const Terminal& out);

/// One JSON document (see cachectl-test(1)).
std::string render_test_json(const TestReport& report);

/// JUnit XML (the Ant format: one testsuite per expectation file, coverage as properties);
/// `timestamp` is ISO 8601 without a time zone.
std::string render_test_junit(const TestReport& report, std::string_view timestamp);

/// GitHub Actions workflow commands: an `::error` at each unmet expectation's line, with
/// --coverage a `::warning` at each rule that won no case; then `N passed, N failed`.
std::string render_test_github(const TestReport& report);

} // namespace cachectl::cli
