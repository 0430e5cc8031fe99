#include "db/core/stored_json.h"

#include <google/protobuf/util/json_util.h>
#include <soci/soci-backend.h>

#include "absl/strings/str_cat.h"

namespace escala::db {

std::string StoredJson(const google::protobuf::Message& message, absl::string_view what) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) {
    throw soci::soci_error(absl::StrCat(what, " could not be written as JSON"));
  }
  return json;
}

}  // namespace escala::db
