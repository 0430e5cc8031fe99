#pragma once

#include <optional>

namespace escala::client {

// Width for tables: the terminal's when `tty_columns` is known, else the COLUMNS value when it is
// a positive number, else 120.
int ChooseTerminalWidth(std::optional<int> tty_columns, const char* columns_env);

// ChooseTerminalWidth for standard output: asks the terminal (TIOCGWINSZ) when stdout is one.
int StdoutTerminalWidth();

}  // namespace escala::client
