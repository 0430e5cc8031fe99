// `escala promotion flag check|show|ack|close` and `escala promotion flags` against the real
// server, on SQLite and MariaDB: a policy file with maintenance criteria, a person promoted three
// days ago whose resolution rate fell since, the flag raised once, read at a glance by a
// manager, acknowledged and closed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/promotion_cases.pb.h"
#include "escala/v1/promotion_regressions.pb.h"
#include "tests/e2e/harness/cli_json.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_fixture.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A UTC day `days` from today, YYYY-MM-DD.
std::string FlagDay(int days) {
  return absl::FormatTime("%Y-%m-%d", absl::Now() + absl::Hours(24 * days), absl::UTCTimeZone());
}

class RegressionFlagCliTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Promotion by tenure; afterwards, for 60 days, a resolution rate of 90 % on at least two
    // contacts.
    policy_file_ = std::string(::testing::TempDir()) + "/flag-policy-" + GetParam() + ".yaml";
    std::ofstream(policy_file_) << "promotion_policy_id: watched-step\n"
                                   "title: L1 to L2, watched\n"
                                   "from_level: 1\n"
                                   "to_level: 2\n"
                                   "criteria:\n"
                                   "  - key: tenure\n"
                                   "    tenure:\n"
                                   "      min_months: 6\n"
                                   "maintenance_days: 60\n"
                                   "maintenance_criteria:\n"
                                   "  - key: resolution\n"
                                   "    title: Resolves what they take\n"
                                   "    kpi:\n"
                                   "      metric: resolution-rate\n"
                                   "      direction: at-least\n"
                                   "      threshold: 90\n"
                                   "      window_days: 30\n"
                                   "      min_n: 2\n";
    ProcessResult created = Cli({"promotion", "policy", "create", "--file", policy_file_});
    ASSERT_EQ(created.exit_code, 0) << created.err;
    ProcessResult published = Cli({"promotion", "policy", "publish", "watched-step"});
    ASSERT_EQ(published.exit_code, 0) << published.err;
    for (const char* id : {"A1", "A2"}) {
      ProcessResult person = Cli({"people", "create", "--employee-id", id, "--display-name",
                                  absl::StrCat("Agent ", id), "--role", "agent", "--level", "1",
                                  "--hire-date", "2020-01-15"});
      ASSERT_EQ(person.exit_code, 0) << person.err;
    }
  }

  void TearDown() override {
    if (!policy_file_.empty()) std::remove(policy_file_.c_str());
    ServerUnderTestFixture::TearDown();
  }

  // Promotes `employee_id` with an effective date three days ago (applied at once).
  void PromoteThreeDaysAgo(const std::string& employee_id) {
    ProcessResult nominated =
        Cli({"--output", "json", "promotion", "nominate", employee_id, "--policy", "watched-step"});
    ASSERT_EQ(nominated.exit_code, 0) << nominated.err;
    const int64_t id = FromCliJson<v1::PromotionCase>(nominated.out).id();
    ProcessResult approved = Cli(
        {"--output", "json", "promotion", "approve", absl::StrCat(id), "--effective", FlagDay(-3)});
    ASSERT_EQ(approved.exit_code, 0) << approved.err;
    ASSERT_EQ(FromCliJson<v1::PromotionCase>(approved.out).state(),
              v1::PROMOTION_CASE_STATE_EFFECTIVE);
  }

  // A contact of `employee_id` on the UTC day `days` from today at noon, resolved or not.
  void Contact(const std::string& employee_id, int days, bool resolved) {
    const absl::CivilDay day =
        absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + static_cast<long>(days);
    const absl::Time start = absl::FromCivil(
        absl::CivilSecond(day.year(), day.month(), day.day(), 12, 0, 0), absl::UTCTimeZone());
    v1::CreateInteractionRequest request;
    *request.mutable_interaction() =
        NewInteraction("flags", absl::StrCat(employee_id, "-", ++contacts_), employee_id, start);
    if (resolved) {
      *request.mutable_interaction()->mutable_resolve_time() =
          db::TimeToTimestamp(start + absl::Minutes(10));
    }
    grpc::ClientContext context;
    Authorize(context, server_->admin_token());
    v1::Interaction created;
    grpc::Status status = NewStub<v1::InteractionService>(PlaintextChannel(server_->address()))
                              ->CreateInteraction(&context, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  std::string policy_file_;
  int contacts_ = 0;
};

TEST_P(RegressionFlagCliTest, AFallAfterThePromotionIsFlaggedOnceAndHandledByTheManager) {
  ProcessResult shown = Cli({"promotion", "policy", "show", "watched-step"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("for 60 days from the effective date"));
  EXPECT_THAT(shown.out, HasSubstr("resolution-rate >= 90 over 30 days (n >= 2)"));

  PromoteThreeDaysAgo("A1");
  PromoteThreeDaysAgo("A2");
  // A1: two unresolved contacts since the promotion, and six resolved ones the week before it,
  // which must not count. A2: one unresolved contact since, too thin to flag.
  Contact("A1", -1, false);
  Contact("A1", -2, false);
  for (int day = -10; day < -4; ++day) Contact("A1", day, true);
  Contact("A2", -1, false);

  ProcessResult checked = Cli({"promotion", "flag", "check"});
  ASSERT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_THAT(checked.out, HasSubstr("1 raised, 2 watched, 0 already flagged"));
  EXPECT_THAT(checked.out, HasSubstr("resolution 0.0 < 90.0 (n 2)"));
  ProcessResult again = Cli({"promotion", "flag", "check", "--policy", "watched-step"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("0 raised, 2 watched, 1 already flagged"));

  ProcessResult table = Cli({"promotion", "flags", "--state", "open"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("A1 Agent A1"));
  EXPECT_THAT(table.out, HasSubstr("L2"));
  EXPECT_THAT(table.out, HasSubstr("watched-step v1"));
  EXPECT_THAT(table.out, HasSubstr(FlagDay(0)));
  EXPECT_THAT(table.out, Not(HasSubstr("A2")));

  ProcessResult listed = Cli({"--output", "json", "promotion", "flags"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto flags = FromCliJson<v1::ListRegressionFlagsResponse>(listed.out);
  ASSERT_EQ(flags.regression_flags_size(), 1);
  const v1::RegressionFlag& flag = flags.regression_flags(0);
  EXPECT_EQ(flag.employee_id(), "A1");
  EXPECT_EQ(flag.level(), 2);
  EXPECT_EQ(flag.effective_date(), FlagDay(-3));
  ASSERT_EQ(flag.failed_criteria_size(), 1);
  EXPECT_EQ(flag.failed_criteria(0).n(), 2);
  EXPECT_DOUBLE_EQ(flag.failed_criteria(0).value(), 0.0);
  const std::string id = absl::StrCat(flag.id());

  ProcessResult details = Cli({"promotion", "flag", "show", id});
  ASSERT_EQ(details.exit_code, 0) << details.err;
  EXPECT_THAT(details.out, HasSubstr("Resolves what they take"));
  EXPECT_THAT(details.out, HasSubstr(absl::StrCat("effective ", FlagDay(-3))));

  ProcessResult acked = Cli({"--output", "json", "promotion", "flag", "ack", id, "--note",
                             "talked it through; shadowing booked"});
  ASSERT_EQ(acked.exit_code, 0) << acked.err;
  EXPECT_EQ(FromCliJson<v1::RegressionFlag>(acked.out).state(),
            v1::REGRESSION_FLAG_STATE_ACKNOWLEDGED);
  ProcessResult twice = Cli({"promotion", "flag", "ack", id, "--note", "again"});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_THAT(twice.err, HasSubstr("needs REGRESSION_FLAG_STATE_OPEN"));

  ProcessResult without_note = Cli({"promotion", "flag", "close", id, "--reason", "handled"});
  EXPECT_NE(without_note.exit_code, 0);
  EXPECT_THAT(without_note.err, HasSubstr("note"));
  ProcessResult closed = Cli({"--output", "json", "promotion", "flag", "close", id, "--reason",
                              "handled", "--note", "two weeks of shadowing"});
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  const auto done = FromCliJson<v1::RegressionFlag>(closed.out);
  EXPECT_EQ(done.state(), v1::REGRESSION_FLAG_STATE_CLOSED);
  EXPECT_EQ(done.close_reason(), v1::REGRESSION_CLOSE_REASON_HANDLED);
  EXPECT_EQ(done.acknowledge_note(), "talked it through; shadowing booked");

  // The evidence the manager handled is not flagged again.
  ProcessResult after_close = Cli({"promotion", "flag", "check"});
  ASSERT_EQ(after_close.exit_code, 0) << after_close.err;
  EXPECT_THAT(after_close.out, HasSubstr("0 raised, 2 watched, 0 already flagged"));
}

INSTANTIATE_TEST_SUITE_P(Backends, RegressionFlagCliTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
