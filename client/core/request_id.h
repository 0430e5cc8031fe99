#pragma once

#include <string>

namespace escala::client {

// A random UUID version 4 in lower-case text form, e.g. "3f0c…-4…-a…". Used as request_id so
// that a create sent again after a lost reply is recognised as the same request.
std::string NewRequestId();

}  // namespace escala::client
