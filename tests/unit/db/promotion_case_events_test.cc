// Which feed events a change of a promotion case writes: one per new state, one per HR
// acknowledgement, about the person, with the case as data.
#include "db/promotion/promotion_case_events.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/event_types.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Types(const std::vector<db::OutboxEvent>& events) {
  std::vector<std::string> types;
  for (const db::OutboxEvent& event : events) types.push_back(event.type);
  return types;
}

v1::PromotionCase Case(v1::PromotionCaseState state) {
  v1::PromotionCase promotion_case;
  promotion_case.set_id(7);
  promotion_case.set_employee_id("E1001");
  promotion_case.set_team_id("t-a");
  promotion_case.set_state(state);
  return promotion_case;
}

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

TEST(PromotionCaseEventsTest, EachNewStateReportsItsEventAboutThePerson) {
  const v1::PromotionCase nominated = Case(v1::PROMOTION_CASE_STATE_NOMINATED);
  const std::vector<db::OutboxEvent> opened = db::PromotionCaseEvents(nullptr, nominated, kNow);
  ASSERT_THAT(Types(opened), ElementsAre(db::kPromotionCaseOpenedEvent));
  EXPECT_EQ(opened[0].subject, "people/E1001");
  EXPECT_EQ(opened[0].person_id, "E1001");
  EXPECT_EQ(opened[0].team_id, "t-a");
  v1::PromotionCase data;
  ASSERT_TRUE(opened[0].data.UnpackTo(&data));
  EXPECT_EQ(data.id(), 7);

  const std::pair<v1::PromotionCaseState, const char*> steps[] = {
      {v1::PROMOTION_CASE_STATE_UNDER_REVIEW, db::kPromotionReviewStartedEvent},
      {v1::PROMOTION_CASE_STATE_APPROVED, db::kPromotionApprovedEvent},
      {v1::PROMOTION_CASE_STATE_REJECTED, db::kPromotionRejectedEvent},
      {v1::PROMOTION_CASE_STATE_WITHDRAWN, db::kPromotionWithdrawnEvent},
      {v1::PROMOTION_CASE_STATE_EFFECTIVE, db::kPromotionEffectiveEvent}};
  for (const auto& [state, type] : steps) {
    EXPECT_THAT(Types(db::PromotionCaseEvents(&nominated, Case(state), kNow)), ElementsAre(type));
  }
}

TEST(PromotionCaseEventsTest, AnAcknowledgementAddedOrChangedIsReportedAndNoChangeIsSilent) {
  const v1::PromotionCase approved = Case(v1::PROMOTION_CASE_STATE_APPROVED);
  EXPECT_TRUE(db::PromotionCaseEvents(&approved, approved, kNow).empty());
  v1::PromotionCase pending = approved;
  v1::HrAcknowledgement* ack = pending.add_hr_acknowledgements();
  ack->set_hr_system("workday");
  ack->set_state(v1::HR_ACKNOWLEDGEMENT_STATE_PENDING_APPROVAL);
  EXPECT_THAT(Types(db::PromotionCaseEvents(&approved, pending, kNow)),
              ElementsAre(db::kPromotionHrAcknowledgedEvent));
  v1::PromotionCase applied = pending;
  applied.mutable_hr_acknowledgements(0)->set_state(v1::HR_ACKNOWLEDGEMENT_STATE_APPLIED);
  EXPECT_THAT(Types(db::PromotionCaseEvents(&pending, applied, kNow)),
              ElementsAre(db::kPromotionHrAcknowledgedEvent));
  EXPECT_TRUE(db::PromotionCaseEvents(&applied, applied, kNow).empty());
}

}  // namespace
}  // namespace escala::testing
