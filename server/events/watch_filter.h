#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "db/common/event_feed_repository.h"
#include "escala/v1/events.pb.h"

namespace escala::server {

// What a WatchEvents request asks for, validated.
struct WatchFilter {
  std::vector<std::string> type_prefixes;
  std::vector<std::string> subjects;
  absl::Duration progress_interval = absl::Seconds(30);

  // Whether `event` passes the filters (authorisation is applied apart).
  bool Matches(const db::StoredEvent& event) const;
};

// The filter of `request`; INVALID_ARGUMENT naming the field and the rule when one is out of
// bounds. The resume_token is decoded apart (DecodeResumeToken).
absl::StatusOr<WatchFilter> ValidateWatchRequest(const v1::WatchEventsRequest& request);

// The Event message of a stored event, with the resume token after it.
v1::Event ToEventMessage(const db::StoredEvent& event, int64_t epoch);

}  // namespace escala::server
