// The TrainingRecommendationRepository contract, against SQLite, MariaDB and the in-memory fake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/training/soci_course_repository.h"
#include "db/training/soci_recommendation_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_recommendation_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kCourse[] = "L1-ETIQ-101";

v1::CriterionTrainingRule TestRule(const std::string& criterion = "greeting") {
  v1::CriterionTrainingRule rule;
  rule.set_criterion_key(criterion);
  rule.set_course_id(kCourse);
  rule.set_below_percent(62.5);
  rule.set_last_results(5);
  rule.set_min_results(3);
  rule.mutable_cool_down_duration()->set_seconds(7 * 86400);
  rule.set_action(v1::TRAINING_RULE_ACTION_ENROL);
  rule.set_active(true);
  return rule;
}

v1::TrainingRecommendation TestRecommendation(int64_t rule_id, const std::string& employee_id,
                                              const std::string& team_id) {
  v1::TrainingRecommendation r;
  r.set_employee_id(employee_id);
  r.set_team_id(team_id);
  r.set_course_id(kCourse);
  r.set_criterion_key("greeting");
  r.set_rule_id(rule_id);
  r.set_action(v1::TRAINING_RULE_ACTION_RECOMMEND);
  r.set_mean_percent(100.0 / 3);
  for (int64_t id : {12, 9}) {
    v1::RecommendationEvidence* e = r.add_evidence();
    e->set_evaluation_id(id);
    *e->mutable_submit_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestNow(-id * 1000)));
    e->set_percent(id == 12 ? 0 : 50);
  }
  *r.mutable_as_of_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestNow()));
  return r;
}

std::vector<int64_t> Ids(const std::vector<v1::TrainingRecommendation>& rows) {
  std::vector<int64_t> ids;
  for (const v1::TrainingRecommendation& r : rows) ids.push_back(r.id());
  return ids;
}

class RecommendationRepositoryContract : public DatabaseTest {
 protected:
  db::TrainingRecommendationRepository& repo() {
    if (!repository_) {
      if (fake()) {
        repository_ = std::make_unique<FakeTrainingRecommendationRepository>();
      } else {
        // Rules and recommendations refer to a stored course.
        db::SociCourseRepository courses(database().pool());
        EXPECT_THAT(courses.Create(ValidTestCourse(kCourse), {}, TestStamp(), TestNow()), IsOk());
        repository_ = std::make_unique<db::SociTrainingRecommendationRepository>(database().pool());
      }
    }
    return *repository_;
  }

  v1::CriterionTrainingRule Rule(v1::CriterionTrainingRule rule = TestRule()) {
    absl::StatusOr<v1::CriterionTrainingRule> created =
        repo().CreateRule(rule, {}, TestStamp(), TestNow());
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::CriterionTrainingRule();
  }

 private:
  std::unique_ptr<db::TrainingRecommendationRepository> repository_;
};

class RecommendationRepositorySqlContract : public RecommendationRepositoryContract {};

TEST_P(RecommendationRepositoryContract, ARuleIsStoredAsGivenWithItsBookkeeping) {
  const v1::CriterionTrainingRule created = Rule();
  EXPECT_GT(created.id(), 0);
  EXPECT_EQ(created.etag(), "1");
  EXPECT_EQ(created.created_by(), TestStamp().principal);
  v1::CriterionTrainingRule expected = TestRule();
  expected.set_id(created.id());
  expected.set_etag("1");
  expected.set_created_by(created.created_by());
  *expected.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestNow()));
  *expected.mutable_update_time() = expected.create_time();
  EXPECT_EQ(ProtoDiff(expected, created), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CriterionTrainingRule read, repo().GetRule(created.id()));
  EXPECT_EQ(ProtoDiff(created, read), "");
  EXPECT_THAT(repo().GetRule(created.id() + 100), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(RecommendationRepositoryContract, RulesAreListedByIdWithFilters) {
  const int64_t a = Rule().id();
  v1::CriterionTrainingRule off = TestRule("closing");
  off.set_active(false);
  off.mutable_window_duration()->set_seconds(30 * 86400);
  const int64_t b = Rule(off).id();
  const int64_t c = Rule(TestRule("closing")).id();
  auto ids = [](const std::vector<v1::CriterionTrainingRule>& rules) {
    std::vector<int64_t> out;
    for (const auto& r : rules) out.push_back(r.id());
    return out;
  };
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page, repo().ListRules({}, 0, 2));
  EXPECT_THAT(ids(page), ElementsAre(a, b));
  EXPECT_EQ(page[1].window_duration().seconds(), 30 * 86400);
  EXPECT_FALSE(page[1].active());
  ESCALA_ASSERT_OK_AND_ASSIGN(page, repo().ListRules({}, b, 10));
  EXPECT_THAT(ids(page), ElementsAre(c));
  ESCALA_ASSERT_OK_AND_ASSIGN(page, repo().ListRules({"closing", "", true}, 0, 10));
  EXPECT_THAT(ids(page), ElementsAre(c));
  ESCALA_ASSERT_OK_AND_ASSIGN(page, repo().ListRules({"", "OTHER", false}, 0, 10));
  EXPECT_THAT(page, IsEmpty());
}

TEST_P(RecommendationRepositoryContract, AnUpdateMovesTheEtagAndRefusesAStaleOne) {
  const v1::CriterionTrainingRule created = Rule();
  v1::CriterionTrainingRule changed = created;
  changed.set_below_percent(40);
  changed.set_active(false);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CriterionTrainingRule updated,
                              repo().UpdateRule(changed, 1, TestStamp(), TestNow(5000)));
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(updated.below_percent(), 40);
  EXPECT_FALSE(updated.active());
  EXPECT_EQ(ProtoDiff(updated.create_time(), created.create_time()), "");
  absl::Status stale = repo().UpdateRule(changed, 1, TestStamp(), TestNow()).status();
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(db::ErrorReason(stale), db::kReasonEtagMismatch);
}

TEST_P(RecommendationRepositoryContract, RuleRequestIdsAreStoredAndUnique) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::CriterionTrainingRule created,
      repo().CreateRule(TestRule(), {"req-1", "h1"}, TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto found, repo().FindRuleByRequestId("req-1"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->resource.id(), created.id());
  EXPECT_EQ(found->request_hash, "h1");
  ESCALA_ASSERT_OK_AND_ASSIGN(found, repo().FindRuleByRequestId("req-2"));
  EXPECT_FALSE(found.has_value());
  absl::Status again =
      repo().CreateRule(TestRule(), {"req-1", "h2"}, TestStamp(), TestNow()).status();
  EXPECT_EQ(db::ErrorReason(again), db::kReasonRequestIdReused);
}

TEST_P(RecommendationRepositoryContract, RecommendationsAreStoredOpenWithTheirEvidence) {
  const int64_t rule = Rule().id();
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto stored, repo().InsertRecommendations(
                       {TestRecommendation(rule, "A1", "t-a"), TestRecommendation(rule, "B1", "")},
                       "gen-1", TestStamp(), TestNow(1000)));
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_LT(stored[0].id(), stored[1].id());
  v1::TrainingRecommendation expected = TestRecommendation(rule, "A1", "t-a");
  expected.set_id(stored[0].id());
  expected.set_state(v1::TRAINING_RECOMMENDATION_STATE_OPEN);
  expected.set_created_by(TestStamp().principal);
  *expected.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestNow(1000)));
  EXPECT_EQ(ProtoDiff(expected, stored[0]), "");
  EXPECT_EQ(stored[1].team_id(), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingRecommendation read,
                              repo().GetRecommendation(stored[0].id()));
  EXPECT_EQ(ProtoDiff(stored[0], read), "");
  EXPECT_THAT(repo().GetRecommendation(stored[1].id() + 100),
              StatusIs(absl::StatusCode::kNotFound));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto of_request,
                              repo().RecommendationsOfRequest(TestStamp().principal, "gen-1"));
  EXPECT_THAT(Ids(of_request), ElementsAre(stored[0].id(), stored[1].id()));
  ESCALA_ASSERT_OK_AND_ASSIGN(of_request, repo().RecommendationsOfRequest("people/other", "gen-1"));
  EXPECT_THAT(of_request, IsEmpty());
  EXPECT_THAT(repo().InsertRecommendations({}, "gen-2", TestStamp(), TestNow()),
              IsOkAndHolds(IsEmpty()));
}

TEST_P(RecommendationRepositoryContract, ListsAreNewestFirstWithFiltersAndKeyset) {
  const int64_t rule = Rule().id();
  std::vector<int64_t> ids;
  for (const char* person : {"A1", "A2", "B1", "A1"}) {
    ESCALA_ASSERT_OK_AND_ASSIGN(
        auto stored, repo().InsertRecommendations(
                         {TestRecommendation(rule, person, person[0] == 'B' ? "t-b" : "t-a")}, "",
                         TestStamp(), TestNow()));
    ids.push_back(stored[0].id());
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page, repo().ListRecommendations({}, 0, 2));
  EXPECT_THAT(Ids(page), ElementsAre(ids[3], ids[2]));
  ESCALA_ASSERT_OK_AND_ASSIGN(page, repo().ListRecommendations({}, ids[2], 10));
  EXPECT_THAT(Ids(page), ElementsAre(ids[1], ids[0]));
  ESCALA_ASSERT_OK_AND_ASSIGN(page, repo().ListRecommendations({"A1", "", "", {}}, 0, 10));
  EXPECT_THAT(Ids(page), ElementsAre(ids[3], ids[0]));
  ESCALA_ASSERT_OK_AND_ASSIGN(page, repo().ListRecommendations({"", "t-b", "", {}}, 0, 10));
  EXPECT_THAT(Ids(page), ElementsAre(ids[2]));
  ESCALA_ASSERT_OK_AND_ASSIGN(page, repo().ListRecommendations({"", "", "OTHER", {}}, 0, 10));
  EXPECT_THAT(page, IsEmpty());
  ASSERT_THAT(repo().Dismiss(ids[1], "no", TestStamp(), TestNow()), IsOk());
  db::RecommendationFilter dismissed;
  dismissed.state = v1::TRAINING_RECOMMENDATION_STATE_DISMISSED;
  ESCALA_ASSERT_OK_AND_ASSIGN(page, repo().ListRecommendations(dismissed, 0, 10));
  EXPECT_THAT(Ids(page), ElementsAre(ids[1]));
}

TEST_P(RecommendationRepositoryContract, DismissalIsOnceAndTheHistoryTellsOpenFromLast) {
  const int64_t rule = Rule().id();
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto first, repo().InsertRecommendations({TestRecommendation(rule, "A1", "t-a")}, "",
                                               TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto history, repo().HistoryOf("A1"));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].course_id, kCourse);
  EXPECT_TRUE(history[0].open);
  EXPECT_EQ(history[0].last_recommended, TestNow());

  db::AuditStamp lead = TestStamp();
  lead.principal = "people/L1";
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::TrainingRecommendation dismissed,
      repo().Dismiss(first[0].id(), "coached \"live\"", lead, TestNow(2000)));
  EXPECT_EQ(dismissed.state(), v1::TRAINING_RECOMMENDATION_STATE_DISMISSED);
  EXPECT_EQ(dismissed.dismiss_reason(), "coached \"live\"");
  EXPECT_EQ(dismissed.dismissed_by(), "people/L1");
  EXPECT_EQ(db::TimestampToMillis(dismissed.dismiss_time()), absl::ToUnixMillis(TestNow(2000)));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingRecommendation read,
                              repo().GetRecommendation(first[0].id()));
  EXPECT_EQ(ProtoDiff(dismissed, read), "");
  absl::Status twice = repo().Dismiss(first[0].id(), "again", TestStamp(), TestNow()).status();
  EXPECT_THAT(twice, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(db::ErrorReason(twice), db::kReasonInvalidStateTransition);
  EXPECT_THAT(repo().Dismiss(first[0].id() + 100, "x", TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kNotFound));

  ESCALA_ASSERT_OK_AND_ASSIGN(history, repo().HistoryOf("A1"));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_FALSE(history[0].open);
  ASSERT_THAT(repo().InsertRecommendations({TestRecommendation(rule, "A1", "t-a")}, "", TestStamp(),
                                           TestNow(9000)),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(history, repo().HistoryOf("A1"));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_TRUE(history[0].open);
  EXPECT_EQ(history[0].last_recommended, TestNow(9000));
  EXPECT_THAT(repo().HistoryOf("B1"), IsOkAndHolds(IsEmpty()));
}

TEST_P(RecommendationRepositorySqlContract, EveryChangeWritesItsAuditEvents) {
  repo();  // stores the course first
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  const v1::CriterionTrainingRule rule = Rule();
  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_type(), "criterion_training_rule");
  EXPECT_EQ(events[0].resource_name(), absl::StrCat("criterionTrainingRules/", rule.id()));
  v1::CriterionTrainingRule changed = rule;
  changed.set_below_percent(40);
  ASSERT_THAT(repo().UpdateRule(changed, 1, TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].before_json(), R"({"below_percent":62.5})");
  EXPECT_EQ(events[0].after_json(), R"({"below_percent":40})");
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto stored, repo().InsertRecommendations({TestRecommendation(rule.id(), "A1", "t-a"),
                                                 TestRecommendation(rule.id(), "A2", "t-a")},
                                                "gen", TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].resource_type(), "training_recommendation");
  ASSERT_THAT(repo().Dismiss(stored[0].id(), "done", TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].after_json(), HasSubstr(R"("dismiss_reason":"done")"));
  EXPECT_THAT(repo().Dismiss(stored[0].id(), "again", TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
}

INSTANTIATE_TEST_SUITE_P(Backends, RecommendationRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, RecommendationRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
