#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "escala/v1/scorecards.pb.h"

namespace escala::client {

// Reads a scorecard from a file: the proto3 JSON of an escala.v1.Scorecard, or the YAML subset
// for *.yaml / *.yml, with the conventions and errors of ReadDocumentFile
// (client/core/document_file.h).
absl::StatusOr<v1::Scorecard> ReadScorecardFile(const std::string& path);

// The same for text already read; `file_name` only names the source in errors.
absl::StatusOr<v1::Scorecard> ParseScorecardJson(const std::string& text,
                                                 const std::string& file_name);

}  // namespace escala::client
