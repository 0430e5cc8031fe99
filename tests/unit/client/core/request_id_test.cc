#include "client/core/request_id.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

namespace escala::client {
namespace {

TEST(RequestIdTest, IsAVersion4Uuid) {
  const std::regex uuid4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (int i = 0; i < 50; ++i) {
    const std::string id = NewRequestId();
    EXPECT_TRUE(std::regex_match(id, uuid4)) << id;
  }
}

TEST(RequestIdTest, DiffersBetweenCalls) { EXPECT_NE(NewRequestId(), NewRequestId()); }

}  // namespace
}  // namespace escala::client
