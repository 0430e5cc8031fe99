#pragma once

// A CompletionRepository over a vector, for the certification and learning path handler tests:
// the read contract of db/training/completion_repository.h (known at as_of = completion_time and
// create_time both at or before it; oldest completion first).

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "db/training/completion_repository.h"

namespace escala::testing {

class InMemoryCompletions : public db::CompletionRepository {
 public:
  // A completion of `course_id` by `employee_id` at noon UTC of `day`, recorded then.
  v1::TrainingCompletion& Add(const std::string& employee_id, const std::string& course_id,
                              absl::CivilDay day, int version = 1) {
    v1::TrainingCompletion& c = rows_.emplace_back();
    c.set_id(static_cast<int64_t>(rows_.size()));
    c.set_person_employee_id(employee_id);
    c.set_course_id(course_id);
    c.set_course_version(version);
    c.set_source(v1::COMPLETION_SOURCE_IMPORT);
    const absl::Time at = absl::FromCivil(day, absl::UTCTimeZone()) + absl::Hours(12);
    *c.mutable_completion_time() = db::MillisToTimestamp(absl::ToUnixMillis(at));
    *c.mutable_create_time() = c.completion_time();
    return c;
  }

  absl::StatusOr<std::vector<v1::TrainingCompletion>> ListCompletions(
      const db::CompletionFilter& filter, const v1::TrainingCompletion*, int limit) override {
    std::vector<v1::TrainingCompletion> out;
    for (auto it = rows_.rbegin(); it != rows_.rend(); ++it) {
      if (!filter.employee_id.empty() && it->person_employee_id() != filter.employee_id) continue;
      if (!filter.course_id.empty() && it->course_id() != filter.course_id) continue;
      if (static_cast<int>(out.size()) >= limit) break;
      out.push_back(*it);
    }
    return out;
  }

  absl::StatusOr<std::vector<v1::TrainingCompletion>> CompletionsOf(
      const std::vector<std::string>& employee_ids, absl::Time as_of) override {
    std::vector<v1::TrainingCompletion> out;
    const int64_t limit = absl::ToUnixMillis(as_of);
    for (const v1::TrainingCompletion& c : rows_) {
      if (std::find(employee_ids.begin(), employee_ids.end(), c.person_employee_id()) ==
          employee_ids.end()) {
        continue;
      }
      if (db::TimestampToMillis(c.completion_time()) > limit ||
          db::TimestampToMillis(c.create_time()) > limit) {
        continue;
      }
      out.push_back(c);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return db::TimestampToMillis(a.completion_time()) <
             db::TimestampToMillis(b.completion_time());
    });
    return out;
  }

  absl::StatusOr<std::vector<v1::TrainingCompletion>> CompletionsOfCourse(
      const std::string& course_id, absl::Time as_of) override {
    std::vector<v1::TrainingCompletion> out;
    for (const v1::TrainingCompletion& c : rows_) {
      if (c.course_id() == course_id &&
          db::TimestampToMillis(c.create_time()) <= absl::ToUnixMillis(as_of)) {
        out.push_back(c);
      }
    }
    return out;
  }

  absl::StatusOr<std::optional<v1::TrainingCompletion>> FindCompletion(
      const std::string& employee_id, const std::string& course_id, int32_t course_version,
      absl::Time completion_time) override {
    for (const v1::TrainingCompletion& c : rows_) {
      if (c.person_employee_id() == employee_id && c.course_id() == course_id &&
          c.course_version() == course_version &&
          db::TimestampToMillis(c.completion_time()) == absl::ToUnixMillis(completion_time)) {
        return std::optional<v1::TrainingCompletion>(c);
      }
    }
    return std::optional<v1::TrainingCompletion>();
  }

  // Not used by the handlers these tests drive.
  absl::StatusOr<std::vector<db::ImportedCompletion>> ImportCompletions(
      const std::vector<v1::TrainingCompletion>&, const db::AuditStamp&, absl::Time) override {
    return absl::UnimplementedError("InMemoryCompletions does not import");
  }

 private:
  std::vector<v1::TrainingCompletion> rows_;
};

}  // namespace escala::testing
