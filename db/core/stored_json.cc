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

void ParseStoredJson(const std::string& json, google::protobuf::Message* message,
                     absl::string_view what) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(json, message, options).ok()) {
    throw soci::soci_error(absl::StrCat(what, ": stored content is not valid JSON"));
  }
}

}  // namespace escala::db
