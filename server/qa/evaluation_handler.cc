#include "server/qa/evaluation_handler.h"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "server/api/etag.h"
#include "server/api/field_mask.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/platform/record_scope.h"
#include "server/qa/evaluation_lifecycle.h"
#include "server/qa/evaluation_validation.h"

namespace escala::server {
namespace {

// PERMISSION_DENIED unless the caller is a person: service accounts neither evaluate nor decide
// disputes, whatever their role.
absl::Status RequirePerson(const CallContext& call) {
  if (call.caller.employee_id.empty()) {
    return absl::PermissionDeniedError(
        absl::StrCat(call.caller.principal, " is not a person: only people evaluate"));
  }
  return absl::OkStatus();
}

std::string EvaluationName(int64_t id) { return absl::StrCat("evaluations/", id); }

// What UpdateEvaluation may change: the evaluator's content of a draft.
const std::set<std::string>& UpdatableFields() {
  static const auto* const kUpdatable =
      new std::set<std::string>{"answers", "overall_comment", "coaching_notes"};
  return *kUpdatable;
}

// The request-level etag that predates Evaluation.etag; kept for older clients and read only
// here, so that the deprecation warning marks every other use.
const std::string& RequestLevelEtag(const v1::UpdateEvaluationRequest& request) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  return request.etag();
#pragma GCC diagnostic pop
}

// Times as the database keeps them (whole milliseconds), so that an answer equals a later read.
google::protobuf::Timestamp MillisTimestamp(absl::Time time) {
  return db::MillisToTimestamp(absl::ToUnixMillis(time));
}

bool Visible(const CallContext& call, const v1::Evaluation& evaluation) {
  switch (call.scope) {
    case Scope::kAll:
      return true;
    case Scope::kOwn:
      return !call.caller.employee_id.empty() &&
             evaluation.agent_employee_id() == call.caller.employee_id &&
             evaluation.state() != v1::EVALUATION_STATE_DRAFT;
    case Scope::kTeam:
      return (!call.caller.team_id.empty() && evaluation.team_id() == call.caller.team_id) ||
             (!call.caller.employee_id.empty() &&
              evaluation.evaluator_employee_id() == call.caller.employee_id);
  }
  return false;
}

// Scores `evaluation`'s own answers and marks it submitted at `now`.
absl::Status Submit(const CachedScorecard& card, absl::Time now, v1::Evaluation& evaluation) {
  if (absl::Status scored = ApplyScore(card.form, evaluation.answers(), evaluation); !scored.ok()) {
    if (!absl::IsInvalidArgument(scored)) return scored;
    return InvalidField("evaluation.answers", std::string(scored.message()));
  }
  evaluation.set_state(v1::EVALUATION_STATE_SUBMITTED);
  *evaluation.mutable_submit_time() = MillisTimestamp(now);
  *evaluation.mutable_dispute_deadline_time() =
      MillisTimestamp(DisputeDeadline(now, card.scorecard.dispute_window_days()));
  return absl::OkStatus();
}

// PERMISSION_DENIED unless the caller is the evaluator of `evaluation`, who alone may `verb` it.
absl::Status RequireEvaluator(const CallContext& call, const v1::Evaluation& evaluation,
                              absl::string_view verb) {
  if (evaluation.evaluator_employee_id() == call.caller.employee_id) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("evaluation ", evaluation.id(), " belongs to evaluator '",
                   evaluation.evaluator_employee_id(), "': only its evaluator may ", verb, " it"));
}

// PERMISSION_DENIED unless the caller is the agent evaluated, who alone may `verb` it.
absl::Status RequireAgent(const CallContext& call, const v1::Evaluation& evaluation,
                          absl::string_view verb) {
  if (evaluation.agent_employee_id() == call.caller.employee_id) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("only the evaluated agent '",
                                                  evaluation.agent_employee_id(), "' may ", verb,
                                                  " evaluation ", evaluation.id()));
}

// PERMISSION_DENIED when the caller is the agent or the evaluator of `evaluation`: a dispute
// between those two is decided by a third person.
absl::Status RequireThirdParty(const CallContext& call, const v1::Evaluation& evaluation) {
  const std::pair<const char*, const std::string*> parties[] = {
      {"agent", &evaluation.agent_employee_id()},
      {"evaluator", &evaluation.evaluator_employee_id()}};
  for (const auto& [party, employee_id] : parties) {
    if (*employee_id != call.caller.employee_id) continue;
    return absl::PermissionDeniedError(
        absl::StrCat("the ", party, " of evaluation ", evaluation.id(),
                     " may not resolve its dispute: a third person decides"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CachedScorecard>> EvaluationHandler::CardOf(
    const v1::Evaluation& evaluation) {
  return scorecards_.Version(evaluation.scorecard_id(), evaluation.scorecard_version());
}

absl::StatusOr<v1::Evaluation> EvaluationHandler::Change(const CallContext& call, int64_t id,
                                                         EvaluationAction action,
                                                         const SentEtag* etag,
                                                         const Mutation& mutate,
                                                         const db::CreateRequest& key) {
  const absl::Time now = clock_();
  return evaluations_.Change(
      id,
      [&](const v1::Evaluation& stored) -> absl::StatusOr<v1::Evaluation> {
        if (absl::Status s = CheckTransition(stored, action, now); !s.ok()) return s;
        if (etag != nullptr) {
          if (absl::Status s =
                  CheckEtag(etag->field, etag->value, stored.etag(), EvaluationName(id));
              !s.ok()) {
            return s;
          }
        }
        v1::Evaluation next = stored;
        if (absl::Status s = mutate(stored, now, next); !s.ok()) return s;
        return next;
      },
      call.Stamp(key), now);
}

absl::StatusOr<v1::Evaluation> EvaluationHandler::GetVisible(const CallContext& call, int64_t id) {
  absl::StatusOr<v1::Evaluation> evaluation = evaluations_.Get(id);
  if (!evaluation.ok()) return evaluation.status();
  if (!Visible(call, *evaluation))
    return absl::NotFoundError(absl::StrCat("evaluation ", id, " not found"));
  return evaluation;
}

absl::StatusOr<v1::Evaluation> EvaluationHandler::Start(const CallContext& call,
                                                        const v1::Evaluation& input,
                                                        const std::string& request_id,
                                                        bool submit) {
  Violations violations;
  violations.Add(CheckRequestId("request_id", request_id));
  violations.AddNested("evaluation.", ValidateNewEvaluation(input));
  if (!violations.empty()) return violations.ToStatus();
  if (absl::Status s = RequirePerson(call); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> card =
      scorecards_.ForNewEvaluation(input.scorecard_id(), input.scorecard_version());
  if (!card.ok()) return card.status();
  if (absl::Status s =
          Nested("evaluation.", CheckAnswersAgainstForm((*card)->form, input.answers()));
      !s.ok()) {
    return s;
  }
  // Only the caller-controlled fields are taken over: whatever output-only field a client sends
  // is dropped here.
  v1::Evaluation evaluation;
  evaluation.set_interaction_id(input.interaction_id());
  evaluation.set_evaluator_employee_id(call.caller.employee_id);
  evaluation.set_scorecard_id(input.scorecard_id());
  evaluation.set_scorecard_version((*card)->scorecard.version());
  *evaluation.mutable_answers() = input.answers();
  evaluation.set_overall_comment(input.overall_comment());
  evaluation.set_coaching_notes(input.coaching_notes());
  evaluation.set_state(v1::EVALUATION_STATE_DRAFT);
  const absl::Time now = clock_();
  if (submit) {
    if (absl::Status s = Submit(**card, now, evaluation); !s.ok()) return s;
  }
  const db::AdmitOwner admit = [&call, &input](const db::InteractionOwner& owner) -> absl::Status {
    if (owner.agent_employee_id == call.caller.employee_id) {
      return db::WithErrorInfo(
          absl::PermissionDeniedError(
              absl::StrCat("interaction ", input.interaction_id(),
                           " is the evaluator's own: nobody evaluates their own interactions")),
          db::kReasonSelfEvaluation,
          {{"resource", absl::StrCat("interactions/", input.interaction_id())}});
    }
    if (call.scope == Scope::kOwn ||
        (call.scope == Scope::kTeam &&
         (call.caller.team_id.empty() || owner.team_id != call.caller.team_id))) {
      return absl::NotFoundError(
          absl::StrCat("interaction ", input.interaction_id(), " not found"));
    }
    return absl::OkStatus();
  };
  absl::StatusOr<v1::Evaluation> created =
      evaluations_.Create(evaluation, request_id, admit, call.Stamp(request_id), now);
  if (created.ok() || request_id.empty()) return created;
  // The insert goes first and the request_id is looked up only when it failed: a new request
  // costs nothing extra, a replay gets its original (if it is the caller's).
  absl::StatusOr<std::optional<v1::Evaluation>> original = evaluations_.FindByRequestId(request_id);
  if (original.ok() && original->has_value() &&
      (*original)->evaluator_employee_id() == call.caller.employee_id) {
    return **original;
  }
  return created;
}

absl::StatusOr<v1::Evaluation> EvaluationHandler::CreateEvaluation(
    const CallContext& call, const v1::CreateEvaluationRequest& request) {
  if (!request.has_evaluation()) return InvalidField("evaluation", "is required");
  return Start(call, request.evaluation(), request.request_id(), /*submit=*/false);
}

absl::StatusOr<v1::Evaluation> EvaluationHandler::GetEvaluation(
    const CallContext& call, const v1::GetEvaluationRequest& request) {
  if (absl::Status s = RequirePositiveId("id", request.id()); !s.ok()) return s;
  return GetVisible(call, request.id());
}

absl::StatusOr<v1::ListEvaluationsResponse> EvaluationHandler::ListEvaluations(
    const CallContext& call, const v1::ListEvaluationsRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "evaluations", call.PageScope());
  if (!page.ok()) return page.status();
  db::EvaluationFilter filter;
  Violations violations;
  const std::pair<const char*, const std::string*> identifiers[] = {
      {"agent_employee_id", &request.agent_employee_id()},
      {"team_id", &request.team_id()},
      {"evaluator_employee_id", &request.evaluator_employee_id()},
      {"scorecard_id", &request.scorecard_id()}};
  for (const auto& [field, value] : identifiers) {
    if (!value->empty()) violations.Add(RequireIdentifier(field, *value, 64));
  }
  filter.agent_employee_id = request.agent_employee_id();
  filter.team_id = request.team_id();
  filter.evaluator_employee_id = request.evaluator_employee_id();
  filter.scorecard_id = request.scorecard_id();
  if (!v1::QualityBand_IsValid(request.band())) {
    violations.Add("band", absl::StrCat("unknown value ", request.band()));
  }
  if (!v1::EvaluationState_IsValid(request.state())) {
    violations.Add("state", absl::StrCat("unknown value ", request.state()));
  }
  if (request.interaction_id() != 0) {
    violations.Add(RequirePositiveId("interaction_id", request.interaction_id()));
  }
  filter.band = request.band();
  filter.state = request.state();
  filter.interaction_id = request.interaction_id();
  if (request.has_submitted_after())
    filter.submitted_from_ms = db::TimestampToMillis(request.submitted_after());
  if (request.has_submitted_before())
    filter.submitted_to_ms = db::TimestampToMillis(request.submitted_before());
  if (filter.submitted_from_ms && filter.submitted_to_ms &&
      *filter.submitted_to_ms <= *filter.submitted_from_ms) {
    violations.Add("submitted_before", "must be after submitted_after");
  }
  if (!violations.empty()) return violations.ToStatus();
  if (call.scope == Scope::kOwn) {
    if (!NarrowFilter(call.caller.employee_id, &filter.agent_employee_id) ||
        filter.state == v1::EVALUATION_STATE_DRAFT) {
      return v1::ListEvaluationsResponse();
    }
    filter.exclude_drafts = true;
  }
  if (call.scope == Scope::kTeam && !NarrowFilter(call.caller.team_id, &filter.team_id)) {
    return v1::ListEvaluationsResponse();
  }
  std::optional<int64_t> before_id;
  if (page->continues()) {
    absl::StatusOr<int64_t> id = page->after_int();
    if (!id.ok()) return id.status();
    before_id = *id;
  }
  absl::StatusOr<std::vector<v1::Evaluation>> rows =
      evaluations_.List(filter, before_id, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListEvaluationsResponse response;
  response.set_next_page_token(
      page->Finish(*rows, [](const v1::Evaluation& row) { return absl::StrCat(row.id()); }));
  for (v1::Evaluation& row : *rows) *response.add_evaluations() = std::move(row);
  return response;
}

absl::StatusOr<v1::Evaluation> EvaluationHandler::UpdateEvaluation(
    const CallContext& call, const v1::UpdateEvaluationRequest& request) {
  const v1::Evaluation& input = request.evaluation();
  Violations violations;
  violations.Add(RequirePositiveId("evaluation.id", input.id()));
  absl::StatusOr<SentEtag> etag =
      ResolveSentEtag("evaluation.etag", input.etag(), RequestLevelEtag(request));
  violations.Add(etag.status());
  if (etag.ok()) violations.Add(RequireEtag(etag->field, etag->value));
  violations.Add(CheckFieldMask(request.update_mask(), UpdatableFields(), input));
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<v1::Evaluation> current = GetVisible(call, input.id());
  if (!current.ok()) return current.status();
  if (absl::Status s = RequireEvaluator(call, *current, "update"); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> card = CardOf(*current);
  if (!card.ok()) return card.status();
  // The draft as it will be: the selected fields over the stored ones, so that what is checked is
  // what is stored (a partial update keeps the stored answers, and a submit scores those).
  v1::Evaluation merged = *current;
  if (absl::Status s = ApplyFieldMask(request.update_mask(), UpdatableFields(), input, &merged);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Nested("evaluation.", ValidateEvaluationContent(merged)); !s.ok()) return s;
  if (absl::Status s =
          Nested("evaluation.", CheckAnswersAgainstForm((*card)->form, merged.answers()));
      !s.ok()) {
    return s;
  }
  // The mask is applied again to the row read under the lock: with the etag checked there, that
  // row is the one merged above.
  return Change(call, input.id(), EvaluationAction::kUpdate, &*etag,
                [&](const v1::Evaluation&, absl::Time, v1::Evaluation& next) {
                  return ApplyFieldMask(request.update_mask(), UpdatableFields(), input, &next);
                });
}

absl::StatusOr<v1::Evaluation> EvaluationHandler::SubmitEvaluation(
    const CallContext& call, const v1::SubmitEvaluationRequest& request) {
  switch (request.target_case()) {
    case v1::SubmitEvaluationRequest::kEvaluation:
      return Start(call, request.evaluation(), request.request_id(), /*submit=*/true);
    case v1::SubmitEvaluationRequest::kId:
      break;
    default:
      return InvalidField("target", "either id (a draft) or evaluation is required");
  }
  Violations violations;
  violations.Add(RequirePositiveId("id", request.id()));
  violations.Add(RequireEtag("etag", request.etag()));
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<v1::Evaluation> current = GetVisible(call, request.id());
  if (!current.ok()) return current.status();
  if (absl::Status s = RequireEvaluator(call, *current, "submit"); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> card = CardOf(*current);
  if (!card.ok()) return card.status();
  const SentEtag etag{"etag", request.etag()};
  return Change(call, request.id(), EvaluationAction::kSubmit, &etag,
                [&](const v1::Evaluation&, absl::Time now, v1::Evaluation& next) {
                  return Submit(**card, now, next);
                });
}

absl::StatusOr<v1::Evaluation> EvaluationHandler::AcknowledgeEvaluation(
    const CallContext& call, const v1::AcknowledgeEvaluationRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::Evaluation>(
      requests_, call.caller.principal, call.method, key,
      [&]() -> absl::StatusOr<v1::Evaluation> {
        Violations violations;
        violations.Add(RequirePositiveId("id", request.id()));
        violations.Add(LimitText("comment", request.comment(), kMaxEvaluationText));
        if (!violations.empty()) return violations.ToStatus();
        absl::StatusOr<v1::Evaluation> current = GetVisible(call, request.id());
        if (!current.ok()) return current.status();
        if (absl::Status s = RequireAgent(call, *current, "acknowledge"); !s.ok()) return s;
        return Change(
            call, request.id(), EvaluationAction::kAcknowledge, /*etag=*/nullptr,
            [&](const v1::Evaluation&, absl::Time now, v1::Evaluation& next) {
              next.set_state(v1::EVALUATION_STATE_ACKNOWLEDGED);
              *next.mutable_acknowledge_time() = MillisTimestamp(now);
              next.set_agent_comment(request.comment());
              return absl::OkStatus();
            },
            key);
      },
      // A replay answers the evaluation as it is now.
      [&](const db::LoggedRequest&) { return GetVisible(call, request.id()); });
}

absl::StatusOr<v1::Evaluation> EvaluationHandler::OpenDispute(
    const CallContext& call, const v1::OpenDisputeRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::Evaluation>(
      requests_, call.caller.principal, call.method, key,
      [&]() -> absl::StatusOr<v1::Evaluation> {
        if (absl::Status s = RequirePositiveId("id", request.id()); !s.ok()) return s;
        absl::StatusOr<v1::Evaluation> current = GetVisible(call, request.id());
        if (!current.ok()) return current.status();
        if (absl::Status s = RequireAgent(call, *current, "dispute"); !s.ok()) return s;
        absl::StatusOr<std::shared_ptr<const CachedScorecard>> card = CardOf(*current);
        if (!card.ok()) return card.status();
        if (absl::Status s = ValidateDisputeItems((*card)->form, request.items()); !s.ok())
          return s;
        return Change(
            call, request.id(), EvaluationAction::kOpenDispute, /*etag=*/nullptr,
            [&](const v1::Evaluation&, absl::Time now, v1::Evaluation& next) {
              v1::Dispute* dispute = next.mutable_dispute();
              dispute->Clear();
              for (const v1::ContestedCriterion& item : request.items()) {
                v1::ContestedCriterion* kept = dispute->add_items();
                kept->set_criterion_key(item.criterion_key());
                kept->set_reason(item.reason());
              }
              dispute->set_opened_by(call.caller.employee_id);
              *dispute->mutable_open_time() = MillisTimestamp(now);
              next.set_state(v1::EVALUATION_STATE_DISPUTED);
              return absl::OkStatus();
            },
            key);
      },
      // A replay answers the evaluation as it is now.
      [&](const db::LoggedRequest&) { return GetVisible(call, request.id()); });
}

absl::StatusOr<v1::Evaluation> EvaluationHandler::ResolveDispute(
    const CallContext& call, const v1::ResolveDisputeRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::Evaluation>(
      requests_, call.caller.principal, call.method, key,
      [&]() -> absl::StatusOr<v1::Evaluation> {
        Violations violations;
        violations.Add(RequirePositiveId("id", request.id()));
        violations.Add(RequireEtag("etag", request.etag()));
        if (!violations.empty()) return violations.ToStatus();
        if (absl::Status s = RequirePerson(call); !s.ok()) return s;
        absl::StatusOr<v1::Evaluation> current = GetVisible(call, request.id());
        if (!current.ok()) return current.status();
        if (absl::Status s = RequireThirdParty(call, *current); !s.ok()) return s;
        absl::StatusOr<std::shared_ptr<const CachedScorecard>> card = CardOf(*current);
        if (!card.ok()) return card.status();
        const SentEtag etag{"etag", request.etag()};
        return Change(
            call, request.id(), EvaluationAction::kResolveDispute, &etag,
            [&](const v1::Evaluation& stored, absl::Time now,
                v1::Evaluation& next) -> absl::Status {
              if (absl::Status s = ValidateResolutionItems((*card)->form, stored, request.items());
                  !s.ok()) {
                return s;
              }
              std::map<std::string, const v1::ContestedCriterion*> decided;
              for (const v1::ContestedCriterion& item : request.items())
                decided[item.criterion_key()] = &item;
              for (v1::CriterionAnswer& answer : *next.mutable_answers()) {
                auto it = decided.find(answer.criterion_key());
                if (it == decided.end() || it->second->outcome() == v1::DISPUTE_OUTCOME_UPHELD)
                  continue;
                answer.clear_value();
                if (it->second->has_adjusted_value())
                  answer.set_value(it->second->adjusted_value());
                answer.set_not_applicable(it->second->adjusted_not_applicable());
              }
              v1::Dispute* dispute = next.mutable_dispute();
              for (v1::ContestedCriterion& item : *dispute->mutable_items()) {
                const v1::ContestedCriterion& decision = *decided.at(item.criterion_key());
                for (const v1::CriterionAnswer& answer : stored.answers()) {
                  if (answer.criterion_key() != item.criterion_key()) continue;
                  if (answer.has_value()) item.set_original_value(answer.value());
                  item.set_original_not_applicable(answer.not_applicable());
                }
                item.set_outcome(decision.outcome());
                if (decision.has_adjusted_value())
                  item.set_adjusted_value(decision.adjusted_value());
                item.set_adjusted_not_applicable(decision.adjusted_not_applicable());
                item.set_resolution_reason(decision.resolution_reason());
              }
              if (stored.has_score()) dispute->set_score_before(stored.score());
              if (absl::Status scored = ApplyScore((*card)->form, next.answers(), next);
                  !scored.ok()) {
                if (!absl::IsInvalidArgument(scored)) return scored;
                return InvalidField("items", std::string(scored.message()));
              }
              if (next.has_score()) dispute->set_score_after(next.score());
              dispute->set_resolved_by(call.caller.employee_id);
              *dispute->mutable_resolve_time() = MillisTimestamp(now);
              next.set_state(v1::EVALUATION_STATE_DISPUTE_RESOLVED);
              return absl::OkStatus();
            },
            key);
      },
      // A replay answers the evaluation as it is now.
      [&](const db::LoggedRequest&) { return GetVisible(call, request.id()); });
}

}  // namespace escala::server
