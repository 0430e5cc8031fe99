#pragma once

#include <memory>

#include "server/platform/domain.h"

namespace escala::server {

// The QA domain: scorecards, evaluations and disputes, calibration, sampling plans and review
// queues.
std::unique_ptr<Domain> RegisterQa(const DomainContext& context);

}  // namespace escala::server
