// `escala promotion nominate|review|approve|reject|withdraw|list|show|acknowledge` and
// `escala levels history` against the real server, on SQLite and MariaDB: a case from
// nomination to the effective level change, and an approved change that falls due while the
// server is down, applied at the next start and dated by its effective date.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "escala/v1/level_changes.pb.h"
#include "escala/v1/promotion_cases.pb.h"
#include "tests/e2e/harness/cli_json.h"
#include "tests/e2e/harness/server_fixture.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;

// A UTC day `days` from today, YYYY-MM-DD.
std::string CaseDay(int days) {
  return absl::FormatTime("%Y-%m-%d", absl::Now() + absl::Hours(24 * days), absl::UTCTimeZone());
}

class PromotionCaseCliTest : public ServerUnderTestFixture {
 protected:
  // Automatic nomination every second, so that a test sees it happen; only policies with
  // auto_nominate take part.
  std::vector<std::string> ServerFlags() const override {
    return {"--plaintext", "--auto_nomination_interval_seconds=1"};
  }

  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // A one-criterion step: six months at level 1, counted from the hire date.
    policy_file_ = std::string(::testing::TempDir()) + "/case-policy-" + GetParam() + ".yaml";
    std::ofstream(policy_file_) << "promotion_policy_id: tenure-step\n"
                                   "title: L1 to L2 by tenure\n"
                                   "from_level: 1\n"
                                   "to_level: 2\n"
                                   "criteria:\n"
                                   "  - key: tenure\n"
                                   "    tenure:\n"
                                   "      min_months: 6\n";
    ProcessResult created = Cli({"promotion", "policy", "create", "--file", policy_file_});
    ASSERT_EQ(created.exit_code, 0) << created.err;
    ProcessResult published = Cli({"promotion", "policy", "publish", "tenure-step"});
    ASSERT_EQ(published.exit_code, 0) << published.err;
    // A1 is eligible (hired in 2020), A2 is not (hired in the future).
    for (const auto& [id, hired] : {std::pair{"A1", "2020-01-15"}, std::pair{"A2", "2099-01-01"}}) {
      ProcessResult person = Cli({"people", "create", "--employee-id", id, "--display-name", id,
                                  "--role", "agent", "--level", "1", "--hire-date", hired});
      ASSERT_EQ(person.exit_code, 0) << person.err;
    }
  }

  void TearDown() override {
    if (!policy_file_.empty()) std::remove(policy_file_.c_str());
    ServerUnderTestFixture::TearDown();
  }

  v1::PromotionCase Show(int64_t id) {
    ProcessResult shown = Cli({"--output", "json", "promotion", "show", absl::StrCat(id)});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    return FromCliJson<v1::PromotionCase>(shown.out);
  }

  v1::ListLevelChangesResponse History(const std::string& employee_id) {
    ProcessResult history = Cli({"--output", "json", "levels", "history", employee_id});
    EXPECT_EQ(history.exit_code, 0) << history.err;
    return FromCliJson<v1::ListLevelChangesResponse>(history.out);
  }

  // Stops the server, moves case `id`'s effective date from `from` to `to` in storage (as if
  // the days between had passed while it was down), and starts it again.
  void RestartAfterMovingTheEffectiveDate(int64_t id, const std::string& from,
                                          const std::string& to) {
    server_->Stop();
    server_.reset();
    absl::CivilDay to_day;
    ASSERT_TRUE(absl::ParseCivilTime(to, &to_day));
    const absl::Time to_start = absl::FromCivil(to_day, absl::UTCTimeZone());
    ASSERT_TRUE(
        database()
            .Execute(absl::StrCat(
                "UPDATE promotion_cases SET effective_ms = ", absl::ToUnixMillis(to_start),
                ", content_json = REPLACE(content_json, '", from, "', '", to, "') WHERE id = ", id))
            .ok());
    absl::StatusOr<std::unique_ptr<ServerUnderTest>> server =
        ServerUnderTest::Start(database(), ServerFlags());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }

  std::string policy_file_;
};

TEST_P(PromotionCaseCliTest, ACaseGoesFromNominationToTheEffectiveLevelChange) {
  ProcessResult automatic =
      Cli({"promotion", "nominate", "--eligible", "--policy", "tenure-step", "--reason", "ready"});
  ASSERT_EQ(automatic.exit_code, 0) << automatic.err;
  EXPECT_THAT(automatic.out, HasSubstr("1 opened, 0 already open, 1 not eligible"));
  // Running it again opens nothing: A1 has an open case for the step.
  ProcessResult again = Cli({"promotion", "nominate", "--eligible", "--policy", "tenure-step"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("0 opened, 1 already open, 1 not eligible"));
  ProcessResult duplicate = Cli({"promotion", "nominate", "A1", "--policy", "tenure-step"});
  EXPECT_NE(duplicate.exit_code, 0);
  EXPECT_THAT(duplicate.err, HasSubstr("ALREADY_EXISTS"));

  // A person who is not eligible may still be nominated by hand; the snapshot says why not.
  ProcessResult manual =
      Cli({"--output", "json", "promotion", "nominate", "A2", "--policy", "tenure-step"});
  ASSERT_EQ(manual.exit_code, 0) << manual.err;
  const auto a2_case = FromCliJson<v1::PromotionCase>(manual.out);
  EXPECT_EQ(a2_case.state(), v1::PROMOTION_CASE_STATE_NOMINATED);
  EXPECT_EQ(a2_case.nomination_eligibility().outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ELIGIBLE);
  EXPECT_EQ(a2_case.promotion_policy_version(), 1);

  ProcessResult listed = Cli({"--wide", "promotion", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("L1 -> L2"));
  EXPECT_THAT(listed.out, HasSubstr("nominated"));
  EXPECT_THAT(listed.out, HasSubstr("1/1 met"));
  EXPECT_THAT(listed.out, HasSubstr("0/1 met"));
  // Ids are not consecutive on MariaDB (a refused insert uses one up): read A1's from the list.
  ProcessResult of_a1 = Cli({"--output", "json", "promotion", "list", "--person", "A1"});
  ASSERT_EQ(of_a1.exit_code, 0) << of_a1.err;
  const auto a1_cases = FromCliJson<v1::ListPromotionCasesResponse>(of_a1.out);
  ASSERT_EQ(a1_cases.promotion_cases_size(), 1);
  const int64_t a1_case = a1_cases.promotion_cases(0).id();

  ProcessResult review = Cli({"promotion", "review", absl::StrCat(a1_case)});
  ASSERT_EQ(review.exit_code, 0) << review.err;
  EXPECT_THAT(review.out, HasSubstr("(under-review"));
  // Back-dated: the change takes effect at once, dated the effective date.
  const std::string effective = CaseDay(-3);
  ProcessResult approved = Cli({"--wide", "promotion", "approve", absl::StrCat(a1_case),
                                "--effective", effective, "--reason", "consistently strong"});
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_THAT(approved.out, HasSubstr("(effective"));
  EXPECT_THAT(approved.out, HasSubstr("Eligibility at decision"));
  EXPECT_THAT(approved.out, HasSubstr(absl::StrCat("Effective: ", effective, " (applied")));

  const v1::ListLevelChangesResponse history = History("A1");
  EXPECT_EQ(history.initial_level(), 1);
  ASSERT_EQ(history.level_changes_size(), 1);
  EXPECT_EQ(history.level_changes(0).to_level(), 2);
  EXPECT_EQ(history.level_changes(0).promotion_case_id(), a1_case);
  EXPECT_EQ(
      absl::FormatTime("%Y-%m-%dT%H:%M:%S",
                       absl::FromUnixSeconds(history.level_changes(0).effective_time().seconds()),
                       absl::UTCTimeZone()),
      effective + "T00:00:00");
  ProcessResult table = Cli({"levels", "history", "A1"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("A1: initial level 1"));
  EXPECT_THAT(table.out, HasSubstr(effective + "T00:00:00.000Z"));
  ProcessResult person = Cli({"--output", "json", "people", "get", "A1"});
  ASSERT_EQ(person.exit_code, 0) << person.err;
  EXPECT_THAT(person.out, HasSubstr("\"level\": 2"));

  // Rejected with reasons; a closed case cannot be withdrawn.
  ProcessResult rejected = Cli({"promotion", "reject", absl::StrCat(a2_case.id()), "--reason",
                                "tenure not reached", "--reason", "ask again in a year"});
  ASSERT_EQ(rejected.exit_code, 0) << rejected.err;
  EXPECT_THAT(rejected.out, HasSubstr("ask again in a year"));
  ProcessResult withdrawn =
      Cli({"promotion", "withdraw", absl::StrCat(a2_case.id()), "--reason", "late"});
  EXPECT_NE(withdrawn.exit_code, 0);
  EXPECT_THAT(withdrawn.err, HasSubstr("FAILED_PRECONDITION"));

  // HR acknowledges, idempotently: pending, then applied; the same report again changes nothing.
  ProcessResult pending = Cli({"promotion", "acknowledge", absl::StrCat(a1_case), "--hr-system",
                               "workday", "--state", "pending-approval", "--reference", "JC-1"});
  ASSERT_EQ(pending.exit_code, 0) << pending.err;
  for (int i = 0; i < 2; ++i) {
    ProcessResult applied =
        Cli({"promotion", "acknowledge", absl::StrCat(a1_case), "--hr-system", "workday", "--state",
             "applied", "--reference", "JC-1", "--effective", effective});
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
  }
  const v1::PromotionCase shown = Show(a1_case);
  EXPECT_EQ(shown.state(), v1::PROMOTION_CASE_STATE_EFFECTIVE);
  ASSERT_EQ(shown.hr_acknowledgements_size(), 1);
  EXPECT_EQ(shown.hr_acknowledgements(0).state(), v1::HR_ACKNOWLEDGEMENT_STATE_APPLIED);
  EXPECT_EQ(shown.hr_acknowledgements(0).effective_date(), effective);
  EXPECT_EQ(shown.decision_reasons(0), "consistently strong");
  ProcessResult final_changed =
      Cli({"promotion", "acknowledge", absl::StrCat(a1_case), "--hr-system", "workday", "--state",
           "rejected", "--reason", "no budget"});
  EXPECT_NE(final_changed.exit_code, 0);
  EXPECT_THAT(final_changed.err, HasSubstr("FAILED_PRECONDITION"));
  ProcessResult text = Cli({"--wide", "promotion", "show", absl::StrCat(a1_case)});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("HR acknowledgements:"));
  EXPECT_THAT(text.out, HasSubstr("workday"));
  EXPECT_THAT(text.out, HasSubstr("tenure"));
}

// The server applies due changes at start-up: an approval for tomorrow, with the server stopped
// and its date moved to the day before yesterday in storage (as if two days had passed), is
// applied by the next start before anything else happens, dated by the effective date.
TEST_P(PromotionCaseCliTest, AChangeDueWhileTheServerWasDownIsAppliedAtTheNextStart) {
  ProcessResult nominated =
      Cli({"--output", "json", "promotion", "nominate", "A1", "--policy", "tenure-step"});
  ASSERT_EQ(nominated.exit_code, 0) << nominated.err;
  const int64_t id = FromCliJson<v1::PromotionCase>(nominated.out).id();
  const std::string tomorrow = CaseDay(1);
  ProcessResult approved =
      Cli({"--output", "json", "promotion", "approve", absl::StrCat(id), "--effective", tomorrow});
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_EQ(FromCliJson<v1::PromotionCase>(approved.out).state(),
            v1::PROMOTION_CASE_STATE_APPROVED);
  EXPECT_TRUE(History("A1").level_changes().empty());

  const std::string due = CaseDay(-2);
  const absl::Time restarted = absl::Now();
  RestartAfterMovingTheEffectiveDate(id, tomorrow, due);

  const v1::PromotionCase applied = Show(id);
  EXPECT_EQ(applied.state(), v1::PROMOTION_CASE_STATE_EFFECTIVE);
  EXPECT_EQ(applied.effective_date(), due);
  EXPECT_GE(applied.apply_time().seconds(), absl::ToUnixSeconds(restarted));
  const v1::ListLevelChangesResponse history = History("A1");
  ASSERT_EQ(history.level_changes_size(), 1);
  EXPECT_EQ(history.level_changes(0).effective_time().seconds(),
            absl::ToUnixSeconds(absl::FromCivil(
                absl::ToCivilDay(absl::Now() - absl::Hours(48), absl::UTCTimeZone()),
                absl::UTCTimeZone())));
  EXPECT_EQ(history.level_changes(0).promotion_case_id(), id);
}

// An approved change that finds the person at another level on its effective date (their level
// was changed by hand since the approval) is withdrawn by the server, saying why, rather than
// left approved for ever.
TEST_P(PromotionCaseCliTest, AChangeThatCanNoLongerApplyIsWithdrawnWithTheLevelFound) {
  ProcessResult nominated =
      Cli({"--output", "json", "promotion", "nominate", "A1", "--policy", "tenure-step"});
  ASSERT_EQ(nominated.exit_code, 0) << nominated.err;
  const int64_t id = FromCliJson<v1::PromotionCase>(nominated.out).id();
  const std::string tomorrow = CaseDay(1);
  ProcessResult approved = Cli({"promotion", "approve", absl::StrCat(id), "--effective", tomorrow});
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  ProcessResult moved = Cli({"people", "update", "A1", "--level", "3"});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;

  RestartAfterMovingTheEffectiveDate(id, tomorrow, CaseDay(-1));

  const v1::PromotionCase closed = Show(id);
  EXPECT_EQ(closed.state(), v1::PROMOTION_CASE_STATE_WITHDRAWN);
  EXPECT_EQ(closed.withdrawn_by(), "system");
  EXPECT_THAT(closed.withdraw_reason(), HasSubstr("is at level 3, not 1"));
  EXPECT_EQ(History("A1").level_changes_size(), 1) << "only the change made by hand";
  ProcessResult person = Cli({"--output", "json", "people", "get", "A1"});
  ASSERT_EQ(person.exit_code, 0) << person.err;
  EXPECT_THAT(person.out, HasSubstr("\"level\": 3"));
}

// A policy with auto_nominate has the server open the cases itself, as "system", for the
// eligible only; the policy without it (tenure-step) opens nothing by itself.
TEST_P(PromotionCaseCliTest, APolicyThatAsksForItNominatesTheEligibleAutomatically) {
  ProcessResult none = Cli({"--output", "json", "promotion", "list"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(FromCliJson<v1::ListPromotionCasesResponse>(none.out).promotion_cases_size(), 0);

  const std::string auto_file =
      std::string(::testing::TempDir()) + "/auto-policy-" + GetParam() + ".yaml";
  std::ofstream(auto_file) << "promotion_policy_id: auto-step\n"
                              "title: L1 to L2, nominated automatically\n"
                              "from_level: 1\n"
                              "to_level: 2\n"
                              "auto_nominate: true\n"
                              "criteria:\n"
                              "  - key: tenure\n"
                              "    tenure:\n"
                              "      min_months: 6\n";
  ProcessResult created = Cli({"promotion", "policy", "create", "--file", auto_file});
  std::remove(auto_file.c_str());
  ASSERT_EQ(created.exit_code, 0) << created.err;
  ProcessResult published = Cli({"promotion", "policy", "publish", "auto-step"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  ProcessResult shown = Cli({"promotion", "policy", "show", "auto-step"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("Nominates automatically"));

  v1::ListPromotionCasesResponse cases;
  for (int attempt = 0; attempt < 100 && cases.promotion_cases().empty(); ++attempt) {
    absl::SleepFor(absl::Milliseconds(100));
    ProcessResult listed = Cli({"--output", "json", "promotion", "list"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    cases = FromCliJson<v1::ListPromotionCasesResponse>(listed.out);
  }
  ASSERT_EQ(cases.promotion_cases_size(), 1) << "A1 only: A2 is not eligible";
  const v1::PromotionCase& opened = cases.promotion_cases(0);
  EXPECT_EQ(opened.employee_id(), "A1");
  EXPECT_EQ(opened.promotion_policy_id(), "auto-step");
  EXPECT_EQ(opened.nominated_by(), "system");
  EXPECT_EQ(opened.state(), v1::PROMOTION_CASE_STATE_NOMINATED);
  EXPECT_EQ(opened.nomination_eligibility().outcome(), v1::ELIGIBILITY_OUTCOME_ELIGIBLE);
  // Later rounds find the case open and open no other.
  absl::SleepFor(absl::Milliseconds(2500));
  ProcessResult again = Cli({"--output", "json", "promotion", "list"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(FromCliJson<v1::ListPromotionCasesResponse>(again.out).promotion_cases_size(), 1);
}

// List, then watch from the list's event_watermark: the feed starts exactly after the page.
TEST_P(PromotionCaseCliTest, WatchingFromTheCaseListWatermarkShowsOnlyLaterChanges) {
  ProcessResult first =
      Cli({"--output", "json", "promotion", "nominate", "A1", "--policy", "tenure-step"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ProcessResult listed = Cli({"--output", "json", "promotion", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto page = FromCliJson<v1::ListPromotionCasesResponse>(listed.out);
  ASSERT_EQ(page.promotion_cases_size(), 1);
  ASSERT_FALSE(page.event_watermark().empty());

  ProcessResult second =
      Cli({"--output", "json", "promotion", "nominate", "A2", "--policy", "tenure-step"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  ProcessResult watched = Cli({"events", "watch", "--from", page.event_watermark(), "--type",
                               "escala.promotion.", "--count", "1"});
  ASSERT_EQ(watched.exit_code, 0) << watched.err;
  EXPECT_THAT(watched.out, HasSubstr("escala.promotion.case.opened.v1  people/A2"));
  EXPECT_THAT(watched.out, ::testing::Not(HasSubstr("people/A1")))
      << "the listed case's opening is in the page, not in the feed";
}

INSTANTIATE_TEST_SUITE_P(Backends, PromotionCaseCliTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
