#pragma once

#include <exception>
#include <string_view>
#include <utility>

#include "db/core/session_pool.h"
#include "db/core/soci_error_status.h"

namespace escala::db {

// Runs `fn(lease)` on a leased session and turns any database exception into a status through
// the one mapping (SociErrorToStatus). `fn` returns absl::Status or absl::StatusOr<T>; so does
// this. A lost connection is marked for re-opening before the session goes back to the pool.
template <typename Fn>
auto WithSession(SessionPool& pool, std::string_view context, Fn&& fn)
    -> decltype(fn(std::declval<SessionPool::Lease&>())) {
  auto lease = pool.Acquire();
  if (!lease.ok()) return lease.status();
  try {
    return std::forward<Fn>(fn)(*lease);
  } catch (const std::exception& e) {
    absl::Status status = SociErrorToStatus(e, context);
    if (IsConnectionLost(status)) lease->MarkBroken();
    return status;
  }
}

}  // namespace escala::db
