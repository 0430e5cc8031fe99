// escala-demo, the real binary, loading the demo department into the real escala-server twice, on
// each backend: the QA work (evaluations with acknowledgements and disputes, the sampling plan's
// assignments, the calibration sessions) lands once with the counts the plan says, and the second
// load changes nothing and succeeds. Then the "try it" commands of tools/run.sh work through the
// real CLI with the demo tokens.

#include <google/protobuf/util/json_util.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "client/qa/scorecard_file.h"
#include "escala/v1/assignments.grpc.pb.h"
#include "escala/v1/calibration.grpc.pb.h"
#include "escala/v1/certifications.pb.h"
#include "escala/v1/enrolments.pb.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/promotion_eligibility.pb.h"
#include "escala/v1/reports.pb.h"
#include "escala/v1/training_recommendations.pb.h"
#include "escala/v1/training_sessions.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/qa/scoring/scorecard_coverage.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_paths.h"
#include "tools/demo/demo_certification_plan.h"
#include "tools/demo/demo_qa_plan.h"
#include "tools/demo/demo_scorecard_files.h"
#include "tools/demo/demo_training_plan.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;

// Small, so that a load takes a second; the end is a Wednesday, so both plan weeks have contacts.
const std::vector<std::string> kDemoFlags = {"--seed",    "7",   "--days", "21",
                                             "--per-day", "150", "--end",  "2026-11-25"};

demo::DemoOptions DemoOptionsOfFlags() {
  demo::DemoOptions options;
  options.seed = 7;
  options.days = 21;
  options.interactions_per_day = 150;
  options.end = absl::FromCivil(absl::CivilDay(2026, 11, 25), absl::UTCTimeZone());
  return options;
}

struct Counts {
  int evaluations = 0;
  std::map<int, int> by_state;
  int assignments = 0;
  int open_assignments = 0;
  // Assignments per interaction channel.
  std::map<int, int> assignments_by_channel;
  int plans = 0;
  int closed_sessions = 0;
  int open_sessions = 0;
};

class DemoEndToEndTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
  }

  ProcessResult LoadDemo(bool with_tokens) {
    std::vector<std::string> argv = {DemoBinary(), "--server", server_->address(), "--token",
                                     server_->admin_token()};
    argv.insert(argv.end(), kDemoFlags.begin(), kDemoFlags.end());
    if (with_tokens) argv.push_back("--demo_tokens_file=" + server_->dir().File("demo-tokens.txt"));
    return RunProcess(argv);
  }

  // role -> token, from the file escala-demo wrote.
  std::map<std::string, std::string> DemoTokens() {
    std::map<std::string, std::string> tokens;
    std::istringstream in(ReadFile(server_->dir().File("demo-tokens.txt")));
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
      tokens[words.front()] = words.back();
    }
    return tokens;
  }

  Counts Count(const std::string& analyst_token) {
    Counts counts;
    const std::shared_ptr<grpc::Channel> channel = PlaintextChannel(server_->address());
    auto evaluations = NewStub<v1::EvaluationService>(channel);
    v1::ListEvaluationsRequest list;
    list.set_page_size(100);
    do {
      grpc::ClientContext context;
      Authorize(context, analyst_token);
      v1::ListEvaluationsResponse page;
      const grpc::Status status = evaluations->ListEvaluations(&context, list, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::Evaluation& e : page.evaluations()) {
        ++counts.evaluations;
        ++counts.by_state[e.state()];
      }
      list.set_page_token(page.next_page_token());
    } while (!list.page_token().empty());

    auto assignments = NewStub<v1::AssignmentService>(channel);
    v1::ListAssignmentsRequest alist;
    alist.set_page_size(100);
    do {
      grpc::ClientContext context;
      Authorize(context, analyst_token);
      v1::ListAssignmentsResponse page;
      const grpc::Status status = assignments->ListAssignments(&context, alist, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::Assignment& a : page.assignments()) {
        ++counts.assignments;
        ++counts.assignments_by_channel[a.channel()];
        if (a.state() == v1::ASSIGNMENT_STATE_OPEN) ++counts.open_assignments;
      }
      alist.set_page_token(page.next_page_token());
    } while (!alist.page_token().empty());
    {
      grpc::ClientContext context;
      Authorize(context, analyst_token);
      v1::ListSamplingPlansResponse plans;
      EXPECT_TRUE(assignments->ListSamplingPlans(&context, {}, &plans).ok());
      counts.plans = plans.plans_size();
    }

    auto calibration = NewStub<v1::CalibrationService>(channel);
    grpc::ClientContext context;
    Authorize(context, analyst_token);
    v1::ListCalibrationSessionsResponse sessions;
    EXPECT_TRUE(calibration->ListCalibrationSessions(&context, {}, &sessions).ok());
    for (const v1::CalibrationSession& s : sessions.sessions()) {
      if (s.state() == v1::CALIBRATION_STATE_CLOSED) ++counts.closed_sessions;
      if (s.state() == v1::CALIBRATION_STATE_OPEN) ++counts.open_sessions;
    }
    return counts;
  }
};

TEST_P(DemoEndToEndTest, LoadsTheQaWorkOnceAndASecondLoadChangesNothing) {
  const ProcessResult first = LoadDemo(true);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_THAT(first.out, HasSubstr("2 disputed, 1 disputes resolved"));
  EXPECT_THAT(first.out, HasSubstr("\": created; "));
  EXPECT_THAT(first.out, HasSubstr("8 scores submitted, closed"));
  EXPECT_THAT(first.out, HasSubstr("1 scores submitted, open"));
  // The catalogue and the sessions, two of them closed.
  const demo::DemoTrainingPlan training =
      demo::PlanDemoTraining(demo::GenerateDemoData(DemoOptionsOfFlags()), DemoOptionsOfFlags());
  ASSERT_FALSE(training.courses.empty());
  EXPECT_THAT(first.out, HasSubstr(absl::StrCat("training: ", training.courses.size(),
                                                " courses written by people/")));
  EXPECT_THAT(first.out, HasSubstr(absl::StrCat(training.sessions.size(),
                                                " sessions scheduled, 2 of them closed")));

  const demo::DemoData data = demo::GenerateDemoData(DemoOptionsOfFlags());
  const demo::DemoScorecardFile& file = demo::DemoScorecardFiles().front();
  const absl::StatusOr<v1::Scorecard> card = client::ParseScorecardJson(file.json, file.name);
  ASSERT_TRUE(card.ok()) << card.status();
  const demo::DemoQaPlan plan = demo::PlanDemoQa(data, DemoOptionsOfFlags(), *card);
  int acknowledged = 0;
  for (const demo::DemoEvaluation& e : plan.evaluations) {
    if (e.response == demo::DemoAgentResponse::kAcknowledge) ++acknowledged;
  }
  ASSERT_GT(plan.evaluations.size(), 0u);

  const std::map<std::string, std::string> tokens = DemoTokens();
  ASSERT_TRUE(tokens.contains("qa_analyst") && tokens.contains("team_lead"));
  const Counts before = Count(tokens.at("qa_analyst"));
  EXPECT_EQ(before.evaluations, static_cast<int>(plan.evaluations.size()));
  EXPECT_EQ(before.by_state.at(v1::EVALUATION_STATE_ACKNOWLEDGED), acknowledged);
  EXPECT_EQ(before.by_state.at(v1::EVALUATION_STATE_DISPUTED), 1);
  EXPECT_EQ(before.by_state.at(v1::EVALUATION_STATE_DISPUTE_RESOLVED), 1);
  EXPECT_EQ(before.plans, 1);
  EXPECT_GT(before.assignments, 0);
  EXPECT_EQ(before.open_assignments, before.assignments);
  // Every assignment is on a channel the card has criteria for (the demo has web-form and social
  // contacts too, which the customer-contact card is not meant for).
  for (const auto& [channel, count] : before.assignments_by_channel) {
    EXPECT_TRUE(server::CoversChannel(*card, static_cast<v1::Channel>(channel)))
        << count << " assignment(s) on " << v1::Channel_Name(channel);
  }
  EXPECT_EQ(before.closed_sessions, 1);
  EXPECT_EQ(before.open_sessions, 1);
  // The demo's evaluations fail some criteria, and the QA report names them.
  google::protobuf::util::JsonParseOptions lenient;
  lenient.ignore_unknown_fields = true;
  const ProcessResult qa =
      server_->CliAs(tokens.at("qa_analyst"),
                     {"--output", "json", "report", "qa", "--department", "--period", "range"});
  ASSERT_EQ(qa.exit_code, 0) << qa.err;
  v1::QaReport qa_report;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(qa.out, &qa_report, lenient).ok())
      << qa.out;
  ASSERT_GE(qa_report.criteria_size(), 1) << qa.out;
  EXPECT_GT(qa_report.criteria(0).failed(), 0) << qa.out;

  const ProcessResult second = LoadDemo(false);
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_THAT(second.out, HasSubstr("evaluations: 0 submitted"));
  EXPECT_THAT(second.out, HasSubstr("0 acknowledged, 0 disputed, 0 disputes resolved"));
  EXPECT_THAT(second.out, HasSubstr("already present; 0 assignments generated"));
  // The QA → training rules found people to recommend courses to, and a second load found the
  // same ones (its run replays the first).
  const auto recommended = [](const std::string& out) {
    const size_t at = out.find(" courses recommended from the QA results");
    if (at == std::string::npos) return -1;
    const size_t from = out.rfind(' ', at - 1) + 1;
    return std::stoi(out.substr(from, at - from));
  };
  EXPECT_GT(recommended(first.out), 0) << first.out;
  EXPECT_EQ(recommended(second.out), recommended(first.out)) << second.out;
  // Nothing scheduled twice: the sessions' request_ids replay the first load's.
  EXPECT_THAT(second.out, HasSubstr(absl::StrCat(
                              "training: 0 courses written by people/", training.author_employee_id,
                              " (", training.courses.size(), " already present), ",
                              training.sessions.size(), " sessions scheduled, 2 of them closed")));
  const Counts after = Count(tokens.at("qa_analyst"));
  EXPECT_EQ(after.evaluations, before.evaluations);
  EXPECT_EQ(after.by_state, before.by_state);
  EXPECT_EQ(after.assignments, before.assignments);
  EXPECT_EQ(after.plans, 1);
  EXPECT_EQ(after.closed_sessions, 1);
  EXPECT_EQ(after.open_sessions, 1);

  // What tools/run.sh suggests trying.
  const std::string& lead = tokens.at("team_lead");
  const std::string& analyst = tokens.at("qa_analyst");
  ProcessResult queue = server_->CliAs(lead, {"queue"});
  EXPECT_EQ(queue.exit_code, 0) << queue.err;
  EXPECT_THAT(queue.out, HasSubstr("customer-contact"));
  // The lead's queue, as `escala queue` shows it: nothing the card does not cover.
  ProcessResult queue_json = server_->CliAs(lead, {"--output", "json", "queue"});
  ASSERT_EQ(queue_json.exit_code, 0) << queue_json.err;
  v1::ListAssignmentsResponse queued;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(queue_json.out, &queued, lenient).ok())
      << queue_json.out;
  ASSERT_GT(queued.assignments_size(), 0);
  for (const v1::Assignment& a : queued.assignments()) {
    EXPECT_TRUE(server::CoversChannel(*card, a.channel()))
        << "assignment " << a.id() << " on " << v1::Channel_Name(a.channel());
  }
  ProcessResult plans = server_->CliAs(analyst, {"plans", "list"});
  EXPECT_EQ(plans.exit_code, 0) << plans.err;
  EXPECT_THAT(plans.out, HasSubstr("phone;email;chat"));
  // Scoring the first interaction of the queue completes its assignment.
  const std::vector<std::string> rows = absl::StrSplit(queue.out, '\n', absl::SkipEmpty());
  ASSERT_GE(rows.size(), 2u) << queue.out;
  const std::vector<std::string> first_row = absl::StrSplit(rows[1], ' ', absl::SkipEmpty());
  ASSERT_GE(first_row.size(), 2u) << rows[1];
  const std::string answers = server_->dir().File("answers.json");
  WriteFile(answers,
            R"({"answers": [{"criterionKey": "greeting", "value": 1},
              {"criterionKey": "verify-identity", "value": 1},
              {"criterionKey": "discovery", "value": 4}, {"criterionKey": "accuracy", "value": 5},
              {"criterionKey": "ownership", "value": 8}, {"criterionKey": "summary", "value": 1},
              {"criterionKey": "tone", "value": 5}], "overallComment": "Clear and friendly"})");
  ProcessResult evaluate =
      server_->CliAs(lead, {"evaluate", first_row[1], "--answers", answers, "--submit"});
  EXPECT_EQ(evaluate.exit_code, 0) << evaluate.out << evaluate.err;
  EXPECT_EQ(Count(analyst).open_assignments, after.open_assignments - 1);
  ProcessResult disputes = server_->CliAs(lead, {"disputes", "list"});
  EXPECT_EQ(disputes.exit_code, 0) << disputes.err;
  for (const demo::DemoEvaluation& e : plan.evaluations) {
    if (e.response == demo::DemoAgentResponse::kDisputeOpen) {
      EXPECT_THAT(disputes.out, HasSubstr(e.agent_employee_id));
      EXPECT_THAT(disputes.out, HasSubstr(e.disputed_criterion));
    }
  }
  ProcessResult averages = server_->CliAs(lead, {"qa", "averages"});
  EXPECT_EQ(averages.exit_code, 0) << averages.err;
  EXPECT_THAT(averages.out, HasSubstr("CI"));
  ProcessResult evaluations = server_->CliAs(tokens.at("agent"), {"evaluations", "list"});
  EXPECT_EQ(evaluations.exit_code, 0) << evaluations.err;
  EXPECT_THAT(evaluations.out, HasSubstr("disputed"));
  ProcessResult results = server_->CliAs(analyst, {"calibration", "results", "1"});
  EXPECT_EQ(results.exit_code, 0) << results.err;
  EXPECT_THAT(results.out, HasSubstr("benchmark expert"));
  ProcessResult leniency = server_->CliAs(analyst, {"calibration", "leniency"});
  EXPECT_EQ(leniency.exit_code, 0) << leniency.err;
  EXPECT_THAT(leniency.out, HasSubstr("most lenient"));

  // The trainer's view: the catalogue and every session once.
  ASSERT_TRUE(tokens.contains("trainer"));
  const std::string& trainer = tokens.at("trainer");
  ProcessResult courses = server_->CliAs(trainer, {"courses", "list"});
  EXPECT_EQ(courses.exit_code, 0) << courses.err;
  for (const v1::Course& course : training.courses) {
    EXPECT_THAT(courses.out, HasSubstr(course.course_id()));
  }
  ProcessResult sessions_json = server_->CliAs(trainer, {"--output", "json", "sessions", "list"});
  ASSERT_EQ(sessions_json.exit_code, 0) << sessions_json.err;
  v1::ListTrainingSessionsResponse sessions;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(sessions_json.out, &sessions, lenient).ok())
      << sessions_json.out;
  EXPECT_EQ(sessions.training_sessions_size(), static_cast<int>(training.sessions.size()));
  int closed = 0;
  for (const v1::TrainingSession& s : sessions.training_sessions()) {
    if (s.state() == v1::TRAINING_SESSION_STATE_CLOSED) ++closed;
  }
  EXPECT_EQ(closed, 2);
  const ProcessResult recommendations =
      server_->CliAs(trainer, {"--output", "json", "training", "recommendations", "--all"});
  ASSERT_EQ(recommendations.exit_code, 0) << recommendations.err;
  v1::ListTrainingRecommendationsResponse listed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(recommendations.out, &listed, lenient).ok())
      << recommendations.out;
  EXPECT_EQ(listed.recommendations_size(), recommended(first.out));
  for (const v1::TrainingRecommendation& r : listed.recommendations()) {
    EXPECT_GT(r.evidence_size(), 0) << r.id();
  }
}

// With the window ending today, the coming sessions take their learners: the two-seat session
// books two and waitlists the demo agent, the approval session has one approved and one asking.
TEST_P(DemoEndToEndTest, EnrolsTheLearnersOfTheComingSessionsOnce) {
  demo::DemoOptions options;
  options.seed = 7;
  options.days = 2;
  options.interactions_per_day = 20;
  const std::string today =
      absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()));
  options.end =
      absl::FromCivil(absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()), absl::UTCTimeZone());
  const demo::DemoTrainingPlan training =
      demo::PlanDemoTraining(demo::GenerateDemoData(options), options);
  int enrolments = 0;
  for (const demo::DemoTrainingSession& s : training.sessions) enrolments += s.enrolments.size();
  ASSERT_GE(enrolments, 5);
  const std::string expected =
      absl::StrCat("enrolments: ", enrolments - 2, " booked, 1 waitlisted, 1 awaiting approval");
  const std::vector<std::string> argv = {
      DemoBinary(),
      "--server",
      server_->address(),
      "--token",
      server_->admin_token(),
      "--seed",
      "7",
      "--days",
      "2",
      "--per-day",
      "20",
      "--end",
      today,
      "--demo_tokens_file=" + server_->dir().File("demo-tokens.txt")};
  const ProcessResult first = RunProcess(argv);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_THAT(first.out, HasSubstr(expected));

  // The demo agent: booked in one session, first in the queue of the two-seat one.
  const std::map<std::string, std::string> tokens = DemoTokens();
  ASSERT_TRUE(tokens.contains("agent") && tokens.contains("trainer"));
  const ProcessResult mine =
      server_->CliAs(tokens.at("agent"), {"--output", "json", "enrolments", "list"});
  ASSERT_EQ(mine.exit_code, 0) << mine.err;
  v1::ListEnrolmentsResponse own;
  google::protobuf::util::JsonParseOptions lenient;
  lenient.ignore_unknown_fields = true;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(mine.out, &own, lenient).ok())
      << mine.out;
  std::map<int, int> positions;  // state -> waitlist position
  for (const v1::Enrolment& e : own.enrolments()) positions[e.state()] = e.waitlist_position();
  EXPECT_EQ(own.enrolments_size(), 2) << mine.out;
  EXPECT_EQ(positions.count(v1::ENROLMENT_STATE_BOOKED), 1u) << mine.out;
  EXPECT_EQ(positions[v1::ENROLMENT_STATE_WAITLISTED], 1) << mine.out;

  // The trainer's roster of the two-seat session.
  int64_t two_seats = 0;
  for (const v1::Enrolment& e : own.enrolments()) {
    if (e.state() == v1::ENROLMENT_STATE_WAITLISTED) two_seats = e.training_session_id();
  }
  ASSERT_GT(two_seats, 0);
  const ProcessResult roster =
      server_->CliAs(tokens.at("trainer"), {"sessions", "roster", absl::StrCat(two_seats)});
  EXPECT_EQ(roster.exit_code, 0) << roster.err;
  EXPECT_THAT(roster.out, HasSubstr("waitlisted"));
  EXPECT_THAT(roster.out, HasSubstr("booked"));
  // The request that waits for the trainer's approval.
  const ProcessResult requested = server_->CliAs(
      tokens.at("trainer"), {"--output", "json", "enrolments", "list", "--state", "requested"});
  ASSERT_EQ(requested.exit_code, 0) << requested.err;
  v1::ListEnrolmentsResponse waiting;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(requested.out, &waiting, lenient).ok());
  EXPECT_EQ(waiting.enrolments_size(), 1) << requested.out;

  // The training history: certifications held, two expiring within 30 days, one expired, and
  // partial progress on the agents' path, all from the imported completions.
  const demo::DemoCertificationPlan certifications =
      demo::PlanDemoCertifications(demo::GenerateDemoData(options), options);
  ASSERT_GE(certifications.history.size(), 7u);
  EXPECT_THAT(first.out, HasSubstr(absl::StrCat(
                             "certifications: 2 certifications and 1 learning paths written; "
                             "training history: ",
                             certifications.history.size(),
                             " completions imported (0 already "
                             "present)")));
  const ProcessResult expiring =
      server_->CliAs(tokens.at("trainer"), {"--output", "json", "certifications", "expiring"});
  ASSERT_EQ(expiring.exit_code, 0) << expiring.err;
  v1::ListExpiringCertificationsResponse soon;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(expiring.out, &soon, lenient).ok())
      << expiring.out;
  int expired = 0, within_30_days = 0;
  for (const v1::CertificationStatus& s : soon.statuses()) {
    if (s.state() == v1::CERTIFICATION_STATE_EXPIRED) ++expired;
    if (s.state() != v1::CERTIFICATION_STATE_EXPIRED && s.days_to_expiry() >= 0 &&
        s.days_to_expiry() < 30) {
      ++within_30_days;
    }
  }
  EXPECT_GE(expired, 1) << expiring.out;
  EXPECT_GE(within_30_days, 2) << expiring.out;
  // The demo agent's own: certified, the yearly one expiring soon, on the path partly done.
  const ProcessResult status = server_->CliAs(tokens.at("agent"), {"certifications", "status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("L1-CUSTOMER-CONTACT"));
  EXPECT_THAT(server_->CliAs(tokens.at("agent"), {"certifications", "expiring"}).out,
              HasSubstr("L1-CUSTOMER-CONTACT"));
  const ProcessResult progress = server_->CliAs(tokens.at("agent"), {"paths", "progress"});
  ASSERT_EQ(progress.exit_code, 0) << progress.err;
  EXPECT_THAT(progress.out, HasSubstr("L1-AGENT-PATH"));
  EXPECT_THAT(progress.out, HasSubstr("L1-ROLEPLAY-110"));
  // One of the three required courses done.
  EXPECT_THAT(progress.out, HasSubstr("33% done"));
  // The same history in the reports: the agents' path is part done, so the department's
  // coverage names people missing.
  const ProcessResult coverage = server_->CliAs(
      tokens.at("trainer"), {"--output", "json", "report", "training", "--department"});
  ASSERT_EQ(coverage.exit_code, 0) << coverage.err;
  v1::TrainingCoverage department_coverage;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(coverage.out, &department_coverage, lenient).ok())
      << coverage.out;
  EXPECT_GE(department_coverage.path_people(), 1) << coverage.out;
  EXPECT_GE(department_coverage.path_missing_employee_ids_size(), 1) << coverage.out;
  EXPECT_GE(department_coverage.certifications_size(), 1) << coverage.out;
  const ProcessResult completed = server_->CliAs(tokens.at("agent"), {"completions", "list"});
  ASSERT_EQ(completed.exit_code, 0) << completed.err;
  EXPECT_THAT(completed.out, HasSubstr("L1-BASICS-101"));
  EXPECT_THAT(completed.out, HasSubstr("import"));

  // A second load replays every enrolment and approval: the same counts, nothing new.
  const ProcessResult second = RunProcess(argv);
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_THAT(second.out, HasSubstr(expected));
  EXPECT_THAT(second.out,
              HasSubstr(absl::StrCat("certifications: 0 certifications and 0 learning paths "
                                     "written; training history: 0 completions imported (",
                                     certifications.history.size(), " already present)")));
  const ProcessResult again =
      server_->CliAs(tokens.at("agent"), {"--output", "json", "enrolments", "list"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  v1::ListEnrolmentsResponse own_again;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(again.out, &own_again, lenient).ok());
  EXPECT_EQ(own_again.enrolments_size(), 2);
}

// The demo as tools/run.sh loads it (default size, ending today) tells the promotion story under
// its policy: the ready agents are eligible for L2; the nearly ready one misses only evaluations.
TEST_P(DemoEndToEndTest, TheDefaultDemoHasAgentsReadyForL2AndOneNearlyReady) {
  const std::string story_file = server_->dir().File("demo-promotions.txt");
  const ProcessResult loaded =
      RunProcess({DemoBinary(), "--server", server_->address(), "--token", server_->admin_token(),
                  "--demo_promotions_file=" + story_file});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.out << loaded.err;
  std::map<std::string, std::vector<std::string>> story;
  std::istringstream lines(ReadFile(story_file));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> words = absl::StrSplit(line, ' ');
    story[words[0]].push_back(words[1]);
  }
  ASSERT_EQ(story["ready"].size(), 4u);
  ASSERT_EQ(story["nearly_ready"].size(), 1u);
  ASSERT_EQ(story["regressing"].size(), 1u);
  ASSERT_EQ(server_
                ->Cli({"promotion", "policy", "create", "--file",
                       SourcePath("tools/demo/promotion/l1-to-l2.yaml")})
                .exit_code,
            0);
  ASSERT_EQ(server_->Cli({"promotion", "policy", "publish", "l1-to-l2"}).exit_code, 0);

  const ProcessResult computed = server_->Cli(
      {"--output", "json", "promotion", "eligibility", "--policy", "l1-to-l2", "--evidence"});
  ASSERT_EQ(computed.exit_code, 0) << computed.err;
  v1::ComputeEligibilityResponse response;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(computed.out, &response).ok())
      << computed.out;
  std::map<std::string, v1::PersonEligibility> by_person;
  for (const v1::PersonEligibility& person : response.people()) {
    by_person[person.employee_id()] = person;
  }
  for (const std::string& ready : story["ready"]) {
    ASSERT_TRUE(by_person.contains(ready)) << ready;
    EXPECT_EQ(by_person[ready].outcome(), v1::ELIGIBILITY_OUTCOME_ELIGIBLE)
        << by_person[ready].DebugString();
  }
  const v1::PersonEligibility& nearly = by_person[story["nearly_ready"][0]];
  EXPECT_EQ(nearly.outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ELIGIBLE);
  for (const v1::CriterionResult& criterion : nearly.criteria()) {
    if (criterion.key() == "quality") {
      EXPECT_THAT(criterion.missing(), ::testing::StartsWith("2 more evaluations"))
          << nearly.DebugString();
    } else {
      EXPECT_TRUE(criterion.outcome() == v1::CRITERION_OUTCOME_MET ||
                  criterion.outcome() == v1::CRITERION_OUTCOME_TO_ATTEST)
          << criterion.DebugString();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
