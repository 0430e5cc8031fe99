#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace escala::db {

// Machine-readable error details, shared by every layer that decides what went wrong (the
// repositories, the handlers, the validators). They travel on an absl::Status as payloads keyed
// by the type URL of a google.rpc message, the value being that message serialized; the gRPC
// boundary (server/platform/grpc_status.h) sends them to the client as google.rpc.Status
// details, and clients read them there instead of parsing the message.
//
//   google.rpc.BadRequest  every request field at fault, with the rule it broke
//                          (INVALID_ARGUMENT; FAILED_PRECONDITION when a field names a record
//                          that does not exist). Build these with server/api/violations.h.
//   google.rpc.ErrorInfo   a stable reason (below) in the domain "escala", with metadata such
//                          as {"resource": "evaluations/42"}: never secrets, never anything the
//                          caller may not read.

inline constexpr char kBadRequestTypeUrl[] = "type.googleapis.com/google.rpc.BadRequest";
inline constexpr char kErrorInfoTypeUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
// Payloads whose type URL starts so are sent to clients; any other payload stays in the server.
inline constexpr char kClientDetailTypeUrlPrefix[] = "type.googleapis.com/google.rpc.";
// ErrorInfo.domain of every reason below.
inline constexpr char kErrorDomain[] = "escala";

// ErrorInfo reasons. Each keeps its meaning once released; add new ones rather than reuse.
// ABORTED: the etag (or row version) sent is not the stored one; re-read and retry.
inline constexpr char kReasonEtagMismatch[] = "ETAG_MISMATCH";
// ALREADY_EXISTS: a create's request_id was used before by another request.
inline constexpr char kReasonRequestIdReused[] = "REQUEST_ID_REUSED";
// ALREADY_EXISTS: a record with this id (metadata "resource") exists already.
inline constexpr char kReasonDuplicateId[] = "DUPLICATE_ID";
// ALREADY_EXISTS: an interaction with this (source_system, source_id) is stored already.
inline constexpr char kReasonDuplicateSourceId[] = "DUPLICATE_SOURCE_ID";
// ALREADY_EXISTS: the evaluator has an evaluation of this interaction already.
inline constexpr char kReasonDuplicateEvaluation[] = "DUPLICATE_EVALUATION";
// FAILED_PRECONDITION: the scorecard version asked for has a newer published version.
inline constexpr char kReasonScorecardSuperseded[] = "SCORECARD_SUPERSEDED";
// FAILED_PRECONDITION: the scorecard is retired.
inline constexpr char kReasonScorecardRetired[] = "SCORECARD_RETIRED";
// FAILED_PRECONDITION: the scorecard version is a draft or does not exist as published.
inline constexpr char kReasonScorecardNotPublished[] = "SCORECARD_NOT_PUBLISHED";
// PERMISSION_DENIED: an evaluator asked to evaluate an interaction of their own.
inline constexpr char kReasonSelfEvaluation[] = "SELF_EVALUATION";
// FAILED_PRECONDITION: the evaluation's dispute deadline has passed.
inline constexpr char kReasonDisputeWindowClosed[] = "DISPUTE_WINDOW_CLOSED";
// FAILED_PRECONDITION: the evaluation's state does not allow this step (metadata "state").
inline constexpr char kReasonInvalidStateTransition[] = "INVALID_STATE_TRANSITION";
// FAILED_PRECONDITION: the course is retired (metadata "resource"), or a prerequisite named is.
inline constexpr char kReasonCourseRetired[] = "COURSE_RETIRED";
// FAILED_PRECONDITION: a WatchEvents resume_token is older than the retained events, from
// another database epoch, or ahead of the head; list again and watch from the list's
// event_watermark.
inline constexpr char kReasonResumeTokenExpired[] = "RESUME_TOKEN_EXPIRED";
// ALREADY_EXISTS: the person has an open promotion case for the step (metadata "resource").
inline constexpr char kReasonPromotionCaseOpen[] = "PROMOTION_CASE_OPEN";
// FAILED_PRECONDITION: an approved promotion cannot take effect because the person's level is
// no longer the case's from_level (metadata "resource").
inline constexpr char kReasonLevelChanged[] = "LEVEL_CHANGED";

// `status` with an ErrorInfo{reason, domain "escala", metadata}, replacing any it had. An OK
// status stays OK (and carries nothing).
absl::Status WithErrorInfo(absl::Status status, absl::string_view reason,
                           const std::map<std::string, std::string>& metadata = {});

// The ErrorInfo `status` carries, or nullopt.
std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const absl::Status& status);

// ErrorInfo.reason of `status`, or "" when it carries none.
std::string ErrorReason(const absl::Status& status);

// `status` with `bad_request` as its BadRequest payload, replacing any it had.
absl::Status WithBadRequest(absl::Status status, const google::rpc::BadRequest& bad_request);

// `status` with one more BadRequest field violation.
absl::Status WithFieldViolation(absl::Status status, absl::string_view field,
                                absl::string_view description);

// The BadRequest `status` carries (empty when none).
google::rpc::BadRequest BadRequestOf(const absl::Status& status);

// The field paths of BadRequestOf(status), in order.
std::vector<std::string> ViolatedFields(const absl::Status& status);

}  // namespace escala::db
