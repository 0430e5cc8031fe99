#include "server/interactions/import_reactor.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "server/platform/grpc_status.h"

namespace escala::server {

ImportReactor::ImportReactor(grpc::CallbackServerContext* context,
                             v1::ImportInteractionsResponse* response,
                             db::InteractionRepository& repository, CallRuntime& runtime,
                             const ServerState& state, Clock clock, Limits limits)
    : context_(context),
      response_(response),
      repository_(repository),
      runtime_(runtime),
      state_(state),
      in_flight_(&state),
      clock_(std::move(clock)),
      limits_(limits) {
  Schedule([this] { Admit(); });
}

void ImportReactor::Admit() {
  // An import that begins once shutdown has begun would only be stopped at its first batch.
  if (state_.draining.load(std::memory_order_relaxed)) {
    Finish(ShuttingDownStatus());
    return;
  }
  absl::StatusOr<CallContext> call = runtime_.gate.Admit(*context_, kMethod);
  if (!call.ok()) {
    Finish(ToGrpcStatus(call.status()));
    return;
  }
  call_ = *std::move(call);
  StartRead(&request_);
}

void ImportReactor::OnReadDone(bool ok) {
  if (!ok) {
    // End of the client's stream (or a broken one: then OnCancel has run as well).
    if (cancelled_) {
      Schedule([this] {
        if (processor_) processor_->Abandon();
        Finish(grpc::Status(grpc::StatusCode::CANCELLED, "import cancelled by the client"));
      });
      return;
    }
    Schedule([this] { FinishImport(); });
    return;
  }
  if (!processor_) {
    if (!v1::ImportMode_IsValid(request_.mode())) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat("mode: unknown import mode ", request_.mode())));
      return;
    }
    processor_ = std::make_unique<ImportProcessor>(repository_, request_.mode(), clock_,
                                                   limits_.batch_size, call_.Stamp());
  }
  processor_->Add(request_);
  request_.Clear();
  if (processor_->response().received_count() > limits_.max_records) {
    Schedule([this] {
      processor_->Abandon();
      FinishWithProgress(grpc::StatusCode::RESOURCE_EXHAUSTED,
                         absl::StrCat("an import may carry at most ", limits_.max_records,
                                      " records (--max_import_records); split the file"));
    });
    return;
  }
  if (processor_->BatchReady()) {
    Schedule([this] { WriteBatch(); });
  } else {
    StartRead(&request_);
  }
}

void ImportReactor::Schedule(std::function<void()> task) {
  if (!runtime_.workers.Submit(std::move(task))) {
    if (processor_) processor_->Abandon();
    Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "server shutting down; nothing more was written"));
  }
}

void ImportReactor::WriteBatch() {
  if (cancelled_) {
    processor_->Abandon();
    Finish(grpc::Status(grpc::StatusCode::CANCELLED, "import cancelled by the client"));
    return;
  }
  absl::Status status = processor_->WritePending();
  if (!status.ok()) {
    processor_->Abandon();
    // Converted once: converting an INTERNAL status logs it under a fresh reference.
    const grpc::Status failure = ToGrpcStatus(status);
    FinishWithProgress(failure.error_code(), failure.error_message());
    return;
  }
  if (state_.draining && processor_->mode() == v1::IMPORT_MODE_KEEP_VALID) {
    FinishWithProgress(grpc::StatusCode::UNAVAILABLE, "server shutting down");
    return;
  }
  StartRead(&request_);
}

void ImportReactor::FinishImport() {
  if (!processor_) {
    // An empty stream: nothing to do.
    Finish(grpc::Status::OK);
    return;
  }
  absl::Status status = processor_->Finish();
  if (!status.ok()) {
    processor_->Abandon();
    // Converted once: converting an INTERNAL status logs it under a fresh reference.
    const grpc::Status failure = ToGrpcStatus(status);
    FinishWithProgress(failure.error_code(), failure.error_message());
    return;
  }
  *response_ = processor_->response();
  Finish(grpc::Status::OK);
}

void ImportReactor::FinishWithProgress(grpc::StatusCode code, const std::string& why) {
  const v1::ImportInteractionsResponse& progress = processor_->response();
  const int64_t through = processor_->committed_through();
  // A record that broke several rules has several rejections.
  std::set<int64_t> rejected;
  for (const v1::ImportRejection& rejection : progress.rejections()) {
    rejected.insert(rejection.position());
  }
  std::string message;
  if (processor_->mode() == v1::IMPORT_MODE_ALL_OR_NOTHING || through == 0) {
    message = absl::StrCat(why, "; nothing was written; re-send the whole import");
  } else {
    message = absl::StrCat(why, "; records 1..", through, " are final (imported ",
                           progress.imported_count(), ", already present ",
                           progress.already_present_count(), ", rejected ", rejected.size(),
                           "); re-send from record ", through + 1);
  }
  context_->AddTrailingMetadata(
      "escala-committed-through",
      absl::StrCat(processor_->mode() == v1::IMPORT_MODE_KEEP_VALID ? through : 0));
  Finish(grpc::Status(code, message));
}

void ImportReactor::OnCancel() { cancelled_ = true; }

void ImportReactor::OnDone() { delete this; }

}  // namespace escala::server
