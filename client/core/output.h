#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/repeated_ptr_field.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/core/column_table.h"
#include "client/core/table_printer.h"

namespace escala::client {

// What --output asks for.
enum class OutputFormat { kTable, kJson, kCsv };

// "table", "json" or "csv"; INVALID_ARGUMENT otherwise.
absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text);

// The proto3 JSON mapping of `message`, pretty-printed with lowerCamelCase names, ending in "\n".
std::string ToPrettyJson(const google::protobuf::Message& message);

// One resource (the reply of get, create and update): a field/value table of the `detail_columns`
// that are set, its JSON, or a CSV header and one row of `csv_columns`.
std::string RenderResource(OutputFormat format, const google::protobuf::Message& resource,
                           const ColumnTable& csv_columns, const ColumnTable& detail_columns,
                           int width);

// A list reply: `make_table()` fitted to `width`, the JSON of the whole `response`, or a CSV
// header and one row of `csv_columns` per item.
std::string RenderList(OutputFormat format, const google::protobuf::Message& response,
                       const std::vector<const google::protobuf::Message*>& items,
                       const ColumnTable& csv_columns, const std::function<Table()>& make_table,
                       int width);

// A table as CSV: its header (when it has one) and its rows, every cell whole.
std::string CsvOfTable(const Table& table);

template <typename T>
std::vector<const google::protobuf::Message*> AsMessages(
    const google::protobuf::RepeatedPtrField<T>& items) {
  std::vector<const google::protobuf::Message*> messages;
  messages.reserve(items.size());
  for (const T& item : items) messages.push_back(&item);
  return messages;
}

}  // namespace escala::client
