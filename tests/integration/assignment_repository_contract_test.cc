// The AssignmentRepository contract, against SQLite, MariaDB and the in-memory fake: plans,
// assignments with their derived DONE state, skip with replacement, and the score reads behind
// the QA averages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/qa/soci_assignment_repository.h"
#include "tests/integration/qa_backend.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_assignment_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_scorecards.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kWeek = 7 * 24 * kHour;

// Monday 2026-11-02 00:00 UTC.
int64_t Monday() {
  return absl::ToUnixMillis(absl::FromCivil(absl::CivilDay(2026, 11, 2), absl::UTCTimeZone()));
}

v1::SamplingPlan TeamPlan() {
  v1::SamplingPlan plan;
  plan.set_display_name("Weekly chat review — équipe 1");
  plan.set_team_id("t1");
  plan.set_per_agent_per_week(2);
  plan.add_channels(v1::CHANNEL_CHAT);
  plan.add_channels(v1::CHANNEL_PHONE);
  plan.set_stratify_by_channel(true);
  plan.set_scorecard_id("sc1");
  plan.add_evaluator_employee_ids("Q1");
  plan.add_evaluator_employee_ids("Q2");
  return plan;
}

v1::Assignment NewAssignment(int64_t interaction_id, const std::string& agent,
                             const std::string& evaluator) {
  v1::Assignment assignment;
  assignment.set_interaction_id(interaction_id);
  assignment.set_agent_employee_id(agent);
  assignment.set_evaluator_employee_id(evaluator);
  assignment.set_scorecard_id("sc1");
  *assignment.mutable_week_start_time() = db::MillisToTimestamp(Monday());
  return assignment;
}

std::vector<int64_t> InteractionIds(const std::vector<v1::Assignment>& assignments) {
  std::vector<int64_t> ids;
  for (const v1::Assignment& a : assignments) ids.push_back(a.interaction_id());
  return ids;
}

// Runs on SQLite, MariaDB and the fake (FakeAssignmentRepository reading the fakes of
// qa_backend.h for interactions, evaluations and people).
class AssignmentRepositoryContract : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    if (fake()) {
      backend_ = QaBackend::Fake();
      repository_ = std::make_unique<FakeAssignmentRepository>(
          backend_->interactions.get(), backend_->evaluations.get(), backend_->people.get());
    } else {
      backend_ = QaBackend::Sql(database().pool());
      repository_ = std::make_unique<db::SociAssignmentRepository>(database().pool());
    }
    ASSERT_THAT(backend_->teams->Create(MakeTeam("t1", "Team one"), TestStamp(), TestNow()),
                IsOk());
    ASSERT_THAT(backend_->teams->Create(MakeTeam("t2", "Team two"), TestStamp(), TestNow()),
                IsOk());
    for (const auto& [id, team, role] : std::vector<std::tuple<std::string, std::string, v1::Role>>{
             {"A1", "t1", v1::ROLE_AGENT},
             {"A2", "t1", v1::ROLE_AGENT},
             {"B1", "t2", v1::ROLE_AGENT},
             {"Q1", "t1", v1::ROLE_QA_ANALYST},
             {"Q2", "t1", v1::ROLE_QA_ANALYST}}) {
      ASSERT_THAT(backend_->people->Create(MakePerson(id, team, role), TestStamp(), TestNow()),
                  IsOk());
    }
    absl::StatusOr<v1::Scorecard> card =
        backend_->scorecards->Create(GreetingSolutionCard("sc1"), TestStamp(), TestNow());
    ASSERT_THAT(card, IsOk());
    ASSERT_THAT(
        backend_->scorecards->Publish("sc1", std::stoll(card->etag()), TestStamp(), TestNow()),
        IsOk());
  }

  db::AssignmentRepository& repository() { return *repository_; }

  int64_t AddInteraction(const std::string& agent, int64_t start_ms,
                         v1::Channel channel = v1::CHANNEL_CHAT) {
    v1::Interaction interaction = MakeInteraction(agent, start_ms);
    interaction.set_channel(channel);
    absl::StatusOr<v1::Interaction> created =
        backend_->interactions->Create(interaction, "", TestStamp(), TestNow());
    EXPECT_THAT(created, IsOk());
    return created.ok() ? created->id() : 0;
  }

  // An evaluation of `interaction_id` by `evaluator` in `state` (1 draft, 2 submitted, …), made
  // through the evaluation repository as EvaluationService makes it: created as a draft, then
  // changed to its state, score and submit time.
  void AddEvaluation(int64_t interaction_id, const std::string& evaluator, int state,
                     std::optional<double> score, int64_t submit_ms) {
    v1::Evaluation draft;
    draft.set_interaction_id(interaction_id);
    draft.set_evaluator_employee_id(evaluator);
    draft.set_scorecard_id("sc1");
    draft.set_scorecard_version(1);
    draft.set_state(v1::EVALUATION_STATE_DRAFT);
    absl::StatusOr<v1::Evaluation> created = backend_->evaluations->Create(
        draft, "", [](const db::InteractionOwner&) { return absl::OkStatus(); }, TestStamp(),
        TestNow());
    ASSERT_THAT(created, IsOk());
    if (state == v1::EVALUATION_STATE_DRAFT) return;
    ASSERT_THAT(backend_->evaluations->Change(
                    created->id(),
                    [&](v1::Evaluation next) -> absl::StatusOr<v1::Evaluation> {
                      next.set_state(static_cast<v1::EvaluationState>(state));
                      if (score) next.set_score(*score);
                      *next.mutable_submit_time() = db::MillisToTimestamp(submit_ms);
                      return next;
                    },
                    TestStamp(), TestNow()),
                IsOk());
  }

  v1::SamplingPlan StorePlan(const v1::SamplingPlan& plan = TeamPlan()) {
    absl::StatusOr<v1::SamplingPlan> created =
        repository().CreatePlan(plan, db::CreateRequest(), TestStamp(), TestNow());
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::SamplingPlan();
  }

 private:
  std::unique_ptr<QaBackend> backend_;
  std::unique_ptr<db::AssignmentRepository> repository_;
};

// The cases that read the audit log, which the SQL repository writes in the transaction of the
// change and the fake does not keep: SQLite and MariaDB only.
class AssignmentRepositorySqlContract : public AssignmentRepositoryContract {};

TEST_P(AssignmentRepositoryContract, CreatePlanStoresEveryField) {
  const v1::SamplingPlan created = StorePlan();
  EXPECT_GT(created.id(), 0);
  EXPECT_EQ(created.created_by(), TestStamp().principal);
  EXPECT_EQ(db::TimestampToMillis(created.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(ProtoDiff(TeamPlan(),
                      [&] {
                        v1::SamplingPlan content = created;
                        content.clear_id();
                        content.clear_created_by();
                        content.clear_create_time();
                        return content;
                      }()),
            "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SamplingPlan fetched, repository().GetPlan(created.id()));
  EXPECT_EQ(ProtoDiff(created, fetched), "");
  EXPECT_THAT(repository().GetPlan(created.id() + 100),
              StatusIs(absl::StatusCode::kNotFound,
                       absl::StrCat("sampling plan ", created.id() + 100, " not found")));
}

TEST_P(AssignmentRepositoryContract, ARequestIdIsStoredOnceWithItsHash) {
  const db::CreateRequest key{"plan-request-1", "12345"};
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SamplingPlan created,
                              repository().CreatePlan(TeamPlan(), key, TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto found, repository().FindPlanByRequestId("plan-request-1"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->resource.id(), created.id());
  EXPECT_EQ(found->request_hash, "12345");
  EXPECT_EQ(ProtoDiff(created, found->resource), "");
  // The same request_id again writes nothing.
  EXPECT_THAT(
      repository().CreatePlan(TeamPlan(), key, TestStamp(), TestNow()),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id: 'plan-request-1'")));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::SamplingPlan> plans, repository().ListPlans(0, 10));
  EXPECT_EQ(plans.size(), 1u);
  ESCALA_ASSERT_OK_AND_ASSIGN(auto missing, repository().FindPlanByRequestId("plan-request-2"));
  EXPECT_FALSE(missing.has_value());
  // Plans without a request_id do not collide with each other.
  StorePlan();
  StorePlan();
  ESCALA_ASSERT_OK_AND_ASSIGN(plans, repository().ListPlans(0, 10));
  EXPECT_EQ(plans.size(), 3u);
}

TEST_P(AssignmentRepositoryContract, ListPlansPagesByAscendingId) {
  const int64_t first = StorePlan().id();
  const int64_t second = StorePlan().id();
  const int64_t third = StorePlan().id();
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::SamplingPlan> page, repository().ListPlans(0, 2));
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id(), first);
  EXPECT_EQ(page[1].id(), second);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::SamplingPlan> rest,
                              repository().ListPlans(second, 2));
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id(), third);
}

TEST_P(AssignmentRepositoryContract, PlanInteractionsShowWhatIsEvaluatedAndAssigned) {
  const v1::SamplingPlan plan = StorePlan();
  const int64_t chat = AddInteraction("A1", Monday() + kHour);
  const int64_t phone = AddInteraction("A1", Monday() + 2 * kHour, v1::CHANNEL_PHONE);
  const int64_t email = AddInteraction("A1", Monday() + 3 * kHour, v1::CHANNEL_EMAIL);
  const int64_t evaluated = AddInteraction("A1", Monday() + 4 * kHour);
  AddInteraction("A1", Monday() + kWeek);  // next week
  AddInteraction("B1", Monday() + kHour);  // not asked for
  AddEvaluation(evaluated, "Q1", 1, std::nullopt, 0);
  ASSERT_THAT(repository().InsertAssignments(plan.id(), {NewAssignment(chat, "A1", "Q1")}, "{}",
                                             TestStamp(), TestNow()),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<db::PlanInteraction> rows,
                              repository().ListPlanInteractions(
                                  plan.id(), {"A1", "A2"}, {v1::CHANNEL_CHAT, v1::CHANNEL_PHONE},
                                  Monday(), Monday() + kWeek));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].interaction_id, chat);
  EXPECT_EQ(rows[0].assignment_state, v1::ASSIGNMENT_STATE_OPEN);
  EXPECT_FALSE(rows[0].evaluated);
  EXPECT_EQ(rows[1].interaction_id, phone);
  EXPECT_EQ(rows[1].channel, v1::CHANNEL_PHONE);
  EXPECT_EQ(rows[1].assignment_state, 0);
  EXPECT_EQ(rows[2].interaction_id, evaluated);
  EXPECT_TRUE(rows[2].evaluated);
  // Without a channel filter the email one is there too; another plan sees nothing assigned.
  const v1::SamplingPlan other = StorePlan();
  ESCALA_ASSERT_OK_AND_ASSIGN(
      rows, repository().ListPlanInteractions(other.id(), {"A1"}, {}, Monday(), Monday() + kWeek));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[2].interaction_id, email);
  for (const db::PlanInteraction& row : rows) EXPECT_EQ(row.assignment_state, 0);
}

TEST_P(AssignmentRepositoryContract, InsertAssignmentsStoresThemAllOrNothing) {
  const v1::SamplingPlan plan = StorePlan();
  const int64_t first = AddInteraction("A1", Monday() + kHour);
  const int64_t second = AddInteraction("A2", Monday() + 2 * kHour, v1::CHANNEL_PHONE);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<v1::Assignment> stored,
      repository().InsertAssignments(
          plan.id(), {NewAssignment(first, "A1", "Q1"), NewAssignment(second, "A2", "Q2")},
          R"({"seed":"7"})", TestStamp(), TestNow()));
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_GT(stored[1].id(), stored[0].id());
  EXPECT_EQ(stored[0].plan_id(), plan.id());
  EXPECT_EQ(stored[0].state(), v1::ASSIGNMENT_STATE_OPEN);
  EXPECT_EQ(db::TimestampToMillis(stored[0].create_time()), absl::ToUnixMillis(TestNow()));

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Assignment fetched, repository().GetAssignment(stored[1].id()));
  EXPECT_EQ(fetched.plan_id(), plan.id());
  EXPECT_EQ(fetched.state(), v1::ASSIGNMENT_STATE_OPEN);
  EXPECT_EQ(fetched.channel(), v1::CHANNEL_PHONE);
  EXPECT_EQ(db::TimestampToMillis(fetched.interaction_start_time()), Monday() + 2 * kHour);
  EXPECT_EQ(db::TimestampToMillis(fetched.week_start_time()), Monday());
  EXPECT_EQ(fetched.evaluator_employee_id(), "Q2");
  EXPECT_EQ(fetched.scorecard_id(), "sc1");

  // Assigning an interaction twice in the plan stores nothing of the batch.
  const int64_t third = AddInteraction("A1", Monday() + 3 * kHour);
  EXPECT_THAT(repository().InsertAssignments(
                  plan.id(), {NewAssignment(third, "A1", "Q1"), NewAssignment(first, "A1", "Q2")},
                  "{}", TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kAborted));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Assignment> all,
                              repository().ListAssignments({}, 0, 100));
  EXPECT_THAT(InteractionIds(all), ElementsAre(first, second));
  // Another plan may assign the same interaction.
  const v1::SamplingPlan other = StorePlan();
  EXPECT_THAT(repository().InsertAssignments(other.id(), {NewAssignment(first, "A1", "Q1")}, "{}",
                                             TestStamp(), TestNow()),
              IsOk());
  db::AssignmentFilter of_other;
  of_other.plan_id = other.id();
  ESCALA_ASSERT_OK_AND_ASSIGN(all, repository().ListAssignments(of_other, 0, 100));
  EXPECT_THAT(InteractionIds(all), ElementsAre(first));
}

TEST_P(AssignmentRepositoryContract, AMissingAssignmentIsNotFound) {
  EXPECT_THAT(repository().GetAssignment(4242),
              StatusIs(absl::StatusCode::kNotFound, "assignment 4242 not found"));
  db::SkipRequest request;
  request.assignment_id = 4242;
  request.reason = "gone";
  request.evaluator_employee_id = "Q1";
  EXPECT_THAT(repository().Skip(request, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kNotFound, "assignment 4242 not found"));
}

TEST_P(AssignmentRepositoryContract, AnAssignmentIsDoneOnceItsEvaluatorSubmitted) {
  const v1::SamplingPlan plan = StorePlan();
  const int64_t submitted = AddInteraction("A1", Monday() + kHour);
  const int64_t drafted = AddInteraction("A1", Monday() + 2 * kHour);
  const int64_t by_other = AddInteraction("A1", Monday() + 3 * kHour);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Assignment> stored,
                              repository().InsertAssignments(plan.id(),
                                                             {NewAssignment(submitted, "A1", "Q1"),
                                                              NewAssignment(drafted, "A1", "Q1"),
                                                              NewAssignment(by_other, "A1", "Q1")},
                                                             "{}", TestStamp(), TestNow()));
  AddEvaluation(submitted, "Q1", 3, 88.5, Monday());
  AddEvaluation(drafted, "Q1", 1, std::nullopt, 0);
  AddEvaluation(by_other, "Q2", 2, 70, Monday());

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Assignment done, repository().GetAssignment(stored[0].id()));
  EXPECT_EQ(done.state(), v1::ASSIGNMENT_STATE_DONE);
  EXPECT_GT(done.evaluation_id(), 0);
  db::AssignmentFilter open;
  open.evaluator_employee_id = "Q1";
  open.state = v1::ASSIGNMENT_STATE_OPEN;
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Assignment> rows,
                              repository().ListAssignments(open, 0, 100));
  EXPECT_THAT(InteractionIds(rows), ElementsAre(drafted, by_other));
  open.state = v1::ASSIGNMENT_STATE_DONE;
  ESCALA_ASSERT_OK_AND_ASSIGN(rows, repository().ListAssignments(open, 0, 100));
  EXPECT_THAT(InteractionIds(rows), ElementsAre(submitted));
  EXPECT_THAT(repository().CountOpenAssignments({"Q1", "Q2"}),
              IsOkAndHolds(UnorderedElementsAre(std::pair<const std::string, int>("Q1", 2))));
  // Paging by id.
  ESCALA_ASSERT_OK_AND_ASSIGN(rows, repository().ListAssignments({}, stored[0].id(), 1));
  EXPECT_THAT(InteractionIds(rows), ElementsAre(drafted));
}

TEST_P(AssignmentRepositoryContract, SkipAssignsTheChosenReplacement) {
  const v1::SamplingPlan plan = StorePlan();
  const int64_t skipped = AddInteraction("A1", Monday() + 10 * kHour);
  const int64_t near = AddInteraction("A1", Monday() + 11 * kHour);
  const int64_t phone = AddInteraction("A1", Monday() + 10 * kHour + 1, v1::CHANNEL_PHONE);
  const int64_t evaluated = AddInteraction("A1", Monday() + 10 * kHour + 2);
  AddInteraction("A1", Monday() + kWeek + kHour);  // another week
  AddInteraction("A2", Monday() + 10 * kHour);     // another agent
  AddEvaluation(evaluated, "Q2", 1, std::nullopt, 0);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<v1::Assignment> stored,
      repository().InsertAssignments(plan.id(), {NewAssignment(skipped, "A1", "Q1")}, "{}",
                                     TestStamp(), TestNow()));
  std::vector<int64_t> offered;
  db::SkipRequest request;
  request.assignment_id = stored[0].id();
  request.reason = "Call recording missing";
  request.evaluator_employee_id = "Q1";
  request.same_channel = true;
  request.choose = [&offered](const std::vector<db::ReplacementCandidate>& candidates,
                              const v1::Assignment&) {
    for (const auto& c : candidates) offered.push_back(c.interaction_id);
    return candidates.empty() ? std::optional<int64_t>()
                              : std::optional<int64_t>(candidates.front().interaction_id);
  };
  db::SkipRequest as_other = request;
  as_other.evaluator_employee_id = "Q2";
  EXPECT_THAT(repository().Skip(as_other, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kNotFound));

  ESCALA_ASSERT_OK_AND_ASSIGN(db::SkipResult result,
                              repository().Skip(request, TestStamp(), TestNow(5)));
  EXPECT_THAT(offered, ElementsAre(near));  // same channel, week, agent; not evaluated or assigned
  EXPECT_EQ(result.skipped.state(), v1::ASSIGNMENT_STATE_SKIPPED);
  EXPECT_EQ(result.skipped.skip_reason(), "Call recording missing");
  ASSERT_TRUE(result.replacement.has_value());
  EXPECT_EQ(result.replacement->interaction_id(), near);
  EXPECT_EQ(result.replacement->replaces_assignment_id(), stored[0].id());
  EXPECT_EQ(result.replacement->evaluator_employee_id(), "Q1");
  EXPECT_EQ(result.replacement->state(), v1::ASSIGNMENT_STATE_OPEN);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Assignment replacement,
                              repository().GetAssignment(result.replacement->id()));
  EXPECT_EQ(replacement.interaction_id(), near);
  EXPECT_EQ(replacement.replaces_assignment_id(), stored[0].id());
  EXPECT_EQ(replacement.plan_id(), plan.id());
  EXPECT_EQ(ProtoDiff(replacement.week_start_time(), stored[0].week_start_time()), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Assignment reread, repository().GetAssignment(stored[0].id()));
  EXPECT_EQ(reread.state(), v1::ASSIGNMENT_STATE_SKIPPED);
  EXPECT_EQ(reread.skip_reason(), "Call recording missing");

  // Skipped already; the replacement without channel restriction offers the phone one.
  EXPECT_THAT(repository().Skip(request, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("skipped already")));
  offered.clear();
  request.assignment_id = result.replacement->id();
  request.same_channel = false;
  ESCALA_ASSERT_OK_AND_ASSIGN(result, repository().Skip(request, TestStamp(), TestNow()));
  EXPECT_THAT(offered, ElementsAre(phone));
  offered.clear();
  request.assignment_id = result.replacement->id();
  ESCALA_ASSERT_OK_AND_ASSIGN(result, repository().Skip(request, TestStamp(), TestNow()));
  EXPECT_THAT(offered, IsEmpty());
  EXPECT_FALSE(result.replacement.has_value());
}

TEST_P(AssignmentRepositoryContract, SkipWithoutAChooserStandsWithoutReplacement) {
  const v1::SamplingPlan plan = StorePlan();
  const int64_t skipped = AddInteraction("A1", Monday() + 10 * kHour);
  AddInteraction("A1", Monday() + 11 * kHour);  // would qualify as a replacement
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<v1::Assignment> stored,
      repository().InsertAssignments(plan.id(), {NewAssignment(skipped, "A1", "Q1")}, "{}",
                                     TestStamp(), TestNow()));
  db::SkipRequest request;
  request.assignment_id = stored[0].id();
  request.reason = "Not scorable";
  request.evaluator_employee_id = "Q1";
  ESCALA_ASSERT_OK_AND_ASSIGN(db::SkipResult result,
                              repository().Skip(request, TestStamp(), TestNow()));
  EXPECT_EQ(result.skipped.state(), v1::ASSIGNMENT_STATE_SKIPPED);
  EXPECT_FALSE(result.replacement.has_value());
  db::AssignmentFilter of_plan;
  of_plan.plan_id = plan.id();
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Assignment> all,
                              repository().ListAssignments(of_plan, 0, 100));
  EXPECT_THAT(InteractionIds(all), ElementsAre(skipped));
  db::AssignmentFilter skipped_ones;
  skipped_ones.state = v1::ASSIGNMENT_STATE_SKIPPED;
  ESCALA_ASSERT_OK_AND_ASSIGN(all, repository().ListAssignments(skipped_ones, 0, 100));
  EXPECT_THAT(InteractionIds(all), ElementsAre(skipped));
}

TEST_P(AssignmentRepositoryContract, ASubmittedAssignmentCannotBeSkipped) {
  const v1::SamplingPlan plan = StorePlan();
  const int64_t interaction = AddInteraction("A1", Monday() + kHour);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<v1::Assignment> stored,
      repository().InsertAssignments(plan.id(), {NewAssignment(interaction, "A1", "Q1")}, "{}",
                                     TestStamp(), TestNow()));
  AddEvaluation(interaction, "Q1", 2, 90, Monday());
  db::SkipRequest request;
  request.assignment_id = stored[0].id();
  request.reason = "late";
  request.evaluator_employee_id = "Q1";
  EXPECT_THAT(repository().Skip(request, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("done")));
}

TEST_P(AssignmentRepositoryContract, AgentScoresCountSubmittedScoredEvaluationsInTheRange) {
  const int64_t i1 = AddInteraction("A1", Monday());
  const int64_t i2 = AddInteraction("A1", Monday() + kHour);
  const int64_t i3 = AddInteraction("A1", Monday() + 2 * kHour);
  const int64_t i4 = AddInteraction("A2", Monday());
  const int64_t i5 = AddInteraction("B1", Monday());
  const int64_t i6 = AddInteraction("A1", Monday() + 3 * kHour);
  AddEvaluation(i1, "Q1", 2, 80, Monday() + 10);
  AddEvaluation(i2, "Q1", 4, 90.25, Monday() + 20);
  AddEvaluation(i3, "Q1", 1, std::nullopt, 0);              // draft
  AddEvaluation(i6, "Q2", 2, std::nullopt, Monday() + 25);  // all N/A: no score
  AddEvaluation(i4, "Q1", 3, 60, Monday() + 30);
  AddEvaluation(i5, "Q1", 2, 40, Monday() + 40);

  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<db::AgentScores> rows,
                              repository().ListAgentScores({}, "", 10));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].agent_employee_id, "A1");
  EXPECT_EQ(rows[0].team_id, "t1");
  EXPECT_THAT(rows[0].scores, ElementsAre(80, 90.25));
  EXPECT_EQ(rows[2].agent_employee_id, "B1");
  EXPECT_EQ(rows[2].team_id, "t2");

  db::AgentScoreFilter team;
  team.team_id = "t1";
  team.submitted_from_ms = Monday() + 20;
  team.submitted_to_ms = Monday() + 40;
  ESCALA_ASSERT_OK_AND_ASSIGN(rows, repository().ListAgentScores(team, "", 10));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[0].scores, ElementsAre(90.25));
  EXPECT_EQ(rows[1].agent_employee_id, "A2");
  ESCALA_ASSERT_OK_AND_ASSIGN(rows, repository().ListAgentScores(team, "A1", 1));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].agent_employee_id, "A2");
}

TEST_P(AssignmentRepositorySqlContract, CreatePlanWritesItsEventAndAReusedRequestIdNone) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail tail, AuditTail::Start(database().pool()));
  const db::CreateRequest key{"plan-request-1", "12345"};
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SamplingPlan created,
                              repository().CreatePlan(TeamPlan(), key, TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, tail.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_type(), "sampling_plan");
  EXPECT_EQ(events[0].resource_name(), absl::StrCat("samplingPlans/", created.id()));
  EXPECT_THAT(events[0].after_json(), HasSubstr("\"scorecard_id\":\"sc1\""));
  EXPECT_THAT(repository().CreatePlan(TeamPlan(), key, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kAlreadyExists));
  ESCALA_ASSERT_OK_AND_ASSIGN(events, tail.Next());
  EXPECT_THAT(events, IsEmpty());
}

TEST_P(AssignmentRepositorySqlContract, InsertAssignmentsWritesOneEventAndAFailedOneNone) {
  const v1::SamplingPlan plan = StorePlan();
  const int64_t first = AddInteraction("A1", Monday() + kHour);
  const int64_t second = AddInteraction("A2", Monday() + 2 * kHour, v1::CHANNEL_PHONE);
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail tail, AuditTail::Start(database().pool()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<v1::Assignment> stored,
      repository().InsertAssignments(
          plan.id(), {NewAssignment(first, "A1", "Q1"), NewAssignment(second, "A2", "Q2")},
          R"({"seed":"7"})", TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, tail.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_name(), absl::StrCat("samplingPlans/", plan.id()));
  EXPECT_EQ(events[0].after_json(), absl::StrCat(R"({"assignment_ids":[")", stored[0].id(),
                                                 R"(",")", stored[1].id(), R"("],"seed":"7"})"));
  EXPECT_THAT(repository().InsertAssignments(plan.id(), {NewAssignment(first, "A1", "Q2")}, "{}",
                                             TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kAborted));
  ESCALA_ASSERT_OK_AND_ASSIGN(events, tail.Next());
  EXPECT_THAT(events, IsEmpty());
}

TEST_P(AssignmentRepositorySqlContract, SkipWritesOneEventNamingTheReplacement) {
  const v1::SamplingPlan plan = StorePlan();
  const int64_t skipped = AddInteraction("A1", Monday() + 10 * kHour);
  AddInteraction("A1", Monday() + 11 * kHour);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<v1::Assignment> stored,
      repository().InsertAssignments(plan.id(), {NewAssignment(skipped, "A1", "Q1")}, "{}",
                                     TestStamp(), TestNow()));
  db::SkipRequest request;
  request.assignment_id = stored[0].id();
  request.reason = "Call recording missing";
  request.evaluator_employee_id = "Q1";
  request.choose = [](const std::vector<db::ReplacementCandidate>& candidates,
                      const v1::Assignment&) {
    return candidates.empty() ? std::optional<int64_t>()
                              : std::optional<int64_t>(candidates.front().interaction_id);
  };
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail tail, AuditTail::Start(database().pool()));
  ESCALA_ASSERT_OK_AND_ASSIGN(db::SkipResult result,
                              repository().Skip(request, TestStamp(), TestNow(5)));
  ASSERT_TRUE(result.replacement.has_value());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, tail.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_name(), absl::StrCat("assignments/", stored[0].id()));
  EXPECT_EQ(events[0].before_json(), R"({"state":"ASSIGNMENT_STATE_OPEN","skip_reason":null})");
  EXPECT_EQ(
      events[0].after_json(),
      absl::StrCat(R"({"state":"ASSIGNMENT_STATE_SKIPPED","skip_reason":"Call recording missing",)",
                   R"("replacement_assignment_id":")", result.replacement->id(), R"("})"));
  // A refused skip writes nothing.
  EXPECT_THAT(repository().Skip(request, TestStamp(), TestNow(6)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ESCALA_ASSERT_OK_AND_ASSIGN(events, tail.Next());
  EXPECT_THAT(events, IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Backends, AssignmentRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, AssignmentRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
