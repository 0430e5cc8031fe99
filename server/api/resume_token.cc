#include "server/api/resume_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "escala/v1/events.pb.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

constexpr int32_t kResumeTokenVersion = 1;
// Far above any token this server issues (three varints), far below what would cost to parse.
constexpr std::size_t kMaxResumeTokenLength = 128;

absl::Status ExpiredToken(const std::string& why) {
  return db::WithErrorInfo(
      absl::FailedPreconditionError(absl::StrCat(
          "resume_token: ", why, "; list again and watch from the list's event_watermark")),
      db::kReasonResumeTokenExpired);
}

}  // namespace

std::string EncodeResumeToken(const FeedCursor& cursor) {
  v1::EventResumeToken token;
  token.set_version(kResumeTokenVersion);
  token.set_epoch(cursor.epoch);
  token.set_sequence(cursor.seq);
  return absl::WebSafeBase64Escape(token.SerializeAsString());
}

absl::StatusOr<FeedCursor> DecodeResumeToken(const std::string& token, const std::string& field) {
  std::string bytes;
  v1::EventResumeToken decoded;
  if (token.size() > kMaxResumeTokenLength || !absl::WebSafeBase64Unescape(token, &bytes) ||
      !decoded.ParseFromString(bytes) || decoded.version() != kResumeTokenVersion ||
      decoded.sequence() < 0) {
    return InvalidField(field,
                        "not a resume token of this API (use one from an Event, a Progress or a "
                        "List response's event_watermark, unchanged)");
  }
  return FeedCursor{decoded.epoch(), decoded.sequence()};
}

absl::Status CheckResumable(const FeedCursor& cursor, const db::FeedPosition& position) {
  if (cursor.epoch != position.epoch) {
    return ExpiredToken("the token is from another database (a restored backup or another site)");
  }
  if (cursor.seq > position.head) {
    return ExpiredToken(absl::StrCat("the token is ahead of the last event (", cursor.seq, " > ",
                                     position.head, ")"));
  }
  if (cursor.seq < position.oldest - 1) {
    return ExpiredToken(absl::StrCat("events after ", cursor.seq,
                                     " are no longer retained (the oldest is ", position.oldest,
                                     ")"));
  }
  return absl::OkStatus();
}

}  // namespace escala::server
