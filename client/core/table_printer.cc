#include "client/core/table_printer.h"

#include <algorithm>

#include "absl/strings/match.h"

namespace escala::client {
namespace {

constexpr size_t kSeparatorWidth = 2;
constexpr size_t kMinColumnWidth = 3;
constexpr char kEllipsis[] = "\xE2\x80\xA6";  // U+2026

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string CleanCell(const std::string& text) {
  std::string clean = text;
  for (char& c : clean) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return clean;
}

// Whether column `index` of `table` must be shown in full.
bool IsWholeColumn(const Table& table, size_t index) {
  if (std::find(table.whole_columns.begin(), table.whole_columns.end(), index) !=
      table.whole_columns.end()) {
    return true;
  }
  if (index >= table.header.size()) return false;
  const std::string& title = table.header[index];
  return title == "ID" || absl::EndsWith(title, " ID");
}

}  // namespace

size_t DisplayWidth(const std::string& text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !IsContinuationByte(c); }));
}

std::string Truncate(const std::string& text, size_t width) {
  if (DisplayWidth(text) <= width) return text;
  if (width == 0) return "";
  // Keep width-1 code points, then the ellipsis.
  size_t kept = 0;
  size_t end = 0;
  while (end < text.size()) {
    if (!IsContinuationByte(text[end])) {
      if (kept == width - 1) break;
      ++kept;
    }
    ++end;
  }
  return text.substr(0, end) + kEllipsis;
}

std::string RenderTable(const Table& table, int width) {
  std::vector<std::vector<std::string>> lines;
  if (!table.header.empty()) lines.push_back(table.header);
  for (const auto& row : table.rows) lines.push_back(row);
  size_t columns = 0;
  for (const auto& line : lines) columns = std::max(columns, line.size());
  if (columns == 0) return "";

  std::vector<size_t> widths(columns, 0);
  for (auto& line : lines) {
    line.resize(columns);
    for (size_t i = 0; i < columns; ++i) {
      line[i] = CleanCell(line[i]);
      widths[i] = std::max(widths[i], DisplayWidth(line[i]));
    }
  }

  if (width > kNoWidthLimit) {
    const size_t separators = kSeparatorWidth * (columns - 1);
    const size_t line_width = static_cast<size_t>(width);
    const size_t available = line_width > separators ? line_width - separators : 0;
    size_t total = 0;
    for (size_t w : widths) total += w;
    while (total > available) {
      // Narrowing the widest column costs the least information per character saved.
      size_t widest = columns;
      for (size_t i = 0; i < columns; ++i) {
        if (IsWholeColumn(table, i) || widths[i] <= kMinColumnWidth) continue;
        if (widest == columns || widths[i] > widths[widest]) widest = i;
      }
      if (widest == columns) break;
      --widths[widest];
      --total;
    }
  }

  std::string out;
  for (const auto& line : lines) {
    std::string text;
    for (size_t i = 0; i < columns; ++i) {
      const std::string cell = Truncate(line[i], widths[i]);
      text += cell;
      if (i + 1 < columns)
        text += std::string(widths[i] - DisplayWidth(cell) + kSeparatorWidth, ' ');
    }
    text.erase(text.find_last_not_of(' ') + 1);
    out += text;
    out += '\n';
  }
  return out;
}

}  // namespace escala::client
