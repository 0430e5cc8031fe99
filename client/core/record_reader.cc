#include "client/core/record_reader.h"

#include <google/protobuf/util/json_util.h>

#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/core/utf8_text.h"

namespace escala::client {

absl::StatusOr<FileFormat> ChooseFileFormat(const std::optional<std::string>& flag,
                                            const std::string& path) {
  if (flag.has_value()) {
    const std::string name = absl::AsciiStrToLower(*flag);
    if (name == "csv") return FileFormat::kCsv;
    if (name == "jsonl" || name == "json") return FileFormat::kJsonLines;
    return absl::InvalidArgumentError(
        absl::StrCat("--format must be csv or jsonl, got '", *flag, "'"));
  }
  const std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".csv")) return FileFormat::kCsv;
  if (absl::EndsWith(lower, ".jsonl") || absl::EndsWith(lower, ".json")) {
    return FileFormat::kJsonLines;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "cannot tell the format of '", path, "' from its name; give --format csv or --format jsonl"));
}

absl::StatusOr<std::unique_ptr<RecordReader>> RecordReader::Open(const std::string& path,
                                                                 FileFormat format,
                                                                 const ColumnTable& columns) {
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!file->is_open()) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  return FromStream(std::move(file), path, format, columns);
}

absl::StatusOr<std::unique_ptr<RecordReader>> RecordReader::FromStream(
    std::unique_ptr<std::istream> in, const std::string& name, FileFormat format,
    const ColumnTable& columns) {
  std::unique_ptr<RecordReader> reader(new RecordReader(format, std::move(in)));
  if (format == FileFormat::kCsv) {
    CsvRecord header;
    if (!reader->csv_.Next(&header)) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": empty file; a header row is required"));
    }
    if (header.error.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": line ", header.line, ": header: ", header.error->reason));
    }
    absl::StatusOr<CsvLayout> layout = CsvLayout::Bind(columns, header.fields);
    if (!layout.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": line ", header.line, ": ", layout.status().message()));
    }
    reader->layout_ = *std::move(layout);
  }
  return reader;
}

bool RecordReader::Next(google::protobuf::Message* message, int64_t* line,
                        std::vector<FieldProblem>* problems) {
  message->Clear();
  problems->clear();
  return format_ == FileFormat::kCsv ? NextCsv(message, line, problems)
                                     : NextJsonLine(message, line, problems);
}

std::optional<std::vector<std::string>> RecordReader::ColumnFieldPaths() const {
  if (format_ != FileFormat::kCsv || !layout_.has_value()) return std::nullopt;
  return layout_->ImportedFieldPaths();
}

bool RecordReader::NextCsv(google::protobuf::Message* message, int64_t* line,
                           std::vector<FieldProblem>* problems) {
  CsvRecord record;
  if (!csv_.Next(&record)) return false;
  *line = record.line;
  if (record.error.has_value()) {
    problems->push_back(
        {record.line, layout_->FieldName(record.error->field_index), record.error->reason});
    return true;
  }
  *problems = layout_->Fill(record.fields, record.line, message);
  return true;
}

bool RecordReader::NextJsonLine(google::protobuf::Message* message, int64_t* line,
                                std::vector<FieldProblem>* problems) {
  std::string text;
  while (std::getline(*file_, text)) {
    ++json_line_;
    if (json_line_ == 1 && absl::StartsWith(text, "\xEF\xBB\xBF")) text.erase(0, 3);
    if (absl::StripAsciiWhitespace(text).empty()) continue;
    *line = json_line_;
    if (std::string invalid = DescribeInvalidUtf8(text); !invalid.empty()) {
      problems->push_back({json_line_, "", absl::StrCat("the line ", invalid)});
      return true;
    }
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    const auto status = google::protobuf::util::JsonStringToMessage(text, message, options);
    if (!status.ok()) {
      problems->push_back(
          {json_line_, "", absl::StrCat("invalid JSON record: ", status.message().ToString())});
    }
    return true;
  }
  return false;
}

}  // namespace escala::client
