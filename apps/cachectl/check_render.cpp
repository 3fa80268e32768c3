#include "check_render.hpp"

#include "render.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <pugixml.hpp>
#include <sstream>

namespace cachectl::cli {

namespace {

// Progress lines at most this often.
constexpr std::chrono::milliseconds k_progress_interval{200};

// The cache statuses of a result as `miss → hit`, or empty.
std::string
cache_text(const UrlCheck& result)
{
  if (!result.first) {
    return {};
  }
  std::string text(to_string(result.first->state));
  if (result.second) {
    text += fmt::format(" → {}", to_string(result.second->state));
  }
  return text;
}

// A cache status as JSON.
Json
status_json(const std::optional<CacheStatus>& status)
{
  if (!status) {
    return nullptr;
  }
  Json j{{"state", to_string(status->state)}, {"source", status->source}, {"value", status->value}};
  j["age"] = status->age ? Json(*status->age) : Json(nullptr);
  return j;
}

// True when the result's only finding is that the site did not answer.
bool
unreachable(const UrlCheck& result)
{
  return std::any_of(result.findings.begin(), result.findings.end(), [](const Finding& f) {
    return f.kind == FindingKind::unreachable;
  });
}

// The lines of a finding in text form: the message, and a header's expected/got diff.
std::string
finding_text(const Finding& finding, const Terminal& out)
{
  std::string text =
      fmt::format("    {}: {}\n", to_string(finding.kind), printable(finding.message));
  if (finding.diff) {
    text += out.paint(
        Style::red,
        fmt::format("      - {}: {}\n", finding.diff->name, printable(finding.diff->expected)));
    text += out.paint(
        Style::green,
        finding.diff->absent
            ? fmt::format("      + {}: (absent)\n", finding.diff->name)
            : fmt::format("      + {}: {}\n", finding.diff->name, printable(finding.diff->got)));
  }
  return text;
}

} // namespace

CheckRenderer::CheckRenderer(const GlobalOptions& globals,
                             const Config& config,
                             std::string format,
                             std::size_t total)
    : m_globals(globals)
    , m_config(config)
    , m_format(std::move(format))
    , m_total(total)
    , m_out(stdout, globals.color)
    , m_err(stderr, globals.color)
    , m_progress(!globals.quiet && isatty(STDERR_FILENO) != 0 && total > 1)
{
}

std::string
CheckRenderer::rule_text(const UrlCheck& result) const
{
  if (!result.rule) {
    return "no rule";
  }
  const Rule& rule = m_config.rules[*result.rule];
  return fmt::format("{}:{} {}", m_config.file, rule.pos.line, rule.pattern.source());
}

void
CheckRenderer::clear_progress()
{
  if (m_progress_shown) {
    m_err.write("\r\033[K");
    m_progress_shown = false;
  }
}

void
CheckRenderer::url(const UrlCheck& result)
{
  ++m_done;
  clear_progress();
  const std::string shown = printable(redacted_input(result.url));
  if (m_format == "json") {
    Json findings = Json::array();
    for (const Finding& f : result.findings) {
      Json j{{"kind", to_string(f.kind)}, {"message", f.message}};
      if (f.diff) {
        j["header"] = f.diff->name;
        j["expected"] = f.diff->expected;
        j["got"] = f.diff->absent ? Json(nullptr) : Json(f.diff->got);
      }
      findings.push_back(std::move(j));
    }
    Json rule = nullptr;
    if (result.rule) {
      const Rule& r = m_config.rules[*result.rule];
      rule = Json{{"pattern", r.pattern.source()}, {"file", m_config.file}, {"line", r.pos.line}};
    }
    Json record{
        {"url", redacted_input(result.url)},
        {"path", result.path},
        {"rule", std::move(rule)},
        {"status", result.status},
        {"cacheable", result.cacheable},
        {"cache", {{"first", status_json(result.first)}, {"second", status_json(result.second)}}},
        {"ok", result.findings.empty()},
        {"findings", std::move(findings)},
        {"notes", result.notes}};
    m_out.write(record.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n");
  } else if (m_format == "github") {
    for (const Finding& f : result.findings) {
      std::string where;
      if (result.rule) {
        where = fmt::format(" file={},line={},",
                            github_escape(m_config.file, true),
                            m_config.rules[*result.rule].pos.line);
      }
      m_out.write(
          fmt::format("::error{}title={}::{}: {}\n",
                      where.empty() ? " " : where,
                      github_escape(fmt::format("cachectl check {}", to_string(f.kind)), true),
                      github_escape(redacted_input(result.url), false),
                      github_escape(f.message, false)));
    }
  } else if (m_format == "junit") {
    m_results.push_back(result);
  } else if (!result.findings.empty() || !m_globals.quiet) {
    const std::string label = result.findings.empty() ? m_out.paint(Style::green, "ok   ")
                              : unreachable(result)   ? m_out.paint(Style::red, "DOWN ")
                                                      : m_out.paint(Style::red, "DRIFT");
    const std::string cache = cache_text(result);
    std::string text = fmt::format(
        "{} {}{}{}\n",
        label,
        shown,
        result.answered ? fmt::format(" {} ({})", result.status, rule_text(result)) : std::string(),
        cache.empty() ? "" : "  cache " + cache);
    for (const Finding& f : result.findings) {
      text += finding_text(f, m_out);
    }
    if (m_globals.verbose > 0) {
      for (const std::string& note : result.notes) {
        text += fmt::format("    note: {}\n", printable(note));
      }
    }
    m_out.write(text);
  }
  m_out.flush();
  const auto now = std::chrono::steady_clock::now();
  if (m_progress && now - m_last_progress >= k_progress_interval) {
    m_last_progress = now;
    m_err.write(fmt::format("check: {}/{} URLs", m_done, m_total));
    m_err.flush();
    m_progress_shown = true;
  }
}

void
CheckRenderer::summary(const CheckSummary& s, std::string_view provider, CheckMode mode)
{
  clear_progress();
  const std::string where = mode == CheckMode::origin ? "origin" : "edge";
  if (m_format == "json") {
    Json j{{"summary",
            {{"urls", s.urls},
             {"checked", s.checked},
             {"as_configured", s.as_configured},
             {"drifted", s.drifted},
             {"unreachable", s.unreachable},
             {"requests", s.requests},
             {"interrupted", s.interrupted},
             {"provider", provider},
             {"mode", where},
             {"seconds", s.seconds}}}};
    m_out.write(j.dump() + "\n");
    return;
  }
  const std::string line =
      fmt::format("check ({}, {}): {} of {} URLs checked, {} as configured, {} drifted, {} "
                  "unreachable ({} requests, {:.1f} s){}\n",
                  where,
                  provider,
                  s.checked,
                  s.urls,
                  s.as_configured,
                  s.drifted,
                  s.unreachable,
                  s.requests,
                  s.seconds,
                  s.interrupted ? "; interrupted: the rest were not checked" : "");
  if (m_format == "text") {
    m_out.write(line);
    return;
  }
  if (m_format == "github") {
    m_err.write(line);
    return;
  }
  // JUnit: one testsuite, one testcase per URL (classname: the rule's file:line pattern).
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node suites = doc.append_child("testsuites");
  pugi::xml_node suite = suites.append_child("testsuite");
  suite.append_attribute("name") = "cachectl check";
  suite.append_attribute("package") = m_config.file.c_str();
  suite.append_attribute("id") = 0;
  suite.append_attribute("timestamp") = junit_timestamp().c_str();
  suite.append_attribute("hostname") = "localhost";
  suite.append_attribute("tests") = static_cast<unsigned long long>(m_results.size());
  suite.append_attribute("failures") = static_cast<unsigned long long>(s.drifted);
  suite.append_attribute("errors") = static_cast<unsigned long long>(s.unreachable);
  suite.append_attribute("skipped") = 0;
  suite.append_attribute("time") = fmt::format("{:.3f}", s.seconds).c_str();
  pugi::xml_node properties = suite.append_child("properties");
  for (const auto& [name, value] : {std::pair<std::string, std::string>{"config", m_config.file},
                                    {"provider", std::string(provider)},
                                    {"mode", where},
                                    {"interrupted", s.interrupted ? "true" : "false"}}) {
    pugi::xml_node p = properties.append_child("property");
    p.append_attribute("name") = name.c_str();
    p.append_attribute("value") = value.c_str();
  }
  for (const UrlCheck& result : m_results) {
    pugi::xml_node testcase = suite.append_child("testcase");
    testcase.append_attribute("name") = printable(redacted_input(result.url)).c_str();
    testcase.append_attribute("classname") = printable(rule_text(result)).c_str();
    testcase.append_attribute("time") = "0";
    if (result.findings.empty()) {
      continue;
    }
    const bool down = unreachable(result);
    pugi::xml_node node = testcase.append_child(down ? "error" : "failure");
    node.append_attribute("message") = printable(result.findings.front().message).c_str();
    node.append_attribute("type") = std::string(to_string(result.findings.front().kind)).c_str();
    std::string body;
    for (const Finding& f : result.findings) {
      body += finding_text(f, Terminal(stdout, ColorMode::never));
    }
    node.append_child(pugi::node_pcdata).set_value(body.c_str());
  }
  suite.append_child("system-out");
  suite.append_child("system-err");
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  m_out.write(out.str());
}

} // namespace cachectl::cli
