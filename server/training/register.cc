#include "server/training/register.h"

#include "server/training/attendance_handler.h"
#include "server/training/attendance_service.h"
#include "server/training/certification_expiry_notifier.h"
#include "server/training/certification_handler.h"
#include "server/training/certification_service.h"
#include "server/training/completion_handler.h"
#include "server/training/completion_import_handler.h"
#include "server/training/completion_service.h"
#include "server/training/course_handler.h"
#include "server/training/course_service.h"
#include "server/training/effectiveness_handler.h"
#include "server/training/effectiveness_service.h"
#include "server/training/enrolment_handler.h"
#include "server/training/enrolment_service.h"
#include "server/training/learning_path_handler.h"
#include "server/training/learning_path_service.h"
#include "server/training/recommendation_handler.h"
#include "server/training/recommendation_service.h"
#include "server/training/training_session_handler.h"
#include "server/training/training_session_service.h"

namespace escala::server {
namespace {

// How often certification expiries are looked for. Expiries fall on dates, so an hour only
// bounds how late in its day one is announced.
constexpr absl::Duration kCertificationExpiryInterval = absl::Hours(1);

}  // namespace

std::unique_ptr<Domain> RegisterTraining(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  auto& courses = domain->Own<CourseHandler>(context.repositories.courses,
                                             context.repositories.audit, context.clock);
  domain->Serve<CourseService>(v1::CourseService::service_full_name(), courses, context.runtime);
  auto& sessions = domain->Own<TrainingSessionHandler>(
      context.repositories.training_sessions, context.repositories.courses,
      context.repositories.people, context.repositories.audit, context.clock,
      context.repositories.enrolments);
  domain->Serve<TrainingSessionService>(v1::TrainingSessionService::service_full_name(), sessions,
                                        context.runtime);
  auto& enrolments = domain->Own<EnrolmentHandler>(
      context.repositories.enrolments, context.repositories.training_sessions,
      context.repositories.people, context.repositories.audit, context.clock);
  domain->Serve<EnrolmentService>(v1::EnrolmentService::service_full_name(), enrolments,
                                  context.runtime);
  auto& recommendations = domain->Own<TrainingRecommendationHandler>(
      RecommendationStores{.recommendations = context.repositories.training_recommendations,
                           .courses = context.repositories.courses,
                           .people = context.repositories.people,
                           .teams = context.repositories.teams,
                           .evaluations = context.repositories.evaluations,
                           .scorecards = context.repositories.scorecards,
                           .requests = context.repositories.audit,
                           .enrolments = context.repositories.enrolments,
                           .sessions = context.repositories.training_sessions,
                           .completions = context.repositories.completions},
      context.clock);
  domain->Serve<TrainingRecommendationService>(
      v1::TrainingRecommendationService::service_full_name(), recommendations, context.runtime);
  auto& attendance = domain->Own<AttendanceHandler>(
      context.repositories.enrolments, context.repositories.training_sessions,
      context.repositories.courses, context.repositories.audit, context.clock);
  domain->Serve<AttendanceService>(v1::AttendanceService::service_full_name(), attendance,
                                   context.runtime);
  auto& completions =
      domain->Own<CompletionHandler>(context.repositories.completions, context.clock);
  auto& completion_import = domain->Own<CompletionImportHandler>(
      context.repositories.completions, context.repositories.people, context.repositories.courses,
      context.repositories.audit, context.clock);
  domain->Serve<CompletionService>(v1::CompletionService::service_full_name(), completions,
                                   completion_import, context.runtime);
  auto& effectiveness = domain->Own<TrainingEffectivenessHandler>(
      EffectivenessStores{.completions = context.repositories.completions,
                          .courses = context.repositories.courses,
                          .people = context.repositories.people,
                          .evaluations = context.repositories.evaluations,
                          .scorecards = context.repositories.scorecards},
      context.clock);
  domain->Serve<TrainingEffectivenessService>(v1::TrainingEffectivenessService::service_full_name(),
                                              effectiveness, context.runtime);
  auto& certifications = domain->Own<CertificationHandler>(
      CertificationStores{.certifications = context.repositories.certifications,
                          .courses = context.repositories.courses,
                          .people = context.repositories.people,
                          .teams = context.repositories.teams,
                          .completions = context.repositories.completions},
      context.clock);
  domain->Serve<CertificationService>(v1::CertificationService::service_full_name(), certifications,
                                      context.runtime);
  auto& expiries = domain->Own<CertificationExpiryNotifier>(
      certifications, context.repositories.certifications, context.clock);
  expiries.Start(kCertificationExpiryInterval);
  auto& paths = domain->Own<LearningPathHandler>(
      LearningPathStores{.paths = context.repositories.learning_paths,
                         .courses = context.repositories.courses,
                         .people = context.repositories.people,
                         .teams = context.repositories.teams,
                         .completions = context.repositories.completions},
      context.clock);
  domain->Serve<LearningPathService>(v1::LearningPathService::service_full_name(), paths,
                                     context.runtime);
  return domain;
}

}  // namespace escala::server
