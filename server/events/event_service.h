#pragma once

#include "db/common/event_feed_repository.h"
#include "escala/v1/events.grpc.pb.h"
#include "server/events/event_wakeups.h"
#include "server/events/watch_reactor.h"
#include "server/platform/unary_call.h"

namespace escala::server {

// EventService over gRPC: each WatchEvents call is a WatchReactor.
class EventService final : public v1::EventService::CallbackService {
 public:
  EventService(db::EventFeedRepository& feed, EventWakeups& wakeups, CallRuntime& runtime,
               const ServerState& state, Clock clock, WatchReactor::Limits limits)
      : feed_(feed),
        wakeups_(wakeups),
        runtime_(runtime),
        state_(state),
        clock_(std::move(clock)),
        limits_(limits) {}

  grpc::ServerWriteReactor<v1::WatchEventsResponse>* WatchEvents(
      grpc::CallbackServerContext* context, const v1::WatchEventsRequest* request) override {
    return new WatchReactor(context, request, feed_, wakeups_, runtime_, state_, clock_, limits_);
  }

 private:
  db::EventFeedRepository& feed_;
  EventWakeups& wakeups_;
  CallRuntime& runtime_;
  const ServerState& state_;
  Clock clock_;
  WatchReactor::Limits limits_;
};

}  // namespace escala::server
