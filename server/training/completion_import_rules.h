#pragma once

// The rules of one record of CompletionService.ImportCompletions, free of storage so that each
// is tested on its own: its own fields (CheckImportFields) and what it refers to
// (ResolveImportRecord, given what the directory and the catalogue hold).

#include <vector>

#include "absl/time/time.h"
#include "escala/v1/completions.pb.h"
#include "escala/v1/courses.pb.h"
#include "server/api/violations.h"

namespace escala::server {

// The field rules of `record` at `now`, with paths relative to the record: both ids present and
// well formed, course_version ≥ 0, completion_time present, valid and not after `now`, a score
// from 0 to 100.
Violations CheckImportFields(const v1::CompletionImportRecord& record, absl::Time now);

// A record checked against the directory and the catalogue.
struct ResolvedImport {
  // The rules of the references it breaks, with paths relative to the record.
  Violations refused;
  // The completion to store when nothing was refused: the version resolved, source IMPORT.
  v1::TrainingCompletion completion;
};

// Checks a record whose fields are valid against what is stored: `person_exists`, and
// `versions`, every version of its course (any order; empty when the course does not exist).
// Version 0 resolves to the newest version written at or before completion_time, or to version 1
// when the completion is older than every version (the course before it was catalogued). A
// version other than 1 written after completion_time is refused: that content did not exist
// yet. A score needs a version with an assessment (pass_mark_percent).
ResolvedImport ResolveImportRecord(const v1::CompletionImportRecord& record, bool person_exists,
                                   const std::vector<v1::Course>& versions);

}  // namespace escala::server
