#include "server/training/completion_import_rules.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "server/api/text_rules.h"

namespace escala::server {
namespace {

// Timestamps proto3 JSON and the storage can hold: years 1–9999, nanos in range.
bool ValidTimestamp(const google::protobuf::Timestamp& t) {
  return t.seconds() >= -62135596800LL && t.seconds() <= 253402300799LL && t.nanos() >= 0 &&
         t.nanos() <= 999999999;
}

std::string Rfc3339(int64_t ms) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

}  // namespace

Violations CheckImportFields(const v1::CompletionImportRecord& record, absl::Time now) {
  Violations violations;
  violations.Add(RequireIdentifier("person_employee_id", record.person_employee_id(), 64));
  violations.Add(RequireIdentifier("course_id", record.course_id(), 64));
  if (record.course_version() < 0) {
    violations.Add("course_version",
                   absl::StrCat("must be 0 (the version current at the completion) or a version "
                                "number, got ",
                                record.course_version()));
  }
  if (!record.has_completion_time()) {
    violations.Add("completion_time", "is required");
  } else if (!ValidTimestamp(record.completion_time())) {
    violations.Add("completion_time", "must be a valid time between the years 1 and 9999");
  } else if (db::TimestampToMillis(record.completion_time()) > absl::ToUnixMillis(now)) {
    violations.Add("completion_time",
                   absl::StrCat("must not be in the future (",
                                Rfc3339(db::TimestampToMillis(record.completion_time())),
                                " is after now, ", Rfc3339(absl::ToUnixMillis(now)), ")"));
  }
  if (record.has_assessment_score_percent() &&
      (record.assessment_score_percent() < 0 || record.assessment_score_percent() > 100)) {
    violations.Add("assessment_score_percent",
                   absl::StrCat("must be a whole percent from 0 to 100, got ",
                                record.assessment_score_percent()));
  }
  return violations;
}

ResolvedImport ResolveImportRecord(const v1::CompletionImportRecord& record, bool person_exists,
                                   const std::vector<v1::Course>& versions) {
  ResolvedImport resolved;
  if (!person_exists) {
    resolved.refused.Add(
        "person_employee_id",
        absl::StrCat("no person '", record.person_employee_id(), "' in the directory"));
  }
  const int64_t completion_ms = db::TimestampToMillis(record.completion_time());
  const v1::Course* version = nullptr;
  if (versions.empty()) {
    resolved.refused.Add("course_id", absl::StrCat("no course '", record.course_id(), "'"));
  } else if (record.course_version() == 0) {
    const v1::Course* first = nullptr;
    for (const v1::Course& v : versions) {
      if (first == nullptr || v.version() < first->version()) first = &v;
      if (db::TimestampToMillis(v.create_time()) > completion_ms) continue;
      if (version == nullptr || v.version() > version->version()) version = &v;
    }
    if (version == nullptr) version = first;
  } else {
    int32_t newest = 0;
    for (const v1::Course& v : versions) {
      newest = std::max(newest, v.version());
      if (v.version() == record.course_version()) version = &v;
    }
    if (version == nullptr) {
      resolved.refused.Add("course_version",
                           absl::StrCat("course '", record.course_id(), "' has no version ",
                                        record.course_version(), " (versions 1 to ", newest, ")"));
    } else if (version->version() > 1 &&
               db::TimestampToMillis(version->create_time()) > completion_ms) {
      resolved.refused.Add(
          "course_version",
          absl::StrCat("version ", version->version(), " of course '", record.course_id(),
                       "' was written at ", Rfc3339(db::TimestampToMillis(version->create_time())),
                       ", after the completion at ", Rfc3339(completion_ms),
                       ": leave the version empty for the one current then"));
      version = nullptr;
    }
  }
  if (version != nullptr && record.has_assessment_score_percent() &&
      !version->has_pass_mark_percent()) {
    resolved.refused.Add(
        "assessment_score_percent",
        absl::StrCat("version ", version->version(), " of course '", record.course_id(),
                     "' has no assessment (no pass_mark_percent): import the "
                     "completion without a score"));
  }
  if (!resolved.refused.empty() || version == nullptr) return resolved;
  v1::TrainingCompletion& c = resolved.completion;
  c.set_person_employee_id(record.person_employee_id());
  c.set_course_id(record.course_id());
  c.set_course_version(version->version());
  // Stored to the millisecond: the import's identity compares completion times at that grain.
  *c.mutable_completion_time() = db::MillisToTimestamp(completion_ms);
  if (record.has_assessment_score_percent()) {
    c.set_assessment_score_percent(record.assessment_score_percent());
  }
  c.set_source(v1::COMPLETION_SOURCE_IMPORT);
  return resolved;
}

}  // namespace escala::server
