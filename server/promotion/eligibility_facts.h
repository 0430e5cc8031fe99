#pragma once

#include <span>
#include <string>
#include <vector>

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

// How much evaluation evidence a read gathers. Totals: the figures from the QA summaries, and
// only the evaluations with a decided dispute. Evaluations: also every submitted evaluation of
// the windows, whose ids are then listed as the evidence behind the figures.
enum class EvaluationEvidence { kTotals, kEvaluations };

// Gathers from the stored records what a policy's criteria read about people as of a time
// (PersonFacts): only what the criteria need, only what was known then, in a fixed number of
// reads per chunk of up to 500 people rather than per person; a page's chunks are read two at a
// time, each on a pooled session of its own.
//   - the level held at the as-of time and since when, from the level changes
//     (PeopleRepository::LevelChangesOf): the latest change to that level, else the hire date;
//   - evaluation totals per quality and critical-failure rule from the agents' QA summaries over
//     the rule's window (whole UTC days before WindowEndDay(as_of)), scores as stored now;
//   - evaluations with a decided dispute (and with EvaluationEvidence::kEvaluations all of them)
//     submitted in the widest evaluation window;
//   - training completions known at the as-of time (CompletionRepository::CompletionsOf);
//   - the certifications the policy names, held (certified or in the renewal window) at the
//     as-of day, walked from those completions as the certification domain does;
//   - KPIs from the agents' own daily KPI summaries over each KPI rule's window.
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

  // The facts of each of `people`, in the same order.
  absl::StatusOr<std::vector<PersonFacts>> ReadPage(const v1::PromotionPolicy& policy,
                                                    const std::vector<v1::Person>& people,
                                                    absl::Time as_of, EvaluationEvidence evidence);

  // The facts of one person, with every evaluation listed.
  absl::StatusOr<PersonFacts> Read(const v1::PromotionPolicy& policy, const v1::Person& person,
                                   absl::Time as_of);

 private:
  // The facts of `facts`' people: the reads below, one after the other.
  absl::Status ReadChunk(const v1::PromotionPolicy& policy, absl::Time as_of,
                         EvaluationEvidence evidence, std::span<PersonFacts> facts);
  absl::Status ReadLevels(const std::vector<std::string>& ids, absl::Time as_of,
                          std::span<PersonFacts> facts);
  absl::Status ReadEvaluationTotals(const v1::PromotionPolicy& policy,
                                    const std::vector<std::string>& ids, absl::Time as_of,
                                    std::span<PersonFacts> facts);
  absl::Status ReadEvaluations(const v1::PromotionPolicy& policy,
                               const std::vector<std::string>& ids, absl::Time as_of,
                               EvaluationEvidence evidence, std::span<PersonFacts> facts);
  absl::Status ReadTraining(const v1::PromotionPolicy& policy, const std::vector<std::string>& ids,
                            absl::Time as_of, std::span<PersonFacts> facts);
  absl::Status ReadKpis(const v1::PromotionPolicy& policy, const std::vector<std::string>& ids,
                        absl::Time as_of, std::span<PersonFacts> facts);

  db::PeopleRepository& people_;
  db::EvaluationRepository& evaluations_;
  db::CompletionRepository& completions_;
  db::CertificationRepository& certifications_;
  db::ReportRepository& reports_;
};

}  // namespace escala::server
