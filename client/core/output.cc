#include "client/core/output.h"

#include <google/protobuf/util/json_util.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "client/core/csv_writer.h"
#include "client/core/field_text.h"

namespace escala::client {

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  if (text == "csv") return OutputFormat::kCsv;
  return absl::InvalidArgumentError(
      absl::StrCat("--output must be table, json or csv, got '", text, "'"));
}

std::string ToPrettyJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  std::string json;
  // Printing a well-formed message cannot fail short of a bug; show the reason if it ever does.
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) return absl::StrCat("{\"error\": \"", status.message().ToString(), "\"}\n");
  if (json.empty() || json.back() != '\n') json += '\n';
  return json;
}

std::string RenderResource(OutputFormat format, const google::protobuf::Message& resource,
                           const ColumnTable& csv_columns, const ColumnTable& detail_columns,
                           int width) {
  switch (format) {
    case OutputFormat::kJson:
      return ToPrettyJson(resource);
    case OutputFormat::kCsv:
      return CsvLine(ColumnNames(csv_columns)) + CsvLine(MessageToRow(csv_columns, resource));
    case OutputFormat::kTable:
      break;
  }
  // Unset fields are left out: a contact has some thirty fields and most are often empty.
  Table table;
  for (const ColumnSpec& column : detail_columns) {
    std::string value = GetFieldText(resource, column.field_path);
    if (!value.empty()) table.rows.push_back({column.name, std::move(value)});
  }
  return RenderTable(table, width);
}

std::string CsvOfTable(const Table& table) {
  std::string text = table.header.empty() ? "" : CsvLine(table.header);
  for (const std::vector<std::string>& row : table.rows) text += CsvLine(row);
  return text;
}

std::string RenderList(OutputFormat format, const google::protobuf::Message& response,
                       const std::vector<const google::protobuf::Message*>& items,
                       const ColumnTable& csv_columns, const std::function<Table()>& make_table,
                       int width) {
  switch (format) {
    case OutputFormat::kJson:
      return ToPrettyJson(response);
    case OutputFormat::kCsv: {
      std::string text = CsvLine(ColumnNames(csv_columns));
      for (const google::protobuf::Message* item : items) {
        text += CsvLine(MessageToRow(csv_columns, *item));
      }
      return text;
    }
    case OutputFormat::kTable:
      break;
  }
  return RenderTable(make_table(), width);
}

}  // namespace escala::client
