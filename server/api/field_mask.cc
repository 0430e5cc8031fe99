#include "server/api/field_mask.h"

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

using google::protobuf::FieldDescriptor;

// The fields an update replaces (AIP-134): with no mask, the allowed fields populated in
// `source` (others, such as the selecting id or the etag, are not updates); "*" alone, every
// allowed field; otherwise the named fields, each of which must be allowed.
absl::StatusOr<std::vector<const FieldDescriptor*>> SelectedFields(
    const google::protobuf::FieldMask& mask, const std::set<std::string>& allowed,
    const google::protobuf::Message& source) {
  const google::protobuf::Descriptor* descriptor = source.GetDescriptor();
  const google::protobuf::Reflection* reflection = source.GetReflection();
  std::vector<const FieldDescriptor*> selected;
  if (mask.paths_size() == 0) {
    std::vector<const FieldDescriptor*> populated;
    reflection->ListFields(source, &populated);
    for (const FieldDescriptor* field : populated) {
      if (allowed.count(field->name()) > 0) selected.push_back(field);
    }
    return selected;
  }
  if (mask.paths_size() == 1 && mask.paths(0) == "*") {
    for (const std::string& name : allowed) {
      const FieldDescriptor* field = descriptor->FindFieldByName(name);
      if (field != nullptr) selected.push_back(field);
    }
    return selected;
  }
  for (const std::string& path : mask.paths()) {
    const FieldDescriptor* field = descriptor->FindFieldByName(path);
    if (field == nullptr || allowed.count(path) == 0) {
      return InvalidField(
          "update_mask",
          absl::StrCat("'", path, "' is not a field that can be updated; allowed: ",
                       absl::StrJoin(allowed, ", "), " (or '*' alone for all of them)"));
    }
    selected.push_back(field);
  }
  return selected;
}

}  // namespace

absl::Status CheckFieldMask(const google::protobuf::FieldMask& mask,
                            const std::set<std::string>& allowed,
                            const google::protobuf::Message& source) {
  return SelectedFields(mask, allowed, source).status();
}

absl::Status ApplyFieldMask(const google::protobuf::FieldMask& mask,
                            const std::set<std::string>& allowed,
                            const google::protobuf::Message& source,
                            google::protobuf::Message* target) {
  absl::StatusOr<std::vector<const FieldDescriptor*>> selected =
      SelectedFields(mask, allowed, source);
  if (!selected.ok()) return selected.status();
  const google::protobuf::Descriptor* descriptor = target->GetDescriptor();
  const google::protobuf::Reflection* reflection = target->GetReflection();
  // Copy only the selected fields of the source, then merge them into cleared target fields:
  // MergeFrom into a cleared field is an exact copy, including "absent".
  std::unique_ptr<google::protobuf::Message> masked(source.New());
  masked->CopyFrom(source);
  const std::set<const FieldDescriptor*> keep(selected->begin(), selected->end());
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (keep.count(field) == 0) masked->GetReflection()->ClearField(masked.get(), field);
  }
  for (const FieldDescriptor* field : keep) reflection->ClearField(target, field);
  target->MergeFrom(*masked);
  return absl::OkStatus();
}

}  // namespace escala::server
