#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "grpcpp/support/status.h"
#include "tools/demo/demo_data.h"

namespace escala::demo {

struct LoadOptions {
  // People per UpsertPeople call (the API takes up to 1000).
  int people_batch = 500;
  // Records per ImportInteractions message.
  int import_batch = 500;
  // Deadline of each unary call.
  absl::Duration rpc_timeout = absl::Seconds(30);
  // Deadline of the whole import stream.
  absl::Duration import_timeout = absl::Minutes(10);
};

// What the server reported while loading.
struct LoadSummary {
  int teams_created = 0;
  int teams_existing = 0;  // CreateTeam answered ALREADY_EXISTS: an earlier load made them.
  int leads_set = 0;
  int people_created = 0;
  int people_updated = 0;
  int people_unchanged = 0;
  int64_t interactions_received = 0;
  int64_t interactions_imported = 0;
  int64_t interactions_already_present = 0;
  // Every rejection as the server reported it, and the source id of each rejected record
  // (rejected_source_ids[i] belongs to rejections[i]; empty if the position is out of range).
  std::vector<escala::v1::ImportRejection> rejections;
  std::vector<std::string> rejected_source_ids;
};

// Loads `data` into a server through its public API, in the order references require:
// CreateTeam for each team without its lead (ALREADY_EXISTS counts as existing), UpsertPeople in
// batches, UpdateTeam to set each lead, then one ImportInteractions stream in KEEP_VALID mode.
// Every step is idempotent, so loading the same data again changes nothing. Returns the status of
// the first RPC that failed, with its code unchanged and the call named in the message.
absl::StatusOr<LoadSummary> LoadDemoData(
    const DemoData& data, escala::v1::PeopleService::StubInterface& people,
    escala::v1::InteractionService::StubInterface& interactions, const LoadOptions& options = {});

// A few lines for the terminal: the counts, then up to `max_rejections` rejections.
std::string FormatLoadSummary(const LoadSummary& summary, int max_rejections = 5);

// The one conversion from a gRPC status to an absl::Status (the codes are numerically equal).
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace escala::demo
