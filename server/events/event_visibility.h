#pragma once

#include "db/common/event_feed_repository.h"
#include "server/platform/call_context.h"

namespace escala::server {

// Whether the watcher admitted as `call` may see `event`: an HR system only people level
// changes and promotion events (never evaluation content, never regression flags); otherwise by
// the scope the access policy gave the call: every event, their team's (the team of the person
// it concerns when it happened) or their own (the person it concerns is the caller; regression
// flags about them are for their managers and left out).
bool EventVisibleTo(const CallContext& call, const db::StoredEvent& event);

}  // namespace escala::server
