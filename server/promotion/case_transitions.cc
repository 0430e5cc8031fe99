#include "server/promotion/case_transitions.h"

#include <initializer_list>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"

namespace escala::server {
namespace {

std::string CaseStateName(v1::PromotionCaseState state) {
  return v1::PromotionCaseState_Name(state);
}

// OK when the case is in one of `allowed`; INVALID_STATE_TRANSITION naming its state otherwise.
absl::Status RequireCaseState(const v1::PromotionCase& current, const std::string& step,
                              std::initializer_list<v1::PromotionCaseState> allowed) {
  std::vector<std::string> names;
  for (v1::PromotionCaseState state : allowed) {
    if (current.state() == state) return absl::OkStatus();
    names.push_back(CaseStateName(state));
  }
  return db::WithErrorInfo(
      absl::FailedPreconditionError(absl::StrCat("promotion case ", current.id(), " is ",
                                                 CaseStateName(current.state()), ": ", step,
                                                 " needs ", absl::StrJoin(names, " or "))),
      db::kReasonInvalidStateTransition, {{"state", CaseStateName(current.state())}});
}

google::protobuf::Timestamp TimestampOf(absl::Time time) {
  return db::MillisToTimestamp(absl::ToUnixMillis(time));
}

bool SameReport(const v1::HrAcknowledgement& a, const v1::HrAcknowledgement& b) {
  return a.hr_reference() == b.hr_reference() && a.state() == b.state() &&
         a.effective_date() == b.effective_date() && a.reason() == b.reason();
}

}  // namespace

absl::StatusOr<v1::PromotionCase> StartReviewStep(const v1::PromotionCase& current) {
  if (absl::Status s =
          RequireCaseState(current, "StartReview", {v1::PROMOTION_CASE_STATE_NOMINATED});
      !s.ok()) {
    return s;
  }
  v1::PromotionCase next = current;
  next.set_state(v1::PROMOTION_CASE_STATE_UNDER_REVIEW);
  return next;
}

absl::StatusOr<v1::PromotionCase> ApproveStep(const v1::PromotionCase& current,
                                              const std::string& effective_date,
                                              const std::string& reason,
                                              const v1::PersonEligibility& snapshot,
                                              const CaseActor& actor) {
  if (absl::Status s = RequireCaseState(
          current, "Approve",
          {v1::PROMOTION_CASE_STATE_NOMINATED, v1::PROMOTION_CASE_STATE_UNDER_REVIEW});
      !s.ok()) {
    return s;
  }
  v1::PromotionCase next = current;
  next.set_state(v1::PROMOTION_CASE_STATE_APPROVED);
  next.set_effective_date(effective_date);
  next.clear_decision_reasons();
  if (!reason.empty()) next.add_decision_reasons(reason);
  *next.mutable_decision_eligibility() = snapshot;
  next.set_decided_by(actor.principal);
  *next.mutable_decide_time() = TimestampOf(actor.time);
  return next;
}

absl::StatusOr<v1::PromotionCase> RejectStep(const v1::PromotionCase& current,
                                             const std::vector<std::string>& reasons,
                                             const v1::PersonEligibility& snapshot,
                                             const CaseActor& actor) {
  if (absl::Status s = RequireCaseState(
          current, "Reject",
          {v1::PROMOTION_CASE_STATE_NOMINATED, v1::PROMOTION_CASE_STATE_UNDER_REVIEW});
      !s.ok()) {
    return s;
  }
  v1::PromotionCase next = current;
  next.set_state(v1::PROMOTION_CASE_STATE_REJECTED);
  next.clear_decision_reasons();
  for (const std::string& reason : reasons) next.add_decision_reasons(reason);
  *next.mutable_decision_eligibility() = snapshot;
  next.set_decided_by(actor.principal);
  *next.mutable_decide_time() = TimestampOf(actor.time);
  return next;
}

absl::StatusOr<v1::PromotionCase> WithdrawStep(const v1::PromotionCase& current,
                                               const std::string& reason, const CaseActor& actor) {
  if (absl::Status s = RequireCaseState(
          current, "Withdraw",
          {v1::PROMOTION_CASE_STATE_NOMINATED, v1::PROMOTION_CASE_STATE_UNDER_REVIEW,
           v1::PROMOTION_CASE_STATE_APPROVED});
      !s.ok()) {
    return s;
  }
  v1::PromotionCase next = current;
  next.set_state(v1::PROMOTION_CASE_STATE_WITHDRAWN);
  next.set_withdrawn_by(actor.principal);
  next.set_withdraw_reason(reason);
  return next;
}

absl::StatusOr<std::optional<v1::PromotionCase>> AcknowledgeStep(
    const v1::PromotionCase& current, const v1::HrAcknowledgement& report, const CaseActor& actor) {
  if (absl::Status s =
          RequireCaseState(current, "AcknowledgePromotion",
                           {v1::PROMOTION_CASE_STATE_APPROVED, v1::PROMOTION_CASE_STATE_EFFECTIVE});
      !s.ok()) {
    return s;
  }
  v1::PromotionCase next = current;
  v1::HrAcknowledgement* slot = nullptr;
  for (v1::HrAcknowledgement& stored : *next.mutable_hr_acknowledgements()) {
    if (stored.hr_system() == report.hr_system()) slot = &stored;
  }
  if (slot != nullptr) {
    if (SameReport(*slot, report)) return std::optional<v1::PromotionCase>();
    if (slot->state() != v1::HR_ACKNOWLEDGEMENT_STATE_PENDING_APPROVAL) {
      const std::string state = v1::HrAcknowledgementState_Name(slot->state());
      return db::WithErrorInfo(
          absl::FailedPreconditionError(absl::StrCat("promotion case ", current.id(), ": ",
                                                     report.hr_system(), " reported ", state,
                                                     " already; a final report is never changed")),
          db::kReasonInvalidStateTransition, {{"state", state}});
    }
  } else {
    slot = next.add_hr_acknowledgements();
  }
  *slot = report;
  slot->set_acknowledged_by(actor.principal);
  *slot->mutable_acknowledge_time() = TimestampOf(actor.time);
  return std::optional<v1::PromotionCase>(std::move(next));
}

}  // namespace escala::server
