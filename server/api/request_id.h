#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "db/common/create_request.h"
#include "db/common/error_details.h"

namespace escala::server {

// The idempotency key of a create request (AIP-155): its `request_id` field and a fingerprint
// of every other field, so that a reuse of the request_id for another payload can be told from a
// replay. Both empty when the request has no request_id. The request_id's own rules are checked
// by the caller (CheckRequestId).
db::CreateRequest CreateRequestOf(const google::protobuf::Message& request);

// The answer to a create whose request_id was used before (`original`): the original resource
// when the same principal sent the same payload; ALREADY_EXISTS naming request_id otherwise, with
// the ErrorInfo REQUEST_ID_REUSED.
// `created_by` is the principal that made the original.
template <typename Resource>
absl::StatusOr<Resource> Replay(const db::CreatedByRequest<Resource>& original,
                                const std::string& created_by, const db::CreateRequest& key,
                                const std::string& principal) {
  if (created_by != principal || original.request_hash != key.request_hash) {
    return db::WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat(
            "request_id: '", key.request_id,
            "' was already used for a different request; use a new request_id for a new request")),
        db::kReasonRequestIdReused);
  }
  return original.resource;
}

}  // namespace escala::server
