#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>
#include <grpcpp/support/status.h>

#include <atomic>
#include <memory>

#include "escala/v1/interactions.grpc.pb.h"
#include "server/interactions/import_processor.h"
#include "server/platform/call_context.h"
#include "server/platform/call_drain.h"
#include "server/platform/server_state.h"
#include "server/platform/unary_call.h"

namespace escala::server {

// Drives one ImportInteractions stream. The call is admitted by the access gate on a worker
// before the first message is read. Reads and database writes alternate: while a batch is
// written on the worker pool no further message is read, so a fast client is held back by
// HTTP/2 flow control instead of filling the server's memory. At most one operation is in
// flight at any time, so the processor needs no lock.
//
// In KEEP_VALID mode, when the server starts shutting down, the stream ends after the next
// committed batch with UNAVAILABLE and a message saying which records are final and where to
// resume; the trailing metadata "escala-committed-through" carries that position.
class ImportReactor : public grpc::ServerReadReactor<v1::ImportInteractionsRequest> {
 public:
  struct Limits {
    // Records per transaction batch.
    std::size_t batch_size;
    // Records one stream may carry; past it the import ends with RESOURCE_EXHAUSTED (what was
    // committed stays, as on any other early end).
    int64_t max_records;
  };

  ImportReactor(grpc::CallbackServerContext* context, v1::ImportInteractionsResponse* response,
                db::InteractionRepository& repository, CallRuntime& runtime,
                const ServerState& state, Clock clock, Limits limits);

  static constexpr absl::string_view kMethod = "escala.v1.InteractionService/ImportInteractions";

  void OnReadDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Runs on a worker: authenticates and authorizes the call, then starts reading.
  void Admit();
  // Runs on a worker: writes a batch, then reads on or finishes.
  void WriteBatch();
  // Runs on a worker: writes the rest and finishes.
  void FinishImport();
  void FinishWithProgress(grpc::StatusCode code, const std::string& why);
  void Schedule(std::function<void()> task);

  grpc::CallbackServerContext* context_;
  v1::ImportInteractionsResponse* response_;
  db::InteractionRepository& repository_;
  CallRuntime& runtime_;
  CallContext call_;
  const ServerState& state_;
  // Counts the import in flight until the reactor is deleted, so that shutdown waits for it.
  InFlightCall in_flight_;
  Clock clock_;
  Limits limits_;
  v1::ImportInteractionsRequest request_;
  std::unique_ptr<ImportProcessor> processor_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace escala::server
