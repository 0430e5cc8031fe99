#pragma once

// The CLI's --output json parsed back into the message it prints, for the end-to-end tests that
// read what a command returned.

#include <google/protobuf/util/json_util.h>

#include <string>

#include "gtest/gtest.h"

namespace escala::testing {

// `json` as a `Message`; a parse failure fails the test. Unknown fields are ignored: these tests
// read the fields they check, not the whole output (QaCliTest's FromJson is the strict one).
template <typename Message>
Message FromCliJson(const std::string& json) {
  Message message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &message, options).ok()) << json;
  return message;
}

}  // namespace escala::testing
