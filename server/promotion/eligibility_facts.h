#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/directory/people_repository.h"
#include "db/kpi/report_repository.h"
#include "db/qa/evaluation_repository.h"
#include "db/training/certification_repository.h"
#include "db/training/completion_repository.h"
#include "escala/v1/people.pb.h"
#include "escala/v1/promotion_policies.pb.h"
#include "server/promotion/eligibility.h"

namespace escala::server {

// Gathers from the stored records what a policy's criteria read about one person as of a time
// (PersonFacts): only what the criteria need, only what was known then.
//   - evaluations of the person's interactions submitted in the widest window of the policy's
//     quality, critical-failure and dispute rules, with their scores as stored now;
//   - training completions known at the as-of time (CompletionRepository::CompletionsOf);
//   - the certifications the policy names, held (certified or in the renewal window) at the
//     as-of day, walked from those completions as the certification domain does;
//   - KPIs from the person's own daily KPI summaries, whole UTC days before the as-of day;
//   - the level held at the as-of time and since when, from the level changes
//     (PeopleRepository::LevelChanges): the latest change to that level, else the hire date.
class EligibilityFactsReader {
 public:
  EligibilityFactsReader(db::PeopleRepository& people, db::EvaluationRepository& evaluations,
                         db::CompletionRepository& completions,
                         db::CertificationRepository& certifications, db::ReportRepository& reports)
      : people_(people),
        evaluations_(evaluations),
        completions_(completions),
        certifications_(certifications),
        reports_(reports) {}

  absl::StatusOr<PersonFacts> Read(const v1::PromotionPolicy& policy, const v1::Person& person,
                                   absl::Time as_of);

 private:
  absl::Status ReadLevel(const v1::Person& person, absl::Time as_of, PersonFacts& facts);
  // A KPI of the person's own contacts over the whole UTC days [day of start, day of end).
  absl::StatusOr<KpiFigure> ReadKpi(v1::KpiMetric metric, const std::string& employee_id,
                                    absl::Time start, absl::Time end);
  absl::Status ReadEvaluations(const v1::PromotionPolicy& policy, const v1::Person& person,
                               absl::Time as_of, PersonFacts& facts);
  absl::Status ReadCertifications(const v1::PromotionPolicy& policy, const v1::Person& person,
                                  const std::vector<v1::TrainingCompletion>& completions,
                                  absl::Time as_of, PersonFacts& facts);

  db::PeopleRepository& people_;
  db::EvaluationRepository& evaluations_;
  db::CompletionRepository& completions_;
  db::CertificationRepository& certifications_;
  db::ReportRepository& reports_;
};

}  // namespace escala::server
