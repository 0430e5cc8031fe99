#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "absl/strings/string_view.h"

namespace escala::db {

// `message` as the JSON a table's content or detail column stores (proto field names, so that
// the stored text reads like the .proto). Throws soci::soci_error naming `what` ("course
// content") when it cannot be written, like a failed statement: the write it belongs to fails.
std::string StoredJson(const google::protobuf::Message& message, absl::string_view what);

// Reads a stored JSON back into `message`, ignoring fields this build does not know (content
// written by a newer server). Throws soci::soci_error naming `what` when it is not valid JSON of
// the message, like a failed statement: the read it belongs to fails.
void ParseStoredJson(const std::string& json, google::protobuf::Message* message,
                     absl::string_view what);

}  // namespace escala::db
