#include "client/core/field_text.h"

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/reflection.h>
#include <google/protobuf/timestamp.pb.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/core/enum_names.h"
#include "client/core/time_text.h"

namespace escala::client {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

enum class Leaf { kString, kStringList, kEnum, kInt32, kInt64, kBool, kTimestamp, kDuration };

absl::StatusOr<Leaf> LeafOf(const FieldDescriptor& field) {
  if (field.is_repeated()) {
    if (field.type() == FieldDescriptor::TYPE_STRING) return Leaf::kStringList;
  } else {
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        return Leaf::kString;
      case FieldDescriptor::CPPTYPE_ENUM:
        return Leaf::kEnum;
      case FieldDescriptor::CPPTYPE_INT32:
        return Leaf::kInt32;
      case FieldDescriptor::CPPTYPE_INT64:
        return Leaf::kInt64;
      case FieldDescriptor::CPPTYPE_BOOL:
        return Leaf::kBool;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (field.message_type() == google::protobuf::Timestamp::descriptor()) {
          return Leaf::kTimestamp;
        }
        if (field.message_type() == google::protobuf::Duration::descriptor()) {
          return Leaf::kDuration;
        }
        break;
      default:
        break;
    }
  }
  return absl::InternalError(absl::StrCat("field ", field.full_name(), " has no text form"));
}

// The parent messages and the leaf field that `path` names, checked against `type`.
struct ResolvedPath {
  std::vector<const FieldDescriptor*> parents;
  const FieldDescriptor* leaf = nullptr;
  Leaf kind = Leaf::kString;
};

absl::StatusOr<ResolvedPath> Resolve(const Descriptor& type, absl::string_view path) {
  ResolvedPath resolved;
  const Descriptor* current = &type;
  const std::vector<absl::string_view> names = absl::StrSplit(path, '.');
  for (size_t i = 0; i < names.size(); ++i) {
    const FieldDescriptor* field = current->FindFieldByName(std::string(names[i]));
    if (field == nullptr) {
      return absl::InternalError(absl::StrCat(current->full_name(), " has no field ", names[i]));
    }
    if (i + 1 == names.size()) {
      resolved.leaf = field;
      absl::StatusOr<Leaf> kind = LeafOf(*field);
      if (!kind.ok()) return kind.status();
      resolved.kind = *kind;
    } else {
      if (field->is_repeated() || field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        return absl::InternalError(absl::StrCat(field->full_name(), " is not a sub-message"));
      }
      resolved.parents.push_back(field);
      current = field->message_type();
    }
  }
  return resolved;
}

absl::StatusOr<bool> ParseBool(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "true" || lower == "1" || lower == "yes") return true;
  if (lower == "false" || lower == "0" || lower == "no") return false;
  return absl::InvalidArgumentError(
      absl::StrCat("'", text, "' is not a boolean (true/false, 1/0, yes/no)"));
}

absl::Status NotAWholeNumber(absl::string_view text) {
  return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not a whole number"));
}

absl::Status SetLeaf(Message* message, const FieldDescriptor& field, Leaf kind,
                     absl::string_view raw) {
  const Reflection& reflection = *message->GetReflection();
  // Strings are kept as given; every other kind ignores blanks around the value.
  const absl::string_view text = kind == Leaf::kString ? raw : absl::StripAsciiWhitespace(raw);
  if (absl::StripAsciiWhitespace(raw).empty()) {
    reflection.ClearField(message, &field);
    return absl::OkStatus();
  }
  switch (kind) {
    case Leaf::kString:
      reflection.SetString(message, &field, std::string(text));
      break;
    case Leaf::kStringList:
      reflection.ClearField(message, &field);
      for (absl::string_view item : absl::StrSplit(text, ';')) {
        item = absl::StripAsciiWhitespace(item);
        if (!item.empty()) reflection.AddString(message, &field, std::string(item));
      }
      break;
    case Leaf::kEnum: {
      absl::StatusOr<int> number = ParseEnumName(*field.enum_type(), text);
      if (!number.ok()) return number.status();
      reflection.SetEnumValue(message, &field, *number);
      break;
    }
    case Leaf::kInt32: {
      int32_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return NotAWholeNumber(text);
      reflection.SetInt32(message, &field, value);
      break;
    }
    case Leaf::kInt64: {
      int64_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return NotAWholeNumber(text);
      reflection.SetInt64(message, &field, value);
      break;
    }
    case Leaf::kBool: {
      absl::StatusOr<bool> value = ParseBool(text);
      if (!value.ok()) return value.status();
      reflection.SetBool(message, &field, *value);
      break;
    }
    case Leaf::kTimestamp: {
      absl::StatusOr<google::protobuf::Timestamp> value = ParseTimestamp(text);
      if (!value.ok()) return value.status();
      reflection.MutableMessage(message, &field)->CopyFrom(*value);
      break;
    }
    case Leaf::kDuration: {
      absl::StatusOr<google::protobuf::Duration> value = ParseSeconds(text);
      if (!value.ok()) return value.status();
      reflection.MutableMessage(message, &field)->CopyFrom(*value);
      break;
    }
  }
  return absl::OkStatus();
}

std::string GetLeaf(const Message& message, const FieldDescriptor& field, Leaf kind) {
  const Reflection& reflection = *message.GetReflection();
  switch (kind) {
    case Leaf::kString:
      return reflection.GetString(message, &field);
    case Leaf::kStringList:
      return absl::StrJoin(reflection.GetRepeatedFieldRef<std::string>(message, &field), ";");
    case Leaf::kEnum:
      return ShortEnumName(*field.enum_type(), reflection.GetEnumValue(message, &field));
    case Leaf::kInt32:
      if (field.has_presence() && !reflection.HasField(message, &field)) return "";
      return absl::StrCat(reflection.GetInt32(message, &field));
    case Leaf::kInt64:
      if (field.has_presence() && !reflection.HasField(message, &field)) return "";
      return absl::StrCat(reflection.GetInt64(message, &field));
    case Leaf::kBool:
      if (field.has_presence() && !reflection.HasField(message, &field)) return "";
      return reflection.GetBool(message, &field) ? "true" : "false";
    case Leaf::kTimestamp:
      if (!reflection.HasField(message, &field)) return "";
      return FormatTimestamp(
          static_cast<const google::protobuf::Timestamp&>(reflection.GetMessage(message, &field)));
    case Leaf::kDuration:
      if (!reflection.HasField(message, &field)) return "";
      return FormatSeconds(
          static_cast<const google::protobuf::Duration&>(reflection.GetMessage(message, &field)));
  }
  return "";
}

}  // namespace

absl::Status SetFieldText(Message* message, absl::string_view path, absl::string_view text) {
  absl::StatusOr<ResolvedPath> resolved = Resolve(*message->GetDescriptor(), path);
  if (!resolved.ok()) return resolved.status();
  const bool clearing = absl::StripAsciiWhitespace(text).empty();
  Message* target = message;
  for (const FieldDescriptor* parent : resolved->parents) {
    const Reflection& reflection = *target->GetReflection();
    if (clearing && !reflection.HasField(*target, parent)) return absl::OkStatus();
    target = reflection.MutableMessage(target, parent);
  }
  return SetLeaf(target, *resolved->leaf, resolved->kind, text);
}

std::string GetFieldText(const Message& message, absl::string_view path) {
  absl::StatusOr<ResolvedPath> resolved = Resolve(*message.GetDescriptor(), path);
  if (!resolved.ok()) return "";
  const Message* source = &message;
  for (const FieldDescriptor* parent : resolved->parents) {
    const Reflection& reflection = *source->GetReflection();
    if (!reflection.HasField(*source, parent)) return "";
    source = &reflection.GetMessage(*source, parent);
  }
  return GetLeaf(*source, *resolved->leaf, resolved->kind);
}

std::string FieldValueHint(const Descriptor& type, absl::string_view path) {
  absl::StatusOr<ResolvedPath> resolved = Resolve(type, path);
  if (!resolved.ok()) return "VALUE";
  switch (resolved->kind) {
    case Leaf::kString:
      return "TEXT";
    case Leaf::kStringList:
      return "A;B";
    case Leaf::kEnum:
      return "NAME";
    case Leaf::kInt32:
    case Leaf::kInt64:
      return "N";
    case Leaf::kBool:
      return "true|false";
    case Leaf::kTimestamp:
      return "TIME";
    case Leaf::kDuration:
      return "SECONDS";
  }
  return "VALUE";
}

absl::Status CheckFieldPath(const Descriptor& type, absl::string_view path) {
  return Resolve(type, path).status();
}

}  // namespace escala::client
