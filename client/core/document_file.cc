#include "client/core/document_file.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "client/core/enum_names.h"
#include "client/core/yaml_subset.h"

namespace escala::client {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Value;

// A problem in one field: its path ("sections[0].criteria[1].scale.kind") and the text to look
// for to find its line.
struct FileProblem {
  std::string path;
  std::string reason;
  std::string needle;
};

// The 1-based line of the first occurrence of `needle` in `text`, if any.
std::optional<int> LineOf(const std::string& text, const std::string& needle) {
  if (needle.empty()) return std::nullopt;
  const std::size_t at = text.find(needle);
  if (at == std::string::npos) return std::nullopt;
  int line = 1;
  for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

absl::Status FileError(const std::string& file_name, const std::string& text,
                       const FileProblem& problem) {
  std::string message = absl::StrCat(file_name, ": ");
  if (std::optional<int> line = LineOf(text, problem.needle)) {
    absl::StrAppend(&message, "line ", *line, ": ");
  }
  if (!problem.path.empty()) absl::StrAppend(&message, problem.path, ": ");
  absl::StrAppend(&message, problem.reason);
  return absl::InvalidArgumentError(message);
}

std::string Quoted(absl::string_view text) { return absl::StrCat("\"", text, "\""); }

std::optional<FileProblem> NormaliseMessage(Value& value, const Descriptor& type,
                                            const std::string& path);

// One value of field `field` (an element when the field is repeated).
std::optional<FileProblem> NormaliseElement(Value& value, const FieldDescriptor& field,
                                            const std::string& path) {
  if (field.type() == FieldDescriptor::TYPE_ENUM && value.has_string_value()) {
    absl::StatusOr<int> number = ParseEnumName(*field.enum_type(), value.string_value());
    if (!number.ok()) {
      return FileProblem{path, std::string(number.status().message()),
                         Quoted(value.string_value())};
    }
    value.set_string_value(field.enum_type()->FindValueByNumber(*number)->name());
    return std::nullopt;
  }
  if (field.type() == FieldDescriptor::TYPE_MESSAGE && value.has_struct_value()) {
    const std::string& full_name = field.message_type()->full_name();
    // Well-known types (timestamps) have JSON forms of their own; the parser checks them.
    if (absl::StartsWith(full_name, "google.protobuf.")) return std::nullopt;
    return NormaliseMessage(value, *field.message_type(), path);
  }
  return std::nullopt;
}

// Checks field names against `type` and rewrites short enum names to full ones, in place.
std::optional<FileProblem> NormaliseMessage(Value& value, const Descriptor& type,
                                            const std::string& path) {
  if (!value.has_struct_value()) return std::nullopt;
  for (auto& [name, member] : *value.mutable_struct_value()->mutable_fields()) {
    const FieldDescriptor* field = type.FindFieldByName(name);
    if (field == nullptr) field = type.FindFieldByCamelcaseName(name);
    const std::string field_path = path.empty() ? name : absl::StrCat(path, ".", name);
    if (field == nullptr) {
      return FileProblem{field_path, absl::StrCat("unknown field of ", type.name()), Quoted(name)};
    }
    if (field->is_repeated() && member.has_list_value()) {
      auto* items = member.mutable_list_value()->mutable_values();
      for (int i = 0; i < items->size(); ++i) {
        if (auto problem = NormaliseElement(*items->Mutable(i), *field,
                                            absl::StrCat(field_path, "[", i, "]"))) {
          return problem;
        }
      }
    } else if (auto problem = NormaliseElement(member, *field, field_path)) {
      return problem;
    }
  }
  return std::nullopt;
}

// The text between the first pair of double quotes in a parser message, to locate the line.
std::string FirstQuoted(absl::string_view message) {
  const std::size_t open = message.find('"');
  if (open == absl::string_view::npos) return "";
  const std::size_t close = message.find('"', open + 1);
  if (close == absl::string_view::npos) return "";
  return std::string(message.substr(open, close - open + 1));
}

// Finds where JSON text stops being JSON, to name the line: protobuf's parser says what went
// wrong but not where. Only called once that parser has refused the text.
class JsonSyntax {
 public:
  explicit JsonSyntax(const std::string& text) : text_(text) {}

  // "line N: reason", or "" when no error is found here.
  std::string FirstError() {
    if (!Value()) return Where();
    Blanks();
    if (at_ < text_.size()) {
      reason_ = "text after the end of the JSON object";
      return Where();
    }
    return "";
  }

 private:
  std::string Where() const { return absl::StrCat("line ", line_, ": ", reason_); }

  void Blanks() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\t' || text_[at_] == '\r')) {
      if (text_[at_] == '\n') ++line_;
      ++at_;
    }
  }

  bool Fail(const std::string& reason) {
    reason_ = reason;
    return false;
  }

  bool Expect(char c, const std::string& what) {
    Blanks();
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    if (at_ >= text_.size())
      return Fail(absl::StrCat("the text ends where ", what, " was expected"));
    return Fail(absl::StrCat("expected ", what, ", found '", std::string(1, text_[at_]), "'"));
  }

  bool String() {
    if (!Expect('"', "a quoted string")) return false;
    while (at_ < text_.size() && text_[at_] != '"') {
      if (text_[at_] == '\n') return Fail("a string does not end on its line");
      if (text_[at_] == '\\') ++at_;
      ++at_;
    }
    if (at_ >= text_.size()) return Fail("a string does not end");
    ++at_;
    return true;
  }

  bool Value() {
    Blanks();
    if (at_ >= text_.size()) return Fail("the text ends where a value was expected");
    const char c = text_[at_];
    if (c == '{' || c == '[') {
      // Each level is a call: without a bound, a file of many '[' would exhaust the stack.
      // protobuf's parser refuses such nesting as well, so no document is lost.
      if (depth_ == kMaxDepth) {
        return Fail(absl::StrCat("objects and arrays nested deeper than ", kMaxDepth, " levels"));
      }
      ++depth_;
      const bool ok = c == '{' ? Members('}', true) : Members(']', false);
      --depth_;
      return ok;
    }
    if (c == '"') return String();
    const std::size_t start = at_;
    while (at_ < text_.size() && (absl::ascii_isalnum(static_cast<unsigned char>(text_[at_])) ||
                                  text_[at_] == '-' || text_[at_] == '+' || text_[at_] == '.')) {
      ++at_;
    }
    if (at_ == start)
      return Fail(absl::StrCat("expected a value, found '", std::string(1, c), "'"));
    return true;
  }

  // An object (keys and values) or an array, after its opening bracket.
  bool Members(char close, bool object) {
    ++at_;
    Blanks();
    if (at_ < text_.size() && text_[at_] == close) {
      ++at_;
      return true;
    }
    while (true) {
      if (object && (!String() || !Expect(':', "':' after the key"))) return false;
      if (!Value()) return false;
      Blanks();
      if (at_ < text_.size() && text_[at_] == ',') {
        ++at_;
        continue;
      }
      return Expect(close, object ? "',' or '}'" : "',' or ']'");
    }
  }

  static constexpr int kMaxDepth = 100;

  const std::string& text_;
  std::size_t at_ = 0;
  int line_ = 1;
  int depth_ = 0;
  std::string reason_;
};

}  // namespace

absl::Status ParseDocumentJson(const std::string& text, const std::string& file_name,
                               google::protobuf::Message* message) {
  const Descriptor& type = *message->GetDescriptor();
  Value document;
  if (auto status = google::protobuf::util::JsonStringToMessage(text, &document); !status.ok()) {
    const std::string where = JsonSyntax(text).FirstError();
    if (!where.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(file_name, ": not valid JSON: ", where));
    }
    const std::string reason(status.message());
    return FileError(file_name, text,
                     {"", absl::StrCat("not valid JSON: ", reason), FirstQuoted(reason)});
  }
  if (!document.has_struct_value()) {
    return FileError(
        file_name, text,
        {"", absl::StrCat("must hold one JSON object (an ", type.full_name(), ")"), ""});
  }
  if (auto problem = NormaliseMessage(document, type, "")) {
    return FileError(file_name, text, *problem);
  }
  std::string normalised;
  if (auto status = google::protobuf::util::MessageToJsonString(document, &normalised);
      !status.ok()) {
    return FileError(file_name, text, {"", std::string(status.message()), ""});
  }
  message->Clear();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  if (auto status = google::protobuf::util::JsonStringToMessage(normalised, message, options);
      !status.ok()) {
    const std::string reason(status.message());
    return FileError(file_name, text, {"", reason, FirstQuoted(reason)});
  }
  return absl::OkStatus();
}

absl::Status ReadDocumentFile(const std::string& path, google::protobuf::Message* message) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat(path, ": cannot open the file"));
  std::ostringstream text;
  text << file.rdbuf();
  std::string content = text.str();
  if (absl::StartsWith(content, "\xEF\xBB\xBF")) content.erase(0, 3);
  if (absl::EndsWith(path, ".yaml") || absl::EndsWith(path, ".yml")) {
    absl::StatusOr<std::string> json = YamlSubsetToJson(content);
    if (!json.ok())
      return absl::InvalidArgumentError(absl::StrCat(path, ": ", json.status().message()));
    // The JSON keeps the YAML's lines, so what is wrong in it is reported at the line written.
    return ParseDocumentJson(*json, path, message);
  }
  return ParseDocumentJson(content, path, message);
}

}  // namespace escala::client
