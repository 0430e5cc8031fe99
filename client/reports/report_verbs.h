#pragma once

#include "client/core/command.h"

namespace escala::client {

// `escala report sla`.
VerbSpec SlaReportVerb();

}  // namespace escala::client
