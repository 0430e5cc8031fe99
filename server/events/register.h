#pragma once

#include <memory>

#include "server/platform/domain.h"

namespace escala::server {

// The events domain: the change feed over the event outbox (EventService), and the thread that
// wakes its streams and applies retention.
std::unique_ptr<Domain> RegisterEvents(const DomainContext& context);

}  // namespace escala::server
