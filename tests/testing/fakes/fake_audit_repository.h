#pragma once

// Audit events in memory with the AuditRepository contract (tests/integration/
// audit_repository_contract_test.cc runs against it): events appended with Append get ids in
// append order and their time to the millisecond; List filters byte for byte, orders by id and
// pages strictly after `after_id`, recording what it was asked; Find looks requests up as
// db::RequestLog promises. There are no transactions: an appended event is listed at once.
// Fake repositories that write audit events append them here when given one.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/audit/audit_repository.h"
#include "db/common/audit_stamp.h"

namespace escala::testing {

class FakeAuditRepository : public db::AuditRepository {
 public:
  // `count` events with ids 1..count, principal "people/E1" and no other field.
  explicit FakeAuditRepository(int count = 0);

  // Records one event as AppendAuditEvent would write it, under the next id.
  void Append(const db::AuditStamp& stamp, const db::AuditChange& change, absl::Time now);

  absl::StatusOr<std::vector<v1::AuditEvent>> List(const db::AuditFilter& filter,
                                                   std::optional<int64_t> after_id,
                                                   int limit) override;
  absl::StatusOr<std::optional<db::LoggedRequest>> Find(const std::string& principal,
                                                        const std::string& method,
                                                        const std::string& request_id) override;

  // Every event, by ascending id.
  const std::vector<v1::AuditEvent>& events() const { return events_; }
  // The events of `method` (full name) stamped with `request_id`.
  int CountEvents(const std::string& method, const std::string& request_id) const;

  int calls = 0;
  db::AuditFilter last_filter;
  std::optional<int64_t> last_after_id;
  int last_limit = 0;

 private:
  // Ascending id.
  std::vector<v1::AuditEvent> events_;
  // The request fingerprint of each event, by the same index.
  std::vector<std::string> request_hashes_;
};

}  // namespace escala::testing
