// Access-matrix probes of the ScorecardService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "escala/v1/scorecards.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

// Scorecards: the world's QA analyst makes the card a probe changes, so each probe's call is
// the only thing the caller's rule decides.
v1::Scorecard ProbeScorecard(const std::string& scorecard_id) {
  v1::Scorecard scorecard;
  scorecard.set_scorecard_id(scorecard_id);
  scorecard.set_title("Probe card");
  v1::ScorecardSection* section = scorecard.add_sections();
  section->set_key("s");
  section->set_title("Section");
  v1::Criterion* criterion = section->add_criteria();
  criterion->set_key("c");
  criterion->set_title("Criterion");
  criterion->set_weight(1);
  criterion->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
  return scorecard;
}

// A new draft scorecard made by the QA analyst; "" when that failed.
v1::Scorecard QaDraftScorecard(World& w) {
  grpc::ClientContext context;
  Authorize(context, w.callers.at(server::PolicyRole::kQaAnalyst).token);
  v1::CreateScorecardRequest request;
  *request.mutable_scorecard() = ProbeScorecard(w.Unique("probe-card-"));
  v1::Scorecard created;
  grpc::Status status =
      NewStub<v1::ScorecardService>(w.channel)->CreateScorecard(&context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

std::map<std::string, Probe> ScorecardProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.ScorecardService/CreateScorecard"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreateScorecardRequest request;
    *request.mutable_scorecard() = ProbeScorecard(w.Unique("new-card-"));
    v1::Scorecard response;
    return NewStub<v1::ScorecardService>(w.channel)
        ->CreateScorecard(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.ScorecardService/GetScorecard"] = [](World& w, const Actor& c, Target) {
    const v1::Scorecard draft = QaDraftScorecard(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetScorecardRequest request;
    request.set_scorecard_id(draft.scorecard_id());
    v1::Scorecard response;
    return NewStub<v1::ScorecardService>(w.channel)
        ->GetScorecard(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.ScorecardService/ListScorecards"] = [](World& w, const Actor& c, Target) {
    const v1::Scorecard draft = QaDraftScorecard(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListScorecardsRequest request;
    request.set_page_size(1000);
    v1::ListScorecardsResponse response;
    grpc::Status status =
        NewStub<v1::ScorecardService>(w.channel)->ListScorecards(&context, request, &response);
    bool contains = false;
    for (const v1::Scorecard& s : response.scorecards())
      contains |= s.scorecard_id() == draft.scorecard_id();
    return Found(status, contains);
  };
  probes["escala.v1.ScorecardService/ListScorecardVersions"] = [](World& w, const Actor& c,
                                                                  Target) {
    const v1::Scorecard draft = QaDraftScorecard(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListScorecardVersionsRequest request;
    request.set_scorecard_id(draft.scorecard_id());
    v1::ListScorecardsResponse response;
    grpc::Status status = NewStub<v1::ScorecardService>(w.channel)->ListScorecardVersions(
        &context, request, &response);
    return Found(status, response.scorecards_size() == 1);
  };
  probes["escala.v1.ScorecardService/UpdateScorecard"] = [](World& w, const Actor& c, Target) {
    const v1::Scorecard draft = QaDraftScorecard(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdateScorecardRequest request;
    *request.mutable_scorecard() = ProbeScorecard(draft.scorecard_id());
    request.mutable_scorecard()->set_title("Probe card, edited");
    request.mutable_scorecard()->set_etag(draft.etag());
    v1::Scorecard response;
    return NewStub<v1::ScorecardService>(w.channel)
        ->UpdateScorecard(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.ScorecardService/PublishScorecard"] = [](World& w, const Actor& c, Target) {
    const v1::Scorecard draft = QaDraftScorecard(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::PublishScorecardRequest request;
    request.set_scorecard_id(draft.scorecard_id());
    request.set_etag(draft.etag());
    v1::Scorecard response;
    return NewStub<v1::ScorecardService>(w.channel)
        ->PublishScorecard(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.ScorecardService/RetireScorecard"] = [](World& w, const Actor& c, Target) {
    const v1::Scorecard draft = QaDraftScorecard(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::RetireScorecardRequest request;
    request.set_scorecard_id(draft.scorecard_id());
    request.set_reason("probe");
    v1::Scorecard response;
    return NewStub<v1::ScorecardService>(w.channel)
        ->RetireScorecard(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kScorecardProbes("scorecards", &ScorecardProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
