#include "server/audit/audit_handler.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "db/common/proto_time.h"
#include "server/api/list_page.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

// The widths of the audit_events columns the filters compare against: a longer value could
// never match, so it is a mistake worth reporting.
constexpr std::size_t kMaxPrincipal = 80;
constexpr std::size_t kMaxResourceName = 255;
constexpr char kPageTokenKind[] = "auditEvents";
constexpr char kNewestFirst[] = "event_time desc";
constexpr char kOldestFirst[] = "event_time asc";

// Timestamp's own valid range, 0001-01-01 to 9999-12-31: beyond it the millisecond
// conversion would overflow.
absl::Status CheckTimestamp(const char* field, const google::protobuf::Timestamp& time) {
  constexpr int64_t kMinSeconds = -62135596800;
  constexpr int64_t kMaxSeconds = 253402300799;
  if (time.seconds() < kMinSeconds || time.seconds() > kMaxSeconds || time.nanos() < 0 ||
      time.nanos() > 999999999) {
    return InvalidField(field, "must be a time between years 0001 and 9999");
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> ParseOldestFirst(const std::string& order_by) {
  if (order_by.empty() || order_by == kNewestFirst) return false;
  if (order_by == kOldestFirst) return true;
  return InvalidField("order_by", absl::StrCat("must be empty, '", kNewestFirst, "' or '",
                                               kOldestFirst, "', got '", order_by, "'"));
}

absl::Status CheckResourceType(const std::string& resource_type) {
  if (resource_type.empty() || std::find(kAuditResourceTypes.begin(), kAuditResourceTypes.end(),
                                         resource_type) != kAuditResourceTypes.end()) {
    return absl::OkStatus();
  }
  return InvalidField("resource_type",
                      absl::StrCat("must be one of ", absl::StrJoin(kAuditResourceTypes, ", "),
                                   ", got '", resource_type, "'"));
}

absl::StatusOr<db::AuditFilter> FilterOf(const v1::ListAuditEventsRequest& request) {
  db::AuditFilter filter;
  Violations violations;
  violations.Add(LimitText("principal", request.principal(), kMaxPrincipal));
  filter.principal = request.principal();
  violations.Add(CheckResourceType(request.resource_type()));
  filter.resource_type = request.resource_type();
  violations.Add(LimitText("resource_name", request.resource_name(), kMaxResourceName));
  filter.resource_name = request.resource_name();
  if (request.has_start_time()) {
    const absl::Status valid = CheckTimestamp("start_time", request.start_time());
    violations.Add(valid);
    if (valid.ok()) filter.start_ms = db::TimestampToMillis(request.start_time());
  }
  if (request.has_end_time()) {
    const absl::Status valid = CheckTimestamp("end_time", request.end_time());
    violations.Add(valid);
    if (valid.ok()) filter.end_ms = db::TimestampToMillis(request.end_time());
  }
  if (filter.start_ms && filter.end_ms && *filter.end_ms <= *filter.start_ms) {
    violations.Add("end_time", "must be after start_time");
  }
  absl::StatusOr<bool> oldest_first = ParseOldestFirst(request.order_by());
  violations.Add(oldest_first.status());
  if (!violations.empty()) return violations.ToStatus();
  filter.oldest_first = *oldest_first;
  return filter;
}

}  // namespace

absl::StatusOr<v1::ListAuditEventsResponse> AuditHandler::ListAuditEvents(
    const v1::ListAuditEventsRequest& request, std::string_view page_scope) {
  // The order is part of the request, hence of the token: a position means "after" in one
  // direction only.
  absl::StatusOr<ListPage> page = ListPage::Start(request, kPageTokenKind, page_scope);
  if (!page.ok()) return page.status();
  absl::StatusOr<db::AuditFilter> filter = FilterOf(request);
  if (!filter.ok()) return filter.status();
  std::optional<int64_t> after_id;
  if (page->continues()) {
    absl::StatusOr<int64_t> id = page->after_int();
    if (!id.ok()) return id.status();
    after_id = *id;
  }
  absl::StatusOr<std::vector<v1::AuditEvent>> rows =
      audit_.List(*filter, after_id, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListAuditEventsResponse response;
  response.set_next_page_token(
      page->Finish(*rows, [](const v1::AuditEvent& row) { return absl::StrCat(row.id()); }));
  for (v1::AuditEvent& row : *rows) *response.add_events() = std::move(row);
  return response;
}

}  // namespace escala::server
