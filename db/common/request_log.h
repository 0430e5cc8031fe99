#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace escala::db {

// A request a state-changing method applied, as its audit event recorded it (the first event,
// when the change wrote several).
struct LoggedRequest {
  int64_t event_id = 0;
  // The fingerprint of the request without its request_id.
  std::string request_hash;
  // "evaluations/42", "samplingPlans/3": the resource the event is about.
  std::string resource_name;
  // The event's after-state (JSON object), for methods whose answer is read back from it.
  std::string after_json;
};

// The AIP-155 memory of the state-changing custom methods. Their audit event is written in the
// transaction of the change, stamped with the request's request_id and fingerprint, so that a
// request found here was applied, and one not found was not (or has not committed yet).
class RequestLog {
 public:
  virtual ~RequestLog() = default;

  // The request `principal` sent to `method` with `request_id`; nullopt when there is none.
  // Events stamped without a fingerprint (a request_id from the x-request-id header only) are
  // never found: they were not sent to be replayed.
  virtual absl::StatusOr<std::optional<LoggedRequest>> Find(const std::string& principal,
                                                            const std::string& method,
                                                            const std::string& request_id) = 0;
};

}  // namespace escala::db
