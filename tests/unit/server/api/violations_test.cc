#include "server/api/violations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/common/error_details.h"
#include "tests/testing/error_details.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::FieldViolations;
using ::escala::testing::IsOk;
using ::escala::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ViolationsTest, NothingRecordedIsOk) {
  Violations violations;
  violations.Add(absl::OkStatus());
  EXPECT_TRUE(violations.empty());
  EXPECT_THAT(violations.ToStatus(), IsOk());
}

TEST(ViolationsTest, KeepsEveryViolationInOrderWithAHumanMessage) {
  Violations violations;
  violations.Add("end_time", "must not be before start_time");
  violations.Add("channel", "is required");
  violations.Add("csat", "must be between 1 and 5, got 9");
  EXPECT_EQ(violations.size(), 3);
  const absl::Status status = violations.ToStatus();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               "end_time: must not be before start_time; channel: is required; "
                               "csat: must be between 1 and 5, got 9"));
  EXPECT_THAT(FieldViolations(status),
              ElementsAre("end_time: must not be before start_time", "channel: is required",
                          "csat: must be between 1 and 5, got 9"));
}

TEST(ViolationsTest, TheDetailsAreAGoogleRpcBadRequest) {
  const absl::Status status = InvalidField("people[2].email", "must be an address");
  const auto payload = status.GetPayload("type.googleapis.com/google.rpc.BadRequest");
  ASSERT_TRUE(payload.has_value());
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(bad_request.ParseFromString(std::string(*payload)));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "people[2].email");
  EXPECT_EQ(bad_request.field_violations(0).description(), "must be an address");
}

TEST(ViolationsTest, AddKeepsEveryViolationOfAnotherValidatorsStatus) {
  Violations inner;
  inner.Add("email", "must be an address");
  inner.Add("level", "must be between 1 and 9, got 0");
  Violations outer;
  outer.Add("request_id", "must be printable ASCII without spaces");
  outer.Add(inner.ToStatus());
  EXPECT_THAT(FieldViolations(outer.ToStatus()),
              ElementsAre("request_id: must be printable ASCII without spaces",
                          "email: must be an address", "level: must be between 1 and 9, got 0"));
}

TEST(ViolationsTest, NestedPrefixesComposeIntoFieldPaths) {
  Violations answer;
  answer.Add("value", "7 is outside 1..5");
  Violations evaluation;
  evaluation.AddNested("answers[2].", answer.ToStatus());
  evaluation.Add("overall_comment", "must be at most 4000 characters, got 4001");
  const absl::Status status = Nested("evaluation.", evaluation.ToStatus());
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "evaluation.answers[2].value: 7 is outside 1..5; "
                       "evaluation.overall_comment: must be at most 4000 characters, got 4001"));
  EXPECT_THAT(db::ViolatedFields(status),
              ElementsAre("evaluation.answers[2].value", "evaluation.overall_comment"));
}

TEST(ViolationsTest, EveryElementOfAListIsReportedUnderItsIndex) {
  Violations violations;
  for (int i = 0; i < 3; ++i) {
    Violations person;
    if (i != 1) person.Add("email", "must be an address");
    violations.AddNested("people[" + std::to_string(i) + "].", person.ToStatus());
  }
  EXPECT_THAT(db::ViolatedFields(violations.ToStatus()),
              ElementsAre("people[0].email", "people[2].email"));
}

TEST(ViolationsTest, AViolationOfTheWholeMessageTakesThePrefixPath) {
  Violations violations;
  violations.Add("", "section \"s1\": weights must add up");
  EXPECT_THAT(Nested("scorecard.", violations.ToStatus()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "scorecard: section \"s1\": weights must add up"));
  // An INVALID_ARGUMENT without details counts as one violation of the prefix's field.
  Violations plain;
  plain.AddNested("evaluation.", absl::InvalidArgumentError("answers do not add up"));
  EXPECT_THAT(FieldViolations(plain.ToStatus()), ElementsAre("evaluation: answers do not add up"));
}

TEST(ViolationsTest, AStatusThatIsNoValidationResultWinsUnchanged) {
  Violations violations;
  violations.Add("title", "is required");
  violations.Add(absl::UnavailableError("database down"));
  violations.Add(absl::NotFoundError("later"));
  EXPECT_THAT(violations.ToStatus(), StatusIs(absl::StatusCode::kUnavailable, "database down"));
  EXPECT_THAT(Nested("x.", absl::NotFoundError("no")), StatusIs(absl::StatusCode::kNotFound, "no"));
  EXPECT_THAT(Nested("x.", absl::OkStatus()), IsOk());
}

TEST(ViolationsTest, FieldPreconditionFailedNamesTheFieldInTheDetails) {
  const absl::Status status =
      FieldPreconditionFailed("team.lead_employee_id", "'E9' is not in the people directory");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition,
                               "team.lead_employee_id: 'E9' is not in the people directory"));
  EXPECT_THAT(db::ViolatedFields(status), ElementsAre("team.lead_employee_id"));
  EXPECT_THAT(db::ViolatedFields(absl::InvalidArgumentError("no details")), IsEmpty());
}

}  // namespace
}  // namespace escala::server
