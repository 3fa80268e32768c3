#include "simulate_chart.hpp"

#include <cachectl/util/html_text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>

namespace cachectl::cli {

namespace {

// The chart's frame in SVG user units.
constexpr double k_width = 960;
constexpr double k_height = 340;
constexpr double k_left = 56;
constexpr double k_right = 20;
constexpr double k_top = 36;
constexpr double k_bottom = 44;
constexpr double k_plot_w = k_width - k_left - k_right;
constexpr double k_plot_h = k_height - k_top - k_bottom;

// The colours and dash patterns of the curves, in order.
constexpr std::array<const char*, 2> k_colors = {"#1f6feb", "#d9480f"};
constexpr std::array<const char*, 2> k_dashes = {"", " stroke-dasharray=\"6 4\""};

// Time-axis steps in minutes: the smallest that gives at most 8 ticks is used.
constexpr std::array<std::uint64_t, 17> k_steps = {
    1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080, 43200, 525600, 5256000};

// `2024-05-01 10:00` (UTC) of epoch milliseconds, or the part `which` asks for (`day_time`:
// `05-01 10:00`).
enum class Stamp { time, day_time, date_time, date };

std::string
utc_stamp(std::int64_t epoch_ms, Stamp which)
{
  using namespace std::chrono;
  const sys_time<milliseconds> at{milliseconds{epoch_ms}};
  const auto day = floor<days>(at);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<minutes>(at - day)};
  const std::string date = fmt::format("{:04}-{:02}-{:02}",
                                       static_cast<int>(ymd.year()),
                                       static_cast<unsigned>(ymd.month()),
                                       static_cast<unsigned>(ymd.day()));
  const std::string time = fmt::format("{:02}:{:02}", hms.hours().count(), hms.minutes().count());
  switch (which) {
  case Stamp::time:
    return time;
  case Stamp::date:
    return date;
  case Stamp::day_time:
    return date.substr(5) + " " + time;
  case Stamp::date_time:
    break;
  }
  return date + " " + time;
}

// The points of one series: hits and requests per bucket.
struct Bucket {
  std::uint64_t hits = 0;
  std::uint64_t requests = 0;
};

std::vector<Bucket>
bucketed(const std::vector<MinuteCount>& minutes, std::uint64_t width, std::uint64_t count)
{
  std::vector<Bucket> buckets(count);
  for (const MinuteCount& m : minutes) {
    Bucket& b = buckets[std::min(m.minute / width, count - 1)];
    b.hits += m.hits;
    b.requests += m.requests;
  }
  return buckets;
}

// The path data and the isolated points (a bucket with no neighbour holding requests) of one
// series.
std::string
curve(const std::vector<Bucket>& buckets,
      double minutes_per_unit,
      std::uint64_t width,
      std::size_t index)
{
  const auto x = [&](std::size_t b) {
    return k_left + (static_cast<double>(b) + 0.5) * static_cast<double>(width) / minutes_per_unit;
  };
  const auto y = [&](const Bucket& b) {
    return k_top + (1.0 - static_cast<double>(b.hits) / static_cast<double>(b.requests)) * k_plot_h;
  };
  std::string path;
  std::string dots;
  for (std::size_t b = 0; b < buckets.size(); ++b) {
    if (buckets[b].requests == 0) {
      continue;
    }
    const bool joined = b > 0 && buckets[b - 1].requests > 0;
    path += fmt::format(
        "{}{:.1f} {:.1f}", joined ? " L" : (path.empty() ? "M" : " M"), x(b), y(buckets[b]));
    const bool alone = !joined && (b + 1 == buckets.size() || buckets[b + 1].requests == 0);
    if (alone) {
      dots += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"/>\n",
                          x(b),
                          y(buckets[b]),
                          k_colors[index % k_colors.size()]);
    }
  }
  std::string out;
  if (!path.empty()) {
    out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.8\"{} "
                       "stroke-linejoin=\"round\"/>\n",
                       path,
                       k_colors[index % k_colors.size()],
                       k_dashes[index % k_dashes.size()]);
  }
  return out + dots;
}

} // namespace

std::uint64_t
chart_bucket_minutes(std::uint64_t span_minutes)
{
  return std::max<std::uint64_t>(1, (span_minutes + chart_max_points - 1) / chart_max_points);
}

std::string
render_hit_ratio_svg(const std::vector<ChartSeries>& series, std::int64_t first_ms)
{
  std::uint64_t span = 1;
  for (const ChartSeries& s : series) {
    if (s.minutes != nullptr && !s.minutes->empty()) {
      span = std::max(span, s.minutes->back().minute + 1);
    }
  }
  const std::uint64_t width = chart_bucket_minutes(span);
  const std::uint64_t count = (span + width - 1) / width;
  const std::uint64_t extent = count * width; // minutes the x axis covers
  const double minutes_per_unit = static_cast<double>(extent) / k_plot_w;

  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" "
      "height=\"{1}\" role=\"img\" aria-labelledby=\"chart-title\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n<title id=\"chart-title\">Hit ratio over time (UTC), one point per {2} "
      "minute{3}</title>\n",
      k_width,
      k_height,
      width,
      width == 1 ? "" : "s");
  // The hit-ratio axis: grid lines and labels at 0, 25, 50, 75 and 100 %.
  for (int percent = 0; percent <= 100; percent += 25) {
    const double y = k_top + (1.0 - percent / 100.0) * k_plot_h;
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                       "stroke=\"{}\" stroke-width=\"1\"/>\n",
                       k_left,
                       y,
                       k_left + k_plot_w,
                       y,
                       percent == 0 ? "#555" : "#ddd");
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{} %</text>\n",
                       k_left - 6,
                       y + 4,
                       percent);
  }
  out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
                     "stroke=\"#555\" stroke-width=\"1\"/>\n",
                     k_left,
                     k_top,
                     k_top + k_plot_h);
  // The time axis: ticks on whole multiples of a step (UTC), at most 8.
  const auto fits = std::find_if(
      k_steps.begin(), k_steps.end(), [&](std::uint64_t s) { return extent / s <= 8; });
  // Past the list (a log spanning centuries): whole years of 365 days.
  const std::uint64_t step = fits != k_steps.end() ? *fits : (extent / 8 / 525600 + 1) * 525600;
  const std::int64_t step_ms = static_cast<std::int64_t>(step) * 60'000;
  const std::int64_t end_ms = first_ms + static_cast<std::int64_t>(extent) * 60'000;
  const bool one_day = utc_stamp(first_ms, Stamp::date) == utc_stamp(end_ms - 1, Stamp::date);
  const Stamp label = step >= 1440 ? Stamp::date : (one_day ? Stamp::time : Stamp::day_time);
  const std::int64_t first_tick = (first_ms + step_ms - 1) / step_ms * step_ms;
  for (std::int64_t t = first_tick; t <= end_ms; t += step_ms) {
    const double x = k_left + static_cast<double>(t - first_ms) / 60'000.0 / minutes_per_unit;
    const double bottom = k_top + k_plot_h;
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
                       "stroke=\"#555\" stroke-width=\"1\"/>\n",
                       x,
                       bottom,
                       bottom + 5);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                       x,
                       bottom + 18,
                       utc_stamp(t, label));
  }
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"#555\">time "
                     "(UTC), {} to {}</text>\n",
                     k_left + k_plot_w / 2,
                     k_height - 6,
                     utc_stamp(first_ms, Stamp::date_time),
                     utc_stamp(end_ms, Stamp::date_time));
  // The curves, then the legend above the plot.
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (series[i].minutes != nullptr) {
      out += curve(bucketed(*series[i].minutes, width, count), minutes_per_unit, width, i);
    }
  }
  double legend_x = k_left;
  for (std::size_t i = 0; i < series.size(); ++i) {
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"14\" x2=\"{1:.1f}\" y2=\"14\" stroke=\"{2}\" "
                       "stroke-width=\"2\"{3}/>\n<text x=\"{4:.1f}\" y=\"18\">{5}</text>\n",
                       legend_x,
                       legend_x + 24,
                       k_colors[i % k_colors.size()],
                       k_dashes[i % k_dashes.size()],
                       legend_x + 30,
                       html_escape(series[i].label));
    legend_x += 60 + 7.0 * static_cast<double>(std::min<std::size_t>(series[i].label.size(), 60));
  }
  out += "</svg>\n";
  return out;
}

} // namespace cachectl::cli
