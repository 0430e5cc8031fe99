// PromotionPolicyHandler over in-memory repositories: validation before storage, the etag on
// update and publish, drafts and published versions, and the list. (The publish replay by
// request_id needs the audit events the SQL store writes: the end-to-end registry covers it.)
#include "server/promotion/promotion_policy_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "db/common/error_details.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_promotion_policy_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_promotion_policies.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr int64_t kNowSeconds = 1'800'000'000;  // 2027-01-15

class PromotionPolicyHandlerTest : public ::testing::Test {
 protected:
  PromotionPolicyHandlerTest() {
    call_.caller.principal = "people/M1";
    call_.caller.role = v1::ROLE_MANAGER;
  }

  v1::PromotionPolicy Create(const std::string& id) {
    v1::CreatePromotionPolicyRequest create;
    *create.mutable_promotion_policy() = TestPromotionPolicy(id);
    absl::StatusOr<v1::PromotionPolicy> draft = handler_.CreatePromotionPolicy(call_, create);
    EXPECT_TRUE(draft.ok()) << draft.status();
    return *draft;
  }

  v1::PromotionPolicy CreateAndPublish(const std::string& id) {
    const v1::PromotionPolicy draft = Create(id);
    v1::PublishPromotionPolicyRequest publish;
    publish.set_promotion_policy_id(id);
    publish.set_etag(draft.etag());
    absl::StatusOr<v1::PromotionPolicy> published = handler_.PublishPromotionPolicy(call_, publish);
    EXPECT_TRUE(published.ok()) << published.status();
    return *published;
  }

  FakeAuditRepository audit_;
  FakePromotionPolicyRepository policies_;
  server::PromotionPolicyHandler handler_{policies_, audit_,
                                          [] { return absl::FromUnixSeconds(kNowSeconds); }};
  server::CallContext call_;
};

TEST_F(PromotionPolicyHandlerTest, CreateRefusesAnInvalidPolicyNamingEveryField) {
  v1::CreatePromotionPolicyRequest request;
  *request.mutable_promotion_policy() = TestPromotionPolicy("bad id");
  request.mutable_promotion_policy()->set_to_level(1);
  request.mutable_promotion_policy()->mutable_criteria(0)->mutable_tenure()->set_min_months(0);
  const absl::Status status = handler_.CreatePromotionPolicy(call_, request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      db::ViolatedFields(status),
      UnorderedElementsAre("promotion_policy.promotion_policy_id", "promotion_policy.to_level",
                           "promotion_policy.criteria[0].tenure.min_months"));
  EXPECT_THAT(policies_.List("", v1::PROMOTION_POLICY_STATE_UNSPECIFIED, 10),
              IsOkAndHolds(::testing::IsEmpty()));
}

TEST_F(PromotionPolicyHandlerTest, AStoredPolicyReadsBackAsWritten) {
  const v1::PromotionPolicy created = Create("l1-l2");
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(created.state(), v1::PROMOTION_POLICY_STATE_DRAFT);
  EXPECT_EQ(created.created_by(), "people/M1");
  v1::GetPromotionPolicyRequest get;
  get.set_promotion_policy_id("l1-l2");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionPolicy read, handler_.GetPromotionPolicy(call_, get));
  EXPECT_EQ(read.criteria_size(), 8);
  EXPECT_EQ(read.criteria(1).quality().judgement(), v1::QUALITY_JUDGEMENT_LOWER_BOUND);
  get.set_version(-1);
  EXPECT_THAT(handler_.GetPromotionPolicy(call_, get),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("version")));
  get.set_version(0);
  get.set_promotion_policy_id("missing");
  EXPECT_THAT(handler_.GetPromotionPolicy(call_, get), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(PromotionPolicyHandlerTest,
       EditingAPublishedVersionMakesTheNextDraftAndPublishingSupersedes) {
  const v1::PromotionPolicy first = CreateAndPublish("l1-l2");
  EXPECT_EQ(first.state(), v1::PROMOTION_POLICY_STATE_PUBLISHED);
  v1::UpdatePromotionPolicyRequest update;
  update.mutable_promotion_policy()->set_promotion_policy_id("l1-l2");
  update.mutable_promotion_policy()->add_criteria()->set_key("tenure");
  update.mutable_promotion_policy()->mutable_criteria(0)->mutable_tenure()->set_min_months(9);
  update.mutable_update_mask()->add_paths("criteria");
  EXPECT_THAT(handler_.UpdatePromotionPolicy(call_, update),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("promotion_policy.etag")));
  update.mutable_promotion_policy()->set_etag("99");
  EXPECT_THAT(handler_.UpdatePromotionPolicy(call_, update), StatusIs(absl::StatusCode::kAborted));
  update.mutable_promotion_policy()->set_etag(first.etag());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionPolicy draft,
                              handler_.UpdatePromotionPolicy(call_, update));
  EXPECT_EQ(draft.version(), 2);
  EXPECT_EQ(draft.state(), v1::PROMOTION_POLICY_STATE_DRAFT);
  ASSERT_EQ(draft.criteria_size(), 1);
  EXPECT_EQ(draft.criteria(0).tenure().min_months(), 9);
  EXPECT_EQ(draft.title(), "L1 to L2");  // kept from version 1

  v1::PublishPromotionPolicyRequest publish;
  publish.set_promotion_policy_id("l1-l2");
  publish.set_etag(draft.etag());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionPolicy second,
                              handler_.PublishPromotionPolicy(call_, publish));
  EXPECT_EQ(second.version(), 2);
  v1::GetPromotionPolicyRequest get;
  get.set_promotion_policy_id("l1-l2");
  get.set_version(1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionPolicy old, handler_.GetPromotionPolicy(call_, get));
  EXPECT_EQ(old.state(), v1::PROMOTION_POLICY_STATE_SUPERSEDED);
  EXPECT_EQ(old.criteria_size(), 8);
  // Nothing left to publish.
  publish.set_etag(second.etag());
  const absl::Status again = handler_.PublishPromotionPolicy(call_, publish).status();
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no draft")));
  EXPECT_EQ(db::ErrorReason(again), db::kReasonInvalidStateTransition);
}

TEST_F(PromotionPolicyHandlerTest, AnUpdateThatBreaksARuleOrLeavesTheContentIsRefused) {
  const v1::PromotionPolicy draft = Create("l1-l2");
  v1::UpdatePromotionPolicyRequest update;
  update.mutable_promotion_policy()->set_promotion_policy_id("l1-l2");
  update.mutable_promotion_policy()->set_etag(draft.etag());
  update.mutable_promotion_policy()->set_to_level(1);
  EXPECT_THAT(handler_.UpdatePromotionPolicy(call_, update),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("promotion_policy.to_level")));
  update.mutable_update_mask()->add_paths("state");
  EXPECT_THAT(handler_.UpdatePromotionPolicy(call_, update),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
}

TEST_F(PromotionPolicyHandlerTest, TheListPagesTheNewestVersionsAndFiltersByState) {
  CreateAndPublish("a");
  Create("b");
  CreateAndPublish("c");
  v1::ListPromotionPoliciesRequest list;
  list.set_page_size(1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListPromotionPoliciesResponse page,
                              handler_.ListPromotionPolicies(call_, list));
  ASSERT_EQ(page.promotion_policies_size(), 1);
  EXPECT_EQ(page.promotion_policies(0).promotion_policy_id(), "a");
  EXPECT_FALSE(page.next_page_token().empty());
  list.set_page_size(10);
  list.set_state(v1::PROMOTION_POLICY_STATE_PUBLISHED);
  ESCALA_ASSERT_OK_AND_ASSIGN(page, handler_.ListPromotionPolicies(call_, list));
  ASSERT_EQ(page.promotion_policies_size(), 2);
  EXPECT_EQ(page.promotion_policies(1).promotion_policy_id(), "c");
  EXPECT_TRUE(page.next_page_token().empty());
}

}  // namespace
}  // namespace escala::testing
