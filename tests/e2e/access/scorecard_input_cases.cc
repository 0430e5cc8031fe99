// Input-safety cases of the ScorecardService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "escala/v1/scorecards.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

// A new draft scorecard made by the manager; its id.
std::string ManagersScorecard(InputClient& client) {
  v1::CreateScorecardRequest request;
  v1::Scorecard* card = request.mutable_scorecard();
  card->set_scorecard_id(client.Unique("limits-"));
  card->set_title("Limits");
  v1::ScorecardSection* section = card->add_sections();
  section->set_key("s");
  section->set_title("Section");
  v1::Criterion* criterion = section->add_criteria();
  criterion->set_key("c");
  criterion->set_title("Criterion");
  criterion->set_weight(1);
  criterion->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
  v1::Scorecard created;
  grpc::Status status = client.CallAs(
      client.ManagerToken(), &v1::ScorecardService::Stub::CreateScorecard, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return card->scorecard_id();
}

InputCases ScorecardInputCases() {
  InputCases cases;
  cases.paged_lists = {
      {.method = "escala.v1.ScorecardService/ListScorecards",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListScorecardsRequest request;
               request.set_page_size(page_size);
               v1::ListScorecardsResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::ScorecardService::Stub::ListScorecards, request,
                                    &response);
             };
           }},
      {.method = "escala.v1.ScorecardService/ListScorecardVersions",
       .prepare =
           [](InputClient& client) {
             return [&client, scorecard_id = ManagersScorecard(client)](int32_t page_size) {
               v1::ListScorecardVersionsRequest request;
               request.set_scorecard_id(scorecard_id);
               request.set_page_size(page_size);
               v1::ListScorecardsResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::ScorecardService::Stub::ListScorecardVersions, request,
                                    &response);
             };
           }},
  };
  return cases;
}

const InputCaseRegistrar kRegistrar("scorecards", &ScorecardInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
