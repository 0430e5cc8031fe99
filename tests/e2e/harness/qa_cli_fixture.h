#pragma once

// The fixture the QA command-line end-to-end tests share: the calibration scorecard seeded into
// the database, the real server started on it, team "t1" and people of the given roles in it,
// each with a token, and the CLI run as one of them.

#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "escala/v1/people.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/process.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"

namespace escala::testing {

// `json` (the CLI's --output json) as a `Message`; unknown fields fail the test, so a field the
// CLI prints under a wrong name is caught.
template <typename Message>
Message FromJson(const std::string& json) {
  Message message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &message, options).ok()) << json;
  return message;
}

class QaCliTest : public ServerUnderTestFixture {
 protected:
  // The calibration scorecard, written before the server starts.
  void SeedDatabase() override;
  // Call from SetUp after ServerUnderTestFixture::SetUp; check HasFatalFailure() afterwards.
  void StartQaServer(const std::map<std::string, v1::Role>& people);
  void TearDown() override;

  // Runs the CLI with `who`'s token.
  ProcessResult As(const std::string& who, const std::vector<std::string>& args);
  // The same with --output json.
  ProcessResult JsonAs(const std::string& who, std::vector<std::string> args);

  std::shared_ptr<grpc::Channel> channel_;
  std::map<std::string, std::string> tokens_;
};

}  // namespace escala::testing
