#include "tests/testing/fakes/fake_completion_repository.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"

namespace escala::testing {
namespace {

int64_t CompletionMs(const v1::TrainingCompletion& c) {
  return db::TimestampToMillis(c.completion_time());
}

bool KnownAt(const v1::TrainingCompletion& c, absl::Time as_of) {
  const int64_t as_of_ms = absl::ToUnixMillis(as_of);
  return CompletionMs(c) <= as_of_ms && db::TimestampToMillis(c.create_time()) <= as_of_ms;
}

bool OldestFirst(const v1::TrainingCompletion& a, const v1::TrainingCompletion& b) {
  return CompletionMs(a) != CompletionMs(b) ? CompletionMs(a) < CompletionMs(b) : a.id() < b.id();
}

}  // namespace

absl::StatusOr<std::vector<v1::TrainingCompletion>> FakeCompletionRepository::ListCompletions(
    const db::CompletionFilter& filter, const v1::TrainingCompletion* after, int limit) {
  std::vector<v1::TrainingCompletion> selected;
  {
    absl::MutexLock lock(&mutex_);
    for (const v1::TrainingCompletion& c : completions_) {
      if (!filter.employee_id.empty() && c.person_employee_id() != filter.employee_id) continue;
      if (!filter.course_id.empty() && c.course_id() != filter.course_id) continue;
      if (after != nullptr &&
          !(CompletionMs(c) < CompletionMs(*after) ||
            (CompletionMs(c) == CompletionMs(*after) && c.id() < after->id()))) {
        continue;
      }
      selected.push_back(c);
    }
  }
  if (!filter.team_id.empty()) {
    // The person's team now, as the SOCI repository reads it from the directory.
    std::vector<v1::TrainingCompletion> in_team;
    for (v1::TrainingCompletion& c : selected) {
      if (people_ == nullptr) break;
      absl::StatusOr<v1::Person> person = people_->Get(c.person_employee_id());
      if (person.ok() && person->team_id() == filter.team_id) in_team.push_back(std::move(c));
    }
    selected = std::move(in_team);
  }
  std::sort(selected.begin(), selected.end(),
            [](const v1::TrainingCompletion& a, const v1::TrainingCompletion& b) {
              return OldestFirst(b, a);
            });
  if (static_cast<int>(selected.size()) > limit) selected.resize(limit);
  return selected;
}

absl::StatusOr<std::vector<v1::TrainingCompletion>> FakeCompletionRepository::CompletionsOf(
    const std::vector<std::string>& employee_ids, absl::Time as_of) {
  const std::set<std::string> people(employee_ids.begin(), employee_ids.end());
  absl::MutexLock lock(&mutex_);
  std::vector<v1::TrainingCompletion> selected;
  for (const v1::TrainingCompletion& c : completions_) {
    if (people.contains(c.person_employee_id()) && KnownAt(c, as_of)) selected.push_back(c);
  }
  std::sort(selected.begin(), selected.end(), OldestFirst);
  return selected;
}

absl::StatusOr<std::vector<v1::TrainingCompletion>> FakeCompletionRepository::CompletionsOfCourse(
    const std::string& course_id, absl::Time as_of) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::TrainingCompletion> selected;
  for (const v1::TrainingCompletion& c : completions_) {
    if (c.course_id() == course_id && KnownAt(c, as_of)) selected.push_back(c);
  }
  std::sort(selected.begin(), selected.end(), OldestFirst);
  return selected;
}

absl::StatusOr<std::vector<v1::TrainingCompletion>> FakeCompletionRepository::AddAll(
    const std::vector<v1::TrainingCompletion>& completions, const db::AuditStamp& stamp,
    absl::Time now) {
  absl::MutexLock lock(&mutex_);
  if (!fail_.ok()) return fail_;
  for (const v1::TrainingCompletion& c : completions) {
    if (c.enrolment_id() == 0) continue;
    for (const v1::TrainingCompletion& stored : completions_) {
      if (stored.enrolment_id() == c.enrolment_id()) {
        return absl::AlreadyExistsError(
            absl::StrCat("enrolment ", c.enrolment_id(), " has a completion already"));
      }
    }
  }
  std::vector<v1::TrainingCompletion> added;
  for (const v1::TrainingCompletion& c : completions) added.push_back(StoreLocked(c, stamp, now));
  return added;
}

v1::TrainingCompletion FakeCompletionRepository::StoreLocked(const v1::TrainingCompletion& c,
                                                             const db::AuditStamp& stamp,
                                                             absl::Time now) {
  v1::TrainingCompletion& stored = completions_.emplace_back(c);
  stored.set_id(static_cast<int64_t>(completions_.size()));
  stored.set_created_by(stamp.principal);
  *stored.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
  if (audit_ != nullptr) {
    db::ChangedFields changed = db::DiffForAudit(nullptr, stored);
    audit_->Append(stamp,
                   {"training_completion", absl::StrCat("trainingCompletions/", stored.id()),
                    std::move(changed.before_json), std::move(changed.after_json)},
                   now);
  }
  return stored;
}

const v1::TrainingCompletion* FakeCompletionRepository::FindLocked(const std::string& employee_id,
                                                                   const std::string& course_id,
                                                                   int32_t course_version,
                                                                   int64_t completion_ms) const {
  for (const v1::TrainingCompletion& c : completions_) {
    if (c.person_employee_id() == employee_id && c.course_id() == course_id &&
        c.course_version() == course_version && CompletionMs(c) == completion_ms) {
      return &c;
    }
  }
  return nullptr;
}

absl::StatusOr<std::optional<v1::TrainingCompletion>> FakeCompletionRepository::FindCompletion(
    const std::string& employee_id, const std::string& course_id, int32_t course_version,
    absl::Time completion_time) {
  absl::MutexLock lock(&mutex_);
  const v1::TrainingCompletion* found =
      FindLocked(employee_id, course_id, course_version, absl::ToUnixMillis(completion_time));
  if (found == nullptr) return std::optional<v1::TrainingCompletion>();
  return std::optional<v1::TrainingCompletion>(*found);
}

absl::StatusOr<std::vector<db::ImportedCompletion>> FakeCompletionRepository::ImportCompletions(
    const std::vector<v1::TrainingCompletion>& completions, const db::AuditStamp& stamp,
    absl::Time now) {
  absl::MutexLock lock(&mutex_);
  if (!fail_.ok()) return fail_;
  std::vector<db::ImportedCompletion> results;
  for (const v1::TrainingCompletion& c : completions) {
    db::ImportedCompletion& result = results.emplace_back();
    if (const v1::TrainingCompletion* found = FindLocked(c.person_employee_id(), c.course_id(),
                                                         c.course_version(), CompletionMs(c))) {
      result.completion = *found;
      result.already_present = true;
      continue;
    }
    v1::TrainingCompletion imported = c;
    imported.set_source(v1::COMPLETION_SOURCE_IMPORT);
    imported.set_training_session_id(0);
    imported.set_enrolment_id(0);
    result.completion = StoreLocked(imported, stamp, now);
  }
  return results;
}

}  // namespace escala::testing
