// `escala audit list` against an in-process AuditService that records what it was sent: the
// flags' mapping onto ListAuditEventsRequest, paging and the output formats.

#include <gmock/gmock.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli.h"
#include "escala/v1/audit.grpc.pb.h"

namespace escala::client {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Two pages: events 3 and 2, then event 1.
class RecordingAuditService final : public v1::AuditService::Service {
 public:
  grpc::Status ListAuditEvents(grpc::ServerContext*, const v1::ListAuditEventsRequest* request,
                               v1::ListAuditEventsResponse* response) override {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(*request);
    if (request->page_token().empty()) {
      *response->add_events() = Event(3, std::string(200, 'x'));
      *response->add_events() = Event(2, R"({"display_name":"Blue"})");
      response->set_next_page_token("page-2");
    } else {
      *response->add_events() = Event(1, R"({"level":2})");
    }
    return grpc::Status::OK;
  }

  std::vector<v1::ListAuditEventsRequest> requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  static v1::AuditEvent Event(int64_t id, const std::string& after_json) {
    v1::AuditEvent event;
    event.set_id(id);
    event.mutable_event_time()->set_seconds(1790000000 + id);
    event.set_principal("people/E1001");
    event.set_principal_role(v1::ROLE_MANAGER);
    event.set_method("escala.v1.PeopleService/UpdatePerson");
    event.set_resource_type("person");
    event.set_resource_name(absl::StrCat("people/E", id));
    event.set_request_id(absl::StrCat("req-", id));
    event.set_before_json(R"({"level":1})");
    event.set_after_json(after_json);
    return event;
  }

  std::mutex mutex_;
  std::vector<v1::ListAuditEventsRequest> requests_;
};

struct AuditOutcome {
  int code;
  std::string out;
  std::string err;
};

class AuditCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Tables are fitted to the terminal; the test's output is not one, so COLUMNS decides.
    setenv("COLUMNS", "120", 1);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
  }
  void TearDown() override { server_->Shutdown(); }

  AuditOutcome Run(std::vector<std::string> args, const std::string& output = "table") {
    args.insert(args.begin(),
                {absl::StrCat("--server=127.0.0.1:", port_), "--output", output, "audit", "list"});
    std::ostringstream out;
    std::ostringstream err;
    const int code = RunCli(args, out, err);
    return {code, out.str(), err.str()};
  }

  RecordingAuditService service_;

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(AuditCommandsTest, FlagsSetTheRequestFields) {
  AuditOutcome outcome =
      Run({"--principal", "people/E1001", "--resource-type", "person", "--resource", "people/E2002",
           "--since", "2026-11-01T09:00:00Z", "--until", "2026-11-02T00:00:00.250Z",
           "--oldest-first", "--page-size", "2", "--page-token", "abc"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.requests().size(), 1u);
  const v1::ListAuditEventsRequest request = service_.requests()[0];
  EXPECT_EQ(request.principal(), "people/E1001");
  EXPECT_EQ(request.resource_type(), "person");
  EXPECT_EQ(request.resource_name(), "people/E2002");
  EXPECT_EQ(request.start_time().seconds(), 1793523600);
  EXPECT_EQ(request.end_time().seconds(), 1793577600);
  EXPECT_EQ(request.end_time().nanos(), 250000000);
  EXPECT_EQ(request.order_by(), "event_time asc");
  EXPECT_EQ(request.page_size(), 2);
  EXPECT_EQ(request.page_token(), "abc");
}

TEST_F(AuditCommandsTest, NoFlagsSendAnEmptyRequest) {
  AuditOutcome outcome = Run({});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.requests().size(), 1u);
  EXPECT_EQ(service_.requests()[0].ByteSizeLong(), 0u);
  // One page only: the next token is for the user to pass on.
  EXPECT_THAT(outcome.err, HasSubstr("next_page_token: page-2"));
}

TEST_F(AuditCommandsTest, AllFollowsThePagesWithTheSameFilters) {
  AuditOutcome outcome = Run({"--all", "--principal", "people/E1001"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  std::vector<v1::ListAuditEventsRequest> requests = service_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].page_token(), "page-2");
  EXPECT_EQ(requests[1].principal(), "people/E1001");
  EXPECT_THAT(outcome.err, IsEmpty());
}

TEST_F(AuditCommandsTest, TableShowsOneRowPerEventWithAShortChange) {
  AuditOutcome outcome = Run({"--all"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("ID"));
  EXPECT_THAT(outcome.out, HasSubstr("PRINCIPAL"));
  EXPECT_THAT(outcome.out, HasSubstr("CHANGE"));
  EXPECT_THAT(outcome.out, HasSubstr("2026-09-21T"));
  EXPECT_THAT(outcome.out, HasSubstr("manager"));
  EXPECT_THAT(outcome.out, HasSubstr("PeopleService/UpdatePerson"));
  EXPECT_THAT(outcome.out, Not(HasSubstr("escala.v1.")));
  EXPECT_THAT(outcome.out, HasSubstr("req-2"));
  // The 200-character change is cut short.
  EXPECT_THAT(outcome.out, Not(HasSubstr(std::string(100, 'x'))));
  EXPECT_THAT(outcome.out, HasSubstr("…"));
  std::istringstream lines(outcome.out);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) ++count;
  EXPECT_EQ(count, 4);  // header + 3 events
  // Only the change column gave way to fit 120 columns: times and methods are whole.
  EXPECT_THAT(outcome.out, HasSubstr("2026-09-21T14:13:23.000Z"));
  EXPECT_THAT(outcome.out, HasSubstr("PeopleService/UpdatePerson "));
}

TEST_F(AuditCommandsTest, CsvAndJsonCarryTheWholeChange) {
  AuditOutcome csv = Run({"--all"}, "csv");
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("id,event_time,principal,principal_role,method,resource_type,"
                                 "resource_name,request_id,before_json,after_json\n"));
  EXPECT_THAT(csv.out, HasSubstr(std::string(200, 'x')));
  AuditOutcome json = Run({"--all"}, "json");
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr(std::string(200, 'x')));
  EXPECT_THAT(json.out, HasSubstr("beforeJson"));
}

TEST_F(AuditCommandsTest, BadFlagValuesAreUsageErrorsThatSendNothing) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--since", "yesterday"},
           {"--until", "2026-13-01T00:00:00Z"},
           {"--page-size", "many"},
           {"--oldest-first=yes"},
           {"--colour", "red"},
       }) {
    AuditOutcome outcome = Run(args);
    EXPECT_EQ(outcome.code, 2) << ::testing::PrintToString(args);
    EXPECT_THAT(outcome.err, HasSubstr("--help"));
  }
  EXPECT_THAT(service_.requests(), IsEmpty());
}

TEST_F(AuditCommandsTest, HelpListsTheFilters) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCli({"audit", "list", "--help"}, out, err), 0);
  for (const char* flag :
       {"--principal NAME", "--resource-type TYPE", "--resource NAME", "--since TIME",
        "--until TIME", "--oldest-first", "--page-size N", "--page-token TOKEN", "--all"}) {
    EXPECT_THAT(out.str(), HasSubstr(flag));
  }
  std::ostringstream top, top_err;
  EXPECT_EQ(RunCli({"--help"}, top, top_err), 0);
  EXPECT_THAT(top.str(), HasSubstr("audit"));
}

}  // namespace
}  // namespace escala::client
