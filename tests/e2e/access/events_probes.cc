// Access-matrix probe of the EventService: a level change of the target person is committed,
// then the caller watches from just before it. The event arriving is "found"; a stream that
// stays quiet until its deadline passed it over (NOT_FOUND); a refused call ends at once.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/time/clock.h"
#include "escala/v1/events.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

// The resume token of the feed's head, from the first Progress of an administrator's stream.
std::string EventsHeadToken(World& w) {
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::WatchEventsRequest request;
  std::unique_ptr<grpc::ClientReader<v1::WatchEventsResponse>> stream =
      NewStub<v1::EventService>(w.channel)->WatchEvents(&context, request);
  v1::WatchEventsResponse first;
  const bool read = stream->Read(&first);
  context.TryCancel();
  stream->Finish();
  return read ? first.progress().resume_token() : std::string();
}

// Moves the person's level between 1 and 2 as the administrator.
bool ToggleEventsProbeLevel(World& w, const std::string& employee_id) {
  v1::Person stored;
  {
    grpc::ClientContext context;
    Authorize(context, w.admin_token);
    v1::GetPersonRequest get;
    get.set_employee_id(employee_id);
    if (!NewStub<v1::PeopleService>(w.channel)->GetPerson(&context, get, &stored).ok())
      return false;
  }
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::UpdatePersonRequest request;
  request.mutable_person()->set_employee_id(employee_id);
  request.mutable_person()->set_level(stored.level() == 1 ? 2 : 1);
  request.mutable_update_mask()->add_paths("level");
  v1::Person response;
  return NewStub<v1::PeopleService>(w.channel)->UpdatePerson(&context, request, &response).ok();
}

std::map<std::string, Probe> EventsProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.EventService/WatchEvents"] = [](World& w, const Actor& c, Target t) {
    const std::string employee_id = PersonTarget(w, c, t).employee_id;
    const std::string from = EventsHeadToken(w);
    if (from.empty() || !ToggleEventsProbeLevel(w, employee_id)) return grpc::StatusCode::INTERNAL;
    grpc::ClientContext context;
    Authorize(context, c.token);
    // The event is committed before the stream starts, so a visible one is in its first page.
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
    v1::WatchEventsRequest request;
    request.set_resume_token(from);
    request.add_subjects("people/" + employee_id);
    std::unique_ptr<grpc::ClientReader<v1::WatchEventsResponse>> stream =
        NewStub<v1::EventService>(w.channel)->WatchEvents(&context, request);
    v1::WatchEventsResponse response;
    bool found = false;
    while (!found && stream->Read(&response)) found = response.has_event();
    if (found) context.TryCancel();
    const grpc::Status status = stream->Finish();
    if (found) return grpc::StatusCode::OK;
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
      return grpc::StatusCode::NOT_FOUND;
    return status.error_code();
  };
  return probes;
}

const ProbeRegistrar kEventsProbes("events", &EventsProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
