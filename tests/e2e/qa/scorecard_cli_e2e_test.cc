// `escala scorecards` against the real escala-server, on each backend: a scorecard's life from a
// file (create, show, publish, a new version by update, list, versions, retire), and the errors a
// QA analyst sees for a bad file, a bad form and a stale etag.

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/process.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_paths.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The demo scorecard of tools/demo/scorecards, so the file users start from is what is tested.
const std::string kDemoScorecard = SourcePath("tools/demo/scorecards/customer-contact.json");
constexpr char kCard[] = "customer-contact";

// The value of the `field` row of a field/value table.
std::string TableValue(const std::string& table, const std::string& field) {
  for (absl::string_view line : absl::StrSplit(table, '\n')) {
    if (absl::ConsumePrefix(&line, field) && absl::ConsumePrefix(&line, " ")) {
      return std::string(absl::StripAsciiWhitespace(line));
    }
  }
  return "";
}

// The lines of `text` that start with `prefix`.
std::vector<std::string> LinesStartingWith(const std::string& text, const std::string& prefix) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, prefix)) lines.emplace_back(line);
  }
  return lines;
}

class ScorecardCliEndToEndTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ExpectOk(server_->Cli({"teams", "create", "--team-id", "qa", "--display-name", "QA"}));
    qa_token_ = PersonToken("Q1", "qa_analyst");
    agent_token_ = PersonToken("A1", "agent");
  }
  std::string PersonToken(const std::string& employee_id, const std::string& role) {
    ExpectOk(server_->Cli({"people", "create", "--employee-id", employee_id, "--display-name",
                           employee_id, "--role", role, "--level", "2", "--team-id", "qa"}));
    ProcessResult token =
        server_->Cli({"tokens", "create", "--principal", "people/" + employee_id});
    ExpectOk(token);
    return TableValue(token.out, "secret");
  }

  // Runs the CLI as the QA analyst.
  ProcessResult Qa(const std::vector<std::string>& args) { return server_->CliAs(qa_token_, args); }

  void ExpectOk(const ProcessResult& r) {
    EXPECT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  }

  // A copy of the demo scorecard with `from` replaced by `to`, as a file.
  std::string EditedCard(const std::string& name, const std::string& from, const std::string& to) {
    const std::string text = ReadFile(kDemoScorecard);
    EXPECT_THAT(text, HasSubstr(from));
    const std::string path = server_->dir().File(name);
    WriteFile(path, absl::StrReplaceAll(text, {{from, to}}));
    return path;
  }

  std::string qa_token_;
  std::string agent_token_;
};

TEST_P(ScorecardCliEndToEndTest, AScorecardGoesFromFileToRetirementThroughItsVersions) {
  ProcessResult created = Qa({"scorecards", "create", "--file", kDemoScorecard});
  ExpectOk(created);
  EXPECT_THAT(created.out,
              HasSubstr("customer-contact version 1 (draft): Customer contact quality"));

  ProcessResult shown = Qa({"scorecards", "show", kCard});
  ExpectOk(shown);
  EXPECT_THAT(shown.out, HasSubstr("Section resolution: Understanding and resolution"));
  EXPECT_THAT(shown.out, HasSubstr("section, fails below 0.5"));
  EXPECT_THAT(shown.out, HasSubstr("0–10 points"));
  EXPECT_EQ(TableValue(shown.out, "channels"), "phone, chat, email");
  EXPECT_EQ(TableValue(shown.out, "dispute window"), "14 days");
  EXPECT_EQ(TableValue(shown.out, "created by"), "people/Q1");
  ProcessResult json = server_->CliAs(qa_token_, {"--output", "json", "scorecards", "show", kCard});
  ExpectOk(json);
  EXPECT_THAT(json.out, HasSubstr(R"("state": "SCORECARD_STATE_DRAFT")"));
  EXPECT_THAT(json.out, HasSubstr(R"("kind": "SCALE_KIND_POINTS")"));
  // As CSV: one row per criterion, with its section.
  ProcessResult csv = server_->CliAs(qa_token_, {"--output", "csv", "scorecards", "show", kCard});
  ExpectOk(csv);
  EXPECT_THAT(csv.out, ::testing::StartsWith("scorecard_id,version,state,title,section_key,"));
  EXPECT_THAT(csv.out, HasSubstr(",resolution,Understanding and resolution,"));

  ProcessResult published = Qa({"scorecards", "publish", kCard});
  ExpectOk(published);
  EXPECT_THAT(published.out, HasSubstr("customer-contact version 1 (published)"));
  EXPECT_NE(TableValue(published.out, "published"), "");

  // The JSON that `show` prints is a file `update` takes back; a published version gets a
  // successor instead of changing.
  const std::string edited = server_->dir().File("edited.json");
  WriteFile(edited, absl::StrReplaceAll(json.out,
                                        {{"Customer contact quality", "Customer contact, 2027"}}));
  ProcessResult updated = Qa({"scorecards", "update", kCard, "--file", edited});
  ExpectOk(updated);
  EXPECT_THAT(updated.out, HasSubstr("customer-contact version 2 (draft): Customer contact, 2027"));
  ProcessResult first = Qa({"scorecards", "show", kCard, "--version", "1"});
  ExpectOk(first);
  EXPECT_THAT(first.out, HasSubstr("version 1 (published): Customer contact quality"));

  ProcessResult listed = Qa({"scorecards", "list"});
  ExpectOk(listed);
  EXPECT_THAT(LinesStartingWith(listed.out, kCard),
              ::testing::ElementsAre(::testing::MatchesRegex(
                  "customer-contact +2 +draft +Customer contact, 2027 +phone, chat, email .*")));
  ProcessResult published_only = Qa({"scorecards", "list", "--state", "published"});
  ExpectOk(published_only);
  EXPECT_THAT(published_only.out, Not(HasSubstr(kCard)));
  ProcessResult for_chat = Qa({"scorecards", "list", "--channel", "chat"});
  EXPECT_THAT(for_chat.out, HasSubstr(kCard));
  ProcessResult for_social = Qa({"scorecards", "list", "--channel", "social"});
  EXPECT_THAT(for_social.out, Not(HasSubstr(kCard)));

  ProcessResult versions = Qa({"scorecards", "versions", kCard});
  ExpectOk(versions);
  std::vector<std::string> rows = LinesStartingWith(versions.out, "");
  ASSERT_GE(rows.size(), 3u) << versions.out;
  EXPECT_THAT(rows[1], ::testing::MatchesRegex("2 +draft +Customer contact, 2027 +people/Q1 .*"));
  EXPECT_THAT(rows[2],
              ::testing::MatchesRegex("1 +published +Customer contact quality +people/Q1 .*"));

  ProcessResult published2 = Qa({"scorecards", "publish", kCard});
  ExpectOk(published2);
  ProcessResult superseded = Qa({"--output", "csv", "scorecards", "versions", kCard});
  ExpectOk(superseded);
  EXPECT_THAT(superseded.out, HasSubstr("customer-contact,1,superseded,"));
  EXPECT_THAT(superseded.out, HasSubstr("customer-contact,2,published,"));

  ProcessResult retired =
      Qa({"scorecards", "retire", kCard, "--reason", "replaced by the 2028 form"});
  ExpectOk(retired);
  EXPECT_THAT(retired.out, HasSubstr("customer-contact version 2 (retired)"));
  ProcessResult after = Qa({"--output", "csv", "scorecards", "versions", kCard});
  EXPECT_THAT(after.out, HasSubstr("customer-contact,1,retired,"));
  EXPECT_THAT(after.out, HasSubstr("customer-contact,2,retired,"));
  ProcessResult too_late = Qa({"scorecards", "update", kCard, "--file", edited});
  EXPECT_EQ(too_late.exit_code, 1);
  EXPECT_THAT(too_late.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(too_late.err, HasSubstr("retired"));
}

TEST_P(ScorecardCliEndToEndTest, AFileErrorNamesTheFileTheLineAndTheField) {
  const std::string bad = EditedCard("bad.json", R"("kind": "points")", R"("kind": "stars")");
  ProcessResult r = Qa({"scorecards", "create", "--file", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr(bad + ": line 57: sections[1].criteria[2].scale.kind: 'stars'"));

  const std::string unknown = EditedCard("unknown.json", R"("allow_na")", R"("allowNa2")");
  r = Qa({"scorecards", "create", "--file", unknown});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("sections[0].criteria[1].allowNa2: unknown field of Criterion"));
}

TEST_P(ScorecardCliEndToEndTest, TheServerNamesTheCriterionAndTheRuleOfABadForm) {
  const std::string duplicate = EditedCard("dup.json", R"("key": "tone")", R"("key": "greeting")");
  ProcessResult r = Qa({"scorecards", "create", "--file", duplicate});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err,
              HasSubstr("INVALID_ARGUMENT: scorecard: criterion \"greeting\": key must be unique"));

  const std::string long_window =
      EditedCard("window.json", R"("dispute_window_days": 14)", R"("dispute_window_days": 91)");
  r = Qa({"scorecards", "create", "--file", long_window});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("scorecard.dispute_window_days: must be between 0"));
  EXPECT_THAT(Qa({"scorecards", "list"}).out, Not(HasSubstr(kCard)));
}

TEST_P(ScorecardCliEndToEndTest, ACardWithThreeErrorsShowsAllThreeInOneRun) {
  const std::string path = server_->dir().File("three.json");
  WriteFile(path, absl::StrReplaceAll(
                      ReadFile(kDemoScorecard),
                      {{R"("title": "Customer contact quality")", R"("title": "")"},
                       {R"("key": "opening")", R"("key": "opening act")"},
                       {R"("dispute_window_days": 14)", R"("dispute_window_days": 91)"}}));
  ProcessResult r = Qa({"scorecards", "create", "--file", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT: 3 field violations:\n"));
  EXPECT_THAT(LinesStartingWith(r.err, "  scorecard."),
              ::testing::ElementsAre(
                  "  scorecard.title: is required",
                  "  scorecard.sections[0].key: may contain only letters, digits, '.', '_' and "
                  "'-'",
                  "  scorecard.dispute_window_days: must be between 0 (the default, 7) and 90, "
                  "got 91"));
  EXPECT_THAT(Qa({"scorecards", "list"}).out, Not(HasSubstr(kCard)));
}

TEST_P(ScorecardCliEndToEndTest, AStaleEtagIsRefusedAndAnAgentMayReadButNotWrite) {
  ExpectOk(Qa({"scorecards", "create", "--file", kDemoScorecard}));
  const std::string renamed = EditedCard("renamed.json", "Customer contact quality", "Renamed");
  ExpectOk(Qa({"scorecards", "update", kCard, "--file", renamed, "--etag", "1"}));
  ProcessResult stale = Qa({"scorecards", "update", kCard, "--file", renamed, "--etag", "1"});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_THAT(stale.err, HasSubstr("ABORTED: --etag: '1' is stale"));
  ProcessResult stale_publish = Qa({"scorecards", "publish", kCard, "--etag", "1"});
  EXPECT_THAT(stale_publish.err, HasSubstr("ABORTED: --etag: '1' is stale"));

  ProcessResult agent_reads = server_->CliAs(agent_token_, {"scorecards", "show", kCard});
  ExpectOk(agent_reads);
  ProcessResult agent_writes = server_->CliAs(agent_token_, {"scorecards", "publish", kCard});
  EXPECT_EQ(agent_writes.exit_code, 1);
  EXPECT_THAT(agent_writes.err, HasSubstr("PERMISSION_DENIED"));
}

TEST_P(ScorecardCliEndToEndTest, APublishRetriedWithTheSameRequestIdPrintsTheSameResult) {
  ExpectOk(Qa({"scorecards", "create", "--file", kDemoScorecard}));
  // Without --etag the command reads the newest version's etag first; the retry reads the etag
  // the first publish left, and is still the same request.
  const std::vector<std::string> publish = {"scorecards", "publish", kCard, "--request-id",
                                            "publish-retry-1"};
  const ProcessResult first = Qa(publish);
  ExpectOk(first);
  EXPECT_THAT(first.out, HasSubstr("customer-contact version 1 (published)"));
  const ProcessResult retry = Qa(publish);
  ExpectOk(retry);
  EXPECT_EQ(retry.out, first.out);
  // Still one version, published once.
  ProcessResult versions = Qa({"--output", "csv", "scorecards", "versions", kCard});
  ExpectOk(versions);
  EXPECT_EQ(LinesStartingWith(versions.out, "customer-contact,").size(), 1u) << versions.out;
}

TEST_P(ScorecardCliEndToEndTest, AYamlFileCreatesTheSameCard) {
  const std::string yaml = server_->dir().File("calls.yaml");
  WriteFile(yaml, R"(# A short card, in YAML.
scorecard_id: calls
title: Calls
channels: [phone]
sections:
  - key: opening
    title: Opening
    criteria:
      - key: greet
        title: "Greeting: name and team"
        weight: 1
        scale:
          kind: yes-no
)");
  ProcessResult created = Qa({"scorecards", "create", "--file", yaml});
  ExpectOk(created);
  EXPECT_THAT(created.out, HasSubstr("calls version 1 (draft): Calls"));
  EXPECT_THAT(created.out,
              ::testing::ContainsRegex("greet +Greeting: name and team +1 +100.0% +yes/no"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ScorecardCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
