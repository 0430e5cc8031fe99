#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace escala::client {

// A syntax error in one CSV record. The reader skips the rest of the physical line and goes on.
struct CsvSyntaxError {
  // 0-based index of the field in which the error was found.
  size_t field_index = 0;
  std::string reason;
};

// One record of a CSV file.
struct CsvRecord {
  // 1-based physical line on which the record starts.
  int64_t line = 0;
  std::vector<std::string> fields;
  // Set when the record is malformed; `fields` is then incomplete.
  std::optional<CsvSyntaxError> error;
};

// Reads RFC 4180 CSV one record at a time: comma separator, fields optionally in double quotes,
// "" for a quote inside a quoted field, quoted fields may hold commas and line breaks. Accepts LF
// and CRLF line ends, skips a UTF-8 byte order mark at the start and completely empty lines
// between records. Quoted content is kept byte for byte, including CRLF inside it.
class CsvReader {
 public:
  // `in` must outlive the reader.
  explicit CsvReader(std::istream& in) : in_(in) {}

  // Reads the next record into *record. Returns false at the end of the input.
  bool Next(CsvRecord* record);

 private:
  bool ReadLine(std::string* line);

  std::istream& in_;
  int64_t line_number_ = 0;
};

}  // namespace escala::client
