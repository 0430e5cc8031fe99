#include "client/qa/scorecard_file.h"

#include "client/core/document_file.h"

namespace escala::client {

absl::StatusOr<v1::Scorecard> ParseScorecardJson(const std::string& text,
                                                 const std::string& file_name) {
  v1::Scorecard scorecard;
  if (absl::Status parsed = ParseDocumentJson(text, file_name, &scorecard); !parsed.ok()) {
    return parsed;
  }
  return scorecard;
}

absl::StatusOr<v1::Scorecard> ReadScorecardFile(const std::string& path) {
  v1::Scorecard scorecard;
  if (absl::Status read = ReadDocumentFile(path, &scorecard); !read.ok()) return read;
  return scorecard;
}

}  // namespace escala::client
