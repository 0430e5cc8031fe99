// The machine-readable error model end to end, on each backend: what escala-server puts in the
// binary error details of a gRPC status (a google.rpc.Status with a BadRequest listing every
// field at fault, an ErrorInfo with a stable reason), read back by a gRPC client as any client
// would, and what the real CLI prints from them.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "escala/v1/people.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The google.rpc.Status of a failed call, decoded from grpc::Status::error_details().
google::rpc::Status DetailsOf(const grpc::Status& status) {
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(status.error_details()))
      << "no google.rpc.Status in the details of " << status.error_message();
  return details;
}

// The first detail of type `Message`, or nullopt.
template <typename Message>
std::optional<Message> Detail(const grpc::Status& status) {
  const google::rpc::Status details = DetailsOf(status);
  for (const google::protobuf::Any& any : details.details()) {
    Message message;
    if (any.Is<Message>() && any.UnpackTo(&message)) return message;
  }
  return std::nullopt;
}

// "field: description" of each BadRequest field violation.
std::vector<std::string> FieldViolations(const grpc::Status& status) {
  std::vector<std::string> lines;
  std::optional<google::rpc::BadRequest> bad_request = Detail<google::rpc::BadRequest>(status);
  if (!bad_request.has_value()) return lines;
  for (const auto& violation : bad_request->field_violations()) {
    lines.push_back(violation.field() + ": " + violation.description());
  }
  return lines;
}

class ErrorDetailsEndToEndTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    channel_ = PlaintextChannel(server().address());
    people_ = v1::PeopleService::NewStub(channel_);
    ASSERT_TRUE(CreatePerson(Person("E1")).ok());
  }
  void TearDown() override {
    people_.reset();
    channel_.reset();
    ServerUnderTestFixture::TearDown();
  }

  static v1::Person Person(const std::string& employee_id) {
    v1::Person person;
    person.set_employee_id(employee_id);
    person.set_display_name("Ana Pérez");
    person.set_email("ana@escala.example");
    person.set_role(v1::ROLE_AGENT);
    person.set_level(1);
    return person;
  }

  grpc::Status CreatePerson(const v1::Person& person) {
    grpc::ClientContext context;
    Authorize(context, server().admin_token());
    v1::CreatePersonRequest request;
    *request.mutable_person() = person;
    v1::Person created;
    return people_->CreatePerson(&context, request, &created);
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::PeopleService::Stub> people_;
};

TEST_P(ErrorDetailsEndToEndTest, AnInvalidRequestListsEveryFieldInABadRequest) {
  v1::Person person = Person("E2");
  person.set_display_name("");
  person.set_email("not-an-address");
  person.set_level(12);
  const grpc::Status status = CreatePerson(person);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const google::rpc::Status details = DetailsOf(status);
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(details.message(), status.error_message());
  EXPECT_THAT(FieldViolations(status),
              ElementsAre("person.display_name: is required",
                          "person.email: must be an address of the form name@domain",
                          "person.level: must be between 1 and 9, got 12"));
  // The message says the same for people.
  EXPECT_EQ(status.error_message(),
            "person.display_name: is required; person.email: must be an address of the form "
            "name@domain; person.level: must be between 1 and 9, got 12");
}

TEST_P(ErrorDetailsEndToEndTest, AStaleEtagIsAbortedWithTheReasonEtagMismatch) {
  grpc::ClientContext context;
  Authorize(context, server().admin_token());
  v1::UpdatePersonRequest request;
  *request.mutable_person() = Person("E1");
  request.mutable_person()->set_display_name("Ana Pérez Ruiz");
  request.mutable_person()->set_etag("7");
  request.mutable_update_mask()->add_paths("display_name");
  v1::Person updated;
  const grpc::Status status = people_->UpdatePerson(&context, request, &updated);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  std::optional<google::rpc::ErrorInfo> info = Detail<google::rpc::ErrorInfo>(status);
  ASSERT_TRUE(info.has_value()) << status.error_message();
  EXPECT_EQ(info->reason(), "ETAG_MISMATCH");
  EXPECT_EQ(info->domain(), "escala");
  EXPECT_EQ(info->metadata().at("resource"), "people/E1");
}

TEST_P(ErrorDetailsEndToEndTest, ADuplicateIsAlreadyExistsWithTheReasonDuplicateId) {
  const grpc::Status status = CreatePerson(Person("E1"));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  std::optional<google::rpc::ErrorInfo> info = Detail<google::rpc::ErrorInfo>(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "DUPLICATE_ID");
  EXPECT_EQ(info->metadata().at("resource"), "people/E1");
  // The database's own text stays in the server.
  EXPECT_THAT(status.error_message(), Not(HasSubstr("Duplicate entry")));
  EXPECT_THAT(status.error_message(), Not(HasSubstr("UNIQUE")));
}

TEST_P(ErrorDetailsEndToEndTest, TheCliPrintsEveryFieldViolationOnItsOwnLine) {
  ProcessResult r = Cli({"people", "create", "--employee-id", "E9", "--display-name", "X",
                         "--email", "not-an-address", "--role", "agent", "--level", "0"});
  EXPECT_EQ(r.exit_code, 1);
  // The fields as the user typed them: the details' paths in the command's flag names.
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT: 2 field violations:\n"
                               "  --email: must be an address of the form name@domain\n"
                               "  --level: must be between 1 and 9, got 0\n"));
}

TEST_P(ErrorDetailsEndToEndTest, PeopleImportReportsEveryBadRowAndFieldFromTheDetails) {
  const std::string csv = server().dir().File("people.csv");
  WriteFile(csv,
            "employee_id,display_name,email,role,level,team_id,hire_date,active\n"
            "E3,Marta Díaz,marta@escala.example,team-lead,3,,2021-06-15,true\n"
            "E4,Two Faults,not-an-address,agent,12,,,true\n"
            "E5,Luis Gómez,luis@escala.example,agent,1,,2023-02-29,true\n"
            "E6,Rosa Vidal,rosa@escala.example,agent,2,,,true\n");
  ProcessResult r = Cli({"people", "import", csv});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("line 3: email: must be an address of the form name@domain\n"
                               "line 3: level: must be between 1 and 9, got 12\n"
                               "line 4: hire_date: is not a calendar date: '2023-02-29'\n"));
  EXPECT_THAT(r.out, HasSubstr("created 2, updated 0, unchanged 0, rejected 2"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ErrorDetailsEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
