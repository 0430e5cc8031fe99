#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "escala/v1/evaluations.pb.h"

namespace escala::client {

// Reads an evaluation's answers from a file: the proto3 JSON of an escala.v1.Evaluation, of which
// only `answers`, `overallComment` and `coachingNotes` are kept (so the output of
// `escala --output json …` of an evaluation can be edited and sent back; its output-only fields
// are dropped here rather than refused). Unknown field names are refused, since a misspelt
// "answer" would otherwise silently send nothing. INVALID_ARGUMENT naming the file and the
// parser's reason; NOT_FOUND when the file cannot be opened.
absl::StatusOr<v1::Evaluation> ReadEvaluationAnswersFile(const std::string& path);

}  // namespace escala::client
