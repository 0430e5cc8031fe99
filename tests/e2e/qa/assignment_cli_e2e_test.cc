// Sampling plans, review queues and QA averages through the real escala CLI against the real
// escala-server, on each backend: plan → generate → queue → skip with replacement → averages.
// The published scorecard is stored through the scorecard repository and the submitted
// evaluations with SQL, as the scorecard and evaluation services would have stored them.

#include <google/protobuf/util/json_util.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "escala/v1/assignments.pb.h"
#include "escala/v1/identity.pb.h"
#include "escala/v1/interactions.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/qa/scoring/scorecard_coverage.h"
#include "tests/e2e/harness/assignment_world.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_scorecards.h"

namespace escala::testing {
namespace {

using ::escala::testing::IsOkAndHolds;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kHeader[] =
    "source_system,source_id,channel,direction,queue,priority,agent_employee_id,start_time\n";

template <typename Message>
Message FromJson(const std::string& json) {
  Message message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &message, options).ok()) << json;
  return message;
}

class AssignmentCliEndToEndTest : public ServerUnderTestFixture {
 protected:
  // A published scorecard "calls" for the plans, meant for phone and chat contacts, written
  // before the server caches anything.
  void SeedDatabase() override {
    v1::Scorecard card = GreetToneCard("calls");
    card.add_channels(v1::CHANNEL_PHONE);
    card.add_channels(v1::CHANNEL_CHAT);
    const absl::Status seeded = SeedPublishedScorecard(database().pool(), card);
    ASSERT_TRUE(seeded.ok()) << seeded;
  }

  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ExpectOk(Cli({"teams", "create", "--team-id", "t1", "--display-name", "Team one"}));
    for (const auto& [id, role] : std::map<std::string, std::string>{{"A1", "agent"},
                                                                     {"A2", "agent"},
                                                                     {"Q1", "qa-analyst"},
                                                                     {"Q2", "qa-analyst"},
                                                                     {"L1", "team-lead"}}) {
      ExpectOk(Cli({"people", "create", "--employee-id", id, "--display-name",
                    absl::StrCat("Person ", id), "--role", role, "--level", "1", "--team", "t1"}));
      ProcessResult token =
          Cli({"--output", "json", "tokens", "create", "--principal", absl::StrCat("people/", id)});
      ExpectOk(token);
      tokens_[id] = FromJson<v1::CreateTokenResponse>(token.out).secret();
    }
    // Week of 2026-11-02: ten contacts per agent (chat and phone) and one email of A1 that the
    // plan's channel filter leaves out; week of 2026-11-09: two per agent.
    std::string csv = kHeader;
    for (const std::string agent : {"A1", "A2"}) {
      for (int i = 0; i < 10; ++i) {
        absl::StrAppend(&csv, "pbx,", agent, "-w1-", i, ",", i % 3 == 0 ? "phone" : "chat",
                        ",inbound,q,low,", agent, ",2026-11-0", 2 + i / 2, "T", 10 + (i % 2) * 4,
                        ":00:00Z\n");
      }
      for (int i = 0; i < 2; ++i) {
        absl::StrAppend(&csv, "pbx,", agent, "-w2-", i, ",chat,inbound,q,low,", agent, ",2026-11-1",
                        i, "T09:00:00Z\n");
      }
    }
    absl::StrAppend(&csv, "mail,A1-email,email,inbound,q,low,A1,2026-11-03T08:00:00Z\n");
    const std::string path = server_->dir().File("week.csv");
    WriteFile(path, csv);
    ExpectOk(Cli({"interactions", "import", path}));
  }

  ProcessResult Cli(const std::vector<std::string>& args) { return server_->Cli(args); }
  ProcessResult As(const std::string& who, const std::vector<std::string>& args) {
    return server_->CliAs(tokens_.at(who), args);
  }
  void ExpectOk(const ProcessResult& r) {
    EXPECT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  }

  // A plan of team t1 by Q1: three per agent per week, chat and phone, evaluators Q1 and Q2.
  int64_t CreatePlan() {
    ProcessResult r = As("Q1", {"--output", "json", "plans", "create", "--name", "Weekly calls",
                                "--team", "t1", "--per-week", "3", "--channels", "chat;phone",
                                "--scorecard", "calls", "--evaluators", "Q1;Q2"});
    ExpectOk(r);
    return FromJson<v1::SamplingPlan>(r.out).id();
  }

  v1::ListAssignmentsResponse Queue(const std::string& who) {
    ProcessResult r = As(who, {"--output", "json", "queue"});
    ExpectOk(r);
    return FromJson<v1::ListAssignmentsResponse>(r.out);
  }

  // A submitted evaluation as EvaluationService stores it (state 2).
  void AddSubmittedEvaluation(int64_t interaction_id, const std::string& agent,
                              const std::string& evaluator, double score) {
    ASSERT_TRUE(
        database()
            .Execute(absl::StrCat(
                "INSERT INTO evaluations (interaction_id, agent_employee_id, team_id, "
                "evaluator_employee_id,"
                " scorecard_id, scorecard_version, state, score, band, request_id, detail_json, "
                "create_ms,"
                " update_ms, submit_ms, acknowledge_ms, dispute_deadline_ms, version) VALUES (",
                interaction_id, ", '", agent, "', 't1', '", evaluator, "', 'calls', 1, 2, ", score,
                ", 0, NULL, '{}', 0, 0, ", absl::ToUnixMillis(absl::Now()), ", NULL, NULL, 1)"))
            .ok());
  }

  std::map<std::string, std::string> tokens_;
};

TEST_P(AssignmentCliEndToEndTest, ARepeatedRequestIdReturnsTheSamePlanOnce) {
  const std::vector<std::string> create = {"--output",     "json",  "plans",        "create",
                                           "--name",       "Retry", "--team",       "t1",
                                           "--per-week",   "3",     "--scorecard",  "calls",
                                           "--evaluators", "Q1;Q2", "--request-id", "retry-plan-1"};
  ProcessResult first = As("Q1", create);
  ExpectOk(first);
  ProcessResult again = As("Q1", create);
  ExpectOk(again);
  EXPECT_EQ(FromJson<v1::SamplingPlan>(again.out).id(), FromJson<v1::SamplingPlan>(first.out).id());
  EXPECT_EQ(FromJson<v1::SamplingPlan>(again.out).display_name(), "Retry");
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM sampling_plans"), IsOkAndHolds(1));
  EXPECT_THAT(database().QueryInt(
                  "SELECT COUNT(*) FROM audit_events WHERE resource_type = 'sampling_plan'"),
              IsOkAndHolds(1));
  // The same key for another plan is refused, naming it.
  std::vector<std::string> other = create;
  other[5] = "Another";
  ProcessResult refused = As("Q1", other);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("ALREADY_EXISTS: request_id: 'retry-plan-1'"));
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM sampling_plans"), IsOkAndHolds(1));
}

TEST_P(AssignmentCliEndToEndTest, PlanGenerateQueueSkipAndAverages) {
  const int64_t plan = CreatePlan();
  ASSERT_GT(plan, 0);
  ProcessResult show = As("Q2", {"plans", "show", absl::StrCat(plan)});
  ExpectOk(show);
  EXPECT_THAT(show.out, HasSubstr("3 per agent per week"));
  EXPECT_THAT(show.out, HasSubstr("chat;phone"));

  const std::vector<std::string> generate = {"assignments", "generate",   absl::StrCat(plan),
                                             "--from",      "2026-11-02", "--until",
                                             "2026-11-16",  "--seed",     "42"};
  std::vector<std::string> dry_run = generate;
  dry_run.push_back("--dry-run");
  ProcessResult preview = As("Q1", dry_run);
  ExpectOk(preview);
  EXPECT_THAT(preview.out,
              HasSubstr("Dry run: would assign 10 interaction(s); 2 agent-week(s) below quota."));
  EXPECT_TRUE(Queue("Q1").assignments().empty()) << "a dry run stores nothing";

  std::vector<std::string> dry_run_json = dry_run;
  dry_run_json.insert(dry_run_json.begin(), {"--output", "json"});
  ProcessResult preview_json = As("Q1", dry_run_json);
  ExpectOk(preview_json);
  std::set<int64_t> previewed;
  const auto preview_reply = FromJson<v1::GenerateAssignmentsResponse>(preview_json.out);
  for (const v1::Assignment& a : preview_reply.assignments()) previewed.insert(a.interaction_id());
  ProcessResult first = As("Q1", generate);
  ExpectOk(first);
  EXPECT_THAT(first.out, HasSubstr("Assigned 10 interaction(s); 2 agent-week(s) below quota."));
  ProcessResult stored =
      As("Q2", {"--output", "json", "assignments", "list", "--plan", absl::StrCat(plan)});
  ExpectOk(stored);
  std::set<int64_t> assigned;
  const auto stored_list = FromJson<v1::ListAssignmentsResponse>(stored.out);
  for (const v1::Assignment& a : stored_list.assignments()) assigned.insert(a.interaction_id());
  EXPECT_EQ(assigned, previewed) << "the same seed and data give the same sample";
  ProcessResult again = As("Q1", generate);
  ExpectOk(again);
  EXPECT_THAT(again.out, HasSubstr("Assigned 0 interaction(s)"));

  // Balanced: five each, none of the email.
  const v1::ListAssignmentsResponse q1 = Queue("Q1");
  const v1::ListAssignmentsResponse q2 = Queue("Q2");
  EXPECT_EQ(q1.assignments_size(), 5);
  EXPECT_EQ(q2.assignments_size(), 5);
  for (const v1::Assignment& a : q1.assignments()) {
    EXPECT_EQ(a.evaluator_employee_id(), "Q1");
    EXPECT_NE(a.channel(), v1::CHANNEL_EMAIL);
    EXPECT_EQ(a.scorecard_id(), "calls");
  }
  ProcessResult table = As("Q1", {"queue"});
  ExpectOk(table);
  EXPECT_THAT(table.out, HasSubstr("INTERACTION"));
  EXPECT_THAT(table.out,
              HasSubstr(absl::StrCat("escala evaluate ", q1.assignments(0).interaction_id())));

  // Skip one of the first week: a replacement of the same agent and week joins Q1's queue.
  const v1::Assignment* to_skip = nullptr;
  for (const v1::Assignment& a : q1.assignments()) {
    if (a.week_start_time().seconds() ==
        absl::ToUnixSeconds(absl::FromCivil(absl::CivilDay(2026, 11, 2), absl::UTCTimeZone()))) {
      to_skip = &a;
      break;
    }
  }
  ASSERT_NE(to_skip, nullptr);
  ProcessResult not_mine =
      As("Q2", {"assignments", "skip", absl::StrCat(to_skip->id()), "--reason", "x"});
  EXPECT_EQ(not_mine.exit_code, 1);
  EXPECT_THAT(not_mine.err, HasSubstr("NOT_FOUND"));
  ProcessResult skip = As("Q1", {"--output", "json", "assignments", "skip",
                                 absl::StrCat(to_skip->id()), "--reason", "Recording is missing"});
  ExpectOk(skip);
  const auto skipped = FromJson<v1::SkipAssignmentResponse>(skip.out);
  EXPECT_EQ(skipped.skipped().state(), v1::ASSIGNMENT_STATE_SKIPPED);
  ASSERT_TRUE(skipped.has_replacement());
  EXPECT_EQ(skipped.replacement().replaces_assignment_id(), to_skip->id());
  EXPECT_EQ(skipped.replacement().agent_employee_id(), to_skip->agent_employee_id());
  EXPECT_EQ(skipped.replacement().week_start_time().seconds(),
            to_skip->week_start_time().seconds());
  EXPECT_NE(skipped.replacement().interaction_id(), to_skip->interaction_id());
  ProcessResult twice =
      As("Q1", {"assignments", "skip", absl::StrCat(to_skip->id()), "--reason", "again"});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_THAT(twice.err, HasSubstr("FAILED_PRECONDITION"));
  const v1::ListAssignmentsResponse after_skip = Queue("Q1");
  ASSERT_EQ(after_skip.assignments_size(), 5);
  bool has_replacement = false;
  for (const v1::Assignment& a : after_skip.assignments()) {
    EXPECT_NE(a.id(), to_skip->id());
    has_replacement |= a.id() == skipped.replacement().id();
  }
  EXPECT_TRUE(has_replacement);
  ProcessResult skipped_list =
      As("Q2", {"--output", "csv", "assignments", "list", "--state", "skipped"});
  ExpectOk(skipped_list);
  EXPECT_THAT(skipped_list.out, HasSubstr("Recording is missing"));

  // A submitted evaluation makes the assignment done and takes it off its evaluator's queue.
  const v1::Assignment* evaluated = nullptr;
  for (const v1::ListAssignmentsResponse* queue : {&after_skip, &q2}) {
    for (const v1::Assignment& a : queue->assignments()) {
      if (evaluated == nullptr && a.agent_employee_id() == "A2") evaluated = &a;
    }
  }
  ASSERT_NE(evaluated, nullptr);
  const std::string evaluator = evaluated->evaluator_employee_id();
  const int queued = Queue(evaluator).assignments_size();
  AddSubmittedEvaluation(evaluated->interaction_id(), "A2", evaluator, 82);
  EXPECT_EQ(Queue(evaluator).assignments_size(), queued - 1);
  ProcessResult done = As("Q2", {"--output", "json", "assignments", "list", "--state", "done"});
  ExpectOk(done);
  const auto done_list = FromJson<v1::ListAssignmentsResponse>(done.out);
  ASSERT_EQ(done_list.assignments_size(), 1);
  EXPECT_EQ(done_list.assignments(0).id(), evaluated->id());
  EXPECT_GT(done_list.assignments(0).evaluation_id(), 0);

  // Averages: A1 gets 70, 80, 90, 85, 75 (t(0.975, 4) = 2.776 → 70.2–89.8).
  ProcessResult a1 = Cli({"--output", "json", "interactions", "list", "--agent", "A1"});
  ExpectOk(a1);
  const auto a1_interactions = FromJson<v1::ListInteractionsResponse>(a1.out);
  ASSERT_GE(a1_interactions.interactions_size(), 5);
  const double scores[] = {70, 80, 90, 85, 75};
  for (int i = 0; i < 5; ++i)
    AddSubmittedEvaluation(a1_interactions.interactions(i).id(), "A1", "Q2", scores[i]);
  ProcessResult averages = As("L1", {"qa", "averages", "--team", "t1"});
  ExpectOk(averages);
  EXPECT_THAT(averages.out, HasSubstr("CI 95%"));
  EXPECT_THAT(averages.out, HasSubstr("80.0"));
  EXPECT_THAT(averages.out, HasSubstr("70.2–89.8"));
  EXPECT_THAT(averages.out, HasSubstr("good"));
  ProcessResult ninety = As("L1", {"qa", "averages", "--agent", "A1", "--confidence", "0.9"});
  ExpectOk(ninety);
  EXPECT_THAT(ninety.out, HasSubstr("72.5–87.5"));  // t(0.95, 4) = 2.132
  ProcessResult own = As("Q1", {"--output", "json", "qa", "averages"});
  ExpectOk(own);
  const auto summaries = FromJson<v1::ListAgentQaSummariesResponse>(own.out);
  ASSERT_EQ(summaries.summaries_size(), 2);
  EXPECT_EQ(summaries.summaries(0).agent_employee_id(), "A1");
  EXPECT_EQ(summaries.summaries(0).evaluations(), 5);
  EXPECT_EQ(summaries.summaries(1).evaluations(), 1);
  EXPECT_FALSE(summaries.summaries(1).has_ci_low());
  ProcessResult bad = As("L1", {"qa", "averages", "--confidence", "0.5"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("confidence_level: must be between 0.80 and 0.99"));
}

TEST_P(AssignmentCliEndToEndTest, PlanRulesAreNamedInTheError) {
  ProcessResult both = As("Q1", {"plans", "create", "--name", "x", "--team", "t1", "--agents", "A1",
                                 "--per-week", "2", "--scorecard", "calls", "--evaluators", "Q1"});
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_THAT(
      both.err,
      HasSubstr("plan.team_id: exactly one of team_id and agent_employee_ids must be given"));
  ProcessResult agent_evaluator =
      As("Q1", {"plans", "create", "--name", "x", "--team", "t1", "--per-week", "2", "--scorecard",
                "calls", "--evaluators", "Q1;A2"});
  EXPECT_EQ(agent_evaluator.exit_code, 1);
  EXPECT_THAT(agent_evaluator.err,
              HasSubstr("plan.evaluator_employee_ids[1]: 'A2' is a ROLE_AGENT"));
  ProcessResult unpublished =
      As("Q1", {"plans", "create", "--name", "x", "--team", "t1", "--percent", "10", "--scorecard",
                "nope", "--evaluators", "Q1"});
  EXPECT_EQ(unpublished.exit_code, 1);
  EXPECT_THAT(unpublished.err,
              HasSubstr("plan.scorecard_id: scorecard 'nope' has no published version"));
  const int64_t plan = CreatePlan();
  ProcessResult tuesday = As("Q1", {"assignments", "generate", absl::StrCat(plan), "--from",
                                    "2026-11-03", "--until", "2026-11-16"});
  EXPECT_EQ(tuesday.exit_code, 1);
  EXPECT_THAT(tuesday.err, HasSubstr("INVALID_ARGUMENT: --from: must be a Monday 00:00 UTC"));
  ProcessResult agent = As("A1", {"queue"});
  EXPECT_EQ(agent.exit_code, 1);
  EXPECT_THAT(agent.err, HasSubstr("PERMISSION_DENIED"));
}

TEST_P(AssignmentCliEndToEndTest, GeneratedAssignmentsAreOnlyOnChannelsTheCardCovers) {
  // Web-form and social contacts of both agents in both weeks, besides the phone, chat and email
  // ones of SetUp: the "calls" card covers phone and chat only.
  std::string csv = kHeader;
  for (const std::string agent : {"A1", "A2"}) {
    for (int i = 0; i < 4; ++i) {
      absl::StrAppend(&csv, "web,", agent, "-w1-", i, ",", i % 2 == 0 ? "web-form" : "social",
                      ",inbound,q,low,", agent, ",2026-11-0", 3 + i, "T11:00:00Z\n");
      absl::StrAppend(&csv, "web,", agent, "-w2-", i, ",web-form,inbound,q,low,", agent,
                      ",2026-11-1", i, "T11:00:00Z\n");
    }
  }
  const std::string path = server_->dir().File("forms.csv");
  WriteFile(path, csv);
  ExpectOk(Cli({"interactions", "import", path}));
  ProcessResult shown = As("Q1", {"--output", "json", "scorecards", "show", "calls"});
  ExpectOk(shown);
  const auto card = FromJson<v1::Scorecard>(shown.out);
  ASSERT_EQ(card.channels_size(), 2) << shown.out;

  // A plan that names no channel is accepted; it asks for more than there is, so it draws every
  // contact it may: the 12 phone and chat contacts of each agent, none of the others.
  ProcessResult created =
      As("Q1", {"--output", "json", "plans", "create", "--name", "Everything", "--team", "t1",
                "--per-week", "100", "--scorecard", "calls", "--evaluators", "Q1;Q2"});
  ExpectOk(created);
  const int64_t plan = FromJson<v1::SamplingPlan>(created.out).id();
  ASSERT_GT(plan, 0);
  ProcessResult generated =
      As("Q1", {"--output", "json", "assignments", "generate", absl::StrCat(plan), "--from",
                "2026-11-02", "--until", "2026-11-16", "--seed", "7"});
  ExpectOk(generated);
  const auto response = FromJson<v1::GenerateAssignmentsResponse>(generated.out);
  EXPECT_EQ(response.assignments_size(), 24);
  ProcessResult stored =
      As("Q2", {"--output", "json", "assignments", "list", "--plan", absl::StrCat(plan)});
  ExpectOk(stored);
  const auto listed = FromJson<v1::ListAssignmentsResponse>(stored.out);
  EXPECT_EQ(listed.assignments_size(), 24);
  std::set<int> channels;
  for (const v1::Assignment& a : listed.assignments()) {
    EXPECT_TRUE(server::CoversChannel(card, a.channel()))
        << "assignment " << a.id() << " on " << v1::Channel_Name(a.channel());
    channels.insert(a.channel());
  }
  EXPECT_EQ(channels, (std::set<int>{v1::CHANNEL_PHONE, v1::CHANNEL_CHAT}));
  for (const v1::QuotaResult& quota : response.quotas()) {
    EXPECT_EQ(quota.available(), quota.assigned()) << "only covered contacts count as available";
  }

  // A skipped one is replaced by a covered contact too, when one is left: none is, here.
  const v1::ListAssignmentsResponse queue = Queue("Q1");
  ASSERT_GT(queue.assignments_size(), 0);
  const v1::Assignment& first = queue.assignments(0);
  ProcessResult skip = As("Q1", {"--output", "json", "assignments", "skip",
                                 absl::StrCat(first.id()), "--reason", "No audio"});
  ExpectOk(skip);
  EXPECT_FALSE(FromJson<v1::SkipAssignmentResponse>(skip.out).has_replacement())
      << "the web-form and social contacts of the week are no replacement";

  // Naming an uncovered channel is refused, with the field and the rule.
  ProcessResult refused =
      As("Q1", {"plans", "create", "--name", "Forms", "--team", "t1", "--per-week", "2",
                "--channels", "chat;web-form", "--scorecard", "calls", "--evaluators", "Q1"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err,
              HasSubstr("INVALID_ARGUMENT: plan.channels[1]: scorecard 'calls' v1 has no criterion "
                        "for web-form contacts (it covers phone, chat)"));
}

INSTANTIATE_TEST_SUITE_P(Backends, AssignmentCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
