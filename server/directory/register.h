#pragma once

#include <memory>

#include "server/platform/domain.h"

namespace escala::server {

// The directory domain: people and teams (PeopleService).
std::unique_ptr<Domain> RegisterDirectory(const DomainContext& context);

}  // namespace escala::server
