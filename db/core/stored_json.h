#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "absl/strings/string_view.h"

namespace escala::db {

// `message` as the JSON a table's content or detail column stores (proto field names, so that
// the stored text reads like the .proto). Throws soci::soci_error naming `what` ("course
// content") when it cannot be written, like a failed statement: the write it belongs to fails.
std::string StoredJson(const google::protobuf::Message& message, absl::string_view what);

}  // namespace escala::db
