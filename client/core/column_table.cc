#include "client/core/column_table.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/core/field_text.h"
#include "client/core/utf8_text.h"

namespace escala::client {

ColumnSpec OutputOnlyColumn(const std::string& field) {
  return ColumnSpec{field, field, false, "", "", "", /*output_only=*/true};
}

std::vector<std::string> ColumnNames(const ColumnTable& columns) {
  std::vector<std::string> names;
  names.reserve(columns.size());
  for (const ColumnSpec& column : columns) names.push_back(column.name);
  return names;
}

std::vector<std::string> MessageToRow(const ColumnTable& columns,
                                      const google::protobuf::Message& message) {
  std::vector<std::string> row;
  row.reserve(columns.size());
  for (const ColumnSpec& column : columns) row.push_back(GetFieldText(message, column.field_path));
  return row;
}

absl::StatusOr<CsvLayout> CsvLayout::Bind(const ColumnTable& columns,
                                          const std::vector<std::string>& header) {
  CsvLayout layout(columns);
  std::vector<bool> seen(columns.size(), false);
  for (size_t i = 0; i < header.size(); ++i) {
    const absl::string_view name = absl::StripAsciiWhitespace(header[i]);
    if (name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("header column ", i + 1, " has no name"));
    }
    size_t index = 0;
    while (index < columns.size() && columns[index].name != name) ++index;
    if (index == columns.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown column '", name,
          "' in the header (known columns: ", absl::StrJoin(ColumnNames(columns), ", "), ")"));
    }
    if (seen[index]) {
      return absl::InvalidArgumentError(
          absl::StrCat("column '", name, "' appears twice in the header"));
    }
    seen[index] = true;
    layout.column_of_field_.push_back(index);
  }
  for (size_t index = 0; index < columns.size(); ++index) {
    if (seen[index]) continue;
    if (columns[index].required) {
      return absl::InvalidArgumentError(
          absl::StrCat("required column '", columns[index].name, "' is missing from the header"));
    }
    if (!columns[index].default_text.empty()) layout.defaulted_columns_.push_back(index);
  }
  return layout;
}

std::string CsvLayout::FieldName(size_t index) const {
  if (index >= column_of_field_.size()) return "";
  return (*columns_)[column_of_field_[index]].name;
}

std::vector<std::string> CsvLayout::ImportedFieldPaths() const {
  std::vector<std::string> paths;
  for (size_t index : column_of_field_) {
    if (!(*columns_)[index].output_only) paths.push_back((*columns_)[index].field_path);
  }
  return paths;
}

std::vector<FieldProblem> CsvLayout::Fill(const std::vector<std::string>& fields, int64_t line,
                                          google::protobuf::Message* message) const {
  std::vector<FieldProblem> problems;
  if (fields.size() != width()) {
    problems.push_back(
        {line, "",
         absl::StrCat("expected ", width(), " fields as in the header, found ", fields.size())});
    return problems;
  }
  auto set = [&](const ColumnSpec& column, absl::string_view text) {
    if (std::string invalid = DescribeInvalidUtf8(text); !invalid.empty()) {
      problems.push_back({line, column.name, absl::StrCat("the value ", invalid)});
      return;
    }
    if (absl::StripAsciiWhitespace(text).empty()) text = column.default_text;
    absl::Status status = SetFieldText(message, column.field_path, text);
    if (!status.ok()) problems.push_back({line, column.name, std::string(status.message())});
  };
  for (size_t i = 0; i < fields.size(); ++i) {
    const ColumnSpec& column = (*columns_)[column_of_field_[i]];
    if (!column.output_only) set(column, fields[i]);
  }
  for (size_t index : defaulted_columns_) set((*columns_)[index], "");
  return problems;
}

}  // namespace escala::client
