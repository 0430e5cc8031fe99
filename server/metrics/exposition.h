#pragma once

// The pieces of the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/).

#include <string>
#include <string_view>
#include <vector>

namespace escala::metrics {

// The Content-Type of the format.
inline constexpr char kExpositionContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// A label value between double quotes: backslash, double quote and line feed escaped.
std::string EscapeLabelValue(std::string_view value);
// HELP text: backslash and line feed escaped (a double quote stays as it is).
std::string EscapeHelp(std::string_view help);
// A sample value in the shortest form that reads back exactly; +Inf, -Inf and NaN as Prometheus
// spells them.
std::string FormatValue(double value);
// `{name="value",…}` for the labels, with (`extra_name`, `extra_value`) last when given (the `le`
// of a histogram bucket); "" when there is no label at all.
std::string FormatLabels(const std::vector<std::string>& names,
                         const std::vector<std::string>& values, std::string_view extra_name = "",
                         std::string_view extra_value = "");

}  // namespace escala::metrics
