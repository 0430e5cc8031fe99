#include "client/reports/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace escala::client {
namespace {

// A palette that stays apart for the colour-blind (Okabe–Ito).
constexpr const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                    "#E69F00", "#56B4E9", "#F0E442", "#000000"};
constexpr int kColourCount = sizeof(kColours) / sizeof(kColours[0]);

// The plot area inside the picture: margins for the title, the axes' labels and the legend.
struct Frame {
  double left = 70, top = 50, right = 0, bottom = 0;
  double Width() const { return right - left; }
  double Height() const { return bottom - top; }
};

std::string Number(double value) {
  std::string text = absl::StrFormat("%.2f", value);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

std::string Coord(double value) { return absl::StrFormat("%.1f", value); }

struct YScale {
  std::vector<double> ticks;
  double low = 0, high = 1;
};

YScale ScaleOf(const ChartSpec& spec) {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  for (const ChartSeries& series : spec.series) {
    for (const std::optional<double>& value : series.values) {
      if (!value || !std::isfinite(*value)) continue;
      low = std::min(low, *value);
      high = std::max(high, *value);
    }
  }
  if (!std::isfinite(low)) low = 0, high = 1;
  low = spec.y_min.value_or(std::min(0.0, low));
  high = spec.y_max.value_or(high);
  if (high <= low) high = low + 1;
  YScale scale;
  scale.ticks = NiceTicks(low, high, 5, spec.whole_numbers ? 1.0 : 0.0);
  scale.low = spec.y_min ? low : scale.ticks.front();
  scale.high = spec.y_max ? high : scale.ticks.back();
  // Ticks outside a range the caller fixed are not drawn.
  scale.ticks.erase(
      std::remove_if(scale.ticks.begin(), scale.ticks.end(),
                     [&](double t) { return t < scale.low - 1e-9 || t > scale.high + 1e-9; }),
      scale.ticks.end());
  return scale;
}

double YOf(const Frame& frame, const YScale& scale, double value) {
  const double clamped = std::clamp(value, scale.low, scale.high);
  return frame.bottom - (clamped - scale.low) / (scale.high - scale.low) * frame.Height();
}

// The header, title, axes, y ticks with grid lines, category labels (thinned to fit) and the
// legend; `x_of(i)` places category i.
std::string Furniture(const ChartSpec& spec, const Frame& frame, const YScale& scale,
                      const std::function<double(std::size_t)>& x_of) {
  std::string svg = absl::StrFormat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
      "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
      spec.width, spec.height, spec.width, spec.height);
  absl::StrAppend(&svg, "<text class=\"title\" x=\"", Coord(spec.width / 2.0),
                  "\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">", EscapeXml(spec.title),
                  "</text>\n");
  absl::StrAppend(&svg, "<g class=\"y-axis\">\n");
  for (double tick : scale.ticks) {
    const double y = YOf(frame, scale, tick);
    absl::StrAppend(&svg, "<line x1=\"", Coord(frame.left), "\" y1=\"", Coord(y), "\" x2=\"",
                    Coord(frame.right), "\" y2=\"", Coord(y), "\" stroke=\"#dddddd\"/>\n");
    absl::StrAppend(&svg, "<text class=\"tick\" x=\"", Coord(frame.left - 6), "\" y=\"",
                    Coord(y + 4), "\" text-anchor=\"end\">", EscapeXml(Number(tick)),
                    EscapeXml(spec.y_unit), "</text>\n");
  }
  absl::StrAppend(&svg, "<text class=\"axis-label\" transform=\"translate(16,",
                  Coord((frame.top + frame.bottom) / 2), ") rotate(-90)\" text-anchor=\"middle\">",
                  EscapeXml(spec.y_label),
                  spec.y_unit.empty() ? "" : absl::StrCat(" (", EscapeXml(spec.y_unit), ")"),
                  "</text>\n</g>\n");
  absl::StrAppend(&svg, "<g class=\"x-axis\">\n<line x1=\"", Coord(frame.left), "\" y1=\"",
                  Coord(frame.bottom), "\" x2=\"", Coord(frame.right), "\" y2=\"",
                  Coord(frame.bottom), "\" stroke=\"#333333\"/>\n<line x1=\"", Coord(frame.left),
                  "\" y1=\"", Coord(frame.top), "\" x2=\"", Coord(frame.left), "\" y2=\"",
                  Coord(frame.bottom), "\" stroke=\"#333333\"/>\n");
  // At most one label per 70 pixels, so that dates do not overlap.
  const std::size_t n = spec.categories.size();
  const std::size_t room = std::max<std::size_t>(1, static_cast<std::size_t>(frame.Width() / 70));
  const std::size_t step = std::max<std::size_t>(1, (n + room - 1) / room);
  for (std::size_t i = 0; i < n; i += step) {
    const double x = x_of(i);
    absl::StrAppend(&svg, "<line x1=\"", Coord(x), "\" y1=\"", Coord(frame.bottom), "\" x2=\"",
                    Coord(x), "\" y2=\"", Coord(frame.bottom + 5), "\" stroke=\"#333333\"/>\n");
    absl::StrAppend(&svg, "<text class=\"category\" x=\"", Coord(x), "\" y=\"",
                    Coord(frame.bottom + 18), "\" text-anchor=\"middle\">",
                    EscapeXml(spec.categories[i]), "</text>\n");
  }
  absl::StrAppend(&svg, "<text class=\"axis-label\" x=\"", Coord((frame.left + frame.right) / 2),
                  "\" y=\"", Coord(frame.bottom + 40), "\" text-anchor=\"middle\">",
                  EscapeXml(spec.x_label), "</text>\n</g>\n");
  absl::StrAppend(&svg, "<g class=\"legend\">\n");
  for (std::size_t s = 0; s < spec.series.size(); ++s) {
    const double y = frame.top + 10 + 20.0 * s;
    absl::StrAppend(&svg, "<rect x=\"", Coord(frame.right + 15), "\" y=\"", Coord(y - 9),
                    "\" width=\"12\" height=\"12\" fill=\"", kColours[s % kColourCount],
                    "\"/>\n<text class=\"legend-entry\" x=\"", Coord(frame.right + 32), "\" y=\"",
                    Coord(y + 1), "\">", EscapeXml(spec.series[s].name), "</text>\n");
  }
  absl::StrAppend(&svg, "</g>\n");
  return svg;
}

Frame FrameOf(const ChartSpec& spec) {
  Frame frame;
  frame.right = spec.width - 150.0;
  frame.bottom = spec.height - 60.0;
  return frame;
}

}  // namespace

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') break;
        out += c;
    }
  }
  return out;
}

std::vector<double> NiceTicks(double low, double high, int count, double min_step) {
  if (!(high > low)) high = low + 1;
  const double raw = (high - low) / std::max(1, count);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * magnitude;
    if (step >= raw) break;
  }
  step = std::max(step, min_step);
  std::vector<double> ticks;
  const double first = std::floor(low / step + 1e-9) * step;
  for (double t = first; ticks.size() < 100; t += step) {
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    if (t >= high - step * 1e-9) break;
  }
  return ticks;
}

std::string RenderLineChart(const ChartSpec& spec) {
  const Frame frame = FrameOf(spec);
  const YScale scale = ScaleOf(spec);
  const std::size_t n = spec.categories.size();
  const auto x_of = [&](std::size_t i) {
    return n <= 1 ? (frame.left + frame.right) / 2
                  : frame.left + 10 + (frame.Width() - 20) * i / static_cast<double>(n - 1);
  };
  std::string svg = Furniture(spec, frame, scale, x_of);
  for (std::size_t s = 0; s < spec.series.size(); ++s) {
    const ChartSeries& series = spec.series[s];
    const char* colour = kColours[s % kColourCount];
    absl::StrAppend(&svg, "<g class=\"series\" data-name=\"", EscapeXml(series.name), "\">\n");
    // A gap breaks the line: each run of values is its own polyline.
    std::string points;
    auto flush = [&] {
      if (!points.empty()) {
        absl::StrAppend(&svg, "<polyline fill=\"none\" stroke=\"", colour,
                        "\" stroke-width=\"2\" points=\"", points, "\"/>\n");
      }
      points.clear();
    };
    for (std::size_t i = 0; i < n; ++i) {
      const std::optional<double> value =
          i < series.values.size() ? series.values[i] : std::nullopt;
      if (!value || !std::isfinite(*value)) {
        flush();
        continue;
      }
      absl::StrAppend(&points, points.empty() ? "" : " ", Coord(x_of(i)), ",",
                      Coord(YOf(frame, scale, *value)));
    }
    flush();
    for (std::size_t i = 0; i < n && i < series.values.size(); ++i) {
      const std::optional<double> value = series.values[i];
      if (!value || !std::isfinite(*value)) continue;
      absl::StrAppend(&svg, "<circle class=\"point\" cx=\"", Coord(x_of(i)), "\" cy=\"",
                      Coord(YOf(frame, scale, *value)), "\" r=\"3\" fill=\"", colour,
                      "\" data-category=\"", EscapeXml(spec.categories[i]), "\" data-value=\"",
                      Number(*value), "\"/>\n");
    }
    absl::StrAppend(&svg, "</g>\n");
  }
  absl::StrAppend(&svg, "</svg>\n");
  return svg;
}

std::string RenderBarChart(const ChartSpec& spec) {
  const Frame frame = FrameOf(spec);
  const YScale scale = ScaleOf(spec);
  const std::size_t n = spec.categories.size();
  const double slot = frame.Width() / std::max<std::size_t>(1, n);
  const auto x_of = [&](std::size_t i) { return frame.left + slot * (i + 0.5); };
  std::string svg = Furniture(spec, frame, scale, x_of);
  const std::size_t groups = std::max<std::size_t>(1, spec.series.size());
  const double bar = std::max(1.0, slot * 0.8 / groups);
  const double zero = YOf(frame, scale, std::clamp(0.0, scale.low, scale.high));
  for (std::size_t s = 0; s < spec.series.size(); ++s) {
    const ChartSeries& series = spec.series[s];
    absl::StrAppend(&svg, "<g class=\"series\" data-name=\"", EscapeXml(series.name), "\">\n");
    for (std::size_t i = 0; i < n && i < series.values.size(); ++i) {
      const std::optional<double> value = series.values[i];
      if (!value || !std::isfinite(*value)) continue;
      const double y = YOf(frame, scale, *value);
      const double x = frame.left + slot * i + slot * 0.1 + bar * s;
      absl::StrAppend(&svg, "<rect class=\"bar\" x=\"", Coord(x), "\" y=\"",
                      Coord(std::min(y, zero)), "\" width=\"", Coord(bar), "\" height=\"",
                      Coord(std::abs(zero - y)), "\" fill=\"", kColours[s % kColourCount],
                      "\" data-category=\"", EscapeXml(spec.categories[i]), "\" data-value=\"",
                      Number(*value), "\"/>\n");
    }
    absl::StrAppend(&svg, "</g>\n");
  }
  absl::StrAppend(&svg, "</svg>\n");
  return svg;
}

std::string RenderStackedCharts(const std::vector<std::pair<ChartKind, ChartSpec>>& charts) {
  int width = 0, height = 0;
  for (const auto& chart : charts) {
    width = std::max(width, chart.second.width);
    height += chart.second.height;
  }
  std::string svg = absl::StrFormat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
      "viewBox=\"0 0 %d %d\">\n"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
      width, height, width, height);
  int top = 0;
  for (const auto& [kind, spec] : charts) {
    std::string one = kind == ChartKind::kBar ? RenderBarChart(spec) : RenderLineChart(spec);
    // The chart's own document without its XML declaration, placed at its offset.
    const std::size_t start = one.find("<svg ");
    absl::StrAppend(&svg, "<svg y=\"", top, "\" ", one.substr(start + 5));
    top += spec.height;
  }
  absl::StrAppend(&svg, "</svg>\n");
  return svg;
}

absl::Status WriteChartFile(const std::string& svg, const std::string& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return absl::InvalidArgumentError(absl::StrCat("--chart: cannot write ", path));
  file << svg;
  file.close();
  if (!file) return absl::InvalidArgumentError(absl::StrCat("--chart: cannot write ", path));
  return absl::OkStatus();
}

}  // namespace escala::client
