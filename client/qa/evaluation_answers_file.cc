#include "client/qa/evaluation_answers_file.h"

#include "client/core/proto_json_file.h"

namespace escala::client {

absl::StatusOr<v1::Evaluation> ReadEvaluationAnswersFile(const std::string& path) {
  v1::Evaluation parsed;
  if (absl::Status status = ReadProtoJsonFile(path, "evaluation", &parsed); !status.ok()) {
    return status;
  }
  v1::Evaluation kept;
  *kept.mutable_answers() = parsed.answers();
  kept.set_overall_comment(parsed.overall_comment());
  kept.set_coaching_notes(parsed.coaching_notes());
  return kept;
}

}  // namespace escala::client
