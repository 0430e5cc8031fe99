#include "server/platform/grpc_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>

#include "db/common/error_details.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The google.rpc.Status in the binary error details, as a client decodes it.
google::rpc::Status DetailsOf(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()));
  return details;
}

template <typename Message>
std::optional<Message> Unpacked(const google::rpc::Status& details) {
  for (const google::protobuf::Any& any : details.details()) {
    Message message;
    if (any.UnpackTo(&message)) return message;
  }
  return std::nullopt;
}

TEST(ToGrpcStatus, OkIsOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

TEST(ToGrpcStatus, KeepsCodeAndMessageAndSendsNoDetailsWhenThereAreNone) {
  const grpc::Status status = ToGrpcStatus(absl::NotFoundError("person 'E1' not found"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "person 'E1' not found");
  EXPECT_EQ(status.error_details(), "");
}

TEST(ToGrpcStatus, FieldViolationsTravelAsABadRequest) {
  Violations violations;
  violations.Add("interaction.end_time", "must not be before start_time");
  violations.Add("interaction.channel", "must be a known channel, got 0");
  const grpc::Status status = ToGrpcStatus(violations.ToStatus());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const google::rpc::Status details = DetailsOf(status);
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(details.message(), status.error_message());
  ASSERT_EQ(details.details_size(), 1);
  EXPECT_EQ(details.details(0).type_url(), "type.googleapis.com/google.rpc.BadRequest");
  std::optional<google::rpc::BadRequest> bad_request = Unpacked<google::rpc::BadRequest>(details);
  ASSERT_TRUE(bad_request.has_value());
  ASSERT_EQ(bad_request->field_violations_size(), 2);
  EXPECT_EQ(bad_request->field_violations(0).field(), "interaction.end_time");
  EXPECT_EQ(bad_request->field_violations(0).description(), "must not be before start_time");
  EXPECT_EQ(bad_request->field_violations(1).field(), "interaction.channel");
}

TEST(ToGrpcStatus, DomainRefusalsCarryAnErrorInfoOfTheEscalaDomain) {
  const grpc::Status status = ToGrpcStatus(
      db::WithErrorInfo(absl::AbortedError("etag: '1' is stale (current '2'); re-read and retry"),
                        db::kReasonEtagMismatch, {{"resource", "evaluations/42"}}));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  std::optional<google::rpc::ErrorInfo> info = Unpacked<google::rpc::ErrorInfo>(DetailsOf(status));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "ETAG_MISMATCH");
  EXPECT_EQ(info->domain(), "escala");
  EXPECT_EQ(info->metadata().at("resource"), "evaluations/42");
}

TEST(ToGrpcStatus, BothKindsOfDetailsTravelTogether) {
  const absl::Status field = FieldPreconditionFailed("plan.scorecard_id", "no published version");
  const grpc::Status status =
      ToGrpcStatus(db::WithErrorInfo(field, db::kReasonScorecardNotPublished));
  const google::rpc::Status details = DetailsOf(status);
  EXPECT_EQ(details.details_size(), 2);
  EXPECT_TRUE(Unpacked<google::rpc::BadRequest>(details).has_value());
  EXPECT_TRUE(Unpacked<google::rpc::ErrorInfo>(details).has_value());
}

TEST(ToGrpcStatus, PayloadsThatAreNotGoogleRpcDetailsStayInTheServer) {
  absl::Status status = absl::AlreadyExistsError("duplicate");
  status.SetPayload("escala.db/ConstraintFailure", absl::Cord("unique:ux_secret"));
  const grpc::Status sent = ToGrpcStatus(status);
  EXPECT_EQ(sent.error_details(), "");
}

TEST(ToGrpcStatus, InternalAndUnknownHideTheMessageAndCarryNoDetails) {
  for (absl::StatusCode code : {absl::StatusCode::kInternal, absl::StatusCode::kUnknown}) {
    absl::Status internal(code, "CreatePerson: Duplicate entry 'secret' for key 'PRIMARY'");
    internal = db::WithErrorInfo(db::WithFieldViolation(internal, "person.employee_id", "x"),
                                 db::kReasonDuplicateId);
    const grpc::Status status = ToGrpcStatus(internal);
    EXPECT_EQ(static_cast<int>(status.error_code()), static_cast<int>(code));
    EXPECT_THAT(status.error_message(), HasSubstr("server log reference"));
    EXPECT_THAT(status.error_message(), Not(HasSubstr("secret")));
    EXPECT_EQ(status.error_details(), "");
  }
}

}  // namespace
}  // namespace escala::server
