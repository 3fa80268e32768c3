#include "test_render.hpp"

#include "render.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

namespace cachectl::cli {

namespace {

using Json = nlohmann::ordered_json;

// A header name or provider as a TOML key (bare when it may be).
std::string
key_text(std::string_view key)
{
  const bool bare =
      !key.empty() && key.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM"
                                            "NOPQRSTUVWXYZ0123456789_-") == std::string_view::npos;
  return bare ? std::string(key) : fmt::format("\"{}\"", key);
}

// The case as one line: `"name" GET /url (status 404)`.
std::string
case_title(const TestCase& c)
{
  std::string title = c.name.empty() ? "" : fmt::format("\"{}\" ", c.name);
  title += fmt::format("{} {}", c.method, c.url);
  if (c.status != 200) {
    title += fmt::format(" (status {})", c.status);
  }
  return title;
}

// Where the winning rule is written, or why there is none.
std::string
rule_place(const Config& config, const CaseResult& result)
{
  if (result.rule) {
    const Rule& rule = config.rules[*result.rule];
    return fmt::format("{}:{}: rule {}", config.file, rule.pos.line, rule.pattern.source());
  }
  switch (result.kind) {
  case Resolution::Kind::outside_base:
    return fmt::format("{}: no rule (the path is outside the base {})", config.file, config.base);
  case Resolution::Kind::redirect:
    return fmt::format("{}: no rule (Astro redirects first)", config.file);
  case Resolution::Kind::invalid:
    return fmt::format("{}: no rule (not a usable URL)", config.file);
  default:
    break;
  }
  return fmt::format("{}: no rule matches", config.file);
}

// The rule's pattern and `file:line`, or null.
Json
rule_json(const Config& config, const CaseResult& result)
{
  if (!result.rule) {
    return nullptr;
  }
  const Rule& rule = config.rules[*result.rule];
  return Json{{"pattern", rule.pattern.source()}, {"file", config.file}, {"line", rule.pos.line}};
}

// The coverage of one config as JSON.
Json
coverage_json(const ConfigCoverage& entry)
{
  Json rules = Json::array();
  for (const RuleCoverage& rule : entry.coverage.rules) {
    const Rule& r = entry.config->rules[rule.rule];
    rules.push_back({{"pattern", r.pattern.source()},
                     {"line", r.pos.line},
                     {"state", to_string(rule.state)},
                     {"wins", rule.wins},
                     {"losses", rule.losses}});
  }
  return Json{{"config", entry.config->file},
              {"rules_total", entry.coverage.rules.size()},
              {"rules_won", entry.coverage.won},
              {"percent", entry.coverage.percent()},
              {"rules", std::move(rules)}};
}

// The coverage entry of `config`.
const ConfigCoverage*
coverage_of(const TestReport& report, const Config* config)
{
  for (const auto& entry : report.coverage) {
    if (entry.config == config) {
      return &entry;
    }
  }
  return nullptr;
}

// The diff of one failing case, uncolored (JUnit failure text) or colored.
std::string
case_diff(const FileRun& run, const CaseResult& result, const Terminal* out)
{
  auto paint = [&](Style style, std::string_view text) {
    return out != nullptr ? out->paint(style, text) : std::string(text);
  };
  const TestCase& c = run.file.cases[result.index];
  std::string text = paint(Style::bold,
                           fmt::format("--- {}:{}: case {}\n+++ {}\n",
                                       run.file.file,
                                       c.pos.line,
                                       printable(case_title(c)),
                                       printable(rule_place(*run.config, result))));
  for (const Mismatch& m : result.mismatches) {
    const Expectation& e = c.expectations[m.expectation];
    const std::string key = expectation_key(e, result);
    text += paint(Style::cyan, fmt::format("@@ {}:{}\n", run.file.file, e.place.key.line));
    text += paint(Style::red, fmt::format("-{} = {}", key, printable(e.expected))) + "\n";
    text += paint(Style::green,
                  m.actual ? fmt::format("+{} = {}", key, printable(*m.actual))
                           : fmt::format("+{}  (not set)", key)) +
            "\n";
    if (!m.note.empty()) {
      text += fmt::format("note: {}\n", printable(m.note));
    }
  }
  return text;
}

} // namespace

std::string
expectation_key(const Expectation& e, const CaseResult& result)
{
  if (e.kind == Expectation::Kind::header) {
    return fmt::format(
        "headers.{}.{}", e.provider.empty() ? result.provider : e.provider, key_text(e.key));
  }
  return "expect." + e.key;
}

std::string
render_test_text(const TestReport& report, const Terminal& out)
{
  std::string text;
  for (const FileRun& run : report.files) {
    for (const CaseResult& result : run.results) {
      if (!result.passed()) {
        text += case_diff(run, result, &out) + "\n";
      }
    }
  }
  if (report.show_coverage) {
    for (const ConfigCoverage& entry : report.coverage) {
      text += fmt::format("coverage of {}: {} of {} rules won a case ({:.1f} %)\n",
                          entry.config->file,
                          entry.coverage.won,
                          entry.coverage.rules.size(),
                          entry.coverage.percent());
      std::size_t width = 0;
      for (const RuleCoverage& rule : entry.coverage.rules) {
        width = std::max(width, entry.config->rules[rule.rule].pattern.source().size());
      }
      for (const RuleCoverage& rule : entry.coverage.rules) {
        const Rule& r = entry.config->rules[rule.rule];
        const std::string state(to_string(rule.state));
        text += fmt::format("  {}  {:<{}}  {}:{}  {} won, {} lost\n",
                            out.paint(rule.state == RuleState::won ? Style::green : Style::yellow,
                                      fmt::format("{:<9}", state)),
                            r.pattern.source(),
                            width,
                            entry.config->file,
                            r.pos.line,
                            rule.wins,
                            rule.losses);
      }
    }
  }
  text += fmt::format("{} passed, {} failed\n", report.passed, report.failed);
  return text;
}

std::string
render_test_json(const TestReport& report)
{
  Json files = Json::array();
  for (const FileRun& run : report.files) {
    Json cases = Json::array();
    for (const CaseResult& result : run.results) {
      const TestCase& c = run.file.cases[result.index];
      Json failures = Json::array();
      for (const Mismatch& m : result.mismatches) {
        const Expectation& e = c.expectations[m.expectation];
        failures.push_back({{"key", expectation_key(e, result)},
                            {"line", e.place.key.line},
                            {"expected", e.expected},
                            {"actual", m.actual ? Json(*m.actual) : Json(nullptr)},
                            {"note", m.note.empty() ? Json(nullptr) : Json(m.note)}});
      }
      cases.push_back({{"name", c.label()},
                       {"url", c.url},
                       {"method", c.method},
                       {"status", c.status},
                       {"line", c.pos.line},
                       {"passed", result.passed()},
                       {"rule", rule_json(*run.config, result)},
                       {"failures", std::move(failures)}});
    }
    files.push_back(
        {{"file", run.file.file}, {"config", run.config->file}, {"cases", std::move(cases)}});
  }
  Json coverage = Json::array();
  for (const ConfigCoverage& entry : report.coverage) {
    coverage.push_back(coverage_json(entry));
  }
  const Json doc{{"version", 1},
                 {"files", std::move(files)},
                 {"coverage", std::move(coverage)},
                 {"passed", report.passed},
                 {"failed", report.failed}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string
render_test_junit(const TestReport& report, std::string_view timestamp)
{
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node suites = doc.append_child("testsuites");
  int id = 0;
  for (const FileRun& run : report.files) {
    std::size_t failures = 0;
    for (const CaseResult& result : run.results) {
      failures += result.passed() ? 0U : 1U;
    }
    pugi::xml_node suite = suites.append_child("testsuite");
    suite.append_attribute("name") = run.file.file.c_str();
    suite.append_attribute("package") = run.file.file.c_str();
    suite.append_attribute("id") = id++;
    suite.append_attribute("timestamp") = std::string(timestamp).c_str();
    suite.append_attribute("hostname") = "localhost";
    suite.append_attribute("tests") = static_cast<unsigned long long>(run.results.size());
    suite.append_attribute("failures") = static_cast<unsigned long long>(failures);
    suite.append_attribute("errors") = 0;
    suite.append_attribute("skipped") = 0;
    suite.append_attribute("time") = "0";
    pugi::xml_node properties = suite.append_child("properties");
    auto property = [&](const std::string& name, const std::string& value) {
      pugi::xml_node p = properties.append_child("property");
      p.append_attribute("name") = name.c_str();
      p.append_attribute("value") = value.c_str();
    };
    property("config", run.config->file);
    if (const ConfigCoverage* entry = coverage_of(report, run.config)) {
      property("coverage.percent", fmt::format("{:.1f}", entry->coverage.percent()));
      property("coverage.rules", fmt::format("{}", entry->coverage.rules.size()));
      property("coverage.won", fmt::format("{}", entry->coverage.won));
      for (const RuleCoverage& rule : entry->coverage.rules) {
        const Rule& r = run.config->rules[rule.rule];
        property(
            fmt::format("coverage.rule {}:{} {}", run.config->file, r.pos.line, r.pattern.source()),
            fmt::format("{} ({} won, {} lost)", to_string(rule.state), rule.wins, rule.losses));
      }
    }
    for (const CaseResult& result : run.results) {
      const TestCase& c = run.file.cases[result.index];
      pugi::xml_node testcase = suite.append_child("testcase");
      testcase.append_attribute("name") = case_title(c).c_str();
      testcase.append_attribute("classname") =
          fmt::format("{}:{}", run.file.file, c.pos.line).c_str();
      testcase.append_attribute("time") = "0";
      if (!result.passed()) {
        pugi::xml_node failure = testcase.append_child("failure");
        failure.append_attribute("message") = fmt::format("{} of {} expectations not met",
                                                          result.mismatches.size(),
                                                          c.expectations.size())
                                                  .c_str();
        failure.append_attribute("type") = "mismatch";
        failure.append_child(pugi::node_pcdata).set_value(case_diff(run, result, nullptr).c_str());
      }
    }
    suite.append_child("system-out");
    suite.append_child("system-err");
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

std::string
render_test_github(const TestReport& report)
{
  std::string text;
  for (const FileRun& run : report.files) {
    for (const CaseResult& result : run.results) {
      const TestCase& c = run.file.cases[result.index];
      for (const Mismatch& m : result.mismatches) {
        const Expectation& e = c.expectations[m.expectation];
        std::string message = fmt::format("{}: {}: expected {}, got {}",
                                          case_title(c),
                                          expectation_key(e, result),
                                          e.expected,
                                          m.actual ? *m.actual : std::string("(not set)"));
        message += fmt::format(" ({})", rule_place(*run.config, result));
        if (!m.note.empty()) {
          message += "; " + m.note;
        }
        text += fmt::format("::error file={},line={},col={},title={}::{}\n",
                            github_escape(run.file.file, true),
                            e.place.key.line,
                            e.place.key.column,
                            github_escape("cachectl test", true),
                            github_escape(message, false));
      }
    }
  }
  if (report.show_coverage) {
    for (const ConfigCoverage& entry : report.coverage) {
      for (const RuleCoverage& rule : entry.coverage.rules) {
        if (rule.state == RuleState::won) {
          continue;
        }
        const Rule& r = entry.config->rules[rule.rule];
        const std::string message =
            rule.state == RuleState::lost
                ? fmt::format("rule {} won no case: it matched {} and lost each time (shadowed "
                              "in practice)",
                              r.pattern.source(),
                              rule.losses == 1 ? std::string("1 case")
                                               : fmt::format("{} cases", rule.losses))
                : fmt::format("rule {} is reached by no case", r.pattern.source());
        text += fmt::format("::warning file={},line={},col={},title={}::{}\n",
                            github_escape(entry.config->file, true),
                            r.pos.line,
                            r.pos.column,
                            github_escape("cachectl test coverage", true),
                            github_escape(message, false));
      }
    }
  }
  text += fmt::format("{} passed, {} failed\n", report.passed, report.failed);
  return text;
}

} // namespace cachectl::cli
