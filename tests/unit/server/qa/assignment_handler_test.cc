// AssignmentHandler with in-memory repositories: scope, the checks of a new plan, what
// generation reads, stores and reports, and the QA averages.
#include "server/qa/assignment_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/qa/sampling.h"
#include "server/qa/scoring/scorecard_coverage.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/audited_fakes.h"
#include "tests/testing/fakes/fake_assignment_repository.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_evaluation_repository.h"
#include "tests/testing/fakes/fake_interaction_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_scorecard_repository.h"
#include "tests/testing/fakes/fake_team_repository.h"
#include "tests/testing/fakes/manual_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_scorecards.h"

namespace escala::server {
namespace {

using ::escala::testing::IsOk;
using ::escala::testing::Reason;
using ::escala::testing::StatusIs;
using ::testing::HasSubstr;

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kWeek = 7 * 24 * kHour;

int64_t Monday() {
  return absl::ToUnixMillis(absl::FromCivil(absl::CivilDay(2026, 11, 2), absl::UTCTimeZone()));
}

// A card of `scorecard_id` meant for `channels` (empty: every channel).
v1::Scorecard CardFor(const std::string& scorecard_id, std::vector<v1::Channel> channels) {
  v1::Scorecard card = ::escala::testing::GreetToneCard(scorecard_id);
  for (v1::Channel channel : channels) card.add_channels(channel);
  return card;
}

v1::Person Person(const std::string& id, v1::Role role, const std::string& team,
                  bool active = true) {
  v1::Person person;
  person.set_employee_id(id);
  person.set_role(role);
  person.set_team_id(team);
  person.set_active(active);
  return person;
}

CallContext Call(const std::string& employee_id, v1::Role role, const std::string& team,
                 Scope scope) {
  CallContext call;
  call.caller.principal = "people/" + employee_id;
  call.caller.employee_id = employee_id;
  call.caller.role = role;
  call.caller.team_id = team;
  call.scope = scope;
  return call;
}

class AssignmentHandlerTest : public ::testing::Test {
 protected:
  AssignmentHandlerTest()
      : assignments_(audit_, &interactions_, &evaluations_, &people_),
        cache_(scorecards_, clock_.AsClock()),
        handler_(assignments_, people_, teams_, cache_, audit_, clock_.AsClock()) {
    for (const char* team_id : {"t1", "t2"}) {
      v1::Team team;
      team.set_team_id(team_id);
      teams_.Add(team);
    }
    // "calls" covers every channel; "written" only phone, email and chat.
    scorecards_.Put(CardFor("calls", {}), v1::SCORECARD_STATE_PUBLISHED);
    scorecards_.Put(CardFor("written", {v1::CHANNEL_PHONE, v1::CHANNEL_EMAIL, v1::CHANNEL_CHAT}),
                    v1::SCORECARD_STATE_PUBLISHED);
    for (const v1::Person& p :
         {Person("A1", v1::ROLE_AGENT, "t1"), Person("A2", v1::ROLE_SPECIALIST, "t1"),
          Person("B1", v1::ROLE_AGENT, "t2"), Person("L1", v1::ROLE_TEAM_LEAD, "t1"),
          Person("Q1", v1::ROLE_QA_ANALYST, "t1"), Person("Q2", v1::ROLE_QA_ANALYST, "t2"),
          Person("QX", v1::ROLE_QA_ANALYST, "t1", false), Person("T1", v1::ROLE_TRAINER, "t1")}) {
      people_.Add(p);
    }
  }

  v1::CreateSamplingPlanRequest PlanRequest(const std::string& team) {
    v1::CreateSamplingPlanRequest request;
    v1::SamplingPlan* plan = request.mutable_plan();
    plan->set_display_name("Weekly");
    plan->set_team_id(team);
    plan->set_per_agent_per_week(2);
    plan->set_scorecard_id("calls");
    plan->add_evaluator_employee_ids("Q1");
    plan->add_evaluator_employee_ids("Q2");
    return request;
  }

  v1::GenerateAssignmentsRequest GenerateRequest(int64_t plan_id, int weeks, bool dry_run) {
    v1::GenerateAssignmentsRequest request;
    request.set_plan_id(plan_id);
    *request.mutable_period_start_time() = db::MillisToTimestamp(Monday());
    *request.mutable_period_end_time() = db::MillisToTimestamp(Monday() + weeks * kWeek);
    request.set_seed(3);
    request.set_dry_run(dry_run);
    return request;
  }

  // A plan stored as it is, without CreateSamplingPlan's checks: one made before its card's
  // published version narrowed the channels.
  int64_t StoredPlan(const std::string& scorecard_id, std::vector<v1::Channel> channels) {
    v1::SamplingPlan plan = PlanRequest("t1").plan();
    plan.set_scorecard_id(scorecard_id);
    for (v1::Channel channel : channels) plan.add_channels(channel);
    plan.set_id(static_cast<int64_t>(assignments_.plan_count()) + 1);
    assignments_.AddPlan(plan);
    return plan.id();
  }

  // Stores interaction `id` of `agent` starting at `start_ms` on `channel`.
  void AddInteraction(int64_t id, const std::string& agent, int64_t start_ms, int channel) {
    v1::Interaction interaction;
    interaction.set_id(id);
    interaction.set_agent_employee_id(agent);
    *interaction.mutable_start_time() = db::MillisToTimestamp(start_ms);
    interaction.set_channel(static_cast<v1::Channel>(channel));
    interactions_.Add(interaction);
  }

  // Assigns `interaction_id` (an interaction of A1 in the week of Monday()) in `plan_id` to
  // `evaluator`; returns the assignment's id.
  int64_t Assign(int64_t plan_id, int64_t interaction_id, const std::string& evaluator = "Q1") {
    v1::Assignment assignment;
    assignment.set_interaction_id(interaction_id);
    assignment.set_agent_employee_id("A1");
    assignment.set_evaluator_employee_id(evaluator);
    assignment.set_scorecard_id("calls");
    *assignment.mutable_week_start_time() = db::MillisToTimestamp(Monday());
    absl::StatusOr<std::vector<v1::Assignment>> stored =
        assignments_.InsertAssignments(plan_id, {assignment}, "{}", db::AuditStamp(), clock_.Now());
    EXPECT_THAT(stored, IsOk());
    return stored.ok() && !stored->empty() ? stored->front().id() : 0;
  }

  // A submitted evaluation of `interaction_id` (of `agent`) with `score`.
  void AddSubmitted(int64_t id, int64_t interaction_id, const std::string& agent, double score) {
    v1::Evaluation evaluation;
    evaluation.set_id(id);
    evaluation.set_interaction_id(interaction_id);
    evaluation.set_agent_employee_id(agent);
    evaluation.set_evaluator_employee_id("Q1");
    evaluation.set_state(v1::EVALUATION_STATE_SUBMITTED);
    evaluation.set_score(score);
    *evaluation.mutable_submit_time() = db::MillisToTimestamp(Monday());
    evaluations_.Add(evaluation);
  }

  // A1's week of 2026-11-02: two contacts on each channel, phone first, one every 6 hours.
  void OneWeekOnEveryChannel() {
    int64_t id = 1;
    for (int channel = v1::CHANNEL_PHONE; channel <= v1::CHANNEL_WEB_FORM; ++channel) {
      for (int i = 0; i < 2; ++i, ++id)
        AddInteraction(id, "A1", Monday() + id * 6 * kHour, channel);
    }
  }

  testing::ManualClock clock_;
  ::escala::testing::FakeInteractionRepository interactions_;
  ::escala::testing::FakeEvaluationRepository evaluations_;
  ::escala::testing::FakeAuditRepository audit_;
  testing::FakePeopleRepository people_;
  ::escala::testing::AuditedAssignmentRepository assignments_;
  ::escala::testing::FakeTeamRepository teams_;
  ::escala::testing::FakeScorecardRepository scorecards_;
  ScorecardCache cache_;
  AssignmentHandler handler_;
  const CallContext qa_ = Call("Q1", v1::ROLE_QA_ANALYST, "t1", Scope::kAll);
  const CallContext lead_ = Call("L1", v1::ROLE_TEAM_LEAD, "t1", Scope::kTeam);
};

TEST_F(AssignmentHandlerTest, ATeamLeadPlansOnlyForTheirOwnTeam) {
  EXPECT_THAT(handler_.CreateSamplingPlan(lead_, PlanRequest("t1")), IsOk());
  EXPECT_THAT(handler_.CreateSamplingPlan(lead_, PlanRequest("t2")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("plan.team_id")));
  v1::CreateSamplingPlanRequest agents = PlanRequest("");
  agents.mutable_plan()->add_agent_employee_ids("A1");
  agents.mutable_plan()->add_agent_employee_ids("B1");
  EXPECT_THAT(handler_.CreateSamplingPlan(lead_, agents),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("plan.agent_employee_ids[1]: 'B1' not found")));
  EXPECT_THAT(handler_.CreateSamplingPlan(qa_, agents), IsOk());
}

TEST_F(AssignmentHandlerTest, APlanNeedsRealEvaluatorsAgentsTeamAndAPublishedScorecard) {
  v1::CreateSamplingPlanRequest request = PlanRequest("t1");
  request.mutable_plan()->set_evaluator_employee_ids(1, "T1");
  EXPECT_THAT(
      handler_.CreateSamplingPlan(qa_, request),
      StatusIs(
          absl::StatusCode::kFailedPrecondition,
          HasSubstr("plan.evaluator_employee_ids[1]: 'T1' is a ROLE_TRAINER; evaluators must be")));
  request.mutable_plan()->set_evaluator_employee_ids(1, "QX");
  EXPECT_THAT(handler_.CreateSamplingPlan(qa_, request),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("'QX' is not active")));
  request.mutable_plan()->set_evaluator_employee_ids(1, "Q404");
  EXPECT_THAT(handler_.CreateSamplingPlan(qa_, request),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("'Q404' is not in the people directory")));
  EXPECT_THAT(handler_.CreateSamplingPlan(qa_, PlanRequest("t9")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("plan.team_id: team 't9' does not exist")));
  v1::CreateSamplingPlanRequest draft_card = PlanRequest("t1");
  draft_card.mutable_plan()->set_scorecard_id("drafty");
  EXPECT_THAT(handler_.CreateSamplingPlan(qa_, draft_card),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("plan.scorecard_id")));
  v1::CreateSamplingPlanRequest unknown_agent = PlanRequest("");
  unknown_agent.mutable_plan()->add_agent_employee_ids("Z9");
  EXPECT_THAT(
      handler_.CreateSamplingPlan(qa_, unknown_agent),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("plan.agent_employee_ids[0]")));
  EXPECT_EQ(assignments_.plan_count(), 0u);
}

TEST_F(AssignmentHandlerTest, ARequestIdReplaysTheOriginalPlanAndRefusesAnotherPayload) {
  v1::CreateSamplingPlanRequest request = PlanRequest("t1");
  request.set_request_id("plan-req-1");
  absl::StatusOr<v1::SamplingPlan> first = handler_.CreateSamplingPlan(qa_, request);
  ASSERT_THAT(first, IsOk());
  absl::StatusOr<v1::SamplingPlan> replay = handler_.CreateSamplingPlan(qa_, request);
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->id(), first->id());
  EXPECT_EQ(assignments_.plan_count(), 1u);
  // Another payload, or another caller, with the same request_id is refused.
  v1::CreateSamplingPlanRequest other = request;
  other.mutable_plan()->set_display_name("Another plan");
  EXPECT_THAT(handler_.CreateSamplingPlan(qa_, other),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id: 'plan-req-1'")));
  EXPECT_THAT(handler_.CreateSamplingPlan(lead_, request),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  // Without a request_id, every call creates.
  request.clear_request_id();
  ASSERT_THAT(handler_.CreateSamplingPlan(qa_, request), IsOk());
  EXPECT_EQ(assignments_.plan_count(), 2u);
  request.set_request_id(std::string(65, 'x'));
  EXPECT_THAT(handler_.CreateSamplingPlan(qa_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
}

TEST_F(AssignmentHandlerTest, GenerateReportsEveryAgentWeekAndStoresOnce) {
  ASSERT_THAT(handler_.CreateSamplingPlan(qa_, PlanRequest("t1")), IsOk());
  // A1: five in week one, one of them evaluated and one assigned earlier (to an evaluator
  // outside the plan, so that Q1 and Q2 have no open work); nothing in week two. A2: one in
  // week one. Team members who are not agents (L1, Q1, T1) are not sampled.
  for (const auto& [id, agent, hours, channel] :
       std::vector<std::tuple<int64_t, std::string, int64_t, int>>{{1, "A1", 1, 3},
                                                                   {2, "A1", 20, 3},
                                                                   {3, "A1", 40, 3},
                                                                   {4, "A1", 60, 1},
                                                                   {5, "A1", 80, 1},
                                                                   {6, "A2", 5, 3}}) {
    AddInteraction(id, agent, Monday() + hours * kHour, channel);
  }
  v1::Evaluation evaluated;
  evaluated.set_id(1);
  evaluated.set_interaction_id(2);
  evaluated.set_agent_employee_id("A1");
  evaluated.set_evaluator_employee_id("QX");
  evaluated.set_state(v1::EVALUATION_STATE_DRAFT);
  evaluations_.Add(evaluated);
  Assign(1, 3, "QX");
  const int inserts = assignments_.insert_calls;
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateAssignmentsResponse preview,
                              handler_.GenerateAssignments(qa_, GenerateRequest(1, 2, true)));
  EXPECT_EQ(assignments_.insert_calls, inserts);
  std::set<std::string> agents(assignments_.asked_agents.begin(), assignments_.asked_agents.end());
  EXPECT_EQ(agents, (std::set<std::string>{"A1", "A2"}));
  ASSERT_EQ(preview.quotas_size(), 4);
  // Sorted by agent, then week.
  EXPECT_EQ(preview.quotas(0).agent_employee_id(), "A1");
  EXPECT_EQ(preview.quotas(0).wanted(), 2);
  EXPECT_EQ(preview.quotas(0).available(), 3);  // 1, 4, 5
  EXPECT_EQ(preview.quotas(0).assigned(), 2);   // 3 from before, one new
  EXPECT_EQ(preview.quotas(1).available(), 0);
  EXPECT_EQ(preview.quotas(1).assigned(), 0);
  EXPECT_EQ(preview.quotas(2).agent_employee_id(), "A2");
  EXPECT_EQ(preview.quotas(2).assigned(), 1);  // short of 2
  ASSERT_EQ(preview.assignments_size(), 2);
  std::set<std::string> evaluators;
  for (const v1::Assignment& a : preview.assignments()) {
    EXPECT_NE(a.interaction_id(), 2);
    EXPECT_NE(a.interaction_id(), 3);
    EXPECT_EQ(a.id(), 0);
    EXPECT_EQ(a.scorecard_id(), "calls");
    evaluators.insert(a.evaluator_employee_id());
  }
  EXPECT_EQ(evaluators.size(), 2u) << "two draws, two evaluators without open work";

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateAssignmentsResponse stored,
                              handler_.GenerateAssignments(qa_, GenerateRequest(1, 2, false)));
  EXPECT_EQ(assignments_.insert_calls, inserts + 1);
  EXPECT_THAT(assignments_.audit_detail, HasSubstr(R"("seed":"3")"));
  ASSERT_EQ(stored.assignments_size(), 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(stored.assignments(i).interaction_id(), preview.assignments(i).interaction_id());
    EXPECT_GT(stored.assignments(i).id(), 0);
  }
}

TEST_F(AssignmentHandlerTest, APlanListingAChannelItsCardDoesNotCoverIsRefusedNamingIt) {
  v1::CreateSamplingPlanRequest request = PlanRequest("t1");
  request.mutable_plan()->set_scorecard_id("written");
  request.mutable_plan()->add_channels(v1::CHANNEL_CHAT);
  request.mutable_plan()->add_channels(v1::CHANNEL_WEB_FORM);
  request.mutable_plan()->add_channels(v1::CHANNEL_SOCIAL);
  const absl::StatusOr<v1::SamplingPlan> refused = handler_.CreateSamplingPlan(qa_, request);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      ::escala::testing::FieldViolations(refused),
      ::testing::ElementsAre("plan.channels[1]: scorecard 'written' v1 has no criterion for "
                             "web-form contacts (it covers phone, email, chat)",
                             "plan.channels[2]: scorecard 'written' v1 has no criterion for "
                             "social contacts (it covers phone, email, chat)"));
  EXPECT_EQ(assignments_.plan_count(), 0u);

  // Only covered channels, or none at all (generation then keeps to the covered ones).
  request.mutable_plan()->mutable_channels()->RemoveLast();
  request.mutable_plan()->mutable_channels()->RemoveLast();
  EXPECT_THAT(handler_.CreateSamplingPlan(qa_, request), IsOk());
  request.mutable_plan()->clear_channels();
  EXPECT_THAT(handler_.CreateSamplingPlan(qa_, request), IsOk());
  // A card for every channel takes any.
  request.mutable_plan()->set_scorecard_id("calls");
  request.mutable_plan()->add_channels(v1::CHANNEL_WEB_FORM);
  EXPECT_THAT(handler_.CreateSamplingPlan(qa_, request), IsOk());
}

TEST_F(AssignmentHandlerTest, GenerateDrawsNoInteractionOnAChannelTheCardDoesNotCover) {
  v1::CreateSamplingPlanRequest request = PlanRequest("t1");
  request.mutable_plan()->set_scorecard_id("written");
  request.mutable_plan()->set_per_agent_per_week(10);  // more than there is: every candidate
  ASSERT_THAT(handler_.CreateSamplingPlan(qa_, request), IsOk());
  OneWeekOnEveryChannel();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateAssignmentsResponse response,
                              handler_.GenerateAssignments(qa_, GenerateRequest(1, 1, false)));
  EXPECT_EQ(assignments_.asked_channels,
            (std::vector<int>{v1::CHANNEL_PHONE, v1::CHANNEL_EMAIL, v1::CHANNEL_CHAT}))
      << "the channel filter goes to the query";
  std::multiset<int> drawn;
  for (const v1::Assignment& a : response.assignments()) drawn.insert(a.channel());
  EXPECT_EQ(drawn, (std::multiset<int>{v1::CHANNEL_PHONE, v1::CHANNEL_PHONE, v1::CHANNEL_EMAIL,
                                       v1::CHANNEL_EMAIL, v1::CHANNEL_CHAT, v1::CHANNEL_CHAT}));
  ASSERT_EQ(response.quotas_size(), 2);
  EXPECT_EQ(response.quotas(0).agent_employee_id(), "A1");
  EXPECT_EQ(response.quotas(0).available(), 6) << "social and web-form contacts are not available";
}

TEST_F(AssignmentHandlerTest, GenerateFollowsTheCurrentlyPublishedVersion) {
  ASSERT_THAT(handler_.CreateSamplingPlan(qa_, PlanRequest("t1")), IsOk());  // "calls", all
  // An older plan that lists web-form only, on the card that does not cover it.
  const int64_t web_only = StoredPlan("written", {v1::CHANNEL_WEB_FORM});
  OneWeekOnEveryChannel();
  // Version 2 of "calls" is meant for chat alone.
  scorecards_.Mutable("calls", 1).set_state(v1::SCORECARD_STATE_SUPERSEDED);
  scorecards_.Put(CardFor("calls", {v1::CHANNEL_CHAT}), v1::SCORECARD_STATE_PUBLISHED);
  cache_.Invalidate("calls");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateAssignmentsResponse chat,
                              handler_.GenerateAssignments(qa_, GenerateRequest(1, 1, true)));
  ASSERT_EQ(chat.assignments_size(), 2);
  for (const v1::Assignment& a : chat.assignments()) EXPECT_EQ(a.channel(), v1::CHANNEL_CHAT);

  const int reads = assignments_.plan_interaction_reads;
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::GenerateAssignmentsResponse none,
      handler_.GenerateAssignments(qa_, GenerateRequest(web_only, 1, false)));
  EXPECT_EQ(none.assignments_size(), 0);
  EXPECT_EQ(assignments_.insert_calls, 0);
  EXPECT_EQ(assignments_.plan_interaction_reads, reads) << "nothing to read on no channel";
  ASSERT_EQ(none.quotas_size(), 2);
  EXPECT_EQ(none.quotas(0).wanted(), 2);
  EXPECT_EQ(none.quotas(0).available(), 0) << "the shortfall shows";

  // A retired card has no published version to draw for.
  for (v1::Scorecard& version : scorecards_.cards.at("calls")) {
    version.set_state(v1::SCORECARD_STATE_RETIRED);
  }
  cache_.Invalidate("calls");
  EXPECT_THAT(handler_.GenerateAssignments(qa_, GenerateRequest(1, 1, true)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("scorecard 'calls'")));
}

TEST_F(AssignmentHandlerTest, AReplacementKeepsToTheCoveredChannels) {
  const int64_t covered = StoredPlan("written", {});
  const int64_t uncovered = StoredPlan("written", {v1::CHANNEL_SOCIAL});
  for (int64_t id : {1, 2, 3}) AddInteraction(id, "A1", Monday() + id * kHour, v1::CHANNEL_CHAT);
  v1::SkipAssignmentRequest skip;
  skip.set_id(Assign(covered, 1));
  skip.set_reason("No audio");
  const CallContext q1 = Call("Q1", v1::ROLE_QA_ANALYST, "t1", Scope::kOwn);
  ASSERT_THAT(handler_.SkipAssignment(q1, skip), IsOk());
  EXPECT_EQ(assignments_.last_skip.channels,
            (std::vector<int>{v1::CHANNEL_PHONE, v1::CHANNEL_EMAIL, v1::CHANNEL_CHAT}));
  EXPECT_TRUE(static_cast<bool>(assignments_.last_skip.choose));

  // On no covered channel, or without a published card, the skip stands alone.
  skip.set_id(Assign(uncovered, 2));
  ASSERT_THAT(handler_.SkipAssignment(q1, skip), IsOk());
  EXPECT_FALSE(static_cast<bool>(assignments_.last_skip.choose));
  skip.set_id(Assign(covered, 3));
  scorecards_.Mutable("written", 1).set_state(v1::SCORECARD_STATE_RETIRED);
  cache_.Invalidate("written");
  ASSERT_THAT(handler_.SkipAssignment(q1, skip), IsOk());
  EXPECT_FALSE(static_cast<bool>(assignments_.last_skip.choose));
}

TEST_F(AssignmentHandlerTest, ATeamLeadGeneratesOnlyTheirTeamsPlans) {
  ASSERT_THAT(handler_.CreateSamplingPlan(qa_, PlanRequest("t2")), IsOk());
  EXPECT_THAT(handler_.GenerateAssignments(lead_, GenerateRequest(1, 1, true)),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("sampling plan 1 not found")));
  EXPECT_THAT(handler_.GenerateAssignments(qa_, GenerateRequest(1, 14, true)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("period_end_time: must be at most 13 weeks")));
}

TEST_F(AssignmentHandlerTest, ATeamLeadReadsOnlyTheirTeamsPlans) {
  // Plans 1 and 3 belong to the lead's team t1, plan 2 to t2.
  ASSERT_THAT(handler_.CreateSamplingPlan(qa_, PlanRequest("t1")), IsOk());
  ASSERT_THAT(handler_.CreateSamplingPlan(qa_, PlanRequest("t2")), IsOk());
  ASSERT_THAT(handler_.CreateSamplingPlan(qa_, PlanRequest("t1")), IsOk());
  v1::GetSamplingPlanRequest get;
  get.set_id(2);
  EXPECT_THAT(handler_.GetSamplingPlan(lead_, get),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("sampling plan 2 not found")));
  EXPECT_THAT(handler_.GetSamplingPlan(qa_, get), IsOk());
  get.set_id(3);
  EXPECT_THAT(handler_.GetSamplingPlan(lead_, get), IsOk());

  // A page of one at a time: the lead's pages skip plan 2 and still reach plan 3.
  v1::ListSamplingPlansRequest list;
  list.set_page_size(1);
  std::vector<int64_t> seen;
  do {
    absl::StatusOr<v1::ListSamplingPlansResponse> page = handler_.ListSamplingPlans(lead_, list);
    ASSERT_THAT(page, IsOk());
    for (const v1::SamplingPlan& plan : page->plans()) seen.push_back(plan.id());
    list.set_page_token(page->next_page_token());
  } while (!list.page_token().empty());
  EXPECT_THAT(seen, ::testing::ElementsAre(1, 3));
  list.clear_page_token();
  list.set_page_size(10);
  absl::StatusOr<v1::ListSamplingPlansResponse> all = handler_.ListSamplingPlans(qa_, list);
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->plans_size(), 3);
}

TEST_F(AssignmentHandlerTest, ListAssignmentsNarrowsAnOwnScopeToTheCallersQueue) {
  v1::ListAssignmentsRequest request;
  request.set_evaluator_employee_id("me");
  ASSERT_THAT(handler_.ListAssignments(qa_, request), IsOk());
  EXPECT_EQ(assignments_.last_filter.evaluator_employee_id, "Q1");
  const CallContext own = Call("L1", v1::ROLE_TEAM_LEAD, "t1", Scope::kOwn);
  ASSERT_THAT(handler_.ListAssignments(own, v1::ListAssignmentsRequest()), IsOk());
  EXPECT_EQ(assignments_.last_filter.evaluator_employee_id, "L1");
  request.set_evaluator_employee_id("Q1");
  assignments_.last_filter = {};
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListAssignmentsResponse other,
                              handler_.ListAssignments(own, request));
  EXPECT_EQ(other.assignments_size(), 0);
  EXPECT_EQ(assignments_.last_filter.evaluator_employee_id, "") << "the repository was not asked";
}

TEST_F(AssignmentHandlerTest, OnlyTheEvaluatorSkipsAndTheReplacementRulesFollowThePlan) {
  v1::CreateSamplingPlanRequest request = PlanRequest("t1");
  request.mutable_plan()->set_stratify_by_channel(true);
  request.mutable_plan()->add_channels(v1::CHANNEL_CHAT);
  ASSERT_THAT(handler_.CreateSamplingPlan(qa_, request), IsOk());
  AddInteraction(1, "A1", Monday() + 10 * kHour, v1::CHANNEL_CHAT);
  v1::SkipAssignmentRequest skip;
  skip.set_id(Assign(1, 1));
  skip.set_reason("No audio");
  const CallContext q2 = Call("Q2", v1::ROLE_QA_ANALYST, "t2", Scope::kOwn);
  EXPECT_THAT(handler_.SkipAssignment(q2, skip), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_THAT(handler_.SkipAssignment(Call("Q1", v1::ROLE_QA_ANALYST, "t1", Scope::kOwn), skip),
              IsOk());
  EXPECT_TRUE(assignments_.last_skip.same_channel);
  EXPECT_EQ(assignments_.last_skip.channels, std::vector<int>{v1::CHANNEL_CHAT});
  EXPECT_EQ(assignments_.last_skip.evaluator_employee_id, "Q1");
  // The chooser takes the candidate nearest in time to the skipped interaction.
  v1::Assignment skipped;
  *skipped.mutable_interaction_start_time() = db::MillisToTimestamp(Monday() + 10 * kHour);
  EXPECT_EQ(
      assignments_.last_skip.choose({{11, Monday(), 3}, {12, Monday() + 9 * kHour, 3}}, skipped),
      12);
  EXPECT_EQ(assignments_.last_skip.choose({}, skipped), std::nullopt);
  skip.clear_reason();
  EXPECT_THAT(handler_.SkipAssignment(qa_, skip),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
}

TEST_F(AssignmentHandlerTest, AveragesCarryTheClampedIntervalAndTheBand) {
  AddSubmitted(1, 1, "A1", 100);
  AddSubmitted(2, 2, "A1", 100);
  AddSubmitted(3, 3, "A1", 90);
  AddSubmitted(4, 4, "A2", 64);
  v1::ListAgentQaSummariesRequest request;
  request.set_confidence_level(0.99);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListAgentQaSummariesResponse response,
                              handler_.ListAgentQaSummaries(qa_, request));
  ASSERT_EQ(response.summaries_size(), 2);
  const v1::AgentQaSummary& a1 = response.summaries(0);
  EXPECT_EQ(a1.evaluations(), 3);
  EXPECT_NEAR(a1.mean_score(), 96.6667, 1e-4);
  EXPECT_NEAR(a1.standard_deviation(), 5.7735, 1e-4);
  EXPECT_DOUBLE_EQ(a1.ci_high(), 100.0);  // 96.7 + 9.925 × 5.77 / √3 is far above 100
  EXPECT_NEAR(a1.ci_low(), 96.6667 - 9.9248 * 5.7735 / std::sqrt(3.0), 1e-2);
  EXPECT_EQ(a1.band(), v1::QUALITY_BAND_ABOVE_EXPECTATIONS);
  const v1::AgentQaSummary& a2 = response.summaries(1);
  EXPECT_EQ(a2.band(), v1::QUALITY_BAND_BASIC);
  EXPECT_FALSE(a2.has_standard_deviation());
  EXPECT_FALSE(a2.has_ci_low());

  ASSERT_THAT(handler_.ListAgentQaSummaries(Call("A1", v1::ROLE_AGENT, "t1", Scope::kOwn), {}),
              IsOk());
  EXPECT_EQ(assignments_.last_scores_filter.agent_employee_id, "A1");
  ASSERT_THAT(handler_.ListAgentQaSummaries(lead_, {}), IsOk());
  EXPECT_EQ(assignments_.last_scores_filter.team_id, "t1");
}

// ---- request_id on GenerateAssignments and SkipAssignment (AIP-155) ----

CallContext Calling(CallContext call, const std::string& method) {
  call.method = absl::StrCat("escala.v1.AssignmentService/", method);
  return call;
}

std::vector<int64_t> AssignmentIds(const v1::GenerateAssignmentsResponse& response) {
  std::vector<int64_t> ids;
  for (const v1::Assignment& assignment : response.assignments()) ids.push_back(assignment.id());
  return ids;
}

TEST_F(AssignmentHandlerTest, AGenerationReplayAnswersTheOriginalAssignmentsWithoutDrawing) {
  ASSERT_THAT(handler_.CreateSamplingPlan(qa_, PlanRequest("t1")), IsOk());
  OneWeekOnEveryChannel();
  const CallContext qa = Calling(qa_, "GenerateAssignments");
  v1::GenerateAssignmentsRequest request = GenerateRequest(1, 1, false);
  request.set_request_id("gen-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateAssignmentsResponse first,
                              handler_.GenerateAssignments(qa, request));
  ASSERT_GT(first.assignments_size(), 0);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateAssignmentsResponse replay,
                              handler_.GenerateAssignments(qa, request));
  EXPECT_EQ(assignments_.insert_calls, 1) << "the replay stored nothing";
  EXPECT_EQ(AssignmentIds(replay), AssignmentIds(first));
  ASSERT_EQ(replay.quotas_size(), first.quotas_size());
  EXPECT_EQ(replay.quotas(0).wanted(), first.quotas(0).wanted());
  EXPECT_EQ(audit_.CountEvents(qa.method, "gen-1"), 1);

  // Another seed under the same request_id is another request.
  request.set_seed(4);
  const absl::StatusOr<v1::GenerateAssignmentsResponse> reused =
      handler_.GenerateAssignments(qa, request);
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(Reason(reused), "REQUEST_ID_REUSED");

  // Another caller's request_id is theirs: their call is not a replay of the first. It runs,
  // finds every agent-week's quota met by the first call and draws nothing, so it answers no
  // assignments where a replay would answer the first call's.
  request.set_seed(3);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::GenerateAssignmentsResponse other,
      handler_.GenerateAssignments(
          Calling(Call("M1", v1::ROLE_MANAGER, "", Scope::kAll), "GenerateAssignments"), request));
  EXPECT_EQ(other.assignments_size(), 0);
  EXPECT_EQ(assignments_.insert_calls, 1);

  // Without a request_id the call runs again, likewise finding nothing left to draw.
  request.clear_request_id();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateAssignmentsResponse again,
                              handler_.GenerateAssignments(qa, request));
  EXPECT_EQ(again.assignments_size(), 0);
}

TEST_F(AssignmentHandlerTest, ASkipReplayAnswersTheSameReplacement) {
  v1::CreateSamplingPlanRequest plan = PlanRequest("t1");
  plan.mutable_plan()->add_channels(v1::CHANNEL_CHAT);
  ASSERT_THAT(handler_.CreateSamplingPlan(qa_, plan), IsOk());
  AddInteraction(1, "A1", Monday() + 10 * kHour, v1::CHANNEL_CHAT);
  AddInteraction(2, "A1", Monday() + 14 * kHour, v1::CHANNEL_CHAT);
  const int64_t assignment = Assign(1, 1);
  const CallContext q1 =
      Calling(Call("Q1", v1::ROLE_QA_ANALYST, "t1", Scope::kOwn), "SkipAssignment");
  v1::SkipAssignmentRequest skip;
  skip.set_id(assignment);
  skip.set_reason("No audio");
  skip.set_request_id("skip-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SkipAssignmentResponse first, handler_.SkipAssignment(q1, skip));
  ASSERT_TRUE(first.has_replacement());
  EXPECT_EQ(first.replacement().interaction_id(), 2);
  // A contact nearer in time: a second skip would pick it, a replay must not.
  AddInteraction(3, "A1", Monday() + 11 * kHour, v1::CHANNEL_CHAT);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SkipAssignmentResponse replay, handler_.SkipAssignment(q1, skip));
  EXPECT_EQ(replay.replacement().id(), first.replacement().id());
  EXPECT_EQ(replay.replacement().interaction_id(), 2);
  EXPECT_EQ(replay.skipped().id(), first.skipped().id());
  EXPECT_EQ(assignments_.skip_calls, 1);
  EXPECT_EQ(audit_.CountEvents(q1.method, "skip-1"), 1);

  skip.set_reason("No audio at all");
  EXPECT_THAT(handler_.SkipAssignment(q1, skip), StatusIs(absl::StatusCode::kAlreadyExists));
  // Without a request_id a retry is refused as before: the assignment is not OPEN any more.
  skip.clear_request_id();
  EXPECT_THAT(handler_.SkipAssignment(q1, skip), StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace escala::server
