// Access-matrix probes of the InteractionService.

#include <grpcpp/grpcpp.h>

#include <string>

#include "escala/v1/interactions.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

std::map<std::string, Probe> InteractionProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.InteractionService/CreateInteraction"] = [](World& w, const Actor& c,
                                                                Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreateInteractionRequest request;
    *request.mutable_interaction() = NewInteraction(w, PersonTarget(w, c, t).employee_id);
    v1::Interaction response;
    return NewStub<v1::InteractionService>(w.channel)
        ->CreateInteraction(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.InteractionService/GetInteraction"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetInteractionRequest request;
    request.set_id(w.interaction_of.at(PersonTarget(w, c, t).employee_id));
    v1::Interaction response;
    return NewStub<v1::InteractionService>(w.channel)
        ->GetInteraction(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.InteractionService/ListInteractions"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListInteractionsRequest request;
    request.set_page_size(1000);
    v1::ListInteractionsResponse response;
    grpc::Status status =
        NewStub<v1::InteractionService>(w.channel)->ListInteractions(&context, request, &response);
    const int64_t wanted = w.interaction_of.at(PersonTarget(w, c, t).employee_id);
    bool contains = false;
    for (const v1::Interaction& interaction : response.interactions())
      contains |= interaction.id() == wanted;
    return Found(status, contains);
  };
  probes["escala.v1.InteractionService/UpdateInteraction"] = [](World& w, const Actor& c,
                                                                Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdateInteractionRequest request;
    request.mutable_interaction()->set_id(w.interaction_of.at(PersonTarget(w, c, t).employee_id));
    request.mutable_interaction()->set_queue(w.Unique("queue-"));
    request.mutable_update_mask()->add_paths("queue");
    v1::Interaction response;
    return NewStub<v1::InteractionService>(w.channel)
        ->UpdateInteraction(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.InteractionService/ImportInteractions"] = [](World& w, const Actor& c,
                                                                 Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ImportInteractionsResponse response;
    auto stub = NewStub<v1::InteractionService>(w.channel);
    std::unique_ptr<grpc::ClientWriter<v1::ImportInteractionsRequest>> writer =
        stub->ImportInteractions(&context, &response);
    v1::ImportInteractionsRequest request;
    *request.add_interactions() = NewInteraction(w, PersonTarget(w, c, t).employee_id);
    writer->Write(request);
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (status.ok() && response.imported_count() != 1) return grpc::StatusCode::INTERNAL;
    return status.error_code();
  };
  return probes;
}

const ProbeRegistrar kInteractionsProbes("interactions", &InteractionProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
