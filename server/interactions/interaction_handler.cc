#include "server/interactions/interaction_handler.h"

#include <set>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/api/etag.h"
#include "server/api/field_mask.h"
#include "server/api/list_page.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/interactions/interaction_validation.h"
#include "server/platform/record_scope.h"

namespace escala::server {

absl::StatusOr<v1::Interaction> InteractionHandler::CreateInteraction(
    const CallContext& call, const v1::CreateInteractionRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  // A replay that now fails validation still deserves its original answer.
  const absl::Status valid =
      request.has_interaction() ? Nested("interaction.", ValidateInteraction(request.interaction()))
                                : InvalidField("interaction", "is required");
  absl::StatusOr<v1::Interaction> created =
      !valid.ok() ? absl::StatusOr<v1::Interaction>(valid)
                  : interactions_.Create(request.interaction(), request.request_id(),
                                         call.Stamp(request.request_id()), clock_());
  if (created.ok() || request.request_id().empty()) return created;
  // The insert goes first and the request_id is looked up only when it did not succeed: a new
  // request costs one statement, a replay (or a concurrent retry that won) gets its original.
  absl::StatusOr<std::optional<v1::Interaction>> original =
      interactions_.FindByRequestId(request.request_id());
  if (original.ok() && original->has_value()) return **original;
  return created;
}

absl::StatusOr<v1::Interaction> InteractionHandler::GetInteraction(
    const CallContext& call, const v1::GetInteractionRequest& request) {
  if (absl::Status s = RequirePositiveId("id", request.id()); !s.ok()) return s;
  return GetInScope(call, request.id());
}

absl::StatusOr<v1::Interaction> InteractionHandler::GetInScope(const CallContext& call,
                                                               int64_t id) {
  absl::StatusOr<v1::Interaction> interaction = interactions_.Get(id);
  if (!interaction.ok()) return interaction.status();
  absl::StatusOr<bool> visible = OwnerInScope(call, interaction->agent_employee_id(), people_);
  if (!visible.ok()) return visible.status();
  if (!*visible) return absl::NotFoundError(absl::StrCat("interaction ", id, " not found"));
  return interaction;
}

absl::StatusOr<v1::ListInteractionsResponse> InteractionHandler::ListInteractions(
    const CallContext& call, const v1::ListInteractionsRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "interactions", call.PageScope(), 2);
  if (!page.ok()) return page.status();
  db::InteractionFilter filter;
  Violations violations;
  if (!request.agent_employee_id().empty()) {
    violations.Add(RequireIdentifier("agent_employee_id", request.agent_employee_id(), 64));
    filter.agent_employee_id = request.agent_employee_id();
  }
  if (!request.team_id().empty()) {
    violations.Add(RequireIdentifier("team_id", request.team_id(), 64));
    filter.team_id = request.team_id();
  }
  if (!v1::Channel_IsValid(request.channel())) {
    violations.Add("channel", absl::StrCat("unknown value ", request.channel()));
  }
  if (!v1::Priority_IsValid(request.priority())) {
    violations.Add("priority", absl::StrCat("unknown value ", request.priority()));
  }
  filter.channel = request.channel();
  filter.priority = request.priority();
  if (request.has_start_time_from())
    filter.start_from_ms = db::TimestampToMillis(request.start_time_from());
  if (request.has_start_time_to())
    filter.start_to_ms = db::TimestampToMillis(request.start_time_to());
  if (filter.start_from_ms && filter.start_to_ms && *filter.start_to_ms <= *filter.start_from_ms) {
    violations.Add("start_time_to", "must be after start_time_from");
  }
  if (!violations.empty()) return violations.ToStatus();
  if (request.has_has_recording()) filter.has_recording = request.has_recording();
  if (request.has_escalated()) filter.escalated = request.escalated();
  if (call.scope == Scope::kOwn &&
      !NarrowFilter(call.caller.employee_id, &filter.agent_employee_id)) {
    return v1::ListInteractionsResponse();
  }
  if (call.scope == Scope::kTeam && !NarrowFilter(call.caller.team_id, &filter.team_id)) {
    return v1::ListInteractionsResponse();
  }
  std::optional<db::InteractionCursor> after;
  if (page->continues()) {
    absl::StatusOr<int64_t> start_ms = page->after_int(0);
    if (!start_ms.ok()) return start_ms.status();
    absl::StatusOr<int64_t> id = page->after_int(1);
    if (!id.ok()) return id.status();
    after = db::InteractionCursor{.start_ms = *start_ms, .id = *id};
  }
  absl::StatusOr<std::vector<v1::Interaction>> rows =
      interactions_.List(filter, after, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListInteractionsResponse response;
  response.set_next_page_token(page->Finish(*rows, [](const v1::Interaction& last) {
    return std::vector<std::string>{absl::StrCat(db::TimestampToMillis(last.start_time())),
                                    absl::StrCat(last.id())};
  }));
  for (v1::Interaction& row : *rows) *response.add_interactions() = std::move(row);
  return response;
}

absl::StatusOr<v1::Interaction> InteractionHandler::UpdateInteraction(
    const CallContext& call, const v1::UpdateInteractionRequest& request) {
  static const std::set<std::string> kUpdatable = {"channel",
                                                   "direction",
                                                   "queue",
                                                   "priority",
                                                   "agent_employee_id",
                                                   "start_time",
                                                   "first_response_time",
                                                   "answer_time",
                                                   "end_time",
                                                   "resolve_time",
                                                   "talk_duration",
                                                   "hold_duration",
                                                   "after_contact_duration",
                                                   "first_contact_resolution",
                                                   "escalated",
                                                   "escalated_to_level",
                                                   "csat",
                                                   "nps",
                                                   "ces",
                                                   "recording",
                                                   "transcript",
                                                   "tags",
                                                   "language"};
  if (absl::Status s = RequirePositiveId("interaction.id", request.interaction().id()); !s.ok()) {
    return s;
  }
  absl::StatusOr<v1::Interaction> current = GetInScope(call, request.interaction().id());
  if (!current.ok()) return current.status();
  if (absl::Status s = CheckEtag("interaction.etag", request.interaction().etag(), current->etag(),
                                 absl::StrCat("interactions/", current->id()));
      !s.ok()) {
    return s;
  }
  v1::Interaction merged = *current;
  if (absl::Status s =
          ApplyFieldMask(request.update_mask(), kUpdatable, request.interaction(), &merged);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Nested("interaction.", ValidateInteraction(merged)); !s.ok()) return s;
  return interactions_.Update(merged, VersionFromEtag(current->etag()), call.Stamp(), clock_());
}

}  // namespace escala::server
