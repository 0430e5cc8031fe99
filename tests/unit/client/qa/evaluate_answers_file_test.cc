// The answers file of `escala evaluate --answers` (and of every command that takes one).

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "client/qa/evaluation_answers_file.h"

namespace escala::client {
namespace {

using ::testing::HasSubstr;

class AnswersFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/escala-answers-XXXXXX";
    const int fd = ::mkstemp(name);
    ASSERT_GE(fd, 0);
    ::close(fd);
    path_ = name;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  void Write(const std::string& text) { std::ofstream(path_) << text; }

  std::string path_;
};

TEST_F(AnswersFileTest, KeepsAnswersAndCommentsOnly) {
  Write(R"({"id": "9", "interactionId": "42", "score": 71.5, "state": "EVALUATION_STATE_SUBMITTED",
            "answers": [{"criterionKey": "greet", "value": 1, "comment": "fine"},
                        {"criterionKey": "upsell", "notApplicable": true}],
            "overallComment": "good", "coachingNotes": "pace"})");
  absl::StatusOr<v1::Evaluation> read = ReadEvaluationAnswersFile(path_);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->answers_size(), 2);
  EXPECT_EQ(read->answers(0).value(), 1);
  EXPECT_EQ(read->answers(0).comment(), "fine");
  EXPECT_TRUE(read->answers(1).not_applicable());
  EXPECT_FALSE(read->answers(1).has_value());
  EXPECT_EQ(read->overall_comment(), "good");
  EXPECT_EQ(read->coaching_notes(), "pace");
  EXPECT_EQ(read->id(), 0);
  EXPECT_EQ(read->interaction_id(), 0);
  EXPECT_FALSE(read->has_score());
  EXPECT_EQ(read->state(), v1::EVALUATION_STATE_UNSPECIFIED);
}

TEST_F(AnswersFileTest, RefusesAMisspeltField) {
  Write(R"({"answer": [{"criterionKey": "greet", "value": 1}]})");
  absl::StatusOr<v1::Evaluation> read = ReadEvaluationAnswersFile(path_);
  ASSERT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(read.status().message()), HasSubstr(path_ + ": invalid JSON evaluation"));
}

TEST_F(AnswersFileTest, MissingFileIsNotFound) {
  absl::StatusOr<v1::Evaluation> read = ReadEvaluationAnswersFile(path_ + ".missing");
  ASSERT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(read.status().message()), HasSubstr("cannot open"));
}

}  // namespace
}  // namespace escala::client
