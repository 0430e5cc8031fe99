#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "escala/v1/scorecards.pb.h"

namespace escala::client {

// Reads a scorecard from a file: the proto3 JSON of an escala.v1.Scorecard (field names as in the
// .proto or in lowerCamelCase, so `escala --output json scorecards show` output can be edited and
// sent back). Enum values may be given in full ("SCALE_KIND_RANGE") or short ("range", "phone",
// "team-lead"), as on the command line. Output-only fields are accepted and dropped by the
// server. Unknown field names are refused, since a misspelt "criterion" would silently leave a
// section empty.
//
// A file named *.yaml or *.yml is read as the YAML subset of client/core/yaml_subset.h and
// converted to the same JSON first.
//
// Errors are INVALID_ARGUMENT "FILE: line N: FIELD.PATH: reason" (the line when it can be found,
// the field path when the problem is in one field); NOT_FOUND when the file cannot be opened.
absl::StatusOr<v1::Scorecard> ReadScorecardFile(const std::string& path);

// The same for text already read; `file_name` only names the source in errors.
absl::StatusOr<v1::Scorecard> ParseScorecardJson(const std::string& text,
                                                 const std::string& file_name);

}  // namespace escala::client
