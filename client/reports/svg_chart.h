#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace escala::client {

// Small SVG charts for reports: a line chart of several series over time buckets and a grouped
// bar chart, with axes, ticks, labels, units and a legend. The output is a standalone SVG 1.1
// document; every text that comes from data is escaped, so a team called "<b>&Co" is drawn as
// those characters. Generic on purpose: the SLA, staffing, KPI and QA reports share it.

// One named series: a value per category (bucket) of the chart; nullopt leaves a gap (a line is
// broken there, no bar is drawn).
struct ChartSeries {
  std::string name;
  std::vector<std::optional<double>> values;
};

struct ChartSpec {
  std::string title;
  // One label per category along the x axis (bucket starts, hours of the week).
  std::vector<std::string> categories;
  std::string x_label;
  // The y axis's label and unit ("Compliance", "%"); the unit follows each tick.
  std::string y_label;
  std::string y_unit;
  // The y range. Unset: from 0 (or the smallest value, if negative) to a round number above the
  // largest value.
  std::optional<double> y_min;
  std::optional<double> y_max;
  // The values are counts (agents, contacts): ticks at least 1 apart, never 0.5.
  bool whole_numbers = false;
  std::vector<ChartSeries> series;
  // Whole picture, in pixels.
  int width = 800;
  int height = 420;
};

// `text` with &, <, >, " and ' as XML entities, and control characters other than tab and
// newline (which XML 1.0 cannot carry) dropped.
std::string EscapeXml(std::string_view text);

// About `count` round tick values ("nice numbers": 1, 2 or 5 × 10^k apart) covering [low, high];
// the first is <= low and the last >= high. Ticks are at least `min_step` apart.
std::vector<double> NiceTicks(double low, double high, int count = 5, double min_step = 0);

// A line chart: one polyline (and a dot per value) per series, categories evenly spaced.
std::string RenderLineChart(const ChartSpec& spec);

// A grouped bar chart: per category, one bar per series side by side.
std::string RenderBarChart(const ChartSpec& spec);

// Which renderer draws a chart of a stack.
enum class ChartKind { kLine, kBar };

// Several charts one above the other in one SVG document, each drawn as RenderLineChart or
// RenderBarChart draws it alone (nested <svg> elements), as wide as the widest.
std::string RenderStackedCharts(const std::vector<std::pair<ChartKind, ChartSpec>>& charts);

// Writes a rendered chart to `path` (the value of a `--chart` flag); INVALID_ARGUMENT naming the
// flag and the path when the file cannot be written.
absl::Status WriteChartFile(const std::string& svg, const std::string& path);

}  // namespace escala::client
