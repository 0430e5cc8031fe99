#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <vector>

#include "db/common/event_feed_repository.h"
#include "escala/v1/events.grpc.pb.h"
#include "server/events/event_wakeups.h"
#include "server/events/watch_filter.h"
#include "server/platform/call_context.h"
#include "server/platform/call_drain.h"
#include "server/platform/clock.h"
#include "server/platform/unary_call.h"

namespace escala::server {

// Drives one WatchEvents stream. The call is admitted by the access gate on a worker; then it
// alternates reading a page of the outbox on a worker and writing its events one at a time (one
// write in flight: a slow client is held back by HTTP/2 flow control, and the server holds at
// most one page per stream). Caught up, it parks with EventWakeups, holding no worker, until an
// event is committed, its next Progress is due, the client cancels or shutdown begins.
//
// Ends with UNAVAILABLE once shutdown begins, with OK at the maximum stream age, with the
// database's status when a read fails; the client resumes with its last resume token.
class WatchReactor : public grpc::ServerWriteReactor<v1::WatchEventsResponse>,
                     public ParkedWatcher {
 public:
  struct Limits {
    // A stream ends with OK after this long, so that long-lived clients re-authenticate and
    // spread over the servers again.
    absl::Duration max_age;
    // Events read per statement.
    int page_size;
  };

  WatchReactor(grpc::CallbackServerContext* context, const v1::WatchEventsRequest* request,
               db::EventFeedRepository& feed, EventWakeups& wakeups, CallRuntime& runtime,
               const ServerState& state, Clock clock, Limits limits);

  static constexpr absl::string_view kMethod = "escala.v1.EventService/WatchEvents";

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

  int64_t position() const override { return position_; }
  absl::Time wake_by() const override { return wake_by_; }
  bool cancelled() const override { return cancelled_; }
  void Wake() override;

 private:
  // Runs on a worker: admits the call, checks the request and the token, sends the first
  // Progress.
  void Start();
  // Runs on a worker: sends the next visible event or a due Progress, or parks.
  void Pump();
  void SendProgress(absl::Time now);
  void Send(absl::Time now);
  void Schedule(std::function<void()> task);

  grpc::CallbackServerContext* context_;
  const v1::WatchEventsRequest* request_;
  db::EventFeedRepository& feed_;
  EventWakeups& wakeups_;
  CallRuntime& runtime_;
  const ServerState& state_;
  // Counts the stream in flight until the reactor is deleted, so that shutdown waits for it.
  InFlightCall in_flight_;
  Clock clock_;
  Limits limits_;
  CallContext call_;
  WatchFilter filter_;
  int64_t epoch_ = 0;
  // The seq of the last event sent or passed over.
  int64_t position_ = 0;
  absl::Time end_of_stream_;
  absl::Time last_sent_;
  absl::Time wake_by_;
  std::vector<db::StoredEvent> page_;
  std::size_t next_in_page_ = 0;
  v1::WatchEventsResponse response_;
  std::atomic<bool> cancelled_{false};
  bool write_failed_ = false;
};

}  // namespace escala::server
