#pragma once

#include <google/protobuf/message.h>

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/core/column_table.h"
#include "client/core/csv_reader.h"
#include "client/core/field_problem.h"

namespace escala::client {

enum class FileFormat { kCsv, kJsonLines };

// The format named by --format ("csv", "jsonl"), or when that is not given the one the file name
// ends in (.csv; .jsonl or .json). INVALID_ARGUMENT when neither says.
absl::StatusOr<FileFormat> ChooseFileFormat(const std::optional<std::string>& flag,
                                            const std::string& path);

// Reads the records of an import file one at a time into messages: CSV with a header row bound
// to a column table, or JSON Lines in the proto JSON mapping (blank lines skipped).
class RecordReader {
 public:
  // Opens `path` and, for CSV, reads and binds its header. NOT_FOUND when the file cannot be
  // opened; INVALID_ARGUMENT for an empty CSV file or a bad header (the message names the column).
  static absl::StatusOr<std::unique_ptr<RecordReader>> Open(const std::string& path,
                                                            FileFormat format,
                                                            const ColumnTable& columns);

  // The same for text already open: `in` is read from its current position, and `name` names
  // it in errors as Open names the path.
  static absl::StatusOr<std::unique_ptr<RecordReader>> FromStream(std::unique_ptr<std::istream> in,
                                                                  const std::string& name,
                                                                  FileFormat format,
                                                                  const ColumnTable& columns);

  // Reads the next record into *message (cleared first) and the line it starts on into *line.
  // Problems with the record go to *problems (cleared first); the message is then incomplete.
  // Returns false at the end of the file.
  bool Next(google::protobuf::Message* message, int64_t* line, std::vector<FieldProblem>* problems);

  // For CSV, the field paths of the header's imported columns: every record sets exactly these
  // (a cell may set its field to empty). For JSON Lines, nullopt: each record sets the fields it
  // has.
  std::optional<std::vector<std::string>> ColumnFieldPaths() const;

 private:
  RecordReader(FileFormat format, std::unique_ptr<std::istream> file)
      : format_(format), file_(std::move(file)), csv_(*file_) {}

  bool NextCsv(google::protobuf::Message* message, int64_t* line,
               std::vector<FieldProblem>* problems);
  bool NextJsonLine(google::protobuf::Message* message, int64_t* line,
                    std::vector<FieldProblem>* problems);

  FileFormat format_;
  std::unique_ptr<std::istream> file_;
  CsvReader csv_;
  std::optional<CsvLayout> layout_;
  int64_t json_line_ = 0;
};

}  // namespace escala::client
