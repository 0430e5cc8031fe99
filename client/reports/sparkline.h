#pragma once

#include <optional>
#include <string>
#include <vector>

namespace escala::client {

// Terminal sparklines: one character per value, its height in eight steps between `low` and
// `high` ("▁▂▃▄▅▆▇█"), a space for a missing value. Without UTF-8 the same heights are drawn
// with ASCII ("_.,-~=*#"), so a report still shows its trend on any terminal.
std::string Sparkline(const std::vector<std::optional<double>>& values, double low, double high,
                      bool utf8);

// Whether the terminal's locale is UTF-8, as the C library decides it: the first of LC_ALL,
// LC_CTYPE and LANG that is set names a UTF-8 codeset. `lc_all`, `lc_ctype` and `lang` are the
// variables' values (nullptr when unset).
bool LocaleIsUtf8(const char* lc_all, const char* lc_ctype, const char* lang);

// LocaleIsUtf8 of this process's environment.
bool TerminalIsUtf8();

}  // namespace escala::client
