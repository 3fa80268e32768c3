// `cachectl simulate --format html`: one self-contained, deterministic HTML document (no
// external resources, no time of generation), every config and log string escaped.
#include "simulate_chart.hpp"
#include "simulate_render.hpp"
#include "terminal.hpp"

#include <cachectl/util/html_text.hpp>

#include <fmt/format.h>

namespace cachectl::cli {

namespace {

// The style sheet (no `<` or `&`, so it needs no CDATA section to stay well-formed XML).
constexpr const char* k_style = R"(body { font-family: system-ui, sans-serif; margin: 2em auto;
  max-width: 1000px; padding: 0 1em; color: #1b1f23; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { padding: 0.25em 0.6em; border-bottom: 1px solid #ddd; }
th { text-align: left; background: #f4f6f8; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 2px solid #888; }
code { font-size: 0.95em; } .meta { color: #555; } .worse { color: #b42318; }
.better { color: #067647; } figure { margin: 1em 0; } svg { max-width: 100%; height: auto; }
)";

// `text` escaped after the terminal's printable() (so controls show as `\xNN`).
std::string
esc(std::string_view text)
{
  return html_escape(printable(text));
}

// A row of cells, the first a header cell of text, the others right-aligned numbers.
std::string
row(const std::vector<std::string>& cells, bool total = false)
{
  std::string out = total ? "<tr class=\"total\">" : "<tr>";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    out += i < 2 ? fmt::format("<td>{}</td>", cells[i])
                 : fmt::format("<td class=\"n\">{}</td>", cells[i]);
  }
  return out + "</tr>\n";
}

// A header row: the first two columns text, the others numbers.
std::string
head(const std::vector<std::string>& cells)
{
  std::string out = "<thead><tr>";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    out += fmt::format("<th{}>{}</th>", i < 2 ? "" : " class=\"n\"", cells[i]);
  }
  return out + "</tr></thead>\n";
}

// `/blog/[slug]` as code, or `(no rule)`.
std::string
rule_cell(const std::string& pattern)
{
  return pattern.empty() ? std::string("(no rule)") : fmt::format("<code>{}</code>", esc(pattern));
}

// The numbers of one row of a per-rule table.
std::vector<std::string>
count_cells(std::string name,
            std::string where,
            const SimulationCounts& c,
            const OriginLoad& origin)
{
  return {std::move(name),
          std::move(where),
          std::to_string(c.requests),
          std::to_string(c.hits),
          std::to_string(c.stale_hits),
          std::to_string(c.stale_if_error),
          std::to_string(c.misses),
          std::to_string(c.passes),
          percent(c.hit_ratio()),
          percent(c.byte_hit_ratio()),
          fmt::format("{:.2f}", origin.peak),
          fmt::format("{:.2f}", origin.p99)};
}

// The per-rule table of one run.
std::string
rule_table(const SimulationReport& report)
{
  std::string out = "<table class=\"rules\">\n";
  out += head({"rule",
               "where",
               "requests",
               "hits",
               "stale hits",
               "stale-if-error",
               "misses",
               "passes",
               "hit ratio",
               "byte hit ratio",
               "origin req/s peak",
               "origin req/s p99"});
  out += "<tbody>\n";
  for (const RuleSimulation& rule : report.rules) {
    out += row(count_cells(rule_cell(rule.pattern),
                           rule.where.empty() ? std::string() : esc(rule.where),
                           rule.counts,
                           rule.origin));
  }
  out += row(count_cells("total", "", report.total, report.origin), true);
  return out + "</tbody>\n</table>\n";
}

// The overall numbers, one column per run.
std::string
overall_table(const std::vector<SimulationRun>& runs)
{
  std::string out = "<table class=\"overall\">\n<thead><tr><th></th>";
  for (const SimulationRun& run : runs) {
    out += fmt::format("<th class=\"n\">{}</th>", esc(run.config));
  }
  out += "</tr></thead>\n<tbody>\n";
  const auto line = [&](std::string_view name, auto value) {
    out += fmt::format("<tr><th>{}</th>", name);
    for (const SimulationRun& run : runs) {
      out += fmt::format("<td class=\"n\">{}</td>", value(run.report));
    }
    out += "</tr>\n";
  };
  using R = const SimulationReport&;
  line("requests", [](R r) { return std::to_string(r.total.requests); });
  line("hit ratio", [](R r) { return percent(r.total.hit_ratio()); });
  line("byte hit ratio", [](R r) { return percent(r.total.byte_hit_ratio()); });
  line("hits", [](R r) { return std::to_string(r.total.hits); });
  line("stale hits", [](R r) { return std::to_string(r.total.stale_hits); });
  line("stale-if-error", [](R r) { return std::to_string(r.total.stale_if_error); });
  line("misses", [](R r) { return std::to_string(r.total.misses); });
  line("passes", [](R r) { return std::to_string(r.total.passes); });
  line("origin requests", [](R r) { return std::to_string(r.total.origin_requests); });
  line("origin req/s peak", [](R r) { return fmt::format("{:.2f}", r.origin.peak); });
  line("origin req/s p99", [](R r) { return fmt::format("{:.2f}", r.origin.p99); });
  line("bytes", [](R r) { return std::to_string(r.total.bytes); });
  line("purges applied", [](R r) { return std::to_string(r.purges); });
  line("objects purged", [](R r) { return std::to_string(r.purged_objects); });
  line("evictions", [](R r) { return std::to_string(r.evictions); });
  return out + "</tbody>\n</table>\n";
}

// The difference per rule of two runs (B - A).
std::string
difference_table(const std::vector<SimulationRun>& runs)
{
  const SimulationReport& a = runs[0].report;
  const SimulationReport& b = runs[1].report;
  std::string out = "<table class=\"difference\">\n";
  out += head({"rule",
               "where",
               "requests",
               "hit ratio A",
               "hit ratio B",
               "change",
               "origin requests A",
               "origin requests B",
               "change"});
  out += "<tbody>\n";
  // A lower hit ratio or more origin requests is worse.
  const auto mark = [](std::string text, bool worse, bool better) {
    return worse    ? fmt::format("<span class=\"worse\">{}</span>", text)
           : better ? fmt::format("<span class=\"better\">{}</span>", text)
                    : text;
  };
  const auto cells = [&](std::string name,
                         std::string where,
                         const SimulationCounts& x,
                         const SimulationCounts& y) {
    const double dx = y.hit_ratio() - x.hit_ratio();
    return std::vector<std::string>{
        std::move(name),
        std::move(where),
        std::to_string(std::max(x.requests, y.requests)),
        percent(x.hit_ratio()),
        percent(y.hit_ratio()),
        mark(points(x.hit_ratio(), y.hit_ratio()), dx <= -0.0005, dx >= 0.0005),
        std::to_string(x.origin_requests),
        std::to_string(y.origin_requests),
        mark(signed_count(x.origin_requests, y.origin_requests),
             y.origin_requests > x.origin_requests,
             y.origin_requests < x.origin_requests)};
  };
  const SimulationCounts none;
  for (const std::string& pattern : union_of_rules(runs)) {
    const RuleSimulation* ra = find_rule(a, pattern);
    const RuleSimulation* rb = find_rule(b, pattern);
    const RuleSimulation* where = ra != nullptr ? ra : rb;
    out += row(cells(rule_cell(pattern),
                     where == nullptr ? std::string() : esc(where->where),
                     ra != nullptr ? ra->counts : none,
                     rb != nullptr ? rb->counts : none));
  }
  out += row(cells("total", "", a.total, b.total), true);
  return out + "</tbody>\n</table>\n";
}

// The noted lines of one kind, as a list.
std::string
notes(const std::vector<LineNote>& noted, std::uint64_t count, std::string_view what)
{
  if (count == 0) {
    return {};
  }
  std::string out = fmt::format(
      "<p>{} {}{}:</p>\n<ul>\n",
      count,
      what,
      count > noted.size() ? fmt::format(" (the first {} shown)", noted.size()) : std::string());
  for (const LineNote& note : noted) {
    out += fmt::format("<li>line {}: {}</li>\n", note.line, esc(note.message));
  }
  return out + "</ul>\n";
}

} // namespace

std::string
render_simulation_html(const SimulationSetup& setup, const std::vector<SimulationRun>& runs)
{
  const SimulationReport& first = runs.front().report;
  const bool compare = runs.size() > 1;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  out += fmt::format("<title>cachectl simulate: {}</title>\n", esc(setup.log));
  out += fmt::format("<style>\n{}</style>\n</head>\n<body>\n", k_style);
  out += fmt::format("<h1>Cache simulation of <code>{}</code></h1>\n", esc(setup.log));
  out += fmt::format("<p class=\"meta\">{} requests ({} lines, format {}), {}; {}.</p>\n",
                     first.total.requests,
                     first.lines,
                     esc(setup.log_format),
                     esc(span_text(first)),
                     esc(settings_text(setup)));
  if (compare) {
    out += fmt::format("<p>A = <code>{}</code>, B = <code>{}</code></p>\n",
                       esc(runs[0].config),
                       esc(runs[1].config));
  }
  out += "<h2>Overall</h2>\n" + overall_table(runs);

  std::vector<ChartSeries> series;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    series.push_back({compare
                          ? fmt::format("{} = {}", i == 0 ? "A" : "B", printable(runs[i].config))
                          : printable(runs[i].config),
                      &runs[i].report.minutes});
  }
  std::uint64_t span = 1;
  for (const SimulationRun& run : runs) {
    if (!run.report.minutes.empty()) {
      span = std::max(span, run.report.minutes.back().minute + 1);
    }
  }
  const std::uint64_t width = chart_bucket_minutes(span);
  out += "<h2>Hit ratio over time</h2>\n<figure>\n";
  out += render_hit_ratio_svg(series, first.first_ms);
  out += fmt::format("<figcaption>Hits (fresh and stale) / requests per {} minute{}; a gap is "
                     "time without requests.</figcaption>\n</figure>\n",
                     width,
                     width == 1 ? "" : "s");

  if (compare) {
    out += "<h2>Difference per rule (B against A)</h2>\n" + difference_table(runs);
  }
  for (std::size_t i = 0; i < runs.size(); ++i) {
    out += fmt::format(
        "<h2>Per rule{}</h2>\n",
        compare ? fmt::format(": {} = <code>{}</code>", i == 0 ? "A" : "B", esc(runs[i].config))
                : std::string());
    out += rule_table(runs[i].report);
  }
  const std::string skipped =
      notes(first.unparsable_lines, first.unparsable, "unparsable lines skipped") +
      notes(first.reordered_lines, first.reordered, "lines out of time order");
  if (!skipped.empty()) {
    out += "<h2>Log lines</h2>\n" + skipped;
  }
  out += "<p class=\"meta\">Generated by <code>cachectl simulate --format html</code>.</p>\n";
  out += "</body>\n</html>\n";
  return out;
}

} // namespace cachectl::cli
