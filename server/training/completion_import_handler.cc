#include "server/training/completion_import_handler.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/training/completion_import_rules.h"

namespace escala::server {
namespace {

constexpr int kMaxRecords = 1000;
// Versions read per course: far more than a course is ever given.
constexpr int kMaxVersions = 100000;

std::string PathOf(int index) { return absl::StrCat("completions[", index, "]."); }

// Every violation of `status` (a Violations status) appended to `out` as a FieldViolation.
void AppendViolations(const absl::Status& status, v1::ImportCompletionResult* out) {
  const google::rpc::BadRequest bad = db::BadRequestOf(status);
  for (const auto& violation : bad.field_violations()) *out->add_violations() = violation;
}

}  // namespace

absl::StatusOr<v1::ImportCompletionsResponse> CompletionImportHandler::ImportCompletions(
    const CallContext& call, const v1::ImportCompletionsRequest& request) {
  Violations violations;
  if (request.completions_size() == 0) {
    violations.Add("completions", "must contain at least one record");
  } else if (request.completions_size() > kMaxRecords) {
    violations.Add("completions", absl::StrCat("at most ", kMaxRecords, " per request, got ",
                                               request.completions_size()));
  }
  if (!v1::ImportMode_IsValid(request.mode())) {
    violations.Add("mode", absl::StrCat("unknown value ", request.mode()));
  }
  violations.Add(CheckRequestId("request_id", request.request_id()));
  if (request.mode() != v1::IMPORT_MODE_KEEP_VALID) {
    // All or nothing: malformed records are refused before anything is looked up.
    const absl::Time now = clock_();
    for (int i = 0; i < request.completions_size(); ++i) {
      violations.AddNested(PathOf(i), CheckImportFields(request.completions(i), now).ToStatus());
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::ImportCompletionsResponse>(
      requests_, call.caller.principal, call.method, key,
      [&] { return Apply(call, request, key, /*write=*/true); },
      [&](const db::LoggedRequest&) { return Apply(call, request, key, /*write=*/false); });
}

absl::StatusOr<v1::ImportCompletionsResponse> CompletionImportHandler::Apply(
    const CallContext& call, const v1::ImportCompletionsRequest& request,
    const db::CreateRequest& key, bool write) {
  const absl::Time now = clock_();
  // What the directory and the catalogue hold, read once per person and course.
  std::map<std::string, bool> people;
  std::map<std::string, std::vector<v1::Course>> courses;
  const int n = request.completions_size();
  std::vector<Violations> malformed(n), refused(n);
  std::vector<v1::TrainingCompletion> resolved(n);
  for (int i = 0; i < n; ++i) {
    const v1::CompletionImportRecord& record = request.completions(i);
    malformed[i] = CheckImportFields(record, now);
    if (!malformed[i].empty()) continue;
    auto person = people.find(record.person_employee_id());
    if (person == people.end()) {
      absl::StatusOr<v1::Person> found = people_.Get(record.person_employee_id());
      if (!found.ok() && !absl::IsNotFound(found.status())) return found.status();
      person = people.emplace(record.person_employee_id(), found.ok()).first;
    }
    auto course = courses.find(record.course_id());
    if (course == courses.end()) {
      absl::StatusOr<std::vector<v1::Course>> versions =
          courses_.ListVersions(record.course_id(), 0, kMaxVersions);
      if (absl::IsNotFound(versions.status())) versions = std::vector<v1::Course>();
      if (!versions.ok()) return versions.status();
      course = courses.emplace(record.course_id(), std::move(*versions)).first;
    }
    ResolvedImport checked = ResolveImportRecord(record, person->second, course->second);
    refused[i] = std::move(checked.refused);
    resolved[i] = std::move(checked.completion);
  }

  if (request.mode() != v1::IMPORT_MODE_KEEP_VALID) {
    // All or nothing: every violation of every record in one error, and nothing written.
    Violations all;
    bool any_malformed = false;
    for (int i = 0; i < n; ++i) {
      any_malformed = any_malformed || !malformed[i].empty();
      all.AddNested(PathOf(i), malformed[i].ToStatus());
      all.AddNested(PathOf(i), refused[i].ToStatus());
    }
    if (!all.empty()) {
      absl::Status status = all.ToStatus();
      if (any_malformed) return status;
      return db::WithBadRequest(absl::FailedPreconditionError(status.message()),
                                db::BadRequestOf(status));
    }
  }

  std::vector<v1::TrainingCompletion> valid;
  for (int i = 0; i < n; ++i) {
    if (malformed[i].empty() && refused[i].empty()) valid.push_back(resolved[i]);
  }
  std::vector<db::ImportedCompletion> outcomes;
  if (write && !valid.empty()) {
    absl::StatusOr<std::vector<db::ImportedCompletion>> written =
        completions_.ImportCompletions(valid, call.Stamp(key), now);
    if (!written.ok()) return written.status();
    outcomes = std::move(*written);
  } else if (!write) {
    // A replay: each valid record's completion as stored by the original (or before it).
    for (const v1::TrainingCompletion& c : valid) {
      absl::StatusOr<std::optional<v1::TrainingCompletion>> found = completions_.FindCompletion(
          c.person_employee_id(), c.course_id(), c.course_version(),
          absl::FromUnixMillis(db::TimestampToMillis(c.completion_time())));
      if (!found.ok()) return found.status();
      db::ImportedCompletion& outcome = outcomes.emplace_back();
      outcome.already_present = true;
      if (found->has_value()) outcome.completion = std::move(**found);
    }
  }

  v1::ImportCompletionsResponse response;
  std::size_t next = 0;
  for (int i = 0; i < n; ++i) {
    v1::ImportCompletionResult* result = response.add_results();
    result->set_index(i);
    if (!malformed[i].empty() || !refused[i].empty()) {
      AppendViolations(malformed[i].ToStatus(), result);
      AppendViolations(refused[i].ToStatus(), result);
      response.set_rejected_count(response.rejected_count() + 1);
      continue;
    }
    db::ImportedCompletion& outcome = outcomes[next++];
    *result->mutable_completion() = std::move(outcome.completion);
    result->set_already_present(outcome.already_present);
    if (outcome.already_present) {
      response.set_already_present_count(response.already_present_count() + 1);
    } else {
      response.set_imported_count(response.imported_count() + 1);
    }
  }
  return response;
}

}  // namespace escala::server
