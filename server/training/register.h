#pragma once

#include <memory>

#include "server/platform/domain.h"

namespace escala::server {

// The training domain: the course catalogue.
std::unique_ptr<Domain> RegisterTraining(const DomainContext& context);

}  // namespace escala::server
