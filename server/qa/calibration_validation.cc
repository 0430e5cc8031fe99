#include "server/qa/calibration_validation.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/api/text_rules.h"
#include "server/api/time_rules.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

constexpr std::size_t kMaxCommentLength = 4000;

}  // namespace

absl::Status ValidateNewSession(const v1::CalibrationSession& session, absl::Time now) {
  Violations violations;
  violations.Add(RequireText("title", session.title(), 200));
  const int interactions = session.interaction_ids_size();
  if (interactions < 1 || interactions > kMaxCalibrationInteractions) {
    violations.Add("interaction_ids", absl::StrCat("must name 1 to ", kMaxCalibrationInteractions,
                                                   " interactions, got ", interactions));
  }
  std::map<int64_t, int> seen_interactions;
  for (int i = 0; i < interactions; ++i) {
    const int64_t id = session.interaction_ids(i);
    const std::string field = absl::StrCat("interaction_ids[", i, "]");
    if (absl::Status s = RequirePositiveId(field, id); !s.ok()) {
      violations.Add(s);
      continue;
    }
    auto [it, inserted] = seen_interactions.emplace(id, i);
    if (!inserted) {
      violations.Add(field, absl::StrCat("repeats interaction_ids[", it->second, "] (", id, ")"));
    }
  }
  violations.Add(RequireIdentifier("scorecard_id", session.scorecard_id(), 64));
  if (session.scorecard_version() < 0) {
    violations.Add("scorecard_version",
                   absl::StrCat("must be 0 (the newest published) or a version number, got ",
                                session.scorecard_version()));
  }
  const int evaluators = session.evaluator_employee_ids_size();
  if (evaluators < kMinCalibrationEvaluators || evaluators > kMaxCalibrationEvaluators) {
    violations.Add("evaluator_employee_ids",
                   absl::StrCat("must name ", kMinCalibrationEvaluators, " to ",
                                kMaxCalibrationEvaluators, " evaluators, got ", evaluators));
  }
  std::map<std::string, int> seen_evaluators;
  for (int i = 0; i < evaluators; ++i) {
    const std::string& id = session.evaluator_employee_ids(i);
    const std::string field = absl::StrCat("evaluator_employee_ids[", i, "]");
    if (absl::Status s = RequireIdentifier(field, id, 64); !s.ok()) {
      violations.Add(s);
      continue;
    }
    auto [it, inserted] = seen_evaluators.emplace(id, i);
    if (!inserted) {
      violations.Add(field,
                     absl::StrCat("repeats evaluator_employee_ids[", it->second, "] ('", id, "')"));
    }
  }
  if (!session.expert_employee_id().empty()) {
    const absl::Status expert =
        RequireIdentifier("expert_employee_id", session.expert_employee_id(), 64);
    violations.Add(expert);
    auto it = seen_evaluators.find(session.expert_employee_id());
    if (expert.ok() && it != seen_evaluators.end()) {
      violations.Add(
          "expert_employee_id",
          absl::StrCat("'", session.expert_employee_id(), "' is also evaluator_employee_ids[",
                       it->second, "]; the expert must not be an evaluator"));
    }
  }
  if (!session.has_deadline_time()) {
    violations.Add("deadline_time", "is required");
  } else if (absl::Status range = CheckTimestamp("deadline_time", session.deadline_time());
             !range.ok()) {
    violations.Add(range);
  } else if (db::TimestampToMillis(session.deadline_time()) <= absl::ToUnixMillis(now)) {
    violations.Add("deadline_time", "must be in the future");
  }
  return violations.ToStatus();
}

absl::Status ValidateScore(const v1::CalibrationScore& score) {
  Violations violations;
  violations.Add(RequirePositiveId("session_id", score.session_id()));
  violations.Add(RequirePositiveId("interaction_id", score.interaction_id()));
  if (score.answers_size() == 0) {
    violations.Add("answers", "must answer every criterion of the scorecard, got none");
  }
  for (int i = 0; i < score.answers_size(); ++i) {
    const v1::CriterionAnswer& answer = score.answers(i);
    if (answer.criterion_key().empty()) {
      violations.Add(absl::StrCat("answers[", i, "].criterion_key"), "is required");
    }
    violations.Add(
        LimitText(absl::StrCat("answers[", i, "].comment"), answer.comment(), kMaxCommentLength));
  }
  violations.Add(LimitText("overall_comment", score.overall_comment(), kMaxCommentLength));
  return violations.ToStatus();
}

}  // namespace escala::server
