#include "server/metrics/rpc_metrics.h"

#include "absl/status/status.h"

namespace escala::metrics {
namespace {

int ClampCode(int code) {
  // Anything outside the range of gRPC's codes is UNKNOWN, as gRPC itself would report it.
  return code >= 0 && code < RpcMetrics::kCodes ? code : 2;
}

}  // namespace

std::string StatusCodeName(int code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(ClampCode(code)));
}

RpcMetrics::RpcMetrics(Registry& registry, const std::vector<std::string>& methods)
    : calls_(registry.AddCounter("escala_rpc_calls_total",
                                 "Finished RPCs, by method and gRPC status code.",
                                 {"method", "code"})),
      durations_(registry.AddHistogram(
          "escala_rpc_duration_seconds",
          "Time from the start of an RPC to its status being sent, by method.", {"method"},
          LatencyBuckets())),
      suppressed_family_(registry.AddCounter(
          "escala_rpc_failure_log_suppressed_total",
          "Failed RPCs counted but not logged on a line of their own (repeats of a failure of the "
          "same peer, method and code within the aggregation interval), by gRPC status code.",
          {"code"})),
      imports_(registry
                   .AddGauge("escala_imports_in_progress",
                             "Streamed imports (ImportInteractions) running now.")
                   .WithLabels({})) {
  calls_.HideUntilUsed();
  durations_.HideUntilUsed();
  suppressed_family_.HideUntilUsed();
  for (int code = 0; code < kCodes; ++code)
    suppressed_[code] = &suppressed_family_.WithLabels({StatusCodeName(code)});
  for (const std::string& method : methods) methods_.emplace(method, MakeCells(method));
  unknown_ = MakeCells("unknown");
}

RpcMetrics::MethodCells RpcMetrics::MakeCells(const std::string& method) {
  MethodCells cells;
  for (int code = 0; code < kCodes; ++code)
    cells.calls[code] = &calls_.WithLabels({method, StatusCodeName(code)});
  cells.duration = &durations_.WithLabels({method});
  return cells;
}

const RpcMetrics::MethodCells& RpcMetrics::CellsOf(std::string_view method) const {
  const auto found = methods_.find(absl::string_view(method.data(), method.size()));
  return found == methods_.end() ? unknown_ : found->second;
}

void RpcMetrics::RecordCall(std::string_view method, int code, double seconds) {
  const MethodCells& cells = CellsOf(method);
  cells.calls[ClampCode(code)]->Increment();
  cells.duration->Observe(seconds);
}

void RpcMetrics::RecordLogSuppressed(int code) { suppressed_[ClampCode(code)]->Increment(); }

}  // namespace escala::metrics
