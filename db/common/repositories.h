#pragma once

#include "db/audit/audit_repository.h"
#include "db/common/event_feed_repository.h"
#include "db/directory/people_repository.h"
#include "db/directory/team_repository.h"
#include "db/identity/identity_repository.h"
#include "db/interactions/interaction_repository.h"
#include "db/kpi/report_repository.h"
#include "db/promotion/promotion_case_repository.h"
#include "db/promotion/promotion_policy_repository.h"
#include "db/promotion/regression_flag_repository.h"
#include "db/qa/assignment_repository.h"
#include "db/qa/calibration_repository.h"
#include "db/qa/evaluation_repository.h"
#include "db/qa/scorecard_repository.h"
#include "db/sla/sla_policy_repository.h"
#include "db/training/certification_repository.h"
#include "db/training/completion_repository.h"
#include "db/training/course_repository.h"
#include "db/training/enrolment_repository.h"
#include "db/training/learning_path_repository.h"
#include "db/training/recommendation_repository.h"
#include "db/training/training_session_repository.h"

namespace escala::db {

// Every repository the server uses, as interfaces: what the domains' Register functions take
// (server/<domain>/register.h). Domains read each other's data only through these (the QA
// domain reads people and interactions, for instance), never through each other's handlers.
// The composition root fills it from SociRepositories (db/soci_repositories.h); tests may fill
// it with fakes.
struct Repositories {
  PeopleRepository& people;
  TeamRepository& teams;
  ServiceAccountRepository& service_accounts;
  TokenRepository& tokens;
  InteractionRepository& interactions;
  AuditRepository& audit;
  ScorecardRepository& scorecards;
  EvaluationRepository& evaluations;
  CalibrationRepository& calibration;
  AssignmentRepository& assignments;
  CourseRepository& courses;
  TrainingSessionRepository& training_sessions;
  EnrolmentRepository& enrolments;
  TrainingRecommendationRepository& training_recommendations;
  CompletionRepository& completions;
  CertificationRepository& certifications;
  LearningPathRepository& learning_paths;
  ReportRepository& reports;
  SlaPolicyRepository& sla_policies;
  PromotionPolicyRepository& promotion_policies;
  EventFeedRepository& events;
  PromotionCaseRepository& promotion_cases;
  RegressionFlagRepository& regression_flags;
};

}  // namespace escala::db
