#include "server/kpi/training_coverage.h"

#include <algorithm>

#include "server/training/certification_status.h"
#include "server/training/learning_path_progress.h"

namespace escala::server {
namespace {

bool IsActive(const v1::LearningPath& path) { return !path.has_active() || path.active(); }
bool IsActive(const v1::Certification& certification) {
  return !certification.has_active() || certification.active();
}

bool RequiresACourse(const v1::LearningPath& path) {
  return std::any_of(path.items().begin(), path.items().end(),
                     [](const v1::LearningPathItem& item) { return item.required(); });
}

bool HoldsValid(const v1::Certification& certification, const v1::Person& person,
                const std::vector<v1::TrainingCompletion>& completions, absl::CivilDay as_of) {
  absl::StatusOr<CertificationWalk> walk = WalkCompletions(certification, completions);
  // A definition whose policy does not validate certifies nobody.
  if (!walk.ok()) return false;
  const v1::CertificationState state = StatusOf(certification, person, *walk, as_of).state();
  return state == v1::CERTIFICATION_STATE_CERTIFIED ||
         state == v1::CERTIFICATION_STATE_RENEWAL_OPEN;
}

}  // namespace

v1::TrainingCoverage ComputeTrainingCoverage(
    const std::vector<v1::Person>& people, const std::vector<v1::LearningPath>& paths,
    const std::vector<v1::Certification>& certifications,
    const std::map<std::string, std::vector<v1::TrainingCompletion>>& completions,
    absl::CivilDay as_of, int64_t low_sample_threshold) {
  static const std::vector<v1::TrainingCompletion> kNone;
  v1::TrainingCoverage coverage;
  coverage.set_people(static_cast<int64_t>(people.size()));
  // certification_id → its entry, in id order.
  std::map<std::string, v1::CertificationCoverage> by_certification;
  for (const v1::Person& person : people) {
    auto found = completions.find(person.employee_id());
    const std::vector<v1::TrainingCompletion>& own =
        found == completions.end() ? kNone : found->second;
    bool has_path = false, complete = true;
    for (const v1::LearningPath& path : paths) {
      if (!IsActive(path) || !RequiresACourse(path) || !PathApplies(path, person)) continue;
      has_path = true;
      const v1::LearningPathProgress progress = ProgressOf(path, StartDateOf(person), own, as_of);
      complete = complete && progress.required_completed() >= progress.required_total();
    }
    if (has_path) {
      coverage.set_path_people(coverage.path_people() + 1);
      if (complete) {
        coverage.set_path_complete(coverage.path_complete() + 1);
      } else {
        coverage.add_path_missing_employee_ids(person.employee_id());
      }
    }
    for (const v1::Certification& certification : certifications) {
      if (!IsActive(certification) || !Requires(certification, person)) continue;
      v1::CertificationCoverage& entry = by_certification[certification.certification_id()];
      entry.set_certification_id(certification.certification_id());
      entry.set_title(certification.title());
      entry.set_required(entry.required() + 1);
      if (HoldsValid(certification, person, own, as_of)) {
        entry.set_valid(entry.valid() + 1);
      } else {
        entry.add_missing_employee_ids(person.employee_id());
      }
    }
  }
  if (coverage.path_people() > 0) {
    coverage.set_path_completion_rate(100.0 * static_cast<double>(coverage.path_complete()) /
                                      static_cast<double>(coverage.path_people()));
  }
  coverage.set_low_sample(coverage.path_people() < low_sample_threshold);
  std::sort(coverage.mutable_path_missing_employee_ids()->begin(),
            coverage.mutable_path_missing_employee_ids()->end());
  for (auto& [id, entry] : by_certification) {
    entry.set_coverage_rate(100.0 * static_cast<double>(entry.valid()) /
                            static_cast<double>(entry.required()));
    std::sort(entry.mutable_missing_employee_ids()->begin(),
              entry.mutable_missing_employee_ids()->end());
    *coverage.add_certifications() = std::move(entry);
  }
  return coverage;
}

}  // namespace escala::server
