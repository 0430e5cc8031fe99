#pragma once

#include <memory>

#include "server/platform/domain.h"

namespace escala::server {

// The training domain: the course catalogue and the sessions that deliver its courses.
std::unique_ptr<Domain> RegisterTraining(const DomainContext& context);

}  // namespace escala::server
