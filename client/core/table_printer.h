#pragma once

#include <string>
#include <vector>

namespace escala::client {

// Rows of text to show as aligned columns.
struct Table {
  // Column titles; empty for a table without a title row (the field/value table of `get`).
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // Columns that are never cut to fit, by index: identifiers that are useless when cut. A
  // column titled "ID" or "... ID" is never cut either, without being listed.
  std::vector<size_t> whole_columns;
};

// The width RenderTable takes as "no limit" (--wide).
inline constexpr int kNoWidthLimit = 0;

// Number of characters `text` takes on a terminal, counting each UTF-8 code point as one.
size_t DisplayWidth(const std::string& text);

// `text` cut to at most `width` characters, ending in "…" when something was cut.
std::string Truncate(const std::string& text, size_t width);

// Renders the table in at most `width` characters per line (no limit when `width` <= 0),
// columns separated by two spaces. When the natural widths do not fit, the widest columns that
// may be cut (not the whole columns) are narrowed one character at a time, never below 3, and
// cells that no longer fit are cut with "…". Line breaks and tabs in cells show as spaces. No
// line has trailing blanks. A table that cannot fit even so is wider than `width`.
std::string RenderTable(const Table& table, int width);

}  // namespace escala::client
