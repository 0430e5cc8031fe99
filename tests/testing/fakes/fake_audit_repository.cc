#include "tests/testing/fakes/fake_audit_repository.h"

#include <algorithm>

#include "db/common/proto_time.h"

namespace escala::testing {

FakeAuditRepository::FakeAuditRepository(int count) {
  for (int id = 1; id <= count; ++id) {
    v1::AuditEvent& event = events_.emplace_back();
    event.set_id(id);
    event.set_principal("people/E1");
    request_hashes_.emplace_back();
  }
}

void FakeAuditRepository::Append(const db::AuditStamp& stamp, const db::AuditChange& change,
                                 absl::Time now) {
  v1::AuditEvent& event = events_.emplace_back();
  event.set_id(static_cast<int64_t>(events_.size()));
  *event.mutable_event_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
  event.set_principal(stamp.principal);
  event.set_principal_role(static_cast<v1::Role>(stamp.principal_role));
  event.set_method(stamp.method);
  event.set_resource_type(change.resource_type);
  event.set_resource_name(change.resource_name);
  event.set_request_id(stamp.request_id);
  event.set_before_json(change.before_json);
  event.set_after_json(change.after_json);
  request_hashes_.push_back(stamp.request_hash);
}

absl::StatusOr<std::optional<db::LoggedRequest>> FakeAuditRepository::Find(
    const std::string& principal, const std::string& method, const std::string& request_id) {
  for (std::size_t i = 0; i < events_.size(); ++i) {
    const v1::AuditEvent& event = events_[i];
    if (event.principal() != principal || event.method() != method ||
        event.request_id() != request_id || request_hashes_[i].empty()) {
      continue;
    }
    return db::LoggedRequest{event.id(), request_hashes_[i], event.resource_name(),
                             event.after_json()};
  }
  return std::nullopt;
}

int FakeAuditRepository::CountEvents(const std::string& method,
                                     const std::string& request_id) const {
  int count = 0;
  for (const v1::AuditEvent& event : events_) {
    if (event.method() == method && event.request_id() == request_id) ++count;
  }
  return count;
}

absl::StatusOr<std::vector<v1::AuditEvent>> FakeAuditRepository::List(
    const db::AuditFilter& filter, std::optional<int64_t> after_id, int limit) {
  ++calls;
  last_filter = filter;
  last_after_id = after_id;
  last_limit = limit;
  auto matches = [&](const v1::AuditEvent& event) {
    if (!filter.principal.empty() && event.principal() != filter.principal) return false;
    if (!filter.resource_type.empty() && event.resource_type() != filter.resource_type) {
      return false;
    }
    if (!filter.resource_name.empty() && event.resource_name() != filter.resource_name) {
      return false;
    }
    const int64_t event_ms = db::TimestampToMillis(event.event_time());
    if (filter.start_ms && event_ms < *filter.start_ms) return false;
    if (filter.end_ms && event_ms >= *filter.end_ms) return false;
    if (after_id && (filter.oldest_first ? event.id() <= *after_id : event.id() >= *after_id)) {
      return false;
    }
    return true;
  };
  std::vector<v1::AuditEvent> ordered = events_;
  if (!filter.oldest_first) std::reverse(ordered.begin(), ordered.end());
  std::vector<v1::AuditEvent> page;
  for (const v1::AuditEvent& event : ordered) {
    if (static_cast<int>(page.size()) >= limit) break;
    if (matches(event)) page.push_back(event);
  }
  return page;
}

}  // namespace escala::testing
