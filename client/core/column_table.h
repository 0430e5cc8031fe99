#pragma once

#include <google/protobuf/message.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/core/field_problem.h"

namespace escala::client {

// One column of a CSV import/export file, bound to a field of the resource message. The same
// table drives reading, writing, `get` tables and the field flags of create/update, so a column
// is spelled the same everywhere.
struct ColumnSpec {
  // Header name, e.g. "agent_employee_id". Its flag is the name with '-' for '_'.
  std::string name;
  // Dotted field path, see field_text.h.
  std::string field_path;
  // Must appear in the header of an import file.
  bool required = false;
  // Text used when the column is missing from the file or its cell is empty.
  std::string default_text;
  // A shorter flag name, e.g. "agent" for --agent-employee-id.
  std::string flag_alias;
  // One line for --help.
  std::string help;
  // Shown by list and get but never written: an import file may carry the column (so that
  // what `list --output csv` wrote can be imported again) and its cells are ignored.
  bool output_only = false;
};

using ColumnTable = std::vector<ColumnSpec>;

// A column for an output-only field, shown by `get` but never imported.
ColumnSpec OutputOnlyColumn(const std::string& field);

// Header names of a table, in order.
std::vector<std::string> ColumnNames(const ColumnTable& columns);

// One CSV row for a message, in table order.
std::vector<std::string> MessageToRow(const ColumnTable& columns,
                                      const google::protobuf::Message& message);

// A file's header row matched against a column table: which column each field belongs to.
class CsvLayout {
 public:
  // INVALID_ARGUMENT naming the column for an unknown, repeated or empty header name, or a
  // required column that is missing. Header names may carry blanks around them.
  static absl::StatusOr<CsvLayout> Bind(const ColumnTable& columns,
                                        const std::vector<std::string>& header);

  // Number of fields every data row must have.
  size_t width() const { return column_of_field_.size(); }
  // Header name of field `index`, or "" past the end.
  std::string FieldName(size_t index) const;
  // Field paths of the header's columns that are imported (not output only), in header order:
  // what every record read through this layout sets.
  std::vector<std::string> ImportedFieldPaths() const;

  // Sets the fields of *message (not cleared first) from one data row that starts on `line`.
  // Returns the problems found, one per cell that did not parse or is not valid UTF-8; empty
  // when all did.
  std::vector<FieldProblem> Fill(const std::vector<std::string>& fields, int64_t line,
                                 google::protobuf::Message* message) const;

 private:
  explicit CsvLayout(const ColumnTable& columns) : columns_(&columns) {}

  const ColumnTable* columns_;
  // For each field of a row, the index of its column in *columns_.
  std::vector<size_t> column_of_field_;
  // Columns missing from the header that have a default.
  std::vector<size_t> defaulted_columns_;
};

}  // namespace escala::client
