// `escala promotion …` against the real server, on SQLite and MariaDB, with the demo's L1 → L2
// policy file (tools/demo/promotion/l1-to-l2.yaml): created from YAML, shown in words,
// published, read back as JSON, refused with the field named when a rule is broken, and the
// eligibility computed from the stored records.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <tuple>

#include "escala/v1/promotion_eligibility.pb.h"
#include "escala/v1/promotion_policies.pb.h"
#include "tests/e2e/harness/qa_cli_fixture.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_paths.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;

class PromotionPolicyCliTest : public ServerUnderTestFixture {
 protected:
  void TearDown() override {
    if (!scratch_file_.empty()) std::remove(scratch_file_.c_str());
    ServerUnderTestFixture::TearDown();
  }

  // A copy of the demo policy with `from` replaced by `to`, in a scratch YAML file.
  std::string EditedPolicy(const std::string& from, const std::string& to) {
    std::ifstream demo(SourcePath("tools/demo/promotion/l1-to-l2.yaml"));
    std::string text((std::istreambuf_iterator<char>(demo)), std::istreambuf_iterator<char>());
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    scratch_file_ = std::string(::testing::TempDir()) + "/policy-" + GetParam() + ".yaml";
    std::ofstream(scratch_file_) << text;
    return scratch_file_;
  }

  std::string scratch_file_;
};

TEST_P(PromotionPolicyCliTest, TheDemoPolicyIsCreatedFromYamlPublishedAndShownInWords) {
  ProcessResult created = Cli({"--wide", "promotion", "policy", "create", "--file",
                               SourcePath("tools/demo/promotion/l1-to-l2.yaml")});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_THAT(created.out, HasSubstr("l1-to-l2 version 1 (draft"));
  EXPECT_THAT(created.out, HasSubstr("Step: L1 -> L2"));
  EXPECT_THAT(created.out, HasSubstr("at least 6 months at level 1"));
  EXPECT_THAT(created.out,
              HasSubstr("10+ evaluations in 90 days, 95 % lower bound of the mean >= 80"));
  EXPECT_THAT(created.out, HasSubstr("fcr >= 70 over 90 days (n >= 50)"));
  EXPECT_THAT(created.out, HasSubstr("completed L1-ROLEPLAY-110, L1-REVIEW-120"));

  ProcessResult published = Cli({"promotion", "policy", "publish", "l1-to-l2"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_THAT(published.out, HasSubstr("(published"));
  ProcessResult listed = Cli({"promotion", "policy", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("L1 agent to L2 specialist"));

  ProcessResult shown = Cli({"--output", "json", "promotion", "policy", "show", "l1-to-l2"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const v1::PromotionPolicy policy = FromJson<v1::PromotionPolicy>(shown.out);
  EXPECT_EQ(policy.state(), v1::PROMOTION_POLICY_STATE_PUBLISHED);
  ASSERT_EQ(policy.criteria_size(), 9);
  EXPECT_EQ(policy.criteria(1).quality().judgement(), v1::QUALITY_JUDGEMENT_LOWER_BOUND);
  EXPECT_EQ(policy.criteria(6).kpi().metric(), v1::KPI_METRIC_CSAT);

  // Editing the published version makes version 2, a draft; version 1 stays as it was, and in
  // force until version 2 is published.
  ProcessResult edited = Cli({"promotion", "policy", "update", "l1-to-l2", "--file",
                              EditedPolicy("min_months: 6", "min_months: 9")});
  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  EXPECT_THAT(edited.out, HasSubstr("l1-to-l2 version 2 (draft"));
  EXPECT_THAT(edited.out, HasSubstr("at least 9 months at level 1"));
  ProcessResult first = Cli({"promotion", "policy", "show", "l1-to-l2", "--version", "1"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("(published"));
  EXPECT_THAT(first.out, HasSubstr("at least 6 months at level 1"));
}

TEST_P(PromotionPolicyCliTest, ABrokenRuleIsRefusedNamingTheField) {
  ProcessResult same_level =
      Cli({"promotion", "policy", "create", "--file", EditedPolicy("to_level: 2", "to_level: 1")});
  EXPECT_NE(same_level.exit_code, 0);
  EXPECT_THAT(same_level.err, HasSubstr("promotion_policy.to_level"));
  ProcessResult unknown = Cli(
      {"promotion", "policy", "create", "--file", EditedPolicy("min_months: 6", "min_month: 6")});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_THAT(unknown.err, HasSubstr("line 16"));
  EXPECT_THAT(unknown.err, HasSubstr("criteria[0].tenure.min_month"));
  ProcessResult listed = Cli({"promotion", "policy", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, ::testing::Not(HasSubstr("l1-to-l2")));
}

// Two L1 agents with no evaluations, training or contacts yet, and an L2 specialist: the
// eligibility reads the stored records (none), so the L1s miss the evidence-based criteria and
// meet those of time and of absence (tenure from the hire date, no critical failure, no lost
// dispute); the specialist is not on the step.
TEST_P(PromotionPolicyCliTest, EligibilityReadsTheStoredRecordsAndSaysWhatIsMissing) {
  ASSERT_EQ(Cli({"promotion", "policy", "create", "--file",
                 SourcePath("tools/demo/promotion/l1-to-l2.yaml")})
                .exit_code,
            0);
  ASSERT_EQ(Cli({"promotion", "policy", "publish", "l1-to-l2"}).exit_code, 0);
  for (const auto& [id, level, hired] :
       {std::tuple{"A1", "1", "2020-01-15"}, std::tuple{"A2", "1", "2099-01-01"},
        std::tuple{"S1", "2", "2019-03-01"}}) {
    ProcessResult person = Cli({"people", "create", "--employee-id", id, "--display-name", id,
                                "--role", "agent", "--level", level, "--hire-date", hired});
    ASSERT_EQ(person.exit_code, 0) << person.err;
  }

  ProcessResult table = Cli({"promotion", "eligibility", "--policy", "l1-to-l2"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("Policy l1-to-l2 version 1"));
  EXPECT_THAT(table.out,
              HasSubstr("Consistent QA scores: 10 more evaluations in the last 90 days"));
  EXPECT_THAT(table.out, HasSubstr("not-eligible"));
  // The population is the L1s only.
  EXPECT_THAT(table.out, HasSubstr("A2"));
  EXPECT_THAT(table.out, ::testing::Not(HasSubstr("S1")));

  ProcessResult json = Cli({"--output", "json", "promotion", "eligibility", "--policy", "l1-to-l2",
                            "--person", "A1", "--person", "S1"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto response = FromJson<v1::ComputeEligibilityResponse>(json.out);
  ASSERT_EQ(response.people_size(), 2);
  const v1::PersonEligibility& a1 = response.people(0);
  EXPECT_EQ(a1.outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ELIGIBLE);
  ASSERT_EQ(a1.criteria_size(), 9);
  EXPECT_EQ(a1.criteria(0).outcome(), v1::CRITERION_OUTCOME_MET);  // hired in 2020
  EXPECT_GE(a1.criteria(0).value(), 80);
  EXPECT_EQ(a1.criteria(1).outcome(), v1::CRITERION_OUTCOME_INSUFFICIENT_EVIDENCE);
  EXPECT_EQ(a1.criteria(2).outcome(), v1::CRITERION_OUTCOME_MET);
  EXPECT_EQ(a1.criteria(3).missing(), "courses L1-ROLEPLAY-110, L1-REVIEW-120 not completed");
  EXPECT_EQ(a1.criteria(4).outcome(), v1::CRITERION_OUTCOME_NOT_MET);
  EXPECT_EQ(a1.criteria(5).outcome(), v1::CRITERION_OUTCOME_INSUFFICIENT_EVIDENCE);
  EXPECT_EQ(a1.criteria(7).outcome(), v1::CRITERION_OUTCOME_MET);
  EXPECT_EQ(a1.criteria(8).outcome(), v1::CRITERION_OUTCOME_TO_ATTEST);
  EXPECT_EQ(response.people(1).employee_id(), "S1");
  EXPECT_EQ(response.people(1).outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ON_STEP);

  // Before the policy was published there was nothing to judge by.
  ProcessResult before =
      Cli({"promotion", "eligibility", "--policy", "l1-to-l2", "--as-of", "2020-01-01"});
  EXPECT_EQ(before.exit_code, 1);
  EXPECT_THAT(before.err, HasSubstr("had no published version"));
  ProcessResult future =
      Cli({"promotion", "eligibility", "--policy", "l1-to-l2", "--as-of", "2099-01-01"});
  EXPECT_NE(future.exit_code, 0);
  EXPECT_THAT(future.err, HasSubstr("--as-of"));
}

INSTANTIATE_TEST_SUITE_P(Backends, PromotionPolicyCliTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
