#pragma once

#include <google/protobuf/message.h>

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "db/common/create_request.h"
#include "db/common/error_details.h"
#include "db/common/request_log.h"

namespace escala::server {

// The idempotency key of a request (AIP-155), a create's or a state-changing custom method's:
// its `request_id` field and a fingerprint of every other field but the request's `etag` (a
// precondition, not content: see the definition), so that a reuse of the request_id for another
// payload can be told from a replay. Both empty when the request has no
// request_id. The request_id's own rules are checked by the caller (CheckRequestId).
db::CreateRequest CreateRequestOf(const google::protobuf::Message& request);

// ALREADY_EXISTS naming request_id, with the ErrorInfo REQUEST_ID_REUSED: `request_id` was
// used before for another request.
absl::Status RequestIdReused(const std::string& request_id);

// What the request log says of a state-changing request before it is applied: nullopt when it
// has no request_id or `principal` never sent it to `method`; the logged request when the same
// principal sent the same payload (a replay); RequestIdReused when the payload differed.
// The version a logged event of a versioned resource is about (its resource name ends in
// "/versions/N", e.g. "scorecards/ID/versions/3"), for a replay to answer that version; 0 (the
// newest) when the name carries none.
int32_t VersionOfEvent(const db::LoggedRequest& logged);

absl::StatusOr<std::optional<db::LoggedRequest>> FindApplied(db::RequestLog& log,
                                                             const std::string& principal,
                                                             const std::string& method,
                                                             const db::CreateRequest& key);

// Runs a state-changing custom method once per request_id (protos/README.md, "State changes").
// A replay is answered by `answer` from the logged request, without `apply`; a request_id used
// for another payload is RequestIdReused; otherwise `apply` makes the change, stamping its audit
// event with `key` (CallContext::Stamp(key)). Two concurrent calls with the same request_id both
// miss the lookup; the loser then fails its state guard (FAILED_PRECONDITION) or its transaction
// (ABORTED, ALREADY_EXISTS), and is answered as a replay when the winner's event is there by
// then. A request without request_id is simply applied.
template <typename Response>
absl::StatusOr<Response> ApplyOnce(
    db::RequestLog& log, const std::string& principal, const std::string& method,
    const db::CreateRequest& key, const std::function<absl::StatusOr<Response>()>& apply,
    const std::function<absl::StatusOr<Response>(const db::LoggedRequest&)>& answer) {
  if (key.request_id.empty()) return apply();
  absl::StatusOr<std::optional<db::LoggedRequest>> logged =
      FindApplied(log, principal, method, key);
  if (!logged.ok()) return logged.status();
  if (logged->has_value()) return answer(**logged);
  absl::StatusOr<Response> applied = apply();
  const absl::Status& status = applied.status();
  if (applied.ok() || !(absl::IsFailedPrecondition(status) || absl::IsAborted(status) ||
                        absl::IsAlreadyExists(status))) {
    return applied;
  }
  logged = FindApplied(log, principal, method, key);
  if (!logged.ok() || !logged->has_value()) return applied;
  return answer(**logged);
}

// The answer to a create whose request_id was used before (`original`): the original resource
// when the same principal sent the same payload; ALREADY_EXISTS naming request_id otherwise, with
// the ErrorInfo REQUEST_ID_REUSED.
// `created_by` is the principal that made the original.
template <typename Resource>
absl::StatusOr<Resource> Replay(const db::CreatedByRequest<Resource>& original,
                                const std::string& created_by, const db::CreateRequest& key,
                                const std::string& principal) {
  if (created_by != principal || original.request_hash != key.request_hash) {
    return RequestIdReused(key.request_id);
  }
  return original.resource;
}

}  // namespace escala::server
