#include "client/core/proto_json_file.h"

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace escala::client {

absl::Status ReadProtoJsonFile(const std::string& path, absl::string_view what,
                               google::protobuf::Message* message) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::stringstream text;
  text << in.rdbuf();
  message->Clear();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(text.str(), message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": invalid JSON ", what, ": ", status.message().ToString()));
  }
  return absl::OkStatus();
}

}  // namespace escala::client
