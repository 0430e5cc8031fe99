#include "server/training/learning_path_handler.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "server/api/etag.h"
#include "server/api/field_mask.h"
#include "server/api/list_page.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/training/certification_status.h"
#include "server/training/certification_validation.h"
#include "server/training/learning_path_progress.h"
#include "server/training/training_reach.h"

namespace escala::server {
namespace {

constexpr int kPathReadPage = 200;

const std::set<std::string>& LearningPathUpdatableFields() {
  static const std::set<std::string>* const fields =
      new std::set<std::string>{"title", "role", "level", "items", "active"};
  return *fields;
}

void ClearOutputFields(v1::LearningPath& path) {
  path.clear_etag();
  path.clear_created_by();
  path.clear_create_time();
  path.clear_update_time();
}

// The person's progress on those of `paths` meant for them.
v1::PersonLearningProgress ProgressOfPerson(const v1::Person& person,
                                            const std::vector<v1::LearningPath>& paths,
                                            const std::vector<v1::TrainingCompletion>& completions,
                                            absl::CivilDay as_of) {
  v1::PersonLearningProgress progress;
  progress.set_employee_id(person.employee_id());
  progress.set_display_name(person.display_name());
  progress.set_team_id(person.team_id());
  progress.set_role(person.role());
  progress.set_level(person.level());
  const absl::CivilDay start = StartDateOf(person);
  progress.set_start_date(DateText(start));
  for (const v1::LearningPath& path : paths) {
    if (!PathApplies(path, person)) continue;
    *progress.add_paths() = ProgressOf(path, start, completions, as_of);
  }
  return progress;
}

}  // namespace

absl::Status LearningPathHandler::CheckCourses(const v1::LearningPath& path,
                                               const std::vector<std::string>& known) {
  for (int i = 0; i < path.items_size(); ++i) {
    const std::string& id = path.items(i).course_id();
    if (std::find(known.begin(), known.end(), id) != known.end()) continue;
    const std::string field = absl::StrCat("learning_path.items[", i, "].course_id");
    absl::StatusOr<v1::Course> course = stores_.courses.Get(id, 0);
    if (absl::IsNotFound(course.status())) {
      return FieldPreconditionFailed(field, absl::StrCat("course '", id, "' does not exist"));
    }
    if (!course.ok()) return course.status();
    if (course->state() == v1::COURSE_STATE_RETIRED) {
      return db::WithErrorInfo(
          FieldPreconditionFailed(field, absl::StrCat("course '", id, "' is retired")),
          db::kReasonCourseRetired, {{"resource", absl::StrCat("courses/", id)}});
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::LearningPath>> LearningPathHandler::ActivePaths() {
  std::vector<v1::LearningPath> paths;
  std::string after;
  while (true) {
    db::LearningPathFilter filter;
    filter.active_only = true;
    absl::StatusOr<std::vector<v1::LearningPath>> page =
        stores_.paths.List(filter, after, kPathReadPage);
    if (!page.ok()) return page.status();
    for (v1::LearningPath& p : *page) paths.push_back(std::move(p));
    if (static_cast<int>(page->size()) < kPathReadPage) break;
    after = paths.back().learning_path_id();
  }
  return paths;
}

absl::StatusOr<v1::LearningPath> LearningPathHandler::CreateLearningPath(
    const CallContext& call, const v1::CreateLearningPathRequest& request) {
  if (!request.has_learning_path()) return InvalidField("learning_path", "is required");
  v1::LearningPath path = request.learning_path();
  ClearOutputFields(path);
  if (!path.has_active()) path.set_active(true);
  if (absl::Status s = Nested("learning_path.", ValidateLearningPath(path)); !s.ok()) return s;
  if (absl::Status s = CheckCourses(path, {}); !s.ok()) return s;
  return stores_.paths.Create(path, call.Stamp(), clock_());
}

absl::StatusOr<v1::LearningPath> LearningPathHandler::GetLearningPath(
    const CallContext&, const v1::GetLearningPathRequest& request) {
  if (absl::Status s = RequireIdentifier("learning_path_id", request.learning_path_id(), 64);
      !s.ok()) {
    return s;
  }
  return stores_.paths.Get(request.learning_path_id());
}

absl::StatusOr<v1::ListLearningPathsResponse> LearningPathHandler::ListLearningPaths(
    const CallContext& call, const v1::ListLearningPathsRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "learningPaths", call.PageScope());
  if (!page.ok()) return page.status();
  Violations violations;
  if (!v1::Role_IsValid(request.role())) {
    violations.Add("role", absl::StrCat("unknown value ", request.role()));
  }
  if (request.level() < 0 || request.level() > 9) {
    violations.Add("level",
                   absl::StrCat("must be between 1 and 9 (0: any), got ", request.level()));
  }
  if (!violations.empty()) return violations.ToStatus();
  db::LearningPathFilter filter{request.role(), request.level(), request.active_only()};
  absl::StatusOr<std::vector<v1::LearningPath>> rows =
      stores_.paths.List(filter, page->after_key(), page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListLearningPathsResponse response;
  response.set_next_page_token(
      page->Finish(*rows, [](const v1::LearningPath& p) { return p.learning_path_id(); }));
  for (v1::LearningPath& p : *rows) *response.add_learning_paths() = std::move(p);
  return response;
}

absl::StatusOr<v1::LearningPath> LearningPathHandler::UpdateLearningPath(
    const CallContext& call, const v1::UpdateLearningPathRequest& request) {
  const std::string& id = request.learning_path().learning_path_id();
  if (absl::Status s = RequireIdentifier("learning_path.learning_path_id", id, 64); !s.ok()) {
    return s;
  }
  absl::StatusOr<v1::LearningPath> current = stores_.paths.Get(id);
  if (!current.ok()) return current.status();
  if (absl::Status s = CheckEtag("learning_path.etag", request.learning_path().etag(),
                                 current->etag(), "learningPaths/" + id);
      !s.ok()) {
    return s;
  }
  v1::LearningPath changed = *current;
  if (absl::Status s = ApplyFieldMask(request.update_mask(), LearningPathUpdatableFields(),
                                      request.learning_path(), &changed);
      !s.ok()) {
    return s;
  }
  if (!changed.has_active()) changed.set_active(false);
  if (absl::Status s = Nested("learning_path.", ValidateLearningPath(changed)); !s.ok()) return s;
  if (changed.SerializeAsString() == current->SerializeAsString()) return *current;
  std::vector<std::string> known;
  for (const v1::LearningPathItem& item : current->items()) known.push_back(item.course_id());
  if (absl::Status s = CheckCourses(changed, known); !s.ok()) return s;
  return stores_.paths.Update(changed, VersionFromEtag(current->etag()), call.Stamp(), clock_());
}

absl::StatusOr<v1::PersonLearningProgress> LearningPathHandler::GetLearningPathProgress(
    const CallContext& call, const v1::GetLearningPathProgressRequest& request) {
  if (absl::Status s = RequireIdentifier("employee_id", request.employee_id(), 64); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::vector<v1::Person>> people =
      PeopleInReach(call, stores_.people, stores_.teams, request.employee_id(), "");
  if (!people.ok()) return people.status();
  if (people->empty()) {
    return absl::NotFoundError(
        absl::StrCat("employee_id: person '", request.employee_id(), "' not found"));
  }
  const absl::Time as_of = AsOf(&request.as_of_time(), request.has_as_of_time(), clock_());
  absl::StatusOr<std::vector<v1::LearningPath>> paths = ActivePaths();
  if (!paths.ok()) return paths.status();
  absl::StatusOr<std::map<std::string, std::vector<v1::TrainingCompletion>>> completions =
      CompletionsByPerson(stores_.completions, *people, as_of);
  if (!completions.ok()) return completions.status();
  return ProgressOfPerson(people->front(), *paths, (*completions)[request.employee_id()],
                          DayOf(as_of));
}

absl::StatusOr<v1::ListLearningPathProgressResponse> LearningPathHandler::ListLearningPathProgress(
    const CallContext& call, const v1::ListLearningPathProgressRequest& request) {
  absl::StatusOr<ListPage> page =
      ListPage::Start(request, "learningPathProgress", call.PageScope());
  if (!page.ok()) return page.status();
  Violations violations;
  if (!request.employee_id().empty()) {
    violations.Add(RequireIdentifier("employee_id", request.employee_id(), 64));
  }
  if (!request.team_id().empty()) {
    violations.Add(RequireIdentifier("team_id", request.team_id(), 64));
  }
  if (!request.learning_path_id().empty()) {
    violations.Add(RequireIdentifier("learning_path_id", request.learning_path_id(), 64));
  }
  if (!violations.empty()) return violations.ToStatus();
  const absl::Time as_of = AsOf(&request.as_of_time(), request.has_as_of_time(), clock_());
  std::vector<v1::LearningPath> paths;
  if (!request.learning_path_id().empty()) {
    absl::StatusOr<v1::LearningPath> one = stores_.paths.Get(request.learning_path_id());
    if (absl::IsNotFound(one.status())) {
      return absl::NotFoundError(absl::StrCat("learning_path_id: learning path '",
                                              request.learning_path_id(), "' not found"));
    }
    if (!one.ok()) return one.status();
    if (one->active()) paths.push_back(*std::move(one));
  } else {
    absl::StatusOr<std::vector<v1::LearningPath>> all = ActivePaths();
    if (!all.ok()) return all.status();
    paths = *std::move(all);
  }
  absl::StatusOr<std::vector<v1::Person>> people =
      PeopleInReach(call, stores_.people, stores_.teams, request.employee_id(), request.team_id());
  if (!people.ok()) return people.status();
  // The people of this page: after the token's person, with a path, at most one more than the
  // page (PeopleInReach answers them by employee_id).
  std::vector<v1::Person> selected;
  const std::string after = page->after_key();
  for (v1::Person& person : *people) {
    if (static_cast<int>(selected.size()) >= page->fetch_limit()) break;
    if (!after.empty() && person.employee_id() <= after) continue;
    const bool has_path = std::any_of(paths.begin(), paths.end(), [&](const v1::LearningPath& p) {
      return PathApplies(p, person);
    });
    if (has_path) selected.push_back(std::move(person));
  }
  absl::StatusOr<std::map<std::string, std::vector<v1::TrainingCompletion>>> completions =
      CompletionsByPerson(stores_.completions, selected, as_of);
  if (!completions.ok()) return completions.status();
  std::vector<v1::PersonLearningProgress> rows;
  for (const v1::Person& person : selected) {
    rows.push_back(
        ProgressOfPerson(person, paths, (*completions)[person.employee_id()], DayOf(as_of)));
  }
  v1::ListLearningPathProgressResponse response;
  response.set_next_page_token(
      page->Finish(rows, [](const v1::PersonLearningProgress& p) { return p.employee_id(); }));
  for (v1::PersonLearningProgress& p : rows) *response.add_people() = std::move(p);
  return response;
}

}  // namespace escala::server
