// `escala sla`, `escala report sla` and `escala staffing` against the real server, on SQLite and
// MariaDB. The SLA figures are computed by hand from tests/testing/test_sla_policies.h:
//
//   medium (4 business hours, Mon–Fri 09:00–17:00 Madrid, closed Easter Monday 6 April)
//   M1  Fri 3 Apr 16:00 local  first response Tue 7 Apr 11:59 local  met      (deadline 12:00)
//   M2  Fri 3 Apr 16:00 local  first response Tue 7 Apr 12:01 local  breached (weekend, holiday)
//   M3  Fri 27 Mar 15:00 local first response Mon 30 Mar 11:30 local breached (deadline 11:00
//       local = 09:00Z, after the spring change)
//   All three resolved well inside the 40 business hours: met.
//
//   U1  low, created three hours ago, raised to urgent now (UpdateInteraction records the
//       change): the urgent hour had run out, so the first response breaches at the raise; the
//       urgent resolution (8 h from creation) is pending.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "db/common/proto_time.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/sla_policies.pb.h"
#include "escala/v1/staffing.pb.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/qa_cli_fixture.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_sla_policies.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;

absl::Time At(const std::string& rfc3339) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &time, &error)) << error;
  return time;
}

google::protobuf::Timestamp Stamp(absl::Time time) {
  return db::MillisToTimestamp(absl::ToUnixMillis(time));
}

class SlaCliTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    channel_ = PlaintextChannel(server_->address());
    ASSERT_EQ(Cli({"teams", "create", "--team-id", "t1", "--display-name", "Team"}).exit_code, 0);
    ASSERT_TRUE(
        AddPersonWithToken(channel_, server_->admin_token(), "A1", v1::ROLE_AGENT, "t1").ok());
    policy_file_ = std::string(::testing::TempDir()) + "/sla-policy-" + GetParam() + ".json";
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    ASSERT_TRUE(
        google::protobuf::util::MessageToJsonString(TestSlaPolicy("support"), &json, options).ok());
    std::ofstream(policy_file_) << json;
  }

  void TearDown() override {
    channel_.reset();
    std::remove(policy_file_.c_str());
    ServerUnderTestFixture::TearDown();
  }

  v1::Interaction Create(const std::string& source_id, v1::Priority priority, absl::Time start,
                         std::optional<absl::Time> first_response,
                         std::optional<absl::Time> resolved) {
    v1::CreateInteractionRequest request;
    *request.mutable_interaction() = NewInteraction("sla-test", source_id, "A1", start);
    v1::Interaction& interaction = *request.mutable_interaction();
    interaction.set_priority(priority);
    interaction.set_channel(v1::CHANNEL_EMAIL);
    interaction.clear_answer_time();
    interaction.clear_end_time();
    interaction.clear_talk_duration();
    if (first_response) *interaction.mutable_first_response_time() = Stamp(*first_response);
    if (resolved) *interaction.mutable_resolve_time() = Stamp(*resolved);
    grpc::ClientContext context;
    Authorize(context, server_->admin_token());
    v1::Interaction created;
    grpc::Status status =
        NewStub<v1::InteractionService>(channel_)->CreateInteraction(&context, request, &created);
    EXPECT_TRUE(status.ok()) << source_id << ": " << status.error_message();
    return created;
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::string policy_file_;
};

TEST_P(SlaCliTest, PoliciesAreCreatedPublishedAndShown) {
  ProcessResult created = Cli({"sla", "create", "--file", policy_file_});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_THAT(created.out, HasSubstr("support version 1 (draft"));
  EXPECT_THAT(created.out, HasSubstr("4h business"));
  ProcessResult published = Cli({"sla", "publish", "support"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_THAT(published.out, HasSubstr("(published"));
  ProcessResult listed = Cli({"sla", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("Europe/Madrid"));
  ProcessResult shown = Cli({"--output", "json", "sla", "show", "support"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const v1::SlaPolicy policy = FromJson<v1::SlaPolicy>(shown.out);
  EXPECT_EQ(policy.state(), v1::SLA_POLICY_STATE_PUBLISHED);
  EXPECT_EQ(policy.calendar().holiday_dates(0), "2026-04-06");
  // A second publish has no draft to publish.
  ProcessResult again = Cli({"sla", "publish", "support"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("no draft"));
}

TEST_P(SlaCliTest, TheReportCountsBreachesAcrossAWeekendAHolidayAndTheSpringChange) {
  ASSERT_EQ(Cli({"sla", "create", "--file", policy_file_}).exit_code, 0);
  ASSERT_EQ(Cli({"sla", "publish", "support"}).exit_code, 0);
  Create("m1", v1::PRIORITY_MEDIUM, At("2026-04-03T14:00:00Z"), At("2026-04-07T09:59:00Z"),
         At("2026-04-08T12:00:00Z"));
  Create("m2", v1::PRIORITY_MEDIUM, At("2026-04-03T14:00:00Z"), At("2026-04-07T10:01:00Z"),
         At("2026-04-08T12:00:00Z"));
  Create("m3", v1::PRIORITY_MEDIUM, At("2026-03-27T14:00:00Z"), At("2026-03-30T09:30:00Z"),
         At("2026-03-31T09:00:00Z"));

  const std::vector<std::string> report = {"report",   "sla",       "--policy", "support",
                                           "--period", "week",      "--from",   "2026-03-23",
                                           "--to",     "2026-04-13"};
  std::vector<std::string> json_args = {"--output", "json"};
  json_args.insert(json_args.end(), report.begin(), report.end());
  ProcessResult json = Cli(json_args);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto response = FromJson<v1::ComputeSlaReportResponse>(json.out);
  EXPECT_EQ(response.time_zone(), "Europe/Madrid");
  EXPECT_EQ(response.interaction_count(), 3);
  ASSERT_EQ(response.buckets_size(), 4);
  // Week of Monday 23 March: M3, breached.
  const v1::SlaTargetTally& week1 = response.buckets(0).priorities(2).first_response();
  EXPECT_EQ(week1.met_count(), 0);
  EXPECT_EQ(week1.breached_count(), 1);
  // Week of Monday 30 March: M1 met, M2 breached.
  const v1::SlaTargetTally& week2 = response.buckets(1).priorities(2).first_response();
  EXPECT_EQ(week2.met_count(), 1);
  EXPECT_EQ(week2.breached_count(), 1);
  EXPECT_DOUBLE_EQ(week2.compliance(), 0.5);
  const v1::SlaPriorityCompliance& medium = response.totals(2);
  EXPECT_EQ(medium.first_response().n(), 3);
  EXPECT_NEAR(medium.first_response().compliance(), 1.0 / 3, 1e-12);
  EXPECT_EQ(medium.resolution().met_count(), 3);

  const std::string chart = std::string(::testing::TempDir()) + "/sla-" + GetParam() + ".svg";
  std::vector<std::string> table_args = report;
  table_args.insert(table_args.end(), {"--agent", "A1", "--chart", chart});
  ProcessResult table = Cli(table_args);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("2026-03-30"));
  EXPECT_THAT(table.out, HasSubstr("33.3%"));
  std::stringstream svg;
  svg << std::ifstream(chart).rdbuf();
  EXPECT_THAT(svg.str(), HasSubstr("<svg"));
  EXPECT_THAT(svg.str(), HasSubstr("data-name=\"medium\""));
  std::remove(chart.c_str());

  std::vector<std::string> csv_args = {"--output", "csv"};
  csv_args.insert(csv_args.end(), report.begin(), report.end());
  csv_args.insert(csv_args.end(), {"--team", "t1"});
  ProcessResult csv = Cli(csv_args);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("all,medium,1,2,0,3,33.3%,3,0,0,3,100.0%"));

  // More than 92 days is refused naming the flag the user typed.
  ProcessResult too_long =
      Cli({"report", "sla", "--policy", "support", "--from", "2026-01-01", "--to", "2026-06-01"});
  EXPECT_EQ(too_long.exit_code, 1);
  EXPECT_THAT(too_long.err, HasSubstr("--to"));
}

TEST_P(SlaCliTest, APriorityRaisedAfterItsTargetRanOutBreachesAtTheRaise) {
  ASSERT_EQ(Cli({"sla", "create", "--file", policy_file_}).exit_code, 0);
  ASSERT_EQ(Cli({"sla", "publish", "support"}).exit_code, 0);
  const absl::Time now = absl::Now();
  v1::Interaction low =
      Create("u1", v1::PRIORITY_LOW, now - absl::Hours(3), std::nullopt, std::nullopt);
  v1::UpdateInteractionRequest update;
  update.mutable_interaction()->set_id(low.id());
  update.mutable_interaction()->set_priority(v1::PRIORITY_URGENT);
  update.mutable_interaction()->set_etag(low.etag());
  update.mutable_update_mask()->add_paths("priority");
  grpc::ClientContext context;
  Authorize(context, server_->admin_token());
  v1::Interaction raised;
  ASSERT_TRUE(
      NewStub<v1::InteractionService>(channel_)->UpdateInteraction(&context, update, &raised).ok());
  ProcessResult json = Cli({"--output", "json", "report", "sla", "--policy", "support", "--period",
                            "range", "--from", absl::FormatTime(now - absl::Hours(24)), "--to",
                            absl::FormatTime(now + absl::Hours(1))});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto response = FromJson<v1::ComputeSlaReportResponse>(json.out);
  const v1::SlaPriorityCompliance& urgent = response.totals(0);
  EXPECT_EQ(urgent.first_response().breached_count(), 1);
  EXPECT_EQ(urgent.resolution().pending_count(), 1);
  EXPECT_EQ(response.totals(3).first_response().pending_count(), 0);
}

TEST_P(SlaCliTest, StaffingMatchesTheWorkedExample) {
  ProcessResult csv = Cli({"--output", "csv", "staffing", "--contacts", "100", "--aht", "3m",
                           "--interval", "30m", "--target", "80/20", "--shrinkage", "0.3",
                           "--occupancy-cap", "0.85", "--patience", "2m"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("erlang-c,10.00,14,20,88.8%,7.8s,71.4%,17.4%,-"));
  EXPECT_THAT(csv.out, HasSubstr("erlang-a,10.00,"));
  ProcessResult bad = Cli({"staffing", "--contacts", "100", "--aht", "soon"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--aht"));
}

TEST_P(SlaCliTest, StaffingFromHistoryFindsTheWorkedExampleInTheStoredContacts) {
  // 100 inbound calls between 09:00 and 09:25 Madrid time on Monday 13 April 2026, each with
  // 150 s of talk and 30 s of after-contact work: over one week, the worked example's half hour.
  for (int i = 0; i < 100; ++i) {
    v1::Interaction call =
        Create(absl::StrCat("call-", i), v1::PRIORITY_MEDIUM,
               At("2026-04-13T07:00:00Z") + absl::Seconds(15 * i), std::nullopt, std::nullopt);
    ASSERT_GT(call.id(), 0);
    v1::UpdateInteractionRequest update;
    *update.mutable_interaction() = call;
    update.mutable_interaction()->mutable_talk_duration()->set_seconds(150);
    update.mutable_interaction()->mutable_after_contact_duration()->set_seconds(30);
    update.mutable_update_mask()->add_paths("talk_duration");
    update.mutable_update_mask()->add_paths("after_contact_duration");
    grpc::ClientContext context;
    Authorize(context, server_->admin_token());
    v1::Interaction updated;
    ASSERT_TRUE(NewStub<v1::InteractionService>(channel_)
                    ->UpdateInteraction(&context, update, &updated)
                    .ok());
  }
  const std::string chart = std::string(::testing::TempDir()) + "/staffing-" + GetParam() + ".svg";
  ProcessResult csv =
      Cli({"--output", "csv", "staffing", "--from-history", "--from", "2026-04-13", "--to",
           "2026-04-20", "--time-zone", "Europe/Madrid", "--target", "80/20", "--occupancy-cap",
           "0.85", "--shrinkage", "0.3", "--chart", chart});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("Mon 09:00,100.0,180s,10.00,14,20,88.8%"));
  std::stringstream svg;
  svg << std::ifstream(chart).rdbuf();
  EXPECT_THAT(svg.str(), HasSubstr("data-category=\"Mon 09:00\" data-value=\"14\""));
  std::remove(chart.c_str());
}

TEST_P(SlaCliTest, StaffingFromHistoryCountsOnlyTheAskedChannelAndQueue) {
  // Monday 13 April 2026 09:00–09:30 UTC: three phone calls on "billing", two chats on
  // "billing" and one phone call on "general".
  const std::vector<std::pair<v1::Channel, std::string>> contacts = {
      {v1::CHANNEL_PHONE, "billing"}, {v1::CHANNEL_PHONE, "billing"},
      {v1::CHANNEL_PHONE, "billing"}, {v1::CHANNEL_CHAT, "billing"},
      {v1::CHANNEL_CHAT, "billing"},  {v1::CHANNEL_PHONE, "general"}};
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    v1::CreateInteractionRequest request;
    *request.mutable_interaction() =
        NewInteraction("staffing-test", absl::StrCat("c", i), "A1",
                       At("2026-04-13T09:00:00Z") + absl::Minutes(static_cast<int64_t>(i)));
    request.mutable_interaction()->set_channel(contacts[i].first);
    request.mutable_interaction()->set_queue(contacts[i].second);
    request.mutable_interaction()->mutable_talk_duration()->set_seconds(180);
    grpc::ClientContext context;
    Authorize(context, server_->admin_token());
    v1::Interaction created;
    ASSERT_TRUE(NewStub<v1::InteractionService>(channel_)
                    ->CreateInteraction(&context, request, &created)
                    .ok());
  }
  auto count = [&](std::vector<std::string> filter) {
    std::vector<std::string> args = {"--output",   "json", "staffing",   "--from-history", "--from",
                                     "2026-04-13", "--to", "2026-04-20", "--interval",     "30m"};
    args.insert(args.end(), filter.begin(), filter.end());
    ProcessResult json = Cli(args);
    EXPECT_EQ(json.exit_code, 0) << json.err;
    return FromJson<v1::PlanStaffingFromHistoryResponse>(json.out).interaction_count();
  };
  EXPECT_EQ(count({}), 6);
  EXPECT_EQ(count({"--channel", "phone"}), 4);
  EXPECT_EQ(count({"--queue", "billing"}), 5);
  EXPECT_EQ(count({"--channel", "phone", "--queue", "billing"}), 3);
  EXPECT_EQ(count({"--channel", "chat", "--queue", "general"}), 0);
  ProcessResult bad = Cli({"staffing", "--from-history", "--from", "2026-04-13", "--to",
                           "2026-04-20", "--channel", "pigeon"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--channel"));
}

INSTANTIATE_TEST_SUITE_P(Backends, SlaCliTest, ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
