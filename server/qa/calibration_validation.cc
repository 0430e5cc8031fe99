#include "server/qa/calibration_validation.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/api/text_rules.h"

namespace escala::server {
namespace {

constexpr std::size_t kMaxCommentLength = 4000;

}  // namespace

Violation ValidateNewSession(const v1::CalibrationSession& session, absl::Time now) {
  if (Violation v = RequireText("title", session.title(), 200)) return v;
  const int interactions = session.interaction_ids_size();
  if (interactions < 1 || interactions > kMaxCalibrationInteractions) {
    return FieldViolation{"interaction_ids", absl::StrCat("must name 1 to ", kMaxCalibrationInteractions,
                                                          " interactions, got ", interactions)};
  }
  std::map<int64_t, int> seen_interactions;
  for (int i = 0; i < interactions; ++i) {
    const int64_t id = session.interaction_ids(i);
    const std::string field = absl::StrCat("interaction_ids[", i, "]");
    if (Violation v = RequirePositiveId(field, id)) return v;
    auto [it, inserted] = seen_interactions.emplace(id, i);
    if (!inserted) {
      return FieldViolation{field, absl::StrCat("repeats interaction_ids[", it->second, "] (", id, ")")};
    }
  }
  if (Violation v = RequireIdentifier("scorecard_id", session.scorecard_id(), 64)) return v;
  if (session.scorecard_version() < 0) {
    return FieldViolation{"scorecard_version", absl::StrCat("must be 0 (the newest published) or a "
                                                            "version number, got ",
                                                            session.scorecard_version())};
  }
  const int evaluators = session.evaluator_employee_ids_size();
  if (evaluators < kMinCalibrationEvaluators || evaluators > kMaxCalibrationEvaluators) {
    return FieldViolation{"evaluator_employee_ids",
                          absl::StrCat("must name ", kMinCalibrationEvaluators, " to ",
                                       kMaxCalibrationEvaluators, " evaluators, got ", evaluators)};
  }
  std::map<std::string, int> seen_evaluators;
  for (int i = 0; i < evaluators; ++i) {
    const std::string& id = session.evaluator_employee_ids(i);
    const std::string field = absl::StrCat("evaluator_employee_ids[", i, "]");
    if (Violation v = RequireIdentifier(field, id, 64)) return v;
    auto [it, inserted] = seen_evaluators.emplace(id, i);
    if (!inserted) {
      return FieldViolation{field, absl::StrCat("repeats evaluator_employee_ids[", it->second,
                                                "] ('", id, "')")};
    }
  }
  if (!session.expert_employee_id().empty()) {
    if (Violation v = RequireIdentifier("expert_employee_id", session.expert_employee_id(), 64)) {
      return v;
    }
    auto it = seen_evaluators.find(session.expert_employee_id());
    if (it != seen_evaluators.end()) {
      return FieldViolation{"expert_employee_id",
                            absl::StrCat("'", session.expert_employee_id(),
                                         "' is also evaluator_employee_ids[", it->second,
                                         "]; the expert must not be an evaluator")};
    }
  }
  if (!session.has_deadline()) return FieldViolation{"deadline", "is required"};
  if (db::TimestampToMillis(session.deadline()) <= absl::ToUnixMillis(now)) {
    return FieldViolation{"deadline", "must be in the future"};
  }
  return std::nullopt;
}

Violation ValidateScore(const v1::CalibrationScore& score) {
  if (Violation v = RequirePositiveId("session_id", score.session_id())) return v;
  if (Violation v = RequirePositiveId("interaction_id", score.interaction_id())) return v;
  if (score.answers_size() == 0) {
    return FieldViolation{"answers", "must answer every criterion of the scorecard, got none"};
  }
  for (int i = 0; i < score.answers_size(); ++i) {
    const v1::CriterionAnswer& answer = score.answers(i);
    if (answer.criterion_key().empty()) {
      return FieldViolation{absl::StrCat("answers[", i, "].criterion_key"), "is required"};
    }
    if (Violation v = LimitText(absl::StrCat("answers[", i, "].comment"), answer.comment(),
                                kMaxCommentLength)) {
      return v;
    }
  }
  if (Violation v = LimitText("overall_comment", score.overall_comment(), kMaxCommentLength)) {
    return v;
  }
  return std::nullopt;
}

}  // namespace escala::server
