#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/interactions/priority_change.h"
#include "escala/v1/interactions.pb.h"
#include "escala/v1/sla_policies.pb.h"
#include "server/reports/business_calendar.h"
#include "server/reports/sla_compliance.h"

namespace escala::server {

// The SLA report's arithmetic, free of storage: fed the interactions of the range (in any order,
// page by page) with their priority histories, it measures each one against the policy version
// in force at its start and counts the outcomes per bucket and priority.
class SlaReportBuilder {
 public:
  // `published`: every published version of the policy, oldest first (at least one). The buckets
  // of `period` cover [start, end) in the time zone of the newest version's calendar (UTC
  // without one); the outcomes are as known at `now`. INVALID_ARGUMENT naming the field for an
  // empty range or an unknown period.
  static absl::StatusOr<SlaReportBuilder> Create(std::vector<v1::SlaPolicy> published,
                                                 v1::ReportPeriod period, absl::Time start,
                                                 absl::Time end, absl::Time now);

  // Measures one interaction. `changes` are its priority changes, oldest first. An interaction
  // whose times contradict each other (a response before the start, an event after `now`) is
  // counted as skipped. Interactions outside [start, end) are ignored.
  void Add(const v1::Interaction& interaction, const std::vector<db::PriorityChangeRow>& changes);

  v1::ComputeSlaReportResponse Finish() const;

  // The timeline the SLA maths gets for `interaction`: its start, the priority at creation (the
  // first change's from_priority, else the priority now), the changes after the start, and its
  // first response and resolution.
  static InteractionTimeline TimelineOf(const v1::Interaction& interaction,
                                        const std::vector<db::PriorityChangeRow>& changes);

 private:
  struct Tally {
    int64_t met = 0, breached = 0, pending = 0;
  };
  // Per priority (urgent … low): first response, resolution.
  using BucketTallies = std::array<std::array<Tally, 2>, 4>;
  struct Version {
    absl::Time in_force_from;
    SlaPolicy targets;
    BusinessCalendar calendar;
  };

  SlaReportBuilder() = default;
  const Version& VersionAt(absl::Time start) const;

  std::vector<Version> versions_;
  absl::TimeZone zone_;
  std::string zone_name_;
  // bounds_[i], bounds_[i + 1] delimit bucket i.
  std::vector<absl::Time> bounds_;
  absl::Time start_, end_, now_;
  std::vector<BucketTallies> buckets_;
  int64_t measured_ = 0;
  int64_t skipped_ = 0;
};

}  // namespace escala::server
