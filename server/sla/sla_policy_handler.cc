#include "server/sla/sla_policy_handler.h"

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "server/api/etag.h"
#include "server/api/field_mask.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/sla/sla_policy_validation.h"
#include "server/sla/sla_report.h"

namespace escala::server {
namespace {

constexpr std::size_t kMaxId = 64;

const std::set<std::string>& UpdatableFields() {
  static const auto* const kUpdatable =
      new std::set<std::string>{"title", "description", "targets", "calendar"};
  return *kUpdatable;
}

absl::Status ReportOutOfReach(const std::string& what) {
  return absl::NotFoundError(absl::StrCat(what, " not found"));
}

}  // namespace

absl::StatusOr<v1::SlaPolicy> SlaPolicyHandler::CreateSlaPolicy(
    const CallContext& call, const v1::CreateSlaPolicyRequest& request) {
  const v1::SlaPolicy& policy = request.sla_policy();
  Violations violations;
  violations.Add(RequireIdentifier("sla_policy.sla_policy_id", policy.sla_policy_id(), kMaxId));
  violations.Add(Nested("sla_policy.", ValidateSlaPolicy(policy)));
  if (!violations.empty()) return violations.ToStatus();
  return policies_.Create(policy, call.Stamp(), clock_());
}

absl::StatusOr<v1::SlaPolicy> SlaPolicyHandler::GetSlaPolicy(
    const CallContext&, const v1::GetSlaPolicyRequest& request) {
  if (absl::Status s = RequireIdentifier("sla_policy_id", request.sla_policy_id(), kMaxId);
      !s.ok()) {
    return s;
  }
  if (request.version() < 0) {
    return InvalidField("version", absl::StrCat("must be 0 (the newest) or a version number, got ",
                                                request.version()));
  }
  return policies_.Get(request.sla_policy_id(), request.version());
}

absl::StatusOr<v1::ListSlaPoliciesResponse> SlaPolicyHandler::ListSlaPolicies(
    const CallContext& call, const v1::ListSlaPoliciesRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "sla_policies", call.PageScope());
  if (!page.ok()) return page.status();
  if (!v1::SlaPolicyState_IsValid(request.state())) {
    return InvalidField("state", absl::StrCat("unknown value ", request.state()));
  }
  absl::StatusOr<std::vector<v1::SlaPolicy>> rows =
      policies_.List(page->after_key(), request.state(), page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListSlaPoliciesResponse response;
  response.set_next_page_token(
      page->Finish(*rows, [](const v1::SlaPolicy& policy) { return policy.sla_policy_id(); }));
  for (v1::SlaPolicy& policy : *rows) *response.add_sla_policies() = std::move(policy);
  return response;
}

absl::StatusOr<v1::SlaPolicy> SlaPolicyHandler::UpdateSlaPolicy(
    const CallContext& call, const v1::UpdateSlaPolicyRequest& request) {
  const v1::SlaPolicy& input = request.sla_policy();
  const std::string& id = input.sla_policy_id();
  Violations violations;
  violations.Add(RequireIdentifier("sla_policy.sla_policy_id", id, kMaxId));
  violations.Add(RequireEtag("sla_policy.etag", input.etag()));
  violations.Add(CheckFieldMask(request.update_mask(), UpdatableFields(), input));
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<v1::SlaPolicy> current = policies_.Get(id, 0);
  if (!current.ok()) return current.status();
  if (absl::Status s =
          CheckEtag("sla_policy.etag", input.etag(), current->etag(), "slaPolicies/" + id);
      !s.ok()) {
    return s;
  }
  // What is validated is what is stored: the selected fields over the newest version.
  v1::SlaPolicy merged = *current;
  if (absl::Status s = ApplyFieldMask(request.update_mask(), UpdatableFields(), input, &merged);
      !s.ok()) {
    return s;
  }
  if (absl::Status valid = Nested("sla_policy.", ValidateSlaPolicy(merged)); !valid.ok()) {
    return valid;
  }
  return policies_.Update(merged, VersionFromEtag(input.etag()), call.Stamp(), clock_());
}

absl::StatusOr<v1::SlaPolicy> SlaPolicyHandler::PublishSlaPolicy(
    const CallContext& call, const v1::PublishSlaPolicyRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::SlaPolicy>(
      requests_, call.caller.principal, call.method, key,
      [&] { return Publish(call, request, key); },
      // A replay answers the version it published, as it is now.
      [&](const db::LoggedRequest& logged) {
        return policies_.Get(request.sla_policy_id(), VersionOfEvent(logged));
      });
}

absl::StatusOr<v1::SlaPolicy> SlaPolicyHandler::Publish(const CallContext& call,
                                                        const v1::PublishSlaPolicyRequest& request,
                                                        const db::CreateRequest& key) {
  const std::string& id = request.sla_policy_id();
  Violations violations;
  violations.Add(RequireIdentifier("sla_policy_id", id, kMaxId));
  violations.Add(RequireEtag("etag", request.etag()));
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<v1::SlaPolicy> current = policies_.Get(id, 0);
  if (!current.ok()) return current.status();
  if (current->state() == v1::SLA_POLICY_STATE_DRAFT) {
    if (absl::Status s = CheckEtag("etag", request.etag(), current->etag(), "slaPolicies/" + id);
        !s.ok()) {
      return s;
    }
    // Stored drafts were validated when written; the rules may have grown since.
    if (absl::Status valid = ValidateSlaPolicy(*current); !valid.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("SLA policy '", id, "' version ", current->version(),
                       " cannot be published until it is fixed: ", valid.message()));
    }
  }
  // Not a draft: the repository answers FAILED_PRECONDITION with the state it found.
  return policies_.Publish(id, VersionFromEtag(request.etag()), call.Stamp(key), clock_());
}

absl::Status SlaPolicyHandler::CheckReportScope(const CallContext& call,
                                                const v1::ComputeSlaReportRequest& request) {
  if (call.scope == Scope::kAll) return absl::OkStatus();
  switch (request.scope()) {
    case v1::SLA_REPORT_SCOPE_AGENT: {
      const std::string& agent = request.agent_employee_id();
      if (agent == call.caller.employee_id) return absl::OkStatus();
      if (call.scope == Scope::kTeam && !call.caller.team_id.empty()) {
        absl::StatusOr<v1::Person> person = people_.Get(agent);
        if (person.ok() && person->team_id() == call.caller.team_id) return absl::OkStatus();
        if (!person.ok() && !absl::IsNotFound(person.status())) return person.status();
      }
      return ReportOutOfReach(absl::StrCat("agent '", agent, "'"));
    }
    case v1::SLA_REPORT_SCOPE_TEAM:
      if (call.scope == Scope::kTeam && !call.caller.team_id.empty() &&
          request.team_id() == call.caller.team_id) {
        return absl::OkStatus();
      }
      return ReportOutOfReach(absl::StrCat("team '", request.team_id(), "'"));
    default:
      return ReportOutOfReach("the department's figures");
  }
}

absl::StatusOr<v1::ComputeSlaReportResponse> SlaPolicyHandler::ComputeSlaReport(
    const CallContext& call, const v1::ComputeSlaReportRequest& request) {
  Violations violations;
  violations.Add(RequireIdentifier("sla_policy_id", request.sla_policy_id(), kMaxId));
  switch (request.scope()) {
    case v1::SLA_REPORT_SCOPE_AGENT:
      violations.Add(RequireIdentifier("agent_employee_id", request.agent_employee_id(), kMaxId));
      if (!request.team_id().empty()) {
        violations.Add(InvalidField("team_id", "must be empty with scope AGENT"));
      }
      break;
    case v1::SLA_REPORT_SCOPE_TEAM:
      violations.Add(RequireIdentifier("team_id", request.team_id(), kMaxId));
      if (!request.agent_employee_id().empty()) {
        violations.Add(InvalidField("agent_employee_id", "must be empty with scope TEAM"));
      }
      break;
    case v1::SLA_REPORT_SCOPE_DEPARTMENT:
      if (!request.agent_employee_id().empty()) {
        violations.Add(InvalidField("agent_employee_id", "must be empty with scope DEPARTMENT"));
      }
      if (!request.team_id().empty()) {
        violations.Add(InvalidField("team_id", "must be empty with scope DEPARTMENT"));
      }
      break;
    default:
      violations.Add(InvalidField("scope", "must be AGENT, TEAM or DEPARTMENT"));
  }
  if (request.period() < v1::REPORT_PERIOD_DAY || request.period() > v1::REPORT_PERIOD_RANGE) {
    violations.Add(InvalidField("period", "must be DAY, WEEK, MONTH or CUSTOM"));
  }
  if (!request.has_period_start_time()) {
    violations.Add(InvalidField("period_start_time", "is required"));
  }
  if (!request.has_period_end_time()) {
    violations.Add(InvalidField("period_end_time", "is required"));
  }
  const absl::Time start = absl::FromUnixMillis(db::TimestampToMillis(request.period_start_time()));
  const absl::Time end = absl::FromUnixMillis(db::TimestampToMillis(request.period_end_time()));
  if (request.has_period_start_time() && request.has_period_end_time()) {
    if (end <= start) {
      violations.Add(InvalidField("period_end_time", "must be after period_start_time"));
    } else if (end - start > kMaxReportRange) {
      violations.Add(
          InvalidField("period_end_time", "must be at most 92 days after period_start_time"));
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  if (absl::Status s = CheckReportScope(call, request); !s.ok()) return s;

  absl::StatusOr<std::vector<v1::SlaPolicy>> published =
      policies_.ListPublished(request.sla_policy_id());
  if (!published.ok()) return published.status();
  if (published->empty()) {
    return db::WithErrorInfo(
        absl::FailedPreconditionError(
            absl::StrCat("SLA policy '", request.sla_policy_id(), "' has no published version")),
        db::kReasonSlaPolicyNotPublished,
        {{"resource", absl::StrCat("slaPolicies/", request.sla_policy_id())}});
  }
  absl::StatusOr<SlaReportBuilder> builder =
      SlaReportBuilder::Create(*std::move(published), request.period(), start, end, clock_());
  if (!builder.ok()) return builder.status();

  db::InteractionFilter filter;
  if (request.scope() == v1::SLA_REPORT_SCOPE_AGENT) {
    filter.agent_employee_id = request.agent_employee_id();
  }
  if (request.scope() == v1::SLA_REPORT_SCOPE_TEAM) filter.team_id = request.team_id();
  filter.start_from_ms = absl::ToUnixMillis(start);
  filter.start_to_ms = absl::ToUnixMillis(end);
  std::optional<db::InteractionCursor> after;
  while (true) {
    absl::StatusOr<std::vector<v1::Interaction>> page =
        interactions_.List(filter, after, kReportPage);
    if (!page.ok()) return page.status();
    std::vector<int64_t> ids;
    ids.reserve(page->size());
    for (const v1::Interaction& interaction : *page) ids.push_back(interaction.id());
    absl::StatusOr<std::map<int64_t, std::vector<db::PriorityChangeRow>>> changes =
        policies_.ListPriorityChanges(ids);
    if (!changes.ok()) return changes.status();
    static const std::vector<db::PriorityChangeRow> kNone;
    for (const v1::Interaction& interaction : *page) {
      auto found = changes->find(interaction.id());
      builder->Add(interaction, found == changes->end() ? kNone : found->second);
    }
    if (static_cast<int>(page->size()) < kReportPage) break;
    after = db::InteractionCursor{.start_ms = db::TimestampToMillis(page->back().start_time()),
                                  .id = page->back().id()};
  }
  return builder->Finish();
}

}  // namespace escala::server
