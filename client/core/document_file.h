#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "absl/status/status.h"

namespace escala::client {

// Reads a document (a scorecard, a promotion policy) from a file into `message`: the proto3 JSON
// of its message type (field names as in the .proto or in lowerCamelCase, so `--output json`
// output of a `show` can be edited and sent back). Enum values may be given in full
// ("SCALE_KIND_RANGE") or short ("range", "phone", "team-lead"), as on the command line.
// Output-only fields are accepted and dropped by the server. Unknown field names are refused,
// since a misspelt "criterion" would silently leave a section empty.
//
// A file named *.yaml or *.yml is read as the YAML subset of client/core/yaml_subset.h and
// converted to the same JSON first.
//
// Errors are INVALID_ARGUMENT "FILE: line N: FIELD.PATH: reason" (the line when it can be found,
// the field path when the problem is in one field); NOT_FOUND when the file cannot be opened.
absl::Status ReadDocumentFile(const std::string& path, google::protobuf::Message* message);

// The same for text already read; `file_name` only names the source in errors.
absl::Status ParseDocumentJson(const std::string& text, const std::string& file_name,
                               google::protobuf::Message* message);

}  // namespace escala::client
