#include "server/training/learning_path_progress.h"

#include <map>
#include <string>

#include "server/training/certification_status.h"

namespace escala::server {

absl::CivilDay StartDateOf(const v1::Person& person) {
  absl::CivilDay hired;
  if (!person.hire_date().empty() && absl::ParseCivilTime(person.hire_date(), &hired)) {
    return hired;
  }
  return DayOf(absl::FromUnixSeconds(person.create_time().seconds()));
}

bool PathApplies(const v1::LearningPath& path, const v1::Person& person) {
  return path.role() == person.role() && (path.level() == 0 || path.level() == person.level());
}

v1::LearningPathProgress ProgressOf(const v1::LearningPath& path, absl::CivilDay start,
                                    const std::vector<v1::TrainingCompletion>& completions,
                                    absl::CivilDay as_of) {
  // The newest completion of each course: what the person took last, with its version.
  std::map<std::string, const v1::TrainingCompletion*> newest;
  for (const v1::TrainingCompletion& completion : completions) {
    const v1::TrainingCompletion*& slot = newest[completion.course_id()];
    if (slot == nullptr || CompletionDay(*slot) < CompletionDay(completion) ||
        (CompletionDay(*slot) == CompletionDay(completion) && slot->id() < completion.id())) {
      slot = &completion;
    }
  }
  v1::LearningPathProgress progress;
  progress.set_learning_path_id(path.learning_path_id());
  progress.set_title(path.title());
  for (const v1::LearningPathItem& item : path.items()) {
    v1::LearningPathItemProgress* out = progress.add_items();
    out->set_course_id(item.course_id());
    out->set_required(item.required());
    auto found = newest.find(item.course_id());
    const bool completed = found != newest.end();
    out->set_completed(completed);
    if (completed) *out->mutable_completion() = *found->second;
    if (item.due_within_days() > 0) {
      const absl::CivilDay due = start + item.due_within_days();
      out->set_due_date(DateText(due));
      out->set_overdue(!completed && as_of > due);
    }
    if (out->overdue()) progress.set_overdue_count(progress.overdue_count() + 1);
    if (item.required()) {
      progress.set_required_total(progress.required_total() + 1);
      if (completed) progress.set_required_completed(progress.required_completed() + 1);
    }
  }
  progress.set_percent_done(progress.required_total() == 0 ? 100.0
                                                           : 100.0 * progress.required_completed() /
                                                                 progress.required_total());
  return progress;
}

}  // namespace escala::server
