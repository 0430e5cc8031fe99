#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "escala/v1/audit.pb.h"

namespace escala::db {

// Which audit events List returns; empty strings and unset times do not filter.
struct AuditFilter {
  std::string principal;
  std::string resource_type;
  std::string resource_name;
  std::optional<int64_t> start_ms;  // inclusive
  std::optional<int64_t> end_ms;    // exclusive
  // Ascending id (oldest first) instead of the default descending id (newest first).
  bool oldest_first = false;
};

// Reads the audit log. Events are written only by AppendAuditEvent, inside the transaction of
// the change they record; nothing updates or deletes them. As a RequestLog it finds the event a
// request_id was applied with.
class AuditRepository : public RequestLog {
 public:
  virtual ~AuditRepository() = default;

  // At most `limit` events matching `filter`, ordered by id (newest first unless
  // filter.oldest_first), after the event `after_id` in that order (exclusive) when given.
  virtual absl::StatusOr<std::vector<v1::AuditEvent>> List(const AuditFilter& filter,
                                                           std::optional<int64_t> after_id,
                                                           int limit) = 0;
};

}  // namespace escala::db
