#include "tools/demo/demo_qa_client.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "tools/demo/demo_loader.h"
#include "tools/demo/demo_time.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

// Long enough for the whole QA load; short, because the secrets are not kept anywhere.
constexpr absl::Duration kTokenLifetime = absl::Minutes(10);

}  // namespace

absl::Status DemoCallFailed(const grpc::Status& status, const std::string& what) {
  const absl::Status converted = FromGrpcStatus(status);
  return absl::Status(converted.code(), absl::StrCat(what, ": ", converted.message()));
}

void DemoQaClient::Prepare(grpc::ClientContext& context) const {
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(absl::ToInt64Milliseconds(rpc_timeout_)));
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> DemoQaClient::As(const std::string& employee_id) {
  if (const auto found = people_.find(employee_id); found != people_.end()) return found->second;
  if (admin_channel_ == nullptr) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> made = client::MakeServerChannel(admin_);
    if (!made.ok()) return made.status();
    admin_channel_ = *std::move(made);
  }
  v1::CreateTokenRequest request;
  request.mutable_token()->set_principal("people/" + employee_id);
  SetTimestamp(absl::Now() + kTokenLifetime, request.mutable_token()->mutable_expire_time());
  v1::CreateTokenResponse token;
  grpc::ClientContext context;
  Prepare(context);
  const grpc::Status status =
      v1::IdentityService::NewStub(admin_channel_)->CreateToken(&context, request, &token);
  if (!status.ok()) return DemoCallFailed(status, "CreateToken people/" + employee_id);
  client::ChannelSettings settings = admin_;
  settings.token = token.secret();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client::MakeServerChannel(settings);
  if (!channel.ok()) return channel.status();
  people_[employee_id] = *channel;
  return *channel;
}

absl::StatusOr<int64_t> DemoQaClient::InteractionId(const DemoContactRef& contact) {
  const std::string key = absl::StrCat(contact.source_system, "/", contact.source_id);
  if (const auto found = interaction_ids_.find(key); found != interaction_ids_.end()) {
    return found->second;
  }
  if (admin_channel_ == nullptr) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> made = client::MakeServerChannel(admin_);
    if (!made.ok()) return made.status();
    admin_channel_ = *std::move(made);
  }
  v1::ListInteractionsRequest request;
  request.set_agent_employee_id(contact.agent_employee_id);
  SetTimestamp(contact.start, request.mutable_start_time_from());
  SetTimestamp(contact.start + absl::Milliseconds(1), request.mutable_start_time_to());
  request.set_page_size(100);
  v1::ListInteractionsResponse response;
  grpc::ClientContext context;
  Prepare(context);
  const grpc::Status status = v1::InteractionService::NewStub(admin_channel_)
                                  ->ListInteractions(&context, request, &response);
  if (!status.ok()) return DemoCallFailed(status, "ListInteractions for " + key);
  for (const v1::Interaction& ix : response.interactions()) {
    if (ix.source_system() == contact.source_system && ix.source_id() == contact.source_id) {
      interaction_ids_[key] = ix.id();
      return ix.id();
    }
  }
  return absl::NotFoundError(absl::StrCat("interaction ", key, " is not on the server"));
}

}  // namespace escala::demo
