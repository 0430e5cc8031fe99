#include "tools/demo/demo_scorecards.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/qa/scorecard_file.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"
#include "tools/demo/demo_loader.h"
#include "tools/demo/demo_scorecard_files.h"
#include "tools/demo/demo_tokens.h"

namespace escala::demo {
namespace {

// Long enough for the few calls below.
constexpr absl::Duration kAnalystTokenLifetime = absl::Minutes(10);

void SetDeadline(grpc::ClientContext& context, absl::Duration timeout) {
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(absl::ToInt64Milliseconds(timeout)));
}

absl::Status Failed(const grpc::Status& status, const std::string& what) {
  absl::Status converted = FromGrpcStatus(status);
  return absl::Status(converted.code(), absl::StrCat(what, ": ", converted.message()));
}

}  // namespace

absl::StatusOr<std::string> LoadDemoScorecards(const DemoData& data,
                                               const client::ChannelSettings& admin,
                                               absl::Duration rpc_timeout) {
  std::vector<v1::Scorecard> cards;
  for (const DemoScorecardFile& file : DemoScorecardFiles()) {
    absl::StatusOr<v1::Scorecard> card = client::ParseScorecardJson(file.json, file.name);
    if (!card.ok()) return card.status();
    cards.push_back(*std::move(card));
  }
  std::string analyst;
  for (const DemoTokenHolder& holder : PickDemoTokenHolders(data)) {
    if (holder.role == "qa_analyst") analyst = holder.employee_id;
  }
  if (analyst.empty()) return std::string("no QA analyst in the demo data: no scorecards loaded\n");

  absl::StatusOr<std::shared_ptr<grpc::Channel>> admin_channel = client::MakeServerChannel(admin);
  if (!admin_channel.ok()) return admin_channel.status();
  v1::CreateTokenRequest token_request;
  token_request.mutable_token()->set_principal("people/" + analyst);
  const absl::Time expiry = absl::Now() + kAnalystTokenLifetime;
  token_request.mutable_token()->mutable_expire_time()->set_seconds(absl::ToUnixSeconds(expiry));
  v1::CreateTokenResponse token;
  grpc::ClientContext token_context;
  SetDeadline(token_context, rpc_timeout);
  grpc::Status issued = v1::IdentityService::NewStub(*admin_channel)
                            ->CreateToken(&token_context, token_request, &token);
  if (!issued.ok()) return Failed(issued, absl::StrCat("CreateToken people/", analyst));

  client::ChannelSettings as_analyst = admin;
  as_analyst.token = token.secret();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client::MakeServerChannel(as_analyst);
  if (!channel.ok()) return channel.status();
  const auto scorecards = v1::ScorecardService::NewStub(*channel);
  int created = 0;
  int existing = 0;
  for (const v1::Scorecard& card : cards) {
    v1::CreateScorecardRequest request;
    *request.mutable_scorecard() = card;
    v1::Scorecard draft;
    grpc::ClientContext context;
    SetDeadline(context, rpc_timeout);
    grpc::Status status = scorecards->CreateScorecard(&context, request, &draft);
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      ++existing;
      continue;
    }
    if (!status.ok()) return Failed(status, absl::StrCat("CreateScorecard ", card.scorecard_id()));
    v1::PublishScorecardRequest publish;
    publish.set_scorecard_id(draft.scorecard_id());
    publish.set_etag(draft.etag());
    v1::Scorecard published;
    grpc::ClientContext publish_context;
    SetDeadline(publish_context, rpc_timeout);
    status = scorecards->PublishScorecard(&publish_context, publish, &published);
    if (!status.ok()) return Failed(status, absl::StrCat("PublishScorecard ", card.scorecard_id()));
    ++created;
  }
  return absl::StrCat("scorecards: ", created, " created and published by people/", analyst, ", ",
                      existing, " already present\n");
}

}  // namespace escala::demo
