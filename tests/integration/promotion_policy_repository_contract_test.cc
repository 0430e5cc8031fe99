// The PromotionPolicyRepository contract against SQLite, MariaDB and the in-memory fake: a
// policy with every kind of rule reads back as written with its bookkeeping, versions (a draft
// edited in place, the next draft after a publish, publishing supersedes), and (on SQL) the
// audit events. The versioned-document mechanics themselves are also covered by the SLA policy
// contract, which shares the SQL store.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/promotion/soci_promotion_policy_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_promotion_policy_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_promotion_policies.h"

namespace escala::testing {
namespace {

class PromotionPolicyRepositoryContract : public DatabaseTest {
 protected:
  db::PromotionPolicyRepository& policies() {
    if (!policies_) {
      if (fake()) {
        policies_ = std::make_unique<FakePromotionPolicyRepository>();
      } else {
        policies_ = std::make_unique<db::SociPromotionPolicyRepository>(database().pool());
      }
    }
    return *policies_;
  }

 private:
  std::unique_ptr<db::PromotionPolicyRepository> policies_;
};

class PromotionPolicyRepositorySqlContract : public PromotionPolicyRepositoryContract {};

int64_t RowVersion(const v1::PromotionPolicy& policy) { return std::stoll(policy.etag()); }

TEST_P(PromotionPolicyRepositoryContract, APolicyWithEveryRuleIsStoredAsGiven) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionPolicy created,
      policies().Create(TestPromotionPolicy("l1-l2"), TestStamp(), TestNow()));
  v1::PromotionPolicy expected = TestPromotionPolicy("l1-l2");
  expected.set_version(1);
  expected.set_state(v1::PROMOTION_POLICY_STATE_DRAFT);
  expected.set_etag("1");
  expected.set_created_by(TestStamp().principal);
  *expected.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestNow()));
  *expected.mutable_update_time() = expected.create_time();
  EXPECT_EQ(ProtoDiff(expected, created), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionPolicy read, policies().Get("l1-l2", 0));
  EXPECT_EQ(ProtoDiff(created, read), "");
  EXPECT_THAT(policies().Get("l1-l2", 2), StatusIs(absl::StatusCode::kNotFound));
  const absl::Status again =
      policies().Create(TestPromotionPolicy("l1-l2"), TestStamp(), TestNow()).status();
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(db::ErrorReason(again), db::kReasonDuplicateId);
}

TEST_P(PromotionPolicyRepositoryContract, PublishedVersionsNeverChangeAndTheNewestSupersedes) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionPolicy draft,
                              policies().Create(TestPromotionPolicy("p"), TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionPolicy first,
      policies().Publish("p", RowVersion(draft), TestStamp(), TestNow(1000)));
  EXPECT_EQ(first.state(), v1::PROMOTION_POLICY_STATE_PUBLISHED);
  EXPECT_EQ(db::TimestampToMillis(first.publish_time()), absl::ToUnixMillis(TestNow(1000)));

  v1::PromotionPolicy stricter = first;
  stricter.mutable_criteria(0)->mutable_tenure()->set_min_months(9);
  EXPECT_EQ(db::ErrorReason(
                policies().Update(stricter, RowVersion(draft), TestStamp(), TestNow()).status()),
            db::kReasonEtagMismatch);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionPolicy second_draft,
      policies().Update(stricter, RowVersion(first), TestStamp(), TestNow(2000)));
  EXPECT_EQ(second_draft.version(), 2);
  EXPECT_EQ(second_draft.state(), v1::PROMOTION_POLICY_STATE_DRAFT);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionPolicy second,
      policies().Publish("p", RowVersion(second_draft), TestStamp(), TestNow(3000)));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::PromotionPolicy> published,
                              policies().ListPublished("p"));
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(published[0].state(), v1::PROMOTION_POLICY_STATE_SUPERSEDED);
  EXPECT_EQ(published[0].criteria(0).tenure().min_months(), 6);
  EXPECT_EQ(ProtoDiff(second, published[1]), "");
  EXPECT_EQ(published[1].criteria(0).tenure().min_months(), 9);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::PromotionPolicy> listed,
                              policies().List("", v1::PROMOTION_POLICY_STATE_PUBLISHED, 10));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].version(), 2);
}

TEST_P(PromotionPolicyRepositorySqlContract, EveryChangeWritesItsAuditEvent) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionPolicy draft,
                              policies().Create(TestPromotionPolicy("p"), TestStamp(), TestNow()));
  ASSERT_THAT(policies().Publish("p", RowVersion(draft), TestStamp(), TestNow(1)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, audit.Next());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].resource_type(), "promotion_policy");
  EXPECT_EQ(events[0].resource_name(), "promotionPolicies/p/versions/1");
  EXPECT_THAT(events[0].after_json(), ::testing::HasSubstr("L2-TROUBLESHOOTING"));
  EXPECT_THAT(events[1].after_json(), ::testing::HasSubstr("PROMOTION_POLICY_STATE_PUBLISHED"));
}

INSTANTIATE_TEST_SUITE_P(Backends, PromotionPolicyRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, PromotionPolicyRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
