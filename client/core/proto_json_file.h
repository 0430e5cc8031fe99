#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace escala::client {

// Parses the file at `path` as the proto3 JSON mapping of `message` (its previous content is
// replaced). Unknown field names are refused, since a misspelt field would otherwise silently
// send nothing. NOT_FOUND "cannot open PATH" when the file cannot be opened; INVALID_ARGUMENT
// "PATH: invalid JSON <what>: <parser's reason>" otherwise.
absl::Status ReadProtoJsonFile(const std::string& path, absl::string_view what,
                               google::protobuf::Message* message);

}  // namespace escala::client
