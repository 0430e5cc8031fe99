#include "client/reports/sparkline.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace escala::client {
namespace {

constexpr const char* kUtf8Steps[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
constexpr const char kAsciiSteps[] = "_.,-~=*#";

}  // namespace

std::string Sparkline(const std::vector<std::optional<double>>& values, double low, double high,
                      bool utf8) {
  std::string line;
  const double span = high > low ? high - low : 1;
  for (const std::optional<double>& value : values) {
    if (!value || !std::isfinite(*value)) {
      line += ' ';
      continue;
    }
    const double share = std::clamp((*value - low) / span, 0.0, 1.0);
    const int step = std::min(7, static_cast<int>(std::floor(share * 8)));
    if (utf8) {
      line += kUtf8Steps[step];
    } else {
      line += kAsciiSteps[step];
    }
  }
  return line;
}

bool LocaleIsUtf8(const char* lc_all, const char* lc_ctype, const char* lang) {
  for (const char* value : {lc_all, lc_ctype, lang}) {
    if (value == nullptr || *value == '\0') continue;
    const std::string lower = absl::AsciiStrToLower(value);
    return absl::StrContains(lower, "utf-8") || absl::StrContains(lower, "utf8");
  }
  return false;
}

bool TerminalIsUtf8() {
  return LocaleIsUtf8(std::getenv("LC_ALL"), std::getenv("LC_CTYPE"), std::getenv("LANG"));
}

}  // namespace escala::client
