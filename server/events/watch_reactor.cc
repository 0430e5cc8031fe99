#include "server/events/watch_reactor.h"

#include <algorithm>
#include <utility>

#include "server/api/resume_token.h"
#include "server/events/event_visibility.h"
#include "server/platform/grpc_status.h"

namespace escala::server {
namespace {

// Pages one turn on a worker may read without finding an event to send before it lets other
// calls have the worker (a watcher whose filters pass over a long backlog).
constexpr int kPagesPerTurn = 8;

}  // namespace

WatchReactor::WatchReactor(grpc::CallbackServerContext* context,
                           const v1::WatchEventsRequest* request, db::EventFeedRepository& feed,
                           EventWakeups& wakeups, CallRuntime& runtime, const ServerState& state,
                           Clock clock, Limits limits)
    : context_(context),
      request_(request),
      feed_(feed),
      wakeups_(wakeups),
      runtime_(runtime),
      state_(state),
      in_flight_(&state),
      clock_(std::move(clock)),
      limits_(limits) {
  Schedule([this] { Start(); });
}

void WatchReactor::Start() {
  if (state_.draining.load(std::memory_order_relaxed)) {
    Finish(ShuttingDownStatus());
    return;
  }
  absl::StatusOr<CallContext> call = runtime_.gate.Admit(*context_, kMethod);
  if (!call.ok()) {
    Finish(ToGrpcStatus(call.status()));
    return;
  }
  call_ = *std::move(call);
  absl::StatusOr<WatchFilter> filter = ValidateWatchRequest(*request_);
  if (!filter.ok()) {
    Finish(ToGrpcStatus(filter.status()));
    return;
  }
  filter_ = *std::move(filter);
  std::optional<FeedCursor> cursor;
  if (!request_->resume_token().empty()) {
    absl::StatusOr<FeedCursor> decoded =
        DecodeResumeToken(request_->resume_token(), "resume_token");
    if (!decoded.ok()) {
      Finish(ToGrpcStatus(decoded.status()));
      return;
    }
    cursor = *decoded;
  }
  absl::StatusOr<db::FeedPosition> position = feed_.Position();
  if (!position.ok()) {
    Finish(ToGrpcStatus(position.status()));
    return;
  }
  if (cursor.has_value()) {
    if (absl::Status s = CheckResumable(*cursor, *position); !s.ok()) {
      Finish(ToGrpcStatus(s));
      return;
    }
  } else {
    cursor = FeedCursor{position->epoch, position->head};
  }
  epoch_ = cursor->epoch;
  position_ = cursor->seq;
  const absl::Time now = clock_();
  end_of_stream_ = now + limits_.max_age;
  // The first message says where the stream starts: with an empty token, the token of "now".
  SendProgress(now);
}

void WatchReactor::Pump() {
  if (cancelled_ || write_failed_) {
    Finish(grpc::Status(grpc::StatusCode::CANCELLED, "stream cancelled by the client"));
    return;
  }
  if (state_.draining.load(std::memory_order_relaxed)) {
    Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "server shutting down; reconnect with the last resume_token"));
    return;
  }
  const absl::Time now = clock_();
  if (now >= end_of_stream_) {
    Finish(grpc::Status::OK);
    return;
  }
  for (int pages = 0; pages < kPagesPerTurn; ++pages) {
    while (next_in_page_ < page_.size()) {
      const db::StoredEvent& event = page_[next_in_page_++];
      position_ = event.seq;
      if (filter_.Matches(event) && EventVisibleTo(call_, event)) {
        response_.Clear();
        *response_.mutable_event() = ToEventMessage(event, epoch_);
        Send(now);
        return;
      }
    }
    if (now >= last_sent_ + filter_.progress_interval) {
      SendProgress(now);
      return;
    }
    absl::StatusOr<std::vector<db::StoredEvent>> page =
        feed_.ReadAfter(position_, limits_.page_size);
    if (!page.ok()) {
      Finish(ToGrpcStatus(page.status()));
      return;
    }
    page_ = *std::move(page);
    next_in_page_ = 0;
    if (page_.empty()) {
      wake_by_ = std::min(last_sent_ + filter_.progress_interval, end_of_stream_);
      wakeups_.Park(this);
      return;
    }
  }
  Schedule([this] { Pump(); });
}

void WatchReactor::SendProgress(absl::Time now) {
  response_.Clear();
  v1::Progress* progress = response_.mutable_progress();
  progress->set_resume_token(EncodeResumeToken(FeedCursor{epoch_, position_}));
  progress->set_sequence(position_);
  Send(now);
}

void WatchReactor::Send(absl::Time now) {
  last_sent_ = now;
  StartWrite(&response_);
}

void WatchReactor::OnWriteDone(bool ok) {
  if (!ok) write_failed_ = true;
  Schedule([this] { Pump(); });
}

void WatchReactor::Wake() {
  Schedule([this] { Pump(); });
}

void WatchReactor::Schedule(std::function<void()> task) {
  if (!runtime_.workers.Submit(std::move(task))) {
    Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "server shutting down; reconnect with the last resume_token"));
  }
}

void WatchReactor::OnCancel() { cancelled_ = true; }

void WatchReactor::OnDone() { delete this; }

}  // namespace escala::server
