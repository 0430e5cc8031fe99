#include "db/audit_diff.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace escala::db {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr char kTypeUrlPrefix[] = "type.googleapis.com";

// Rewritten on every write by the repository, so they say nothing about what the caller changed.
bool IsBookkeeping(const FieldDescriptor& field) {
  return field.name() == "create_time" || field.name() == "update_time" || field.name() == "etag";
}

// Prints messages as proto3 JSON with a stable text: the same value always gives the same bytes,
// so two values can be compared by their text and a record reads the same every time.
class StableJsonPrinter {
 public:
  explicit StableJsonPrinter(const Descriptor& type)
      : resolver_(google::protobuf::util::NewTypeResolverForDescriptorPool(kTypeUrlPrefix,
                                                                           type.file()->pool())),
        type_url_(absl::StrCat(kTypeUrlPrefix, "/", type.full_name())) {
    options_.preserve_proto_field_names = true;
  }

  // The JSON value of `field` in `message`, or nullopt when the field is not set (proto3 JSON
  // leaves unset and default-valued fields out).
  std::optional<std::string> FieldValue(const Message& message, const FieldDescriptor& field) {
    // A copy holding only this field prints as {"name":VALUE}; cutting off the wrapper leaves the
    // value in exactly the printer's own form, with no JSON parser of ours in between.
    std::unique_ptr<Message> only(message.New());
    only->CopyFrom(message);
    std::vector<const FieldDescriptor*> set_fields;
    only->GetReflection()->ListFields(*only, &set_fields);
    for (const FieldDescriptor* other : set_fields) {
      if (other != &field) only->GetReflection()->ClearField(only.get(), other);
    }
    const std::string json = Print(*only);
    const std::string prefix = absl::StrCat("{\"", field.name(), "\":");
    if (!absl::StartsWith(json, prefix) || !absl::EndsWith(json, "}")) return std::nullopt;
    return json.substr(prefix.size(), json.size() - prefix.size() - 1);
  }

 private:
  std::string Print(const Message& message) {
    // Deterministic serialization sorts map entries by key; the JSON printer then writes fields
    // in field-number order, so the text does not depend on how the message was built.
    std::string binary;
    {
      google::protobuf::io::StringOutputStream stream(&binary);
      google::protobuf::io::CodedOutputStream coded(&stream);
      coded.SetSerializationDeterministic(true);
      message.SerializeToCodedStream(&coded);
    }
    std::string json;
    const auto status = google::protobuf::util::BinaryToJsonString(resolver_.get(), type_url_,
                                                                   binary, &json, options_);
    // Printing a message of a linked-in type cannot fail short of a bug; an empty object keeps
    // the caller's write going rather than losing the change over its record's formatting.
    if (!status.ok()) return "{}";
    return json;
  }

  std::unique_ptr<google::protobuf::util::TypeResolver> resolver_;
  std::string type_url_;
  google::protobuf::util::JsonPrintOptions options_;
};

void AppendMember(std::string& object, const FieldDescriptor& field,
                  const std::optional<std::string>& value) {
  absl::StrAppend(&object, object.size() > 1 ? "," : "", "\"", field.name(), "\":",
                  value.has_value() ? *value : "null");
}

}  // namespace

ChangedFields DiffForAudit(const Message* before, const Message& after) {
  const Descriptor& type = *after.GetDescriptor();
  StableJsonPrinter printer(type);
  ChangedFields changed;
  std::string before_object = "{";
  std::string after_object = "{";
  // Declaration order: the keys come out in the order the .proto lists the fields.
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (IsBookkeeping(field)) continue;
    std::optional<std::string> new_value = printer.FieldValue(after, field);
    if (before == nullptr) {
      if (new_value.has_value()) AppendMember(after_object, field, new_value);
      continue;
    }
    std::optional<std::string> old_value = printer.FieldValue(*before, field);
    if (old_value == new_value) continue;
    AppendMember(before_object, field, old_value);
    AppendMember(after_object, field, new_value);
  }
  changed.before_json = before == nullptr ? "" : before_object + "}";
  changed.after_json = after_object + "}";
  return changed;
}

}  // namespace escala::db
