#include "client/core/terminal_width.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

#include "absl/strings/numbers.h"

namespace escala::client {

int ChooseTerminalWidth(std::optional<int> tty_columns, const char* columns_env) {
  constexpr int kDefaultWidth = 120;
  if (tty_columns.has_value() && *tty_columns > 0) return *tty_columns;
  int columns = 0;
  if (columns_env != nullptr && absl::SimpleAtoi(columns_env, &columns) && columns > 0) {
    return columns;
  }
  return kDefaultWidth;
}

int StdoutTerminalWidth() {
  std::optional<int> tty_columns;
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    tty_columns = size.ws_col;
  }
  return ChooseTerminalWidth(tty_columns, std::getenv("COLUMNS"));
}

}  // namespace escala::client
