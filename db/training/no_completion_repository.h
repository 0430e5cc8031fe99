#pragma once

#include <string>
#include <vector>

#include "db/training/completion_repository.h"

namespace escala::db {

// A CompletionRepository with no records, until the completion table is stored.
class NoCompletionRepository : public CompletionRepository {
 public:
  absl::StatusOr<std::vector<v1::TrainingCompletion>> ListCompletions(const CompletionFilter&,
                                                                      const v1::TrainingCompletion*,
                                                                      int) override {
    return std::vector<v1::TrainingCompletion>();
  }
  absl::StatusOr<std::vector<v1::TrainingCompletion>> CompletionsOf(const std::vector<std::string>&,
                                                                    absl::Time) override {
    return std::vector<v1::TrainingCompletion>();
  }
  absl::StatusOr<std::vector<v1::TrainingCompletion>> CompletionsOfCourse(const std::string&,
                                                                          absl::Time) override {
    return std::vector<v1::TrainingCompletion>();
  }
};

}  // namespace escala::db
