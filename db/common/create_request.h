#pragma once

#include <string>

namespace escala::db {

// The AIP-155 idempotency key of a create whose id the server assigns: the caller's request_id
// and a fingerprint of the rest of the request. Both empty when the caller sent no request_id;
// then nothing is stored and a retry creates again.
struct CreateRequest {
  std::string request_id;
  std::string request_hash;
};

// A resource found by the request_id it was created with, and the fingerprint of that request.
template <typename Resource>
struct CreatedByRequest {
  Resource resource;
  std::string request_hash;
};

}  // namespace escala::db
