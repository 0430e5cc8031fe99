#include "server/staffing/staffing_handler.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/staffing/staffing_history.h"

namespace escala::server {
namespace {

constexpr int kPage = 1000;

}  // namespace

absl::StatusOr<v1::PlanStaffingFromHistoryResponse> StaffingHandler::PlanStaffingFromHistory(
    const CallContext&, const v1::PlanStaffingFromHistoryRequest& request) {
  Violations violations;
  if (!request.has_period_start_time()) {
    violations.Add(InvalidField("period_start_time", "is required"));
  }
  if (!request.has_period_end_time()) {
    violations.Add(InvalidField("period_end_time", "is required"));
  }
  const absl::Time start = absl::FromUnixMillis(db::TimestampToMillis(request.period_start_time()));
  const absl::Time end = absl::FromUnixMillis(db::TimestampToMillis(request.period_end_time()));
  if (request.has_period_start_time() && request.has_period_end_time() &&
      (end - start < absl::Hours(24) || end - start > kMaxRange)) {
    violations.Add(InvalidField("period_end_time",
                                "must be at least a day and at most 92 days after "
                                "period_start_time"));
  }
  violations.Add(LimitText("queue", request.queue(), 128));
  if (!v1::Channel_IsValid(request.channel())) {
    violations.Add(InvalidField(
        "channel", absl::StrCat("must be a known channel or unset, got ", request.channel())));
  }
  absl::Duration interval = absl::Minutes(30);
  if (request.has_interval()) {
    interval = absl::Milliseconds(db::DurationToMillis(request.interval()));
    if (interval < absl::Minutes(1) || interval % absl::Minutes(1) != absl::ZeroDuration() ||
        absl::Hours(24) % interval != absl::ZeroDuration()) {
      violations.Add(
          InvalidField("interval", "must be whole minutes dividing a day (15m, 30m, 1h)"));
    }
  }
  absl::TimeZone zone = absl::UTCTimeZone();
  if (!request.time_zone().empty() &&
      (request.time_zone().size() > 64 || !absl::LoadTimeZone(request.time_zone(), &zone))) {
    violations.Add(
        InvalidField("time_zone", "must be an IANA time zone name such as Europe/Madrid"));
  }
  ServiceTarget target;
  target.service_level = request.service_level();
  if (!(request.service_level() > 0 && request.service_level() < 1)) {
    violations.Add(InvalidField("service_level", "must be above 0 and below 1"));
  }
  if (request.has_answer_time()) {
    target.answer_time = absl::Milliseconds(db::DurationToMillis(request.answer_time()));
    if (target.answer_time < absl::ZeroDuration()) {
      violations.Add(InvalidField("answer_time", "must not be negative"));
    }
  }
  target.max_occupancy = request.max_occupancy() == 0 ? 1.0 : request.max_occupancy();
  if (!(target.max_occupancy > 0 && target.max_occupancy <= 1)) {
    violations.Add(InvalidField("max_occupancy", "must be above 0 and at most 1"));
  }
  target.max_abandonment = request.max_abandonment() == 0 ? 1.0 : request.max_abandonment();
  if (!(target.max_abandonment > 0 && target.max_abandonment <= 1)) {
    violations.Add(InvalidField("max_abandonment", "must be above 0 and at most 1"));
  }
  target.shrinkage = request.shrinkage();
  if (!(request.shrinkage() >= 0 && request.shrinkage() < 1)) {
    violations.Add(InvalidField("shrinkage", "must be at least 0 and below 1"));
  }
  absl::Duration patience = absl::Minutes(2);
  if (request.has_mean_patience()) {
    patience = absl::Milliseconds(db::DurationToMillis(request.mean_patience()));
    if (patience <= absl::ZeroDuration()) {
      violations.Add(InvalidField("mean_patience", "must be positive"));
    }
  }
  if (!violations.empty()) return violations.ToStatus();

  StaffingHistory history(interval, zone);
  db::InteractionFilter filter;
  filter.start_from_ms = absl::ToUnixMillis(start);
  filter.start_to_ms = absl::ToUnixMillis(end);
  // The channel narrows the read itself; the queue, which no index serves, is checked per row.
  filter.channel = request.channel();
  const ContactFilter contacts{.channel = request.channel(), .queue = request.queue()};
  std::optional<db::InteractionCursor> after;
  while (true) {
    absl::StatusOr<std::vector<v1::Interaction>> page = interactions_.List(filter, after, kPage);
    if (!page.ok()) return page.status();
    for (const v1::Interaction& interaction : *page) history.Add(interaction, contacts);
    if (static_cast<int>(page->size()) < kPage) break;
    after = db::InteractionCursor{.start_ms = db::TimestampToMillis(page->back().start_time()),
                                  .id = page->back().id()};
  }
  absl::StatusOr<v1::PlanStaffingFromHistoryResponse> plan =
      history.Plan(absl::ToDoubleHours(end - start) / (24 * 7), patience, target);
  if (!plan.ok()) return plan.status();
  plan->set_time_zone(request.time_zone().empty() ? "UTC" : request.time_zone());
  return plan;
}

}  // namespace escala::server
