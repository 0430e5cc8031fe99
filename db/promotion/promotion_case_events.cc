#include "db/promotion/promotion_case_events.h"

#include <google/protobuf/util/message_differencer.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "db/common/event_types.h"

namespace escala::db {
namespace {

// The type of the event a case's new state reports; empty for a state that reports none.
std::string StateEventType(v1::PromotionCaseState state) {
  switch (state) {
    case v1::PROMOTION_CASE_STATE_NOMINATED:
      return kPromotionCaseOpenedEvent;
    case v1::PROMOTION_CASE_STATE_UNDER_REVIEW:
      return kPromotionReviewStartedEvent;
    case v1::PROMOTION_CASE_STATE_APPROVED:
      return kPromotionApprovedEvent;
    case v1::PROMOTION_CASE_STATE_REJECTED:
      return kPromotionRejectedEvent;
    case v1::PROMOTION_CASE_STATE_WITHDRAWN:
      return kPromotionWithdrawnEvent;
    case v1::PROMOTION_CASE_STATE_EFFECTIVE:
      return kPromotionEffectiveEvent;
    default:
      return "";
  }
}

// Whether an HR system acknowledged (or changed its acknowledgement of) the decision.
bool AcknowledgementsDiffer(const v1::PromotionCase& before, const v1::PromotionCase& after) {
  if (before.hr_acknowledgements_size() != after.hr_acknowledgements_size()) return true;
  for (int i = 0; i < after.hr_acknowledgements_size(); ++i) {
    if (!google::protobuf::util::MessageDifferencer::Equals(before.hr_acknowledgements(i),
                                                            after.hr_acknowledgements(i))) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<OutboxEvent> PromotionCaseEvents(const v1::PromotionCase* before,
                                             const v1::PromotionCase& after, absl::Time now) {
  std::vector<std::string> types;
  if (before == nullptr || before->state() != after.state()) {
    if (std::string type = StateEventType(after.state()); !type.empty()) types.push_back(type);
  }
  if (before != nullptr && AcknowledgementsDiffer(*before, after)) {
    types.push_back(kPromotionHrAcknowledgedEvent);
  }
  std::vector<OutboxEvent> events;
  const std::string subject = absl::StrCat("people/", after.employee_id());
  for (std::string& type : types) {
    events.push_back(MakeOutboxEvent(std::move(type), subject, after.employee_id(), after.team_id(),
                                     now, after));
  }
  return events;
}

}  // namespace escala::db
