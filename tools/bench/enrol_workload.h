#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "escala/v1/enrolments.grpc.pb.h"
#include "tools/bench/load.h"
#include "tools/bench/mysql_connection.h"

namespace escala::bench {

// What the Enrol comparison needs from the benchmark around it: a running escala-server with
// the directory loaded, and the baseline database on the same MariaDB server.
struct EnrolSetup {
  std::string server_address;
  std::string admin_token;
  MysqlTarget target;
  std::string server_db;
  std::string raw_db;
  LoadLimits limits;
  int repeats = 1;
  // Learners made for the workload, enrolled once per run.
  int learners = 1000;
  // Sessions per run; the learners are spread over them round robin.
  int sessions = 10;
  // Seats per session; with fewer seats than learners per session the rest are waitlisted.
  int seats = 100;
  // Names this workload's course, team, trainer and learners, so that two of them (with and
  // without waitlists) share a server.
  std::string tag = "a";
};

// (f) Enrol — the learner looked up, their schedule checked for conflicts, the session locked,
// its seats counted, the enrolment, its history entry and its audit event written in one
// transaction — against the same rows (enrolment and history entry, one transaction each)
// written by plain INSERTs at the same concurrency. Each run enrols every learner into sessions
// of its own (at times of their own, so that no run conflicts with another).
class EnrolWorkload {
 public:
  // As the administrator: creates the course, the learners (UpsertPeople), a trainer and
  // `sessions` × `repeats` sessions through the API; copies the course and the sessions into
  // the baseline database (the enrolment rows refer to them).
  static absl::StatusOr<std::unique_ptr<EnrolWorkload>> Prepare(const EnrolSetup& setup);

  LoadResult ThroughServer(int run);
  LoadResult Raw(int run);
  // "1000 learners into 10 sessions of 100 seats per run".
  std::string Describe() const;
  // How many of the server's enrolments are booked and waitlisted, for the report.
  absl::StatusOr<std::string> Outcome() const;

 private:
  EnrolWorkload() = default;
  LoadLimits RunLimits() const;
  // The session learner `sequence` of run `run` goes to.
  int64_t SessionOf(int run, int64_t sequence) const;

  EnrolSetup setup_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EnrolmentService::Stub> enrolments_;
  std::vector<std::string> learners_;
  std::string team_;
  // Session ids by run (0-based) and slot; the same ids in both databases.
  std::vector<std::vector<int64_t>> sessions_;
};

}  // namespace escala::bench
