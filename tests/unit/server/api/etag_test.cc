#include "server/api/etag.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/common/error_details.h"
#include "tests/testing/error_details.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::FieldViolations;
using ::escala::testing::Reason;
using ::escala::testing::StatusIs;
using ::testing::ElementsAre;

TEST(ResolveSentEtagTest, TheResourcesEtagCountsAndTheRequestLevelOneFillsIn) {
  ESCALA_ASSERT_OK_AND_ASSIGN(SentEtag on_resource, ResolveSentEtag("evaluation.etag", "4", ""));
  EXPECT_EQ(on_resource.field, "evaluation.etag");
  EXPECT_EQ(on_resource.value, "4");
  ESCALA_ASSERT_OK_AND_ASSIGN(SentEtag on_request, ResolveSentEtag("evaluation.etag", "", "4"));
  EXPECT_EQ(on_request.field, "etag");
  EXPECT_EQ(on_request.value, "4");
  ESCALA_ASSERT_OK_AND_ASSIGN(SentEtag both, ResolveSentEtag("evaluation.etag", "4", "4"));
  EXPECT_EQ(both.field, "evaluation.etag");
  ESCALA_ASSERT_OK_AND_ASSIGN(SentEtag neither, ResolveSentEtag("evaluation.etag", "", ""));
  EXPECT_EQ(neither.field, "evaluation.etag");
  EXPECT_EQ(neither.value, "");
  EXPECT_THAT(RequireEtag(neither.field, neither.value),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "evaluation.etag: is required (the etag as read)"));
}

TEST(ResolveSentEtagTest, TwoDifferentEtagsAreRefusedNamingTheRequestLevelOne) {
  const absl::StatusOr<SentEtag> both = ResolveSentEtag("scorecard.etag", "4", "3");
  EXPECT_THAT(both, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolations(both),
              ElementsAre("etag: '3' differs from scorecard.etag '4': send the etag once, as "
                          "scorecard.etag (the request-level etag is deprecated)"));
}

TEST(CheckEtagTest, AStaleEtagIsAbortedWithItsReasonAndResource) {
  EXPECT_TRUE(CheckEtag("person.etag", "", "4", "people/E1").ok());
  EXPECT_TRUE(CheckEtag("person.etag", "4", "4", "people/E1").ok());
  const absl::Status stale = CheckEtag("person.etag", "3", "4", "people/E1");
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted,
                              "person.etag: '3' is stale (current '4'); re-read and retry"));
  EXPECT_EQ(Reason(stale), "ETAG_MISMATCH");
  EXPECT_EQ(db::ErrorInfoOf(stale)->metadata().at("resource"), "people/E1");
}

}  // namespace
}  // namespace escala::server
