#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "server/metrics/registry.h"

namespace escala::metrics {

// The metrics every call updates: calls by method and status code, call duration by method, and
// failures whose log line was left out. Every cell a call can touch is made at construction, one
// per method and status code, so that recording a call is a lookup in a table that never changes
// (no lock) and a few relaxed atomic additions. Cells of codes a method never returned are left
// out of the exposition.
class RpcMetrics {
 public:
  // The gRPC status codes, OK (0) to UNAUTHENTICATED (16).
  static constexpr int kCodes = 17;

  // `methods`: every method the server serves, "/escala.v1.PeopleService/ListPeople".
  RpcMetrics(Registry& registry, const std::vector<std::string>& methods);

  // One finished call of `method` with status `code` after `seconds`. A method not given to the
  // constructor is counted as "unknown": the name comes from the client, which must not be able
  // to add label values (each one a time series kept forever).
  void RecordCall(std::string_view method, int code, double seconds);
  // A failed call of status `code` that was counted but not logged on a line of its own.
  void RecordLogSuppressed(int code);
  // A streamed import (a client-streaming call: the import RPCs are the server's only ones)
  // began or ended.
  void ImportStarted() { imports_.Add(1); }
  void ImportEnded() { imports_.Add(-1); }

 private:
  struct MethodCells {
    std::array<Counter*, kCodes> calls{};
    Histogram* duration = nullptr;
  };
  MethodCells MakeCells(const std::string& method);
  const MethodCells& CellsOf(std::string_view method) const;

  Family<Counter>& calls_;
  Family<Histogram>& durations_;
  Family<Counter>& suppressed_family_;
  Gauge& imports_;
  std::array<Counter*, kCodes> suppressed_{};
  absl::flat_hash_map<std::string, MethodCells> methods_;
  MethodCells unknown_;
};

// The name of a gRPC status code as Prometheus labels show it: "OK", "NOT_FOUND", …
std::string StatusCodeName(int code);

}  // namespace escala::metrics
