#include "server/qa/evaluation_lifecycle.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "server/qa/scoring/scorecard_mapping.h"

namespace escala::server {
namespace {

std::string Name(const v1::Evaluation& evaluation) {
  return absl::StrCat("evaluation ", evaluation.id());
}

std::string TimeText(const google::protobuf::Timestamp& time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixMillis(db::TimestampToMillis(time)),
                          absl::UTCTimeZone());
}

}  // namespace

const char* ActionName(EvaluationAction action) {
  switch (action) {
    case EvaluationAction::kUpdate:
      return "update";
    case EvaluationAction::kSubmit:
      return "submit";
    case EvaluationAction::kAcknowledge:
      return "acknowledge";
    case EvaluationAction::kOpenDispute:
      return "dispute";
    case EvaluationAction::kResolveDispute:
      return "resolve the dispute of";
  }
  return "change";
}

v1::EvaluationState TargetState(EvaluationAction action) {
  switch (action) {
    case EvaluationAction::kUpdate:
      return v1::EVALUATION_STATE_DRAFT;
    case EvaluationAction::kSubmit:
      return v1::EVALUATION_STATE_SUBMITTED;
    case EvaluationAction::kAcknowledge:
      return v1::EVALUATION_STATE_ACKNOWLEDGED;
    case EvaluationAction::kOpenDispute:
      return v1::EVALUATION_STATE_DISPUTED;
    case EvaluationAction::kResolveDispute:
      return v1::EVALUATION_STATE_DISPUTE_RESOLVED;
  }
  return v1::EVALUATION_STATE_UNSPECIFIED;
}

absl::Status CheckTransition(const v1::Evaluation& current, EvaluationAction action,
                             absl::Time now) {
  const v1::EvaluationState state = current.state();
  const std::string name = Name(current);
  const std::map<std::string, std::string> metadata = {
      {"resource", absl::StrCat("evaluations/", current.id())},
      {"state", v1::EvaluationState_Name(state)}};
  auto refuse = [&metadata](std::string sentence) {
    return db::WithErrorInfo(absl::FailedPreconditionError(std::move(sentence)),
                             db::kReasonInvalidStateTransition, metadata);
  };
  switch (action) {
    case EvaluationAction::kUpdate:
    case EvaluationAction::kSubmit:
      if (state == v1::EVALUATION_STATE_DRAFT) return absl::OkStatus();
      return refuse(absl::StrCat(name, " was already submitted: only a draft can be ",
                                 action == EvaluationAction::kUpdate ? "updated" : "submitted"));
    case EvaluationAction::kAcknowledge:
    case EvaluationAction::kOpenDispute: {
      const char* verb = action == EvaluationAction::kAcknowledge ? "acknowledged" : "disputed";
      switch (state) {
        case v1::EVALUATION_STATE_DRAFT:
          return refuse(
              absl::StrCat(name, " is a draft: only a submitted evaluation can be ", verb));
        case v1::EVALUATION_STATE_ACKNOWLEDGED:
          return refuse(
              absl::StrCat(name, " was already acknowledged: it can no longer be ", verb));
        case v1::EVALUATION_STATE_DISPUTED:
          return refuse(absl::StrCat(name, " is already disputed: it can no longer be ", verb));
        case v1::EVALUATION_STATE_DISPUTE_RESOLVED:
          return refuse(
              absl::StrCat(name, " had its dispute resolved: it can no longer be ", verb));
        case v1::EVALUATION_STATE_SUBMITTED:
          break;
        default:
          return refuse(absl::StrCat(name, " is in an unknown state"));
      }
      if (action == EvaluationAction::kOpenDispute && current.has_dispute_deadline_time() &&
          db::TimestampToMillis(current.dispute_deadline_time()) < absl::ToUnixMillis(now)) {
        return db::WithErrorInfo(
            absl::FailedPreconditionError(absl::StrCat(
                "the dispute deadline of ", name, " passed at ",
                TimeText(current.dispute_deadline_time()), ": it can only be acknowledged")),
            db::kReasonDisputeWindowClosed,
            {{"resource", absl::StrCat("evaluations/", current.id())},
             {"disputeDeadlineTime", TimeText(current.dispute_deadline_time())}});
      }
      return absl::OkStatus();
    }
    case EvaluationAction::kResolveDispute:
      switch (state) {
        case v1::EVALUATION_STATE_DISPUTED:
          return absl::OkStatus();
        case v1::EVALUATION_STATE_DISPUTE_RESOLVED:
          return refuse(absl::StrCat("the dispute of ", name, " was already resolved"));
        default:
          return refuse(
              absl::StrCat(name, " is not disputed: only a disputed evaluation can be resolved"));
      }
  }
  return refuse(absl::StrCat(name, ": unknown action"));
}

absl::Time DisputeDeadline(absl::Time submit_time, int dispute_window_days) {
  const int days = dispute_window_days > 0 ? dispute_window_days : kDefaultDisputeWindowDays;
  return submit_time + absl::Hours(24) * days;
}

}  // namespace escala::server
