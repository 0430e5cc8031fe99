#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "db/common/event_feed_repository.h"

namespace escala::server {

// A position in the event feed: the epoch of the database and the seq of the last event
// delivered or passed.
struct FeedCursor {
  int64_t epoch = 0;
  int64_t seq = 0;
};

// The opaque resume token of `cursor`: web-safe base64 of an EventResumeToken.
std::string EncodeResumeToken(const FeedCursor& cursor);

// The cursor `token` (a WatchEventsRequest.resume_token) stands for. INVALID_ARGUMENT naming
// `field` when it is not a token this server issued.
absl::StatusOr<FeedCursor> DecodeResumeToken(const std::string& token, const std::string& field);

// OK when the feed can continue from `cursor`: same epoch, not ahead of the head, and no event
// after it deleted by retention. FAILED_PRECONDITION with ErrorInfo reason RESUME_TOKEN_EXPIRED
// otherwise.
absl::Status CheckResumable(const FeedCursor& cursor, const db::FeedPosition& position);

}  // namespace escala::server
