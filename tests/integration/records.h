#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/core/audit_log.h"
#include "db/core/session_pool.h"
#include "escala/v1/audit.pb.h"
#include "escala/v1/interactions.pb.h"
#include "escala/v1/people.pb.h"

namespace escala::testing {

// A fixed clock reading with milliseconds, so that stored times can be compared exactly.
absl::Time TestNow(int64_t offset_ms = 0);

v1::Team MakeTeam(const std::string& team_id, const std::string& display_name);

v1::Person MakePerson(const std::string& employee_id, const std::string& team_id,
                      v1::Role role = v1::ROLE_AGENT, int level = 1, bool active = true);

// An interaction with the required fields only: no optional scores, no media references.
v1::Interaction MakeInteraction(const std::string& agent_employee_id, int64_t start_ms);

// An interaction with every caller-controlled field set: all times with milliseconds, all
// durations, csat/nps/ces, recording and transcript references with every field, tags,
// language and a source key.
v1::Interaction MakeFullInteraction(const std::string& agent_employee_id, int64_t start_ms,
                                    const std::string& source_id);

// `message` without the fields the repository sets (id, create_time, update_time, etag).
v1::Interaction WithoutOutputFields(v1::Interaction interaction);
v1::Person WithoutOutputFields(v1::Person person);
v1::Team WithoutOutputFields(v1::Team team);

// A description of the differences, or "" when the messages are equal (presence included).
std::string ProtoDiff(const google::protobuf::Message& expected,
                      const google::protobuf::Message& actual);

// The stamp the contract tests change records with: the service account
// "serviceAccounts/contract-test" as an administrator, calling `method`.
db::AuditStamp TestStamp(const std::string& method = "escala.v1.ContractTest/Mutate",
                         const std::string& request_id = "");

// Reads the audit log step by step, through SociAuditRepository: each Next() answers the events
// written since the previous one, so a test sees only what the step under test wrote.
class AuditTail {
 public:
  // Starts after the events already written (e.g. by a fixture's set-up).
  static absl::StatusOr<AuditTail> Start(db::SessionPool& pool);
  // The events written since Start or the previous Next, oldest first.
  absl::StatusOr<std::vector<v1::AuditEvent>> Next();

 private:
  AuditTail(db::SessionPool& pool, int64_t last_id) : pool_(&pool), last_id_(last_id) {}
  db::SessionPool* pool_;
  int64_t last_id_;
};

// The event a change stamped with `stamp` at `now` should leave; its id is 0 (see WithoutId).
v1::AuditEvent ExpectedAuditEvent(const db::AuditStamp& stamp, const std::string& resource_type,
                                  const std::string& resource_name, const std::string& before_json,
                                  const std::string& after_json, absl::Time now);
// `event` without its id, for comparison with ExpectedAuditEvent.
v1::AuditEvent WithoutId(v1::AuditEvent event);

// Strings that break naive SQL building or lossy encodings: quotes, separators, backslashes,
// LIKE wildcards, placeholder look-alikes, multi-byte UTF-8 and 4-byte emoji.
const std::vector<std::string>& HostileStrings();

}  // namespace escala::testing
