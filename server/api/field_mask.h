#pragma once

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>

#include <set>
#include <string>

#include "absl/status/status.h"

namespace escala::server {

// AIP-134 partial update: replaces, in `target`, top-level fields with their value in `source`
// (repeated and message fields are replaced whole):
//   - no paths: the fields of `allowed` that are populated in `source` (a proto3 scalar at its
//     default is not populated, so clearing one needs a mask);
//   - "*" alone: every field of `allowed` (one absent from `source` is cleared);
//   - otherwise the named fields (one absent from `source` is cleared).
// INVALID_ARGUMENT "update_mask: …" when a path is not in `allowed` (the method's allow-list).
absl::Status ApplyFieldMask(const google::protobuf::FieldMask& mask,
                            const std::set<std::string>& allowed,
                            const google::protobuf::Message& source,
                            google::protobuf::Message* target);

// ApplyFieldMask's check of the mask alone: OK, or the same INVALID_ARGUMENT "update_mask: …".
// For a handler that reports a bad mask together with the request's other violations, before it
// reads the stored resource the mask is applied to.
absl::Status CheckFieldMask(const google::protobuf::FieldMask& mask,
                            const std::set<std::string>& allowed,
                            const google::protobuf::Message& source);

}  // namespace escala::server
