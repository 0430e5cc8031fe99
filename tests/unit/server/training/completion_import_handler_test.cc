// CompletionImportHandler on the fakes: keep-valid writes the valid records and answers every
// rejection with its rule; all-or-nothing writes nothing and lists every violation (INVALID_
// ARGUMENT for malformed fields, FAILED_PRECONDITION for references); a record stored already
// (or repeated in the request) is answered as already present and never stored twice; each
// written record has its audit event; a request_id replay writes nothing more.
#include "server/training/completion_import_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/proto_time.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_completion_repository.h"
#include "tests/testing/fakes/fake_course_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/manual_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kMethod[] = "escala.v1.CompletionService/ImportCompletions";

server::CallContext Trainer() {
  server::CallContext call;
  call.caller.principal = "people/T1";
  call.caller.employee_id = "T1";
  call.scope = server::Scope::kAll;
  call.method = kMethod;
  return call;
}

google::protobuf::Timestamp At(absl::Time t) {
  return db::MillisToTimestamp(absl::ToUnixMillis(t));
}

class CompletionImportHandlerTest : public ::testing::Test {
 protected:
  CompletionImportHandlerTest()
      : completions_(&people_, &audit_),
        handler_(completions_, people_, courses_, audit_, clock_.AsClock()) {
    for (const char* id : {"A1", "A2"}) {
      v1::Person person;
      person.set_employee_id(id);
      person.set_display_name(id);
      person.set_role(v1::ROLE_AGENT);
      person.set_level(1);
      person.set_team_id("t-a");
      person.set_active(true);
      people_.Add(person);
    }
    // Version 1 of L1-ETIQ-101 (pass mark 80) written at the clock's start, 2024-03-01 09:00.
    EXPECT_THAT(courses_.Create(ValidTestCourse(), {}, db::AuditStamp{}, clock_.Now()), IsOk());
    v1::Course plain = ValidTestCourse("PLAIN", "No assessment");
    plain.clear_pass_mark_percent();
    EXPECT_THAT(courses_.Create(plain, {}, db::AuditStamp{}, clock_.Now()), IsOk());
    clock_.Advance(absl::Hours(24 * 30));
  }

  // A record of `person` completing `course` `days_ago` days before now.
  v1::CompletionImportRecord Record(const std::string& person, const std::string& course,
                                    int days_ago) {
    v1::CompletionImportRecord record;
    record.set_person_employee_id(person);
    record.set_course_id(course);
    *record.mutable_completion_time() = At(clock_.Now() - absl::Hours(24 * days_ago));
    return record;
  }

  std::vector<v1::TrainingCompletion> Stored() {
    absl::StatusOr<std::vector<v1::TrainingCompletion>> all =
        completions_.ListCompletions({}, nullptr, 1000);
    EXPECT_THAT(all, IsOk());
    return all.ok() ? *all : std::vector<v1::TrainingCompletion>();
  }

  FakePeopleRepository people_;
  FakeAuditRepository audit_;
  FakeCompletionRepository completions_;
  FakeCourseRepository courses_;
  ManualClock clock_;
  server::CompletionImportHandler handler_;
};

TEST_F(CompletionImportHandlerTest, KeepValidWritesTheValidRecordsAndReportsTheOthers) {
  v1::ImportCompletionsRequest request;
  request.set_mode(v1::IMPORT_MODE_KEEP_VALID);
  *request.add_completions() = Record("A1", "PLAIN", 3);
  *request.add_completions() = Record("NOBODY", "PLAIN", 3);
  v1::CompletionImportRecord scored = Record("A2", "L1-ETIQ-101", 5);
  scored.set_assessment_score_percent(91);
  *request.add_completions() = scored;
  v1::CompletionImportRecord future = Record("A2", "PLAIN", -1);
  *request.add_completions() = future;
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ImportCompletionsResponse response,
                              handler_.ImportCompletions(Trainer(), request));
  EXPECT_EQ(response.imported_count(), 2);
  EXPECT_EQ(response.rejected_count(), 2);
  EXPECT_EQ(response.already_present_count(), 0);
  ASSERT_EQ(response.results_size(), 4);
  EXPECT_EQ(response.results(0).completion().source(), v1::COMPLETION_SOURCE_IMPORT);
  EXPECT_EQ(response.results(0).completion().created_by(), "people/T1");
  EXPECT_EQ(response.results(0).completion().course_version(), 1);
  ASSERT_EQ(response.results(1).violations_size(), 1);
  EXPECT_EQ(response.results(1).violations(0).field(), "person_employee_id");
  EXPECT_EQ(response.results(2).completion().assessment_score_percent(), 91);
  ASSERT_EQ(response.results(3).violations_size(), 1);
  EXPECT_EQ(response.results(3).violations(0).field(), "completion_time");
  EXPECT_EQ(Stored().size(), 2u);
  // One audit event per record written, each naming it.
  ASSERT_EQ(audit_.events().size(), 2u);
  EXPECT_EQ(audit_.events()[0].resource_name(),
            absl::StrCat("trainingCompletions/", response.results(0).completion().id()));
}

TEST_F(CompletionImportHandlerTest, AllOrNothingWritesNothingAndNamesEveryRecord) {
  v1::ImportCompletionsRequest request;  // UNSPECIFIED: all or nothing
  *request.add_completions() = Record("A1", "PLAIN", 3);
  v1::CompletionImportRecord scored = Record("A2", "PLAIN", 3);
  scored.set_assessment_score_percent(50);
  *request.add_completions() = scored;
  *request.add_completions() = Record("A2", "MISSING", 3);
  absl::StatusOr<v1::ImportCompletionsResponse> refused =
      handler_.ImportCompletions(Trainer(), request);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(FieldViolations(refused),
              ElementsAre(HasSubstr("completions[1].assessment_score_percent: version 1 of "
                                    "course 'PLAIN' has no assessment"),
                          "completions[2].course_id: no course 'MISSING'"));
  EXPECT_THAT(Stored(), IsEmpty());
  EXPECT_THAT(audit_.events(), IsEmpty());
  // A malformed field is INVALID_ARGUMENT, before anything is looked up.
  request.mutable_completions(0)->set_person_employee_id("A 1");
  EXPECT_EQ(handler_.ImportCompletions(Trainer(), request).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Stored(), IsEmpty());
}

TEST_F(CompletionImportHandlerTest, AlreadyStoredOrRepeatedRecordsAreAlreadyPresent) {
  v1::ImportCompletionsRequest request;
  request.set_mode(v1::IMPORT_MODE_KEEP_VALID);
  *request.add_completions() = Record("A1", "PLAIN", 3);
  *request.add_completions() = Record("A1", "PLAIN", 3);  // the same, twice in one request
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ImportCompletionsResponse first,
                              handler_.ImportCompletions(Trainer(), request));
  EXPECT_EQ(first.imported_count(), 1);
  EXPECT_EQ(first.already_present_count(), 1);
  EXPECT_TRUE(first.results(1).already_present());
  EXPECT_EQ(first.results(1).completion().id(), first.results(0).completion().id());
  // Imported again (another request): nothing new.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ImportCompletionsResponse again,
                              handler_.ImportCompletions(Trainer(), request));
  EXPECT_EQ(again.imported_count(), 0);
  EXPECT_EQ(again.already_present_count(), 2);
  EXPECT_EQ(Stored().size(), 1u);
  EXPECT_EQ(audit_.events().size(), 1u);
  // The same person and course at another instant is another completion.
  v1::ImportCompletionsRequest later;
  *later.add_completions() = Record("A1", "PLAIN", 2);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ImportCompletionsResponse other,
                              handler_.ImportCompletions(Trainer(), later));
  EXPECT_EQ(other.imported_count(), 1);
  EXPECT_EQ(Stored().size(), 2u);
}

TEST_F(CompletionImportHandlerTest, RequestIdReplayWritesNothingAndOtherPayloadIsRefused) {
  v1::ImportCompletionsRequest request;
  request.set_request_id("import-1");
  *request.add_completions() = Record("A1", "PLAIN", 3);
  *request.add_completions() = Record("A2", "PLAIN", 4);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ImportCompletionsResponse original,
                              handler_.ImportCompletions(Trainer(), request));
  EXPECT_EQ(original.imported_count(), 2);
  const std::size_t events = audit_.events().size();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ImportCompletionsResponse replay,
                              handler_.ImportCompletions(Trainer(), request));
  EXPECT_EQ(audit_.events().size(), events);
  EXPECT_EQ(replay.imported_count(), 0);
  EXPECT_EQ(replay.already_present_count(), 2);
  EXPECT_EQ(replay.results(1).completion().id(), original.results(1).completion().id());
  request.mutable_completions(1)->set_person_employee_id("A1");
  absl::StatusOr<v1::ImportCompletionsResponse> reused =
      handler_.ImportCompletions(Trainer(), request);
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Reason(reused), "REQUEST_ID_REUSED");
  EXPECT_EQ(Stored().size(), 2u);
}

TEST_F(CompletionImportHandlerTest, RequestRulesNameTheirField) {
  v1::ImportCompletionsRequest empty;
  EXPECT_THAT(FieldViolations(handler_.ImportCompletions(Trainer(), empty)),
              ElementsAre("completions: must contain at least one record"));
  v1::ImportCompletionsRequest bad;
  *bad.add_completions() = Record("A1", "PLAIN", 1);
  bad.set_mode(static_cast<v1::ImportMode>(9));
  bad.set_request_id("with space");
  EXPECT_THAT(FieldViolations(handler_.ImportCompletions(Trainer(), bad)),
              ElementsAre(HasSubstr("mode: unknown value 9"), HasSubstr("request_id: ")));
  v1::ImportCompletionsRequest many;
  for (int i = 0; i < 1001; ++i) *many.add_completions() = Record("A1", "PLAIN", 1);
  EXPECT_THAT(FieldViolations(handler_.ImportCompletions(Trainer(), many)),
              ElementsAre("completions: at most 1000 per request, got 1001"));
}

}  // namespace
}  // namespace escala::testing
