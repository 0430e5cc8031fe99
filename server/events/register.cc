#include "server/events/register.h"

#include "server/events/event_service.h"
#include "server/events/event_wakeups.h"

namespace escala::server {
namespace {

// Events read per statement: a page is the most a stream holds in memory.
constexpr int kEventPageSize = 200;

}  // namespace

std::unique_ptr<Domain> RegisterEvents(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  EventFeedOptions options;
  options.retention = context.event_retention;
  auto& wakeups =
      domain->Own<EventWakeups>(context.repositories.events, context.state, context.clock, options);
  domain->Serve<EventService>(
      v1::EventService::service_full_name(), context.repositories.events, wakeups, context.runtime,
      context.state, context.clock,
      WatchReactor::Limits{.max_age = context.event_stream_max_age, .page_size = kEventPageSize});
  return domain;
}

}  // namespace escala::server
