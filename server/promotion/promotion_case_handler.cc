#include "server/promotion/promotion_case_handler.h"

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "server/api/etag.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/resume_token.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/platform/logger.h"
#include "server/promotion/case_transitions.h"
#include "server/promotion/eligibility.h"
#include "server/promotion/promotion_case_validation.h"

namespace escala::server {
namespace {

// Rows per page when NominateEligible walks the population.
constexpr int kNominationBatch = 500;

absl::Status CaseOutOfReach(int64_t id) {
  return absl::NotFoundError(absl::StrCat("promotion case ", id, " not found"));
}

bool CaseInReach(const CallContext& call, const v1::PromotionCase& promotion_case) {
  switch (call.scope) {
    case Scope::kAll:
      return true;
    case Scope::kOwn:
      return !call.caller.employee_id.empty() &&
             promotion_case.employee_id() == call.caller.employee_id;
    case Scope::kTeam:
      return !call.caller.team_id.empty() && promotion_case.team_id() == call.caller.team_id;
  }
  return false;
}

std::string CaseResourceName(int64_t id) { return absl::StrCat("promotionCases/", id); }

}  // namespace

absl::StatusOr<v1::PromotionPolicy> PromotionCaseHandler::PublishedPolicy(
    const std::string& promotion_policy_id) {
  absl::StatusOr<std::vector<v1::PromotionPolicy>> published =
      policies_.ListPublished(promotion_policy_id);
  if (absl::IsNotFound(published.status())) {
    return FieldPreconditionFailed(
        "promotion_policy_id",
        absl::StrCat("promotion policy '", promotion_policy_id, "' does not exist"));
  }
  if (!published.ok()) return published.status();
  for (auto it = published->rbegin(); it != published->rend(); ++it) {
    if (it->state() == v1::PROMOTION_POLICY_STATE_PUBLISHED) return *it;
  }
  return FieldPreconditionFailed(
      "promotion_policy_id",
      absl::StrCat("promotion policy '", promotion_policy_id, "' has no published version"));
}

absl::StatusOr<v1::PersonEligibility> PromotionCaseHandler::Snapshot(
    const v1::PromotionPolicy& policy, const v1::Person& person, absl::Time now) {
  absl::StatusOr<PersonFacts> facts = facts_.Read(policy, person, now);
  if (!facts.ok()) return facts.status();
  return EvaluateEligibility(policy, *facts, now);
}

absl::StatusOr<v1::PersonEligibility> PromotionCaseHandler::DecisionSnapshot(
    const v1::PromotionCase& current, absl::Time now) {
  absl::StatusOr<v1::PromotionPolicy> policy =
      policies_.Get(current.promotion_policy_id(), current.promotion_policy_version());
  if (!policy.ok()) return policy.status();
  absl::StatusOr<v1::Person> person = people_.Get(current.employee_id());
  if (!person.ok()) return person.status();
  if (person->level() != current.from_level()) {
    return db::WithErrorInfo(
        absl::FailedPreconditionError(absl::StrCat(
            "promotion case ", current.id(), ": person '", current.employee_id(), "' is at level ",
            person->level(), ", not ", current.from_level(), "; withdraw the case")),
        db::kReasonLevelChanged, {{"resource", CaseResourceName(current.id())}});
  }
  return Snapshot(*policy, *person, now);
}

absl::StatusOr<v1::PromotionCase> PromotionCaseHandler::Reachable(const CallContext& call,
                                                                  int64_t id) {
  absl::StatusOr<v1::PromotionCase> found = cases_.Get(id);
  if (!found.ok()) return found.status();
  if (!CaseInReach(call, *found)) return CaseOutOfReach(id);
  return found;
}

absl::StatusOr<v1::PromotionCase> PromotionCaseHandler::Open(
    const CallContext& call, const v1::PromotionPolicy& policy, const v1::Person& person,
    const std::string& reason, const db::CreateRequest& key, absl::Time now) {
  absl::StatusOr<v1::PersonEligibility> snapshot = Snapshot(policy, person, now);
  if (!snapshot.ok()) return snapshot.status();
  v1::PromotionCase opened;
  opened.set_employee_id(person.employee_id());
  opened.set_team_id(person.team_id());
  opened.set_promotion_policy_id(policy.promotion_policy_id());
  opened.set_promotion_policy_version(policy.version());
  opened.set_from_level(policy.from_level());
  opened.set_to_level(policy.to_level());
  opened.set_state(v1::PROMOTION_CASE_STATE_NOMINATED);
  opened.set_nominated_by(call.caller.principal);
  opened.set_nomination_reason(reason);
  *opened.mutable_nomination_eligibility() = *std::move(snapshot);
  return cases_.Create(opened, key, call.Stamp(key), now);
}

absl::StatusOr<v1::PromotionCase> PromotionCaseHandler::Nominate(
    const CallContext& call, const v1::NominateRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  // A replay is answered before any other check (protos/README.md, "Create").
  if (!key.request_id.empty()) {
    absl::StatusOr<std::optional<db::CreatedByRequest<v1::PromotionCase>>> original =
        cases_.FindByRequestId(key.request_id);
    if (!original.ok()) return original.status();
    if (original->has_value()) {
      return Replay(**original, (*original)->resource.nominated_by(), key, call.caller.principal);
    }
  }
  if (absl::Status valid = ValidateNominate(request); !valid.ok()) return valid;
  absl::StatusOr<v1::Person> person = people_.Get(request.employee_id());
  if (call.scope != Scope::kAll) {
    // A team lead learns nothing about people outside their team, not even whether they exist.
    const bool reachable = person.ok() && call.scope == Scope::kTeam &&
                           !call.caller.team_id.empty() && person->team_id() == call.caller.team_id;
    if (!reachable && (person.ok() || absl::IsNotFound(person.status()))) {
      return absl::NotFoundError(absl::StrCat("person '", request.employee_id(), "' not found"));
    }
  }
  if (absl::IsNotFound(person.status())) {
    return FieldPreconditionFailed("employee_id", absl::StrCat("person '", request.employee_id(),
                                                               "' is not in the directory"));
  }
  if (!person.ok()) return person.status();
  if (!person->active()) {
    return FieldPreconditionFailed(
        "employee_id", absl::StrCat("person '", request.employee_id(), "' is inactive"));
  }
  absl::StatusOr<v1::PromotionPolicy> policy = PublishedPolicy(request.promotion_policy_id());
  if (!policy.ok()) return policy.status();
  if (person->level() != policy->from_level()) {
    return FieldPreconditionFailed(
        "employee_id",
        absl::StrCat("person '", request.employee_id(), "' is at level ", person->level(),
                     "; the policy's step starts at level ", policy->from_level()));
  }
  absl::StatusOr<v1::PromotionCase> created =
      Open(call, *policy, *person, request.nomination_reason(), key, clock_());
  if (db::ErrorReason(created.status()) != db::kReasonRequestIdReused) return created;
  // A concurrent retry with the same request_id won the insert: answer as a replay.
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::PromotionCase>>> original =
      cases_.FindByRequestId(key.request_id);
  if (!original.ok() || !original->has_value()) return created;
  return Replay(**original, (*original)->resource.nominated_by(), key, call.caller.principal);
}

absl::StatusOr<v1::NominateEligibleResponse> PromotionCaseHandler::NominateEligible(
    const CallContext& call, const v1::NominateEligibleRequest& request) {
  if (absl::Status valid = ValidateNominateEligible(request); !valid.ok()) return valid;
  db::PeopleFilter filter;
  filter.team_id = request.team_id();
  if (call.scope != Scope::kAll) {
    if (!filter.team_id.empty() && filter.team_id != call.caller.team_id) {
      return absl::NotFoundError(absl::StrCat("team '", filter.team_id, "' not found"));
    }
    if (call.caller.team_id.empty()) return v1::NominateEligibleResponse();
    filter.team_id = call.caller.team_id;
  }
  absl::StatusOr<v1::PromotionPolicy> policy = PublishedPolicy(request.promotion_policy_id());
  if (!policy.ok()) return policy.status();
  filter.level = policy->from_level();
  filter.active = true;
  const absl::Time now = clock_();
  v1::NominateEligibleResponse response;
  std::string after;
  while (true) {
    absl::StatusOr<std::vector<v1::Person>> people = people_.List(filter, after, kNominationBatch);
    if (!people.ok()) return people.status();
    for (const v1::Person& person : *people) {
      absl::StatusOr<std::optional<v1::PromotionCase>> open =
          cases_.FindOpen(person.employee_id(), policy->from_level(), policy->to_level());
      if (!open.ok()) return open.status();
      if (open->has_value()) {
        response.set_already_open_count(response.already_open_count() + 1);
        continue;
      }
      absl::StatusOr<v1::PersonEligibility> eligibility = Snapshot(*policy, person, now);
      if (!eligibility.ok()) return eligibility.status();
      if (eligibility->outcome() != v1::ELIGIBILITY_OUTCOME_ELIGIBLE) {
        response.set_not_eligible_count(response.not_eligible_count() + 1);
        continue;
      }
      absl::StatusOr<v1::PromotionCase> opened =
          Open(call, *policy, person, request.nomination_reason(), db::CreateRequest{}, now);
      if (db::ErrorReason(opened.status()) == db::kReasonPromotionCaseOpen) {
        // Opened by someone else since the check above.
        response.set_already_open_count(response.already_open_count() + 1);
        continue;
      }
      if (!opened.ok()) return opened.status();
      *response.add_opened() = *std::move(opened);
    }
    if (static_cast<int>(people->size()) < kNominationBatch) break;
    after = people->back().employee_id();
  }
  return response;
}

absl::StatusOr<v1::PromotionCase> PromotionCaseHandler::GetPromotionCase(
    const CallContext& call, const v1::GetPromotionCaseRequest& request) {
  if (absl::Status s = RequirePositiveId("id", request.id()); !s.ok()) return s;
  return Reachable(call, request.id());
}

absl::StatusOr<v1::ListPromotionCasesResponse> PromotionCaseHandler::ListPromotionCases(
    const CallContext& call, const v1::ListPromotionCasesRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "promotion_cases", call.PageScope());
  if (!page.ok()) return page.status();
  if (absl::Status valid = ValidateListPromotionCases(request); !valid.ok()) return valid;
  absl::StatusOr<int64_t> before = page->after_int();
  if (!before.ok()) return before.status();
  db::PromotionCaseFilter filter;
  filter.state = request.state();
  filter.team_id = request.team_id();
  filter.employee_id = request.employee_id();
  filter.promotion_policy_id = request.promotion_policy_id();
  v1::ListPromotionCasesResponse response;
  if (call.scope == Scope::kOwn) {
    // Another person's cases are simply not in an agent's list.
    if (!filter.employee_id.empty() && filter.employee_id != call.caller.employee_id) {
      return response;
    }
    if (call.caller.employee_id.empty()) return response;
    filter.employee_id = call.caller.employee_id;
  } else if (call.scope == Scope::kTeam) {
    if ((!filter.team_id.empty() && filter.team_id != call.caller.team_id) ||
        call.caller.team_id.empty()) {
      return response;
    }
    filter.team_id = call.caller.team_id;
  }
  db::FeedPosition watermark;
  absl::StatusOr<std::vector<v1::PromotionCase>> rows =
      cases_.ListWithWatermark(filter, *before, page->fetch_limit(), watermark);
  if (!rows.ok()) return rows.status();
  if (watermark.epoch != 0) {
    response.set_event_watermark(EncodeResumeToken(FeedCursor{watermark.epoch, watermark.head}));
  }
  response.set_next_page_token(
      page->Finish(*rows, [](const v1::PromotionCase& row) { return absl::StrCat(row.id()); }));
  for (v1::PromotionCase& row : *rows) *response.add_promotion_cases() = std::move(row);
  return response;
}

absl::StatusOr<v1::PromotionCase> PromotionCaseHandler::Change(
    const CallContext& call, int64_t id, const std::string& etag, const db::CreateRequest& key,
    const std::function<absl::StatusOr<v1::PromotionCase>(const v1::PromotionCase&, absl::Time)>&
        step) {
  return ApplyOnce<v1::PromotionCase>(
      requests_, call.caller.principal, call.method, key,
      [&]() -> absl::StatusOr<v1::PromotionCase> {
        absl::StatusOr<v1::PromotionCase> current = Reachable(call, id);
        if (!current.ok()) return current.status();
        if (absl::Status s = CheckEtag("etag", etag, current->etag(), CaseResourceName(id));
            !s.ok()) {
          return s;
        }
        const absl::Time now = clock_();
        absl::StatusOr<v1::PromotionCase> next = step(*current, now);
        if (!next.ok()) return next.status();
        return cases_.Update(*next, VersionFromEtag(current->etag()), call.Stamp(key), now);
      },
      // A replay answers the case as it is now.
      [&](const db::LoggedRequest&) { return Reachable(call, id); });
}

absl::StatusOr<v1::PromotionCase> PromotionCaseHandler::StartReview(
    const CallContext& call, const v1::StartReviewRequest& request) {
  if (absl::Status valid = ValidateStartReview(request); !valid.ok()) return valid;
  return Change(
      call, request.id(), request.etag(), CreateRequestOf(request),
      [](const v1::PromotionCase& current, absl::Time) { return StartReviewStep(current); });
}

absl::StatusOr<v1::PromotionCase> PromotionCaseHandler::Approve(const CallContext& call,
                                                                const v1::ApproveRequest& request) {
  if (absl::Status valid = ValidateApprove(request); !valid.ok()) return valid;
  const db::CreateRequest key = CreateRequestOf(request);
  absl::StatusOr<v1::PromotionCase> approved = Change(
      call, request.id(), request.etag(), key,
      [&](const v1::PromotionCase& current, absl::Time now) -> absl::StatusOr<v1::PromotionCase> {
        absl::StatusOr<v1::PersonEligibility> snapshot = DecisionSnapshot(current, now);
        if (!snapshot.ok()) return snapshot.status();
        return ApproveStep(current, request.effective_date(), request.reason(), *snapshot,
                           CaseActor{call.caller.principal, now});
      });
  if (!approved.ok() || approved->state() != v1::PROMOTION_CASE_STATE_APPROVED) return approved;
  const std::optional<absl::Time> due = db::StartOfUtcDay(approved->effective_date());
  const absl::Time now = clock_();
  if (!due.has_value() || *due > now) return approved;
  // Due already (today or back-dated): the change takes effect now, dated the effective date.
  absl::StatusOr<v1::PromotionCase> applied =
      cases_.ApplyLevelChange(approved->id(), call.Stamp(), now);
  if (applied.ok()) return applied;
  // Approved all the same; the level change is retried by the LevelChangeApplier.
  Log(LogLevel::kWarning,
      absl::StrCat("promotion case ", approved->id(),
                   " approved but not applied yet: ", applied.status().message()));
  return Reachable(call, approved->id());
}

absl::StatusOr<v1::PromotionCase> PromotionCaseHandler::Reject(const CallContext& call,
                                                               const v1::RejectRequest& request) {
  if (absl::Status valid = ValidateReject(request); !valid.ok()) return valid;
  const std::vector<std::string> reasons(request.reasons().begin(), request.reasons().end());
  return Change(
      call, request.id(), request.etag(), CreateRequestOf(request),
      [&](const v1::PromotionCase& current, absl::Time now) -> absl::StatusOr<v1::PromotionCase> {
        // The state is checked before the snapshot is computed: a closed case costs
        // no eligibility run.
        if (absl::StatusOr<v1::PromotionCase> allowed =
                RejectStep(current, reasons, v1::PersonEligibility(), CaseActor{});
            !allowed.ok()) {
          return allowed.status();
        }
        absl::StatusOr<v1::PersonEligibility> snapshot = DecisionSnapshot(current, now);
        if (!snapshot.ok() && db::ErrorReason(snapshot.status()) != db::kReasonLevelChanged) {
          return snapshot.status();
        }
        // A person whose level moved can still be rejected, without a snapshot.
        return RejectStep(current, reasons, snapshot.ok() ? *snapshot : v1::PersonEligibility(),
                          CaseActor{call.caller.principal, now});
      });
}

absl::StatusOr<v1::PromotionCase> PromotionCaseHandler::Withdraw(
    const CallContext& call, const v1::WithdrawRequest& request) {
  if (absl::Status valid = ValidateWithdraw(request); !valid.ok()) return valid;
  return Change(
      call, request.id(), request.etag(), CreateRequestOf(request),
      [&](const v1::PromotionCase& current, absl::Time now) {
        return WithdrawStep(current, request.reason(), CaseActor{call.caller.principal, now});
      });
}

absl::StatusOr<v1::PromotionCase> PromotionCaseHandler::AcknowledgePromotion(
    const CallContext& call, const v1::AcknowledgePromotionRequest& request) {
  if (absl::Status valid = ValidateAcknowledgePromotion(request); !valid.ok()) return valid;
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::PromotionCase>(
      requests_, call.caller.principal, call.method, key,
      [&] { return Acknowledge(call, request, key); },
      [&](const db::LoggedRequest&) { return Reachable(call, request.id()); });
}

absl::StatusOr<v1::PromotionCase> PromotionCaseHandler::Acknowledge(
    const CallContext& call, const v1::AcknowledgePromotionRequest& request,
    const db::CreateRequest& key) {
  v1::HrAcknowledgement report;
  report.set_hr_system(request.hr_system());
  report.set_hr_reference(request.hr_reference());
  report.set_state(request.state());
  report.set_effective_date(request.effective_date());
  report.set_reason(request.reason());
  // A concurrent change of the case (another system's report, the level change applied) moves
  // its version: the report is judged again against the case as it is then.
  absl::StatusOr<v1::PromotionCase> stored = absl::AbortedError("not tried");
  for (int attempt = 0; attempt < 3 && absl::IsAborted(stored.status()); ++attempt) {
    absl::StatusOr<v1::PromotionCase> current = Reachable(call, request.id());
    if (!current.ok()) return current.status();
    const absl::Time now = clock_();
    absl::StatusOr<std::optional<v1::PromotionCase>> next =
        AcknowledgeStep(*current, report, CaseActor{call.caller.principal, now});
    if (!next.ok()) return next.status();
    // The same report again: idempotent on (case, hr_system), nothing is written.
    if (!next->has_value()) return current;
    stored = cases_.Update(**next, VersionFromEtag(current->etag()), call.Stamp(key), now);
  }
  return stored;
}

}  // namespace escala::server
