#pragma once

// The in-memory repositories of the state-changing methods, writing the audit event of each
// successful change into a FakeAuditRepository as their SOCI counterparts write it in the
// change's transaction: stamp as given (request_id and fingerprint included), resource name, and
// the after-state members the replays read back (assignment_ids, replacement_assignment_id). So
// a handler's request_id lookup (db::RequestLog) finds what the handler applied before.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/testing/fakes/fake_assignment_repository.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_calibration_repository.h"
#include "tests/testing/fakes/fake_evaluation_repository.h"
#include "tests/testing/fakes/fake_scorecard_repository.h"
#include "tests/testing/fakes/fake_token_repository.h"

namespace escala::testing {

class AuditedEvaluationRepository : public FakeEvaluationRepository {
 public:
  explicit AuditedEvaluationRepository(FakeAuditRepository& audit) : audit_(audit) {}

  absl::StatusOr<v1::Evaluation> Change(int64_t id, const db::EvaluationChange& change,
                                        const db::AuditStamp& stamp, absl::Time now) override {
    if (before_change) {
      // Taken out first: the hook may change this evaluation itself, through this repository.
      const std::function<void()> hook = std::move(before_change);
      before_change = nullptr;
      hook();
    }
    absl::StatusOr<v1::Evaluation> changed =
        FakeEvaluationRepository::Change(id, change, stamp, now);
    if (changed.ok()) {
      audit_.Append(stamp, {"evaluation", absl::StrCat("evaluations/", id), "{}", "{}"}, now);
    }
    return changed;
  }

  // Runs once, before the next change, as a concurrent call could (a test's race).
  std::function<void()> before_change;

 private:
  FakeAuditRepository& audit_;
};

// The assignment fake, writing the audit events the SOCI repository writes in the same
// transaction: the generated assignment ids on the plan, the skip and its replacement on the
// assignment.
class AuditedAssignmentRepository : public FakeAssignmentRepository {
 public:
  AuditedAssignmentRepository(FakeAuditRepository& audit, db::InteractionRepository* interactions,
                              db::EvaluationRepository* evaluations, db::PeopleRepository* people)
      : FakeAssignmentRepository(interactions, evaluations, people), audit_(audit) {}

  absl::StatusOr<std::vector<v1::Assignment>> InsertAssignments(
      int64_t plan_id, const std::vector<v1::Assignment>& to_insert, const std::string& detail,
      const db::AuditStamp& stamp, absl::Time now) override {
    absl::StatusOr<std::vector<v1::Assignment>> stored =
        FakeAssignmentRepository::InsertAssignments(plan_id, to_insert, detail, stamp, now);
    if (!stored.ok()) return stored;
    std::vector<std::string> ids;
    for (const v1::Assignment& assignment : *stored) {
      ids.push_back(absl::StrCat("\"", assignment.id(), "\""));
    }
    audit_.Append(stamp,
                  {"sampling_plan", absl::StrCat("samplingPlans/", plan_id), "{}",
                   absl::StrCat("{\"assignment_ids\":[", absl::StrJoin(ids, ","), "]}")},
                  now);
    return stored;
  }

  absl::StatusOr<db::SkipResult> Skip(const db::SkipRequest& request, const db::AuditStamp& stamp,
                                      absl::Time now) override {
    ++skip_calls;
    absl::StatusOr<db::SkipResult> result = FakeAssignmentRepository::Skip(request, stamp, now);
    if (!result.ok()) return result;
    std::string after = "{\"state\":\"ASSIGNMENT_STATE_SKIPPED\"";
    if (result->replacement.has_value()) {
      absl::StrAppend(&after, ",\"replacement_assignment_id\":\"", result->replacement->id(), "\"");
    }
    after += "}";
    audit_.Append(stamp,
                  {"assignment", absl::StrCat("assignments/", request.assignment_id), "{}", after},
                  now);
    return result;
  }

  int skip_calls = 0;

 private:
  FakeAuditRepository& audit_;
};

class AuditedCalibrationRepository : public FakeCalibrationRepository {
 public:
  explicit AuditedCalibrationRepository(FakeAuditRepository& audit) : audit_(audit) {}

  absl::StatusOr<v1::CalibrationSession> Close(int64_t id, const db::AuditStamp& stamp,
                                               absl::Time now) override {
    absl::StatusOr<v1::CalibrationSession> closed =
        FakeCalibrationRepository::Close(id, stamp, now);
    if (closed.ok()) {
      audit_.Append(stamp,
                    {"calibration_session", absl::StrCat("calibrationSessions/", id), "{}", "{}"},
                    now);
    }
    return closed;
  }
  absl::StatusOr<v1::CalibrationScore> SubmitScore(const v1::CalibrationScore& score,
                                                   const db::AuditStamp& stamp,
                                                   absl::Time now) override {
    ++submit_calls;
    absl::StatusOr<v1::CalibrationScore> stored =
        FakeCalibrationRepository::SubmitScore(score, stamp, now);
    if (stored.ok()) {
      audit_.Append(stamp,
                    {"calibration_score",
                     absl::StrCat("calibrationSessions/", score.session_id(), "/scores/",
                                  score.interaction_id(), "/", score.evaluator_employee_id()),
                     "{}", "{}"},
                    now);
    }
    return stored;
  }

  int submit_calls = 0;

 private:
  FakeAuditRepository& audit_;
};

class AuditedScorecardRepository : public FakeScorecardRepository {
 public:
  // "scorecards/ID/versions/N", as the SOCI repository names a version in its events.
  static std::string VersionName(const v1::Scorecard& card) {
    return absl::StrCat("scorecards/", card.scorecard_id(), "/versions/", card.version());
  }

  explicit AuditedScorecardRepository(FakeAuditRepository& audit) : audit_(audit) {}

  absl::StatusOr<v1::Scorecard> Publish(const std::string& id, int64_t expected_version,
                                        const db::AuditStamp& stamp, absl::Time now) override {
    absl::StatusOr<v1::Scorecard> published =
        FakeScorecardRepository::Publish(id, expected_version, stamp, now);
    if (published.ok()) {
      audit_.Append(stamp, {"scorecard", VersionName(*published), "{}", "{}"}, now);
    }
    return published;
  }
  absl::StatusOr<v1::Scorecard> Retire(const std::string& id, const std::string& reason,
                                       const db::AuditStamp& stamp, absl::Time now) override {
    absl::StatusOr<v1::Scorecard> retired = FakeScorecardRepository::Retire(id, reason, stamp, now);
    if (retired.ok()) {
      audit_.Append(stamp, {"scorecard", VersionName(*retired), "{}", "{}"}, now);
    }
    return retired;
  }

 private:
  FakeAuditRepository& audit_;
};

class AuditedTokenRepository : public FakeTokenRepository {
 public:
  explicit AuditedTokenRepository(FakeAuditRepository& audit) : audit_(audit) {}

  absl::StatusOr<v1::ApiToken> Revoke(const std::string& token_id, const db::AuditStamp& stamp,
                                      absl::Time now) override {
    absl::StatusOr<v1::ApiToken> revoked = FakeTokenRepository::Revoke(token_id, stamp, now);
    if (revoked.ok()) {
      audit_.Append(stamp, {"token", absl::StrCat("tokens/", token_id), "{}", "{}"}, now);
    }
    return revoked;
  }

 private:
  FakeAuditRepository& audit_;
};

}  // namespace escala::testing
