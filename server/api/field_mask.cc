#include "server/api/field_mask.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace escala::server {

absl::Status ApplyFieldMask(const google::protobuf::FieldMask& mask,
                            const std::set<std::string>& allowed,
                            const google::protobuf::Message& source,
                            google::protobuf::Message* target) {
  if (mask.paths_size() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "update_mask: is required; name the fields to change among: ", absl::StrJoin(allowed, ", ")));
  }
  const google::protobuf::Descriptor* descriptor = target->GetDescriptor();
  const google::protobuf::Reflection* reflection = target->GetReflection();
  // Copy only the masked fields of the source, then merge them into cleared target fields:
  // MergeFrom into a cleared field is an exact copy, including "absent".
  std::unique_ptr<google::protobuf::Message> masked(source.New());
  masked->CopyFrom(source);
  std::set<const google::protobuf::FieldDescriptor*> selected;
  for (const std::string& path : mask.paths()) {
    const google::protobuf::FieldDescriptor* field = descriptor->FindFieldByName(path);
    if (field == nullptr || allowed.count(path) == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: '", path, "' is not a field that can be updated; allowed: ",
          absl::StrJoin(allowed, ", ")));
    }
    selected.insert(field);
  }
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (selected.count(field) == 0) masked->GetReflection()->ClearField(masked.get(), field);
  }
  for (const google::protobuf::FieldDescriptor* field : selected) {
    reflection->ClearField(target, field);
  }
  target->MergeFrom(*masked);
  return absl::OkStatus();
}

}  // namespace escala::server
