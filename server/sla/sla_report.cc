#include "server/sla/sla_report.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "db/common/proto_time.h"
#include "server/api/violations.h"
#include "server/sla/sla_policy_validation.h"

namespace escala::server {
namespace {

// Buckets a report may have: a 92-day range in days, with room for the partial first one.
constexpr std::size_t kMaxBuckets = 100;

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMillis(db::TimestampToMillis(timestamp));
}

int PriorityIndex(v1::Priority priority) {
  return std::clamp(static_cast<int>(priority), 1, 4) - 1;
}

// The start of the local period holding `time`.
absl::CivilSecond PeriodStart(absl::CivilSecond local, v1::ReportPeriod period) {
  switch (period) {
    case v1::REPORT_PERIOD_WEEK: {
      absl::CivilDay day(local);
      while (absl::GetWeekday(day) != absl::Weekday::monday) --day;
      return absl::CivilSecond(day);
    }
    case v1::REPORT_PERIOD_MONTH:
      return absl::CivilSecond(absl::CivilMonth(local));
    default:
      return absl::CivilSecond(absl::CivilDay(local));
  }
}

absl::CivilSecond NextPeriod(absl::CivilSecond from, v1::ReportPeriod period) {
  switch (period) {
    case v1::REPORT_PERIOD_WEEK:
      return absl::CivilSecond(absl::CivilDay(from) + 7);
    case v1::REPORT_PERIOD_MONTH:
      return absl::CivilSecond(absl::CivilMonth(from) + 1);
    default:
      return absl::CivilSecond(absl::CivilDay(from) + 1);
  }
}

void Count(const TargetCompliance& outcome, int64_t& met, int64_t& breached, int64_t& pending) {
  switch (outcome.outcome) {
    case SlaOutcome::kMet:
      ++met;
      break;
    case SlaOutcome::kBreached:
      ++breached;
      break;
    case SlaOutcome::kPending:
      ++pending;
      break;
  }
}

}  // namespace

absl::StatusOr<SlaReportBuilder> SlaReportBuilder::Create(std::vector<v1::SlaPolicy> published,
                                                          v1::ReportPeriod period, absl::Time start,
                                                          absl::Time end, absl::Time now) {
  if (published.empty()) {
    return absl::FailedPreconditionError("the SLA policy has no published version");
  }
  if (end <= start) return InvalidField("period_end_time", "must be after period_start_time");
  SlaReportBuilder builder;
  builder.start_ = start;
  builder.end_ = end;
  builder.now_ = now;
  for (const v1::SlaPolicy& policy : published) {
    absl::StatusOr<BusinessCalendar> calendar = CalendarOf(policy);
    if (!calendar.ok()) return calendar.status();
    builder.versions_.push_back(Version{.in_force_from = TimeOf(policy.publish_time()),
                                        .targets = TargetsOf(policy),
                                        .calendar = *std::move(calendar)});
  }
  const v1::SlaPolicy& newest = published.back();
  builder.zone_ = absl::UTCTimeZone();
  builder.zone_name_ = "UTC";
  if (newest.has_calendar() && absl::LoadTimeZone(newest.calendar().time_zone(), &builder.zone_)) {
    builder.zone_name_ = newest.calendar().time_zone();
  }
  switch (period) {
    case v1::REPORT_PERIOD_RANGE:
      builder.bounds_ = {start, end};
      break;
    case v1::REPORT_PERIOD_DAY:
    case v1::REPORT_PERIOD_WEEK:
    case v1::REPORT_PERIOD_MONTH: {
      absl::CivilSecond local = PeriodStart(absl::ToCivilSecond(start, builder.zone_), period);
      builder.bounds_.push_back(absl::FromCivil(local, builder.zone_));
      while (builder.bounds_.back() < end) {
        if (builder.bounds_.size() > kMaxBuckets) {
          return InvalidField("period_end_time", absl::StrCat("the range would have more than ",
                                                              kMaxBuckets, " buckets"));
        }
        local = NextPeriod(local, period);
        builder.bounds_.push_back(absl::FromCivil(local, builder.zone_));
      }
      break;
    }
    default:
      return InvalidField("period", "must be DAY, WEEK, MONTH or CUSTOM");
  }
  builder.buckets_.resize(builder.bounds_.size() - 1);
  return builder;
}

const SlaReportBuilder::Version& SlaReportBuilder::VersionAt(absl::Time start) const {
  // The newest version published at or before the start; the first one for older interactions.
  const Version* chosen = &versions_.front();
  for (const Version& version : versions_) {
    if (version.in_force_from <= start) chosen = &version;
  }
  return *chosen;
}

InteractionTimeline SlaReportBuilder::TimelineOf(
    const v1::Interaction& interaction, const std::vector<db::PriorityChangeRow>& changes) {
  InteractionTimeline timeline;
  timeline.created = TimeOf(interaction.start_time());
  v1::Priority initial = changes.empty() ? interaction.priority() : changes.front().from_priority;
  for (const db::PriorityChangeRow& change : changes) {
    const absl::Time at = absl::FromUnixMillis(change.change_ms);
    if (at <= timeline.created) {
      // Recorded before the contact's own start (a start_time moved later): the priority it set
      // is the one the contact started with.
      initial = change.to_priority;
      continue;
    }
    const absl::Time previous =
        timeline.priority_changes.empty() ? timeline.created : timeline.priority_changes.back().at;
    timeline.priority_changes.push_back(PriorityChange{
        .at = std::max(at, previous), .priority = SlaPriorityOf(change.to_priority)});
  }
  timeline.priority = SlaPriorityOf(initial);
  if (interaction.has_first_response_time()) {
    timeline.first_response = TimeOf(interaction.first_response_time());
  }
  if (interaction.has_resolve_time()) timeline.resolved = TimeOf(interaction.resolve_time());
  return timeline;
}

void SlaReportBuilder::Add(const v1::Interaction& interaction,
                           const std::vector<db::PriorityChangeRow>& changes) {
  const absl::Time started = TimeOf(interaction.start_time());
  if (started < start_ || started >= end_) return;
  const auto bucket =
      std::upper_bound(bounds_.begin(), bounds_.end(), started) - bounds_.begin() - 1;
  if (bucket < 0 || bucket >= static_cast<long>(buckets_.size())) return;
  InteractionTimeline timeline = TimelineOf(interaction, changes);
  // Changes recorded after `now` cannot happen with one clock; a later read sees them.
  while (!timeline.priority_changes.empty() && timeline.priority_changes.back().at > now_) {
    timeline.priority_changes.pop_back();
  }
  const Version& version = VersionAt(started);
  absl::StatusOr<SlaCompliance> compliance =
      started > now_ ? absl::InvalidArgumentError("starts in the future")
                     : EvaluateSla(timeline, version.targets, version.calendar, now_);
  if (!compliance.ok()) {
    ++skipped_;
    return;
  }
  ++measured_;
  std::array<Tally, 2>& tallies = buckets_[bucket][PriorityIndex(interaction.priority())];
  Count(compliance->first_response, tallies[0].met, tallies[0].breached, tallies[0].pending);
  Count(compliance->resolution, tallies[1].met, tallies[1].breached, tallies[1].pending);
}

namespace {

void FillTally(int64_t met, int64_t breached, int64_t pending, v1::SlaTargetTally* out) {
  out->set_met_count(met);
  out->set_breached_count(breached);
  out->set_pending_count(pending);
  out->set_n(met + breached);
  if (met + breached > 0) out->set_compliance(static_cast<double>(met) / (met + breached));
}

}  // namespace

v1::ComputeSlaReportResponse SlaReportBuilder::Finish() const {
  v1::ComputeSlaReportResponse response;
  BucketTallies totals{};
  for (std::size_t b = 0; b < buckets_.size(); ++b) {
    v1::SlaReportBucket* bucket = response.add_buckets();
    *bucket->mutable_bucket_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(bounds_[b]));
    *bucket->mutable_bucket_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(bounds_[b + 1]));
    for (int p = 0; p < 4; ++p) {
      v1::SlaPriorityCompliance* row = bucket->add_priorities();
      row->set_priority(static_cast<v1::Priority>(p + 1));
      for (int target = 0; target < 2; ++target) {
        const Tally& tally = buckets_[b][p][target];
        FillTally(tally.met, tally.breached, tally.pending,
                  target == 0 ? row->mutable_first_response() : row->mutable_resolution());
        totals[p][target].met += tally.met;
        totals[p][target].breached += tally.breached;
        totals[p][target].pending += tally.pending;
      }
    }
  }
  for (int p = 0; p < 4; ++p) {
    v1::SlaPriorityCompliance* row = response.add_totals();
    row->set_priority(static_cast<v1::Priority>(p + 1));
    for (int target = 0; target < 2; ++target) {
      const Tally& tally = totals[p][target];
      FillTally(tally.met, tally.breached, tally.pending,
                target == 0 ? row->mutable_first_response() : row->mutable_resolution());
    }
  }
  *response.mutable_compute_time() = db::MillisToTimestamp(absl::ToUnixMillis(now_));
  response.set_time_zone(zone_name_);
  response.set_interaction_count(measured_);
  response.set_skipped_count(skipped_);
  return response;
}

}  // namespace escala::server
