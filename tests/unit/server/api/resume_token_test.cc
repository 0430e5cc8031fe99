// Resume tokens: round trip, malformed tokens and the three ways a token expires.
#include "server/api/resume_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "db/common/error_details.h"
#include "escala/v1/events.pb.h"
#include "tests/testing/error_details.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::IsOk;
using ::escala::testing::Reason;
using ::escala::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

db::FeedPosition FeedAt(int64_t epoch, int64_t oldest, int64_t head) {
  return db::FeedPosition{.epoch = epoch, .head = head, .oldest = oldest};
}

TEST(ResumeTokenTest, RoundTripsEpochAndSequence) {
  const std::string token = EncodeResumeToken(FeedCursor{.epoch = 77, .seq = 123456789});
  absl::StatusOr<FeedCursor> decoded = DecodeResumeToken(token, "resume_token");
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ(decoded->epoch, 77);
  EXPECT_EQ(decoded->seq, 123456789);
  // Web-safe: no character that needs escaping in a URL or a shell.
  EXPECT_EQ(token.find_first_of("+/="), std::string::npos) << token;
}

TEST(ResumeTokenTest, MalformedTokensAreInvalidArgumentNamingTheField) {
  v1::EventResumeToken future;
  future.set_version(2);
  future.set_epoch(1);
  future.set_sequence(1);
  v1::EventResumeToken negative;
  negative.set_version(1);
  negative.set_sequence(-5);
  for (const std::string& token :
       {std::string("not base64 !"), absl::WebSafeBase64Escape("\xff\xff\xff"),
        absl::WebSafeBase64Escape(future.SerializeAsString()),
        absl::WebSafeBase64Escape(negative.SerializeAsString()), std::string(200, 'A')}) {
    absl::StatusOr<FeedCursor> decoded = DecodeResumeToken(token, "resume_token");
    EXPECT_THAT(decoded, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("resume_token")))
        << token;
    EXPECT_THAT(db::ViolatedFields(decoded.status()), ElementsAre("resume_token")) << token;
  }
}

TEST(ResumeTokenTest, ResumableFromAnyPositionBetweenOldestMinusOneAndHead) {
  for (int64_t seq : {9, 10, 15, 20}) {
    EXPECT_THAT(CheckResumable(FeedCursor{.epoch = 5, .seq = seq}, FeedAt(5, 10, 20)), IsOk())
        << seq;
  }
  // Nothing retained (retention took it all): only the head itself.
  EXPECT_THAT(CheckResumable(FeedCursor{.epoch = 5, .seq = 20}, FeedAt(5, 21, 20)), IsOk());
}

TEST(ResumeTokenTest, TokenOlderThanRetentionExpires) {
  const absl::Status status = CheckResumable(FeedCursor{.epoch = 5, .seq = 8}, FeedAt(5, 10, 20));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("retained")));
  EXPECT_EQ(Reason(status), "RESUME_TOKEN_EXPIRED");
}

TEST(ResumeTokenTest, TokenOfAnotherEpochExpires) {
  const absl::Status status = CheckResumable(FeedCursor{.epoch = 4, .seq = 15}, FeedAt(5, 10, 20));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("database")));
  EXPECT_EQ(Reason(status), "RESUME_TOKEN_EXPIRED");
}

TEST(ResumeTokenTest, TokenAheadOfTheHeadExpires) {
  const absl::Status status = CheckResumable(FeedCursor{.epoch = 5, .seq = 21}, FeedAt(5, 10, 20));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ahead")));
  EXPECT_EQ(Reason(status), "RESUME_TOKEN_EXPIRED");
}

}  // namespace
}  // namespace escala::server
