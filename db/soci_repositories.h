#pragma once

#include <string>

#include "db/audit/soci_audit_repository.h"
#include "db/common/repositories.h"
#include "db/core/session_pool.h"
#include "db/directory/soci_people_repository.h"
#include "db/directory/soci_team_repository.h"
#include "db/events/soci_event_feed_repository.h"
#include "db/identity/soci_service_account_repository.h"
#include "db/identity/soci_token_repository.h"
#include "db/interactions/coalescing_interaction_repository.h"
#include "db/interactions/soci_interaction_repository.h"
#include "db/kpi/soci_report_repository.h"
#include "db/promotion/soci_promotion_case_repository.h"
#include "db/promotion/soci_promotion_policy_repository.h"
#include "db/promotion/soci_regression_flag_repository.h"
#include "db/qa/coalescing_evaluation_repository.h"
#include "db/qa/soci_assignment_repository.h"
#include "db/qa/soci_calibration_repository.h"
#include "db/qa/soci_evaluation_repository.h"
#include "db/qa/soci_scorecard_repository.h"
#include "db/sla/soci_sla_policy_repository.h"
#include "db/training/soci_certification_repository.h"
#include "db/training/soci_completion_repository.h"
#include "db/training/soci_course_repository.h"
#include "db/training/soci_enrolment_repository.h"
#include "db/training/soci_learning_path_repository.h"
#include "db/training/soci_recommendation_repository.h"
#include "db/training/soci_training_session_repository.h"

namespace escala::db {

// Storage tuning the composition root takes from its flags.
struct StorageOptions {
  // Transactions that may write new evaluations at once (see CoalescingEvaluationRepository).
  int evaluation_writers = 2;
  // Most evaluations one coalesced transaction writes.
  int evaluation_batch = 64;
  // Transactions that may write new interactions at once (see CoalescingInteractionRepository).
  int interaction_writers = 2;
  // Most interactions one coalesced transaction writes.
  int interaction_batch = 64;
};

// Every SOCI repository on one session pool: the storage half of the composition root. A new
// domain adds its repositories here and to Repositories.
class SociRepositories {
 public:
  SociRepositories(SessionPool& pool, const StorageOptions& options);

  // The interfaces, for the domains.
  Repositories view();

  // One line on what the storage did that an operator may want at shutdown (how many evaluation
  // and interaction creates shared a transaction).
  std::string Summary();

 private:
  SociPeopleRepository people_;
  SociTeamRepository teams_;
  SociServiceAccountRepository service_accounts_;
  SociTokenRepository tokens_;
  SociInteractionRepository interaction_store_;
  // Concurrent creates share transactions (see the class comment).
  CoalescingInteractionRepository interactions_;
  SociAuditRepository audit_;
  SociScorecardRepository scorecards_;
  SociEvaluationRepository evaluation_store_;
  // Concurrent submits share transactions (see the class comment).
  CoalescingEvaluationRepository evaluations_;
  SociCalibrationRepository calibration_;
  SociAssignmentRepository assignments_;
  SociCourseRepository courses_;
  SociTrainingSessionRepository training_sessions_;
  SociEnrolmentRepository enrolments_;
  SociTrainingRecommendationRepository training_recommendations_;
  SociCompletionRepository completions_;
  SociCertificationRepository certifications_;
  SociLearningPathRepository learning_paths_;
  SociReportRepository reports_;
  SociSlaPolicyRepository sla_policies_;
  SociPromotionPolicyRepository promotion_policies_;
  SociEventFeedRepository events_;
  SociPromotionCaseRepository promotion_cases_;
  SociRegressionFlagRepository regression_flags_;
};

}  // namespace escala::db
