#pragma once

#include <string>
#include <vector>

namespace escala::client {

// Rows of text to show as aligned columns.
struct Table {
  // Column titles; empty for a table without a title row (the field/value table of `get`).
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// Number of characters `text` takes on a terminal, counting each UTF-8 code point as one.
size_t DisplayWidth(const std::string& text);

// `text` cut to at most `width` characters, ending in "…" when something was cut.
std::string Truncate(const std::string& text, size_t width);

// Renders the table in at most `width` characters per line, columns separated by two spaces.
// When the natural widths do not fit, the widest columns are narrowed one character at a time
// (never below 3) and cells that no longer fit are truncated with "…". Line breaks and tabs in
// cells show as spaces. No line has trailing blanks.
std::string RenderTable(const Table& table, int width);

}  // namespace escala::client
