#include "tools/demo/demo_loader.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "grpcpp/client_context.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

void SetDeadline(grpc::ClientContext& context, absl::Duration timeout) {
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(absl::ToInt64Milliseconds(timeout)));
}

absl::Status Failed(const grpc::Status& status, absl::string_view call) {
  const absl::Status converted = FromGrpcStatus(status);
  return absl::Status(converted.code(), absl::StrCat(call, ": ", converted.message()));
}

absl::Status CreateTeams(const DemoData& data, v1::PeopleService::StubInterface& people,
                         const LoadOptions& options, LoadSummary& summary) {
  for (const v1::Team& team : data.teams) {
    v1::CreateTeamRequest request;
    request.mutable_team()->set_team_id(team.team_id());
    request.mutable_team()->set_display_name(team.display_name());
    // The lead is set once people exist: a team may not name someone the directory lacks.
    grpc::ClientContext context;
    SetDeadline(context, options.rpc_timeout);
    v1::Team created;
    const grpc::Status status = people.CreateTeam(&context, request, &created);
    if (status.ok()) {
      ++summary.teams_created;
    } else if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      ++summary.teams_existing;
    } else {
      return Failed(status, absl::StrCat("CreateTeam ", team.team_id()));
    }
  }
  return absl::OkStatus();
}

absl::Status UpsertPeople(const DemoData& data, v1::PeopleService::StubInterface& people,
                          const LoadOptions& options, LoadSummary& summary) {
  const size_t batch = static_cast<size_t>(std::max(1, options.people_batch));
  for (size_t first = 0; first < data.people.size(); first += batch) {
    v1::UpsertPeopleRequest request;
    const size_t last = std::min(data.people.size(), first + batch);
    for (size_t i = first; i < last; ++i) *request.add_people() = data.people[i];
    grpc::ClientContext context;
    SetDeadline(context, options.rpc_timeout);
    v1::UpsertPeopleResponse response;
    const grpc::Status status = people.UpsertPeople(&context, request, &response);
    if (!status.ok()) {
      return Failed(status, absl::StrFormat("UpsertPeople (people %d-%d)", first + 1, last));
    }
    summary.people_created += response.created_count();
    summary.people_updated += response.updated_count();
    summary.people_unchanged += response.unchanged_count();
  }
  return absl::OkStatus();
}

absl::Status SetLeads(const DemoData& data, v1::PeopleService::StubInterface& people,
                      const LoadOptions& options, LoadSummary& summary) {
  for (const v1::Team& team : data.teams) {
    if (team.lead_employee_id().empty()) continue;
    v1::UpdateTeamRequest request;
    request.mutable_team()->set_team_id(team.team_id());
    request.mutable_team()->set_lead_employee_id(team.lead_employee_id());
    request.mutable_update_mask()->add_paths("lead_employee_id");
    grpc::ClientContext context;
    SetDeadline(context, options.rpc_timeout);
    v1::Team updated;
    const grpc::Status status = people.UpdateTeam(&context, request, &updated);
    if (!status.ok()) return Failed(status, absl::StrCat("UpdateTeam ", team.team_id()));
    ++summary.leads_set;
  }
  return absl::OkStatus();
}

absl::Status ImportInteractions(const DemoData& data,
                                v1::InteractionService::StubInterface& interactions,
                                const LoadOptions& options, LoadSummary& summary) {
  if (data.interactions.empty()) return absl::OkStatus();
  grpc::ClientContext context;
  SetDeadline(context, options.import_timeout);
  v1::ImportInteractionsResponse response;
  std::unique_ptr<grpc::ClientWriterInterface<v1::ImportInteractionsRequest>> writer =
      interactions.ImportInteractions(&context, &response);
  const size_t batch = static_cast<size_t>(std::max(1, options.import_batch));
  for (size_t first = 0; first < data.interactions.size(); first += batch) {
    v1::ImportInteractionsRequest request;
    // The server reads the mode from the first message only.
    if (first == 0) request.set_mode(v1::ImportMode::IMPORT_MODE_KEEP_VALID);
    const size_t last = std::min(data.interactions.size(), first + batch);
    for (size_t i = first; i < last; ++i) *request.add_interactions() = data.interactions[i];
    // A failed write means the stream is broken; Finish() says why.
    if (!writer->Write(request)) break;
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!status.ok()) return Failed(status, "ImportInteractions");
  summary.interactions_received = response.received_count();
  summary.interactions_imported = response.imported_count();
  summary.interactions_already_present = response.already_present_count();
  for (const v1::ImportRejection& rejection : response.rejections()) {
    summary.rejections.push_back(rejection);
    const int64_t index = rejection.position() - 1;
    summary.rejected_source_ids.push_back(
        index >= 0 && index < static_cast<int64_t>(data.interactions.size())
            ? data.interactions[static_cast<size_t>(index)].source_id()
            : "");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

absl::StatusOr<LoadSummary> LoadDemoData(const DemoData& data,
                                         v1::PeopleService::StubInterface& people,
                                         v1::InteractionService::StubInterface& interactions,
                                         const LoadOptions& options) {
  LoadSummary summary;
  if (absl::Status s = CreateTeams(data, people, options, summary); !s.ok()) return s;
  if (absl::Status s = UpsertPeople(data, people, options, summary); !s.ok()) return s;
  if (absl::Status s = SetLeads(data, people, options, summary); !s.ok()) return s;
  if (absl::Status s = ImportInteractions(data, interactions, options, summary); !s.ok()) {
    return s;
  }
  return summary;
}

std::string FormatLoadSummary(const LoadSummary& summary, int max_rejections) {
  std::string out = absl::StrFormat(
      "teams:        %d created, %d already present, %d leads set\n"
      "people:       %d created, %d updated, %d unchanged\n"
      "interactions: %d received, %d imported, %d already present, %d rejected\n",
      summary.teams_created, summary.teams_existing, summary.leads_set, summary.people_created,
      summary.people_updated, summary.people_unchanged, summary.interactions_received,
      summary.interactions_imported, summary.interactions_already_present,
      summary.rejections.size());
  const size_t shown =
      std::min(summary.rejections.size(), static_cast<size_t>(std::max(0, max_rejections)));
  for (size_t i = 0; i < shown; ++i) {
    const v1::ImportRejection& r = summary.rejections[i];
    absl::StrAppendFormat(&out, "  #%d %s: %s: %s (%s)\n", r.position(),
                          summary.rejected_source_ids[i], r.field(), r.reason(),
                          absl::StatusCodeToString(static_cast<absl::StatusCode>(r.code())));
  }
  if (shown < summary.rejections.size()) {
    absl::StrAppendFormat(&out, "  ... and %d more\n", summary.rejections.size() - shown);
  }
  return out;
}

}  // namespace escala::demo
