#include "client/evaluation_answers_file.h"

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace escala::client {

absl::StatusOr<v1::Evaluation> ReadEvaluationAnswersFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::stringstream text;
  text << in.rdbuf();
  v1::Evaluation parsed;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(text.str(), &parsed, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": invalid JSON evaluation: ", status.message().ToString()));
  }
  v1::Evaluation kept;
  *kept.mutable_answers() = parsed.answers();
  kept.set_overall_comment(parsed.overall_comment());
  kept.set_coaching_notes(parsed.coaching_notes());
  return kept;
}

}  // namespace escala::client
