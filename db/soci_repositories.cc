#include "db/soci_repositories.h"

#include "absl/strings/str_cat.h"

namespace escala::db {

SociRepositories::SociRepositories(SessionPool& pool, const StorageOptions& options)
    : people_(pool),
      teams_(pool),
      service_accounts_(pool),
      tokens_(pool),
      interaction_store_(pool),
      interactions_(interaction_store_, options.interaction_batch, options.interaction_writers),
      audit_(pool),
      scorecards_(pool),
      evaluation_store_(pool),
      evaluations_(evaluation_store_, options.evaluation_batch, options.evaluation_writers),
      calibration_(pool),
      assignments_(pool),
      courses_(pool),
      training_sessions_(pool),
      enrolments_(pool),
      training_recommendations_(pool),
      completions_(pool),
      certifications_(pool),
      learning_paths_(pool),
      reports_(pool),
      sla_policies_(pool),
      promotion_policies_(pool),
      events_(pool),
      promotion_cases_(pool),
      regression_flags_(pool) {}

Repositories SociRepositories::view() {
  return Repositories{.people = people_,
                      .teams = teams_,
                      .service_accounts = service_accounts_,
                      .tokens = tokens_,
                      .interactions = interactions_,
                      .audit = audit_,
                      .scorecards = scorecards_,
                      .evaluations = evaluations_,
                      .calibration = calibration_,
                      .assignments = assignments_,
                      .courses = courses_,
                      .training_sessions = training_sessions_,
                      .enrolments = enrolments_,
                      .training_recommendations = training_recommendations_,
                      .completions = completions_,
                      .certifications = certifications_,
                      .learning_paths = learning_paths_,
                      .reports = reports_,
                      .sla_policies = sla_policies_,
                      .promotion_policies = promotion_policies_,
                      .events = events_,
                      .promotion_cases = promotion_cases_,
                      .regression_flags = regression_flags_};
}

std::string SociRepositories::Summary() {
  const CoalescingStats evaluations = evaluations_.stats();
  const CoalescingStats interactions = interactions_.stats();
  return absl::StrCat("evaluation creates: ", evaluations.creates, " in ", evaluations.writes,
                      " writes, ", evaluation_store_.batches_written(),
                      " of them batched in one transaction; interaction creates: ",
                      interactions.creates, " in ", interactions.writes, " writes");
}

}  // namespace escala::db
