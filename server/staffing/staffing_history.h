#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "escala/v1/interactions.pb.h"
#include "escala/v1/staffing.pb.h"
#include "server/reports/queue_traffic.h"

namespace escala::server {

// Which contacts a plan counts: inbound ones, and of one channel and one queue when these are
// set (CHANNEL_UNSPECIFIED and "" mean any).
struct ContactFilter {
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  std::string queue;
};

// Contact volume and handle time per interval of the week, from interactions fed page by page,
// then each interval sized with interval_staffing. Free of storage.
class StaffingHistory {
 public:
  // `interval` divides a day; the week is cut in `zone`, Monday 00:00 first.
  StaffingHistory(absl::Duration interval, absl::TimeZone zone)
      : interval_(interval), zone_(zone) {}

  // Counts `interaction` when it is inbound and passes `filter`.
  void Add(const v1::Interaction& interaction, const ContactFilter& filter);

  // The plan for a range of `weeks` (> 0): mean contacts per week and interval, their mean
  // handle time, and the staffing each needs. FAILED_PRECONDITION when contacts were counted but
  // none recorded a handle time; INVALID_ARGUMENT naming the field for a target the maths
  // refuses.
  absl::StatusOr<v1::PlanStaffingFromHistoryResponse> Plan(double weeks,
                                                           absl::Duration mean_patience,
                                                           const ServiceTarget& target) const;

  // The interval of the week `time` falls in.
  int IntervalOfWeek(absl::Time time) const;

 private:
  struct Slot {
    int64_t contacts = 0;
    int64_t timed = 0;  // contacts that recorded a handle time
    absl::Duration handle_total;
  };
  absl::Duration interval_;
  absl::TimeZone zone_;
  std::map<int, Slot> slots_;
  int64_t counted_ = 0;
};

}  // namespace escala::server
