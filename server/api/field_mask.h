#pragma once

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>

#include <set>
#include <string>

#include "absl/status/status.h"

namespace escala::server {

// Replaces, in `target`, each top-level field named in `mask` with its value in `source`
// (a field absent from `source` is cleared; repeated and message fields are replaced whole).
// INVALID_ARGUMENT "update_mask: …" when the mask is empty or names a field outside `allowed`.
absl::Status ApplyFieldMask(const google::protobuf::FieldMask& mask,
                            const std::set<std::string>& allowed,
                            const google::protobuf::Message& source,
                            google::protobuf::Message* target);

}  // namespace escala::server
