#include "client/core/csv_reader.h"

#include "absl/strings/match.h"

namespace escala::client {
namespace {

constexpr char kByteOrderMark[] = "\xEF\xBB\xBF";

enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

}  // namespace

bool CsvReader::ReadLine(std::string* line) {
  if (!std::getline(in_, *line)) return false;
  if (++line_number_ == 1 && absl::StartsWith(*line, kByteOrderMark)) {
    line->erase(0, sizeof(kByteOrderMark) - 1);
  }
  return true;
}

bool CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->error.reset();
  std::string line;
  do {
    if (!ReadLine(&line)) return false;
  } while (line.empty() || line == "\r");
  record->line = line_number_;

  std::string field;
  State state = State::kFieldStart;
  auto fail = [&](std::string reason) {
    record->error = CsvSyntaxError{record->fields.size(), std::move(reason)};
    return true;
  };
  while (true) {
    const size_t size = line.size();
    for (size_t i = 0; i < size; ++i) {
      const char c = line[i];
      // A CR right before the line end is the CR of CRLF unless it sits inside quotes.
      const bool line_end_cr = c == '\r' && i + 1 == size;
      switch (state) {
        case State::kFieldStart:
          if (c == '"') {
            state = State::kQuoted;
          } else if (c == ',') {
            record->fields.push_back(std::move(field));
            field.clear();
          } else if (!line_end_cr) {
            field += c;
            state = State::kUnquoted;
          }
          break;
        case State::kUnquoted:
          if (c == ',') {
            record->fields.push_back(std::move(field));
            field.clear();
            state = State::kFieldStart;
          } else if (c == '"') {
            return fail(
                "stray quote in unquoted field (quote the whole field and double the quote)");
          } else if (!line_end_cr) {
            field += c;
          }
          break;
        case State::kQuoted:
          if (c == '"') {
            state = State::kQuoteInQuoted;
          } else {
            field += c;
          }
          break;
        case State::kQuoteInQuoted:
          if (c == '"') {
            field += '"';
            state = State::kQuoted;
          } else if (c == ',') {
            record->fields.push_back(std::move(field));
            field.clear();
            state = State::kFieldStart;
          } else if (!line_end_cr) {
            return fail("unexpected character after closing quote");
          }
          break;
      }
    }
    if (state != State::kQuoted) break;
    // The line break belongs to the quoted field; the record goes on on the next line.
    field += '\n';
    if (!ReadLine(&line)) {
      return fail("unterminated quoted field (missing closing quote)");
    }
  }
  record->fields.push_back(std::move(field));
  return true;
}

}  // namespace escala::client
