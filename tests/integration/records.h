#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
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

// Strings that break naive SQL building or lossy encodings: quotes, separators, backslashes,
// LIKE wildcards, placeholder look-alikes, multi-byte UTF-8 and 4-byte emoji.
const std::vector<std::string>& HostileStrings();

}  // namespace escala::testing
