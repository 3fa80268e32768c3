// The hit-ratio-over-time chart of `cachectl simulate --format html`, as inline SVG.
#pragma once

#include <cachectl/analysis/simulate.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace cachectl::cli {

/// Most points a curve of the chart has: longer logs are bucketed into wider time steps.
inline constexpr std::uint64_t chart_max_points = 600;

/// One curve of the chart.
struct ChartSeries {
  std::string label;                                 ///< plain text (the chart escapes it)
  const std::vector<MinuteCount>* minutes = nullptr; ///< a report's sparse minutes
};

/// The minutes per point of a log spanning `span_minutes`: the smallest whole number that keeps
/// the points at most chart_max_points (at least 1).
std::uint64_t chart_bucket_minutes(std::uint64_t span_minutes);

/// An `<svg>` element: the hit ratio per bucket of chart_bucket_minutes() of each series, with
/// a gap where a bucket had no request; time axis in UTC from `first_ms` (minute 0 of the
/// series), hit ratio axis 0-100 %, a legend when there are two series. Deterministic.
std::string render_hit_ratio_svg(const std::vector<ChartSeries>& series, std::int64_t first_ms);

} // namespace cachectl::cli
