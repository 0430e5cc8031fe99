#include "server/events/watch_filter.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/api/resume_token.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

constexpr int kMaxTypePrefixes = 20;
constexpr std::size_t kMaxTypePrefixLength = 128;
constexpr int kMaxSubjects = 100;
constexpr std::size_t kMaxSubjectLength = 255;
constexpr int kMinProgressSeconds = 5;
constexpr int kMaxProgressSeconds = 300;
constexpr int kDefaultProgressSeconds = 30;
// The CloudEvents source of every event.
constexpr char kEventSource[] = "//escala";

}  // namespace

bool WatchFilter::Matches(const db::StoredEvent& event) const {
  if (!type_prefixes.empty() &&
      std::none_of(type_prefixes.begin(), type_prefixes.end(),
                   [&event](const std::string& p) { return absl::StartsWith(event.type, p); })) {
    return false;
  }
  return subjects.empty() ||
         std::find(subjects.begin(), subjects.end(), event.subject) != subjects.end();
}

absl::StatusOr<WatchFilter> ValidateWatchRequest(const v1::WatchEventsRequest& request) {
  WatchFilter filter;
  if (request.type_prefixes_size() > kMaxTypePrefixes) {
    return InvalidField("type_prefixes",
                        absl::StrCat("at most ", kMaxTypePrefixes, " prefixes, got ",
                                     request.type_prefixes_size()));
  }
  for (int i = 0; i < request.type_prefixes_size(); ++i) {
    if (absl::Status s = RequireText(absl::StrCat("type_prefixes[", i, "]"),
                                     request.type_prefixes(i), kMaxTypePrefixLength);
        !s.ok()) {
      return s;
    }
    filter.type_prefixes.push_back(request.type_prefixes(i));
  }
  if (request.subjects_size() > kMaxSubjects) {
    return InvalidField("subjects", absl::StrCat("at most ", kMaxSubjects, " subjects, got ",
                                                 request.subjects_size()));
  }
  for (int i = 0; i < request.subjects_size(); ++i) {
    if (absl::Status s =
            RequireText(absl::StrCat("subjects[", i, "]"), request.subjects(i), kMaxSubjectLength);
        !s.ok()) {
      return s;
    }
    filter.subjects.push_back(request.subjects(i));
  }
  const int seconds = request.progress_interval_seconds();
  if (seconds != 0 && (seconds < kMinProgressSeconds || seconds > kMaxProgressSeconds)) {
    return InvalidField("progress_interval_seconds",
                        absl::StrCat("must be 0 (30 s) or between ", kMinProgressSeconds, " and ",
                                     kMaxProgressSeconds, ", got ", seconds));
  }
  filter.progress_interval = absl::Seconds(seconds == 0 ? kDefaultProgressSeconds : seconds);
  return filter;
}

v1::Event ToEventMessage(const db::StoredEvent& event, int64_t epoch) {
  v1::Event message;
  message.set_id(event.event_id);
  message.set_type(event.type);
  message.set_source(kEventSource);
  message.set_subject(event.subject);
  *message.mutable_time() = db::MillisToTimestamp(event.occurred_ms);
  *message.mutable_recorded_time() = db::MillisToTimestamp(event.recorded_ms);
  message.set_sequence(event.seq);
  message.set_resume_token(EncodeResumeToken(FeedCursor{epoch, event.seq}));
  message.mutable_data()->ParseFromString(event.payload);
  return message;
}

}  // namespace escala::server
