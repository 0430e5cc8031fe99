#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/people.pb.h"
#include "tools/bench/load.h"
#include "tools/bench/mysql_connection.h"

namespace escala::bench {

// What the SubmitEvaluation comparison needs from the benchmark around it: a running
// escala-server with interactions imported, and the baseline database with the same records.
struct SubmitSetup {
  std::string server_address;
  std::string admin_token;
  MysqlTarget target;
  std::string server_db;
  std::string raw_db;
  std::vector<v1::Person> people;
  LoadLimits limits;
  int repeats = 1;
};

// (e) SubmitEvaluation — a complete evaluation created and submitted in one call, scored by the
// server — against single-row INSERTs of the same evaluation (score precomputed) into the same
// table, at the same concurrency. Each run evaluates a slice of interactions of its own, as one
// evaluator may evaluate an interaction only once.
class SubmitWorkload {
 public:
  // As a QA analyst of the directory (a token made by the administrator): creates and publishes
  // the benchmark scorecard through the API; writes the same scorecard into the baseline
  // database; reads the interaction ids of both databases.
  static absl::StatusOr<std::unique_ptr<SubmitWorkload>> Prepare(const SubmitSetup& setup);

  LoadResult ThroughServer(int run);
  LoadResult Raw(int run);
  // "as QA analyst E…, scorecard …, N interactions per run".
  std::string Describe() const;

 private:
  SubmitWorkload() = default;
  // The call limits of one run: at most the run's slice of interactions.
  LoadLimits RunLimits() const;

  SubmitSetup setup_;
  std::string evaluator_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EvaluationService::Stub> evaluations_;
  std::vector<int64_t> server_ids_;
  struct RawInteraction {
    int64_t id = 0;
    std::string agent;
    std::string team;
  };
  std::vector<RawInteraction> raw_interactions_;
  int64_t slice_ = 0;
};

}  // namespace escala::bench
