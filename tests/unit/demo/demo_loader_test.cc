#include "tools/demo/demo_loader.h"

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A directory that keeps the reference rules the real server enforces and records how it was
// called.
class FakePeopleService final : public v1::PeopleService::Service {
 public:
  grpc::Status CreateTeam(grpc::ServerContext*, const v1::CreateTeamRequest* request,
                          v1::Team* response) override {
    std::lock_guard lock(mu_);
    if (!create_team_error.ok()) return create_team_error;
    if (!request->team().lead_employee_id().empty()) ++teams_created_with_lead;
    if (teams_.contains(request->team().team_id())) {
      return grpc::Status(grpc::StatusCode::ALREADY_EXISTS, "team exists");
    }
    teams_[request->team().team_id()] = request->team();
    *response = request->team();
    return grpc::Status::OK;
  }

  grpc::Status UpsertPeople(grpc::ServerContext*, const v1::UpsertPeopleRequest* request,
                            v1::UpsertPeopleResponse* response) override {
    std::lock_guard lock(mu_);
    upsert_batch_sizes.push_back(request->people_size());
    for (const v1::Person& p : request->people()) {
      if (!p.team_id().empty() && !teams_.contains(p.team_id())) {
        return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "unknown team " + p.team_id());
      }
    }
    for (const v1::Person& p : request->people()) {
      auto [it, inserted] = people_.try_emplace(p.employee_id(), p.SerializeAsString());
      if (inserted) {
        response->set_created_count(response->created_count() + 1);
      } else if (it->second != p.SerializeAsString()) {
        it->second = p.SerializeAsString();
        response->set_updated_count(response->updated_count() + 1);
      } else {
        response->set_unchanged_count(response->unchanged_count() + 1);
      }
    }
    return grpc::Status::OK;
  }

  grpc::Status UpdateTeam(grpc::ServerContext*, const v1::UpdateTeamRequest* request,
                          v1::Team* response) override {
    std::lock_guard lock(mu_);
    auto it = teams_.find(request->team().team_id());
    if (it == teams_.end()) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such team");
    if (request->update_mask().paths_size() != 1 ||
        request->update_mask().paths(0) != "lead_employee_id") {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "unexpected update_mask");
    }
    if (!people_.contains(request->team().lead_employee_id())) {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "lead does not exist");
    }
    it->second.set_lead_employee_id(request->team().lead_employee_id());
    *response = it->second;
    return grpc::Status::OK;
  }

  bool HasPerson(const std::string& employee_id) {
    std::lock_guard lock(mu_);
    return people_.contains(employee_id);
  }

  std::string LeadOf(const std::string& team_id) {
    std::lock_guard lock(mu_);
    auto it = teams_.find(team_id);
    return it == teams_.end() ? "" : it->second.lead_employee_id();
  }

  grpc::Status create_team_error = grpc::Status::OK;
  int teams_created_with_lead = 0;
  std::vector<int> upsert_batch_sizes;

 private:
  std::mutex mu_;
  std::map<std::string, v1::Team> teams_;
  std::map<std::string, std::string> people_;  // employee id → serialized record
};

class FakeInteractionService final : public v1::InteractionService::Service {
 public:
  explicit FakeInteractionService(FakePeopleService& people) : people_(people) {}

  grpc::Status ImportInteractions(grpc::ServerContext*,
                                  grpc::ServerReader<v1::ImportInteractionsRequest>* reader,
                                  v1::ImportInteractionsResponse* response) override {
    std::lock_guard lock(mu_);
    v1::ImportInteractionsRequest request;
    int64_t position = 0;
    while (reader->Read(&request)) {
      modes.push_back(request.mode());
      message_sizes.push_back(request.interactions_size());
      for (const v1::Interaction& ix : request.interactions()) {
        ++position;
        response->set_received_count(response->received_count() + 1);
        if (position == reject_position || !people_.HasPerson(ix.agent_employee_id())) {
          v1::ImportRejection* r = response->add_rejections();
          r->set_position(position);
          r->set_field("agent_employee_id");
          r->set_reason("no such person");
          r->set_code(static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION));
        } else if (!stored_.insert({ix.source_system(), ix.source_id()}).second) {
          response->set_already_present_count(response->already_present_count() + 1);
        } else {
          response->set_imported_count(response->imported_count() + 1);
        }
      }
    }
    return grpc::Status::OK;
  }

  int64_t reject_position = 0;
  std::vector<v1::ImportMode> modes;
  std::vector<int> message_sizes;

 private:
  FakePeopleService& people_;
  std::mutex mu_;
  std::set<std::pair<std::string, std::string>> stored_;
};

class DemoLoaderTest : public ::testing::Test {
 protected:
  DemoLoaderTest() {
    grpc::ServerBuilder builder;
    builder.RegisterService(&people_service_);
    builder.RegisterService(&interaction_service_);
    server_ = builder.BuildAndStart();
    channel_ = server_->InProcessChannel(grpc::ChannelArguments());
    people_ = v1::PeopleService::NewStub(channel_);
    interactions_ = v1::InteractionService::NewStub(channel_);
  }
  ~DemoLoaderTest() override { server_->Shutdown(); }

  static DemoData SmallData() {
    DemoOptions options;
    options.days = 3;
    options.interactions_per_day = 400;
    options.end = absl::FromCivil(absl::CivilDay(2026, 11, 4), absl::UTCTimeZone());
    return GenerateDemoData(options);
  }

  absl::StatusOr<LoadSummary> Load(const DemoData& data, const LoadOptions& options = {}) {
    return LoadDemoData(data, *people_, *interactions_, options);
  }

  FakePeopleService people_service_;
  FakeInteractionService interaction_service_{people_service_};
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::PeopleService::Stub> people_;
  std::unique_ptr<v1::InteractionService::Stub> interactions_;
};

TEST_F(DemoLoaderTest, LoadsTeamsPeopleLeadsAndInteractions) {
  const DemoData data = SmallData();
  const absl::StatusOr<LoadSummary> summary = Load(data);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->teams_created, 5);
  EXPECT_EQ(summary->leads_set, 5);
  EXPECT_EQ(summary->people_created, static_cast<int>(data.people.size()));
  EXPECT_EQ(summary->interactions_received, 1200);
  EXPECT_EQ(summary->interactions_imported, 1200);
  EXPECT_TRUE(summary->rejections.empty());
  EXPECT_EQ(people_service_.teams_created_with_lead, 0);
  for (const v1::Team& team : data.teams) {
    EXPECT_EQ(people_service_.LeadOf(team.team_id()), team.lead_employee_id());
  }
}

TEST_F(DemoLoaderTest, StreamsAtMost500RecordsPerMessageAndTheModeOnlyFirst) {
  ASSERT_TRUE(Load(SmallData()).ok());
  EXPECT_THAT(interaction_service_.message_sizes, ElementsAre(500, 500, 200));
  EXPECT_THAT(interaction_service_.modes,
              ElementsAre(v1::IMPORT_MODE_KEEP_VALID, v1::IMPORT_MODE_UNSPECIFIED,
                          v1::IMPORT_MODE_UNSPECIFIED));
}

TEST_F(DemoLoaderTest, UpsertsPeopleInBatches) {
  const DemoData data = SmallData();
  LoadOptions options;
  options.people_batch = 20;
  ASSERT_TRUE(Load(data, options).ok());
  const int n = static_cast<int>(data.people.size());
  std::vector<int> expected;
  for (int left = n; left > 0; left -= 20) expected.push_back(std::min(left, 20));
  EXPECT_EQ(people_service_.upsert_batch_sizes, expected);
}

TEST_F(DemoLoaderTest, LoadingAgainChangesNothing) {
  const DemoData data = SmallData();
  ASSERT_TRUE(Load(data).ok());
  const absl::StatusOr<LoadSummary> again = Load(data);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->teams_created, 0);
  EXPECT_EQ(again->teams_existing, 5);
  EXPECT_EQ(again->people_created, 0);
  EXPECT_EQ(again->people_updated, 0);
  EXPECT_EQ(again->people_unchanged, static_cast<int>(data.people.size()));
  EXPECT_EQ(again->interactions_imported, 0);
  EXPECT_EQ(again->interactions_already_present, 1200);
  EXPECT_TRUE(again->rejections.empty());
}

TEST_F(DemoLoaderTest, ReportsRejectionsWithTheirSourceIds) {
  const DemoData data = SmallData();
  interaction_service_.reject_position = 7;
  const absl::StatusOr<LoadSummary> summary = Load(data);
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->rejections.size(), 1u);
  EXPECT_EQ(summary->rejections[0].position(), 7);
  EXPECT_EQ(summary->rejected_source_ids[0], data.interactions[6].source_id());
  const std::string text = FormatLoadSummary(*summary);
  EXPECT_THAT(text, HasSubstr("1199 imported"));
  EXPECT_THAT(text, HasSubstr("1 rejected"));
  EXPECT_THAT(text, HasSubstr("#7 " + data.interactions[6].source_id() +
                              ": agent_employee_id: no such person (FAILED_PRECONDITION)"));
}

TEST_F(DemoLoaderTest, AFailedCallStopsTheLoadWithItsCodeAndTheCallNamed) {
  people_service_.create_team_error =
      grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "caller may not create teams");
  const absl::StatusOr<LoadSummary> summary = Load(SmallData());
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(summary.status().message()),
              HasSubstr("CreateTeam t-phone-1: caller may not create teams"));
  EXPECT_TRUE(people_service_.upsert_batch_sizes.empty());
  EXPECT_TRUE(interaction_service_.message_sizes.empty());
}

TEST(DemoLoaderNoServerTest, AnUnreachableServerIsUnavailable) {
  // Port 1 is privileged and unused here: the connection is refused at once.
  const auto channel = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  const auto people = v1::PeopleService::NewStub(channel);
  const auto interactions = v1::InteractionService::NewStub(channel);
  LoadOptions options;
  options.rpc_timeout = absl::Seconds(5);
  DemoData data;
  data.teams.emplace_back().set_team_id("t-phone-1");
  const absl::StatusOr<LoadSummary> summary = LoadDemoData(data, *people, *interactions, options);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kUnavailable);
}

TEST(FromGrpcStatusTest, KeepsCodeAndMessage) {
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
  const absl::Status s = FromGrpcStatus(grpc::Status(grpc::StatusCode::ABORTED, "stale etag"));
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(s.message(), "stale etag");
}

}  // namespace
}  // namespace escala::demo
