#pragma once

// Audit events in memory: `count` events with ids 1..count (principal "people/E1"), listed like
// the SQL does (newest first unless oldest_first, strictly after `after_id`), recording what
// List was asked.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/audit/audit_repository.h"

namespace escala::testing {

class FakeAuditRepository : public db::AuditRepository {
 public:
  explicit FakeAuditRepository(int count) {
    for (int id = 1; id <= count; ++id) {
      v1::AuditEvent& event = events_.emplace_back();
      event.set_id(id);
      event.set_principal("people/E1");
    }
  }

  absl::StatusOr<std::vector<v1::AuditEvent>> List(const db::AuditFilter& filter,
                                                   std::optional<int64_t> after_id,
                                                   int limit) override {
    ++calls;
    last_filter = filter;
    last_after_id = after_id;
    last_limit = limit;
    std::vector<v1::AuditEvent> page;
    std::vector<v1::AuditEvent> ordered = events_;
    if (!filter.oldest_first) std::reverse(ordered.begin(), ordered.end());
    for (const v1::AuditEvent& event : ordered) {
      if (after_id && (filter.oldest_first ? event.id() <= *after_id : event.id() >= *after_id)) {
        continue;
      }
      if (static_cast<int>(page.size()) == limit) break;
      page.push_back(event);
    }
    return page;
  }

  int calls = 0;
  db::AuditFilter last_filter;
  std::optional<int64_t> last_after_id;
  int last_limit = 0;

 private:
  std::vector<v1::AuditEvent> events_;
};

}  // namespace escala::testing
