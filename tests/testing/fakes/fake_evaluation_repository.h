#pragma once

// Evaluations in memory with the repository's rules on ids, versions (etags) and uniqueness
// per (interaction, evaluator) and per request id. The owners of interactions (agent and team)
// are set by the test in `owners`; an interaction without an owner does not exist.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/qa/evaluation_repository.h"

namespace escala::testing {

class FakeEvaluationRepository : public db::EvaluationRepository {
 public:
  absl::StatusOr<v1::Evaluation> Create(const v1::Evaluation& evaluation,
                                        const std::string& request_id, const db::AdmitOwner& admit,
                                        const db::AuditStamp&, absl::Time) override {
    auto owner = owners.find(evaluation.interaction_id());
    if (owner == owners.end()) return absl::NotFoundError("interaction not found");
    if (absl::Status s = admit(owner->second); !s.ok()) return s;
    for (const auto& [id, stored] : rows) {
      if (stored.interaction_id() == evaluation.interaction_id() &&
          stored.evaluator_employee_id() == evaluation.evaluator_employee_id()) {
        return absl::AlreadyExistsError("already evaluated");
      }
    }
    if (!request_id.empty() && by_request.count(request_id))
      return absl::AlreadyExistsError("request_id");
    v1::Evaluation stored = evaluation;
    stored.set_id(++next_id);
    stored.set_agent_employee_id(owner->second.agent_employee_id);
    stored.set_team_id(owner->second.team_id);
    stored.set_etag("1");
    rows[stored.id()] = stored;
    if (!request_id.empty()) by_request[request_id] = stored.id();
    return stored;
  }
  absl::StatusOr<std::optional<v1::Evaluation>> FindByRequestId(
      const std::string& request_id) override {
    auto it = by_request.find(request_id);
    if (it == by_request.end()) return std::optional<v1::Evaluation>();
    return std::optional<v1::Evaluation>(rows.at(it->second));
  }
  absl::StatusOr<v1::Evaluation> Get(int64_t id) override {
    auto it = rows.find(id);
    if (it == rows.end()) return absl::NotFoundError(absl::StrCat("evaluation ", id, " not found"));
    return it->second;
  }
  absl::StatusOr<std::vector<v1::Evaluation>> List(const db::EvaluationFilter& filter,
                                                   std::optional<int64_t> before_id,
                                                   int limit) override {
    std::vector<v1::Evaluation> result;
    for (auto it = rows.rbegin(); it != rows.rend() && static_cast<int>(result.size()) < limit;
         ++it) {
      const v1::Evaluation& e = it->second;
      if (before_id && e.id() >= *before_id) continue;
      if (!filter.agent_employee_id.empty() && e.agent_employee_id() != filter.agent_employee_id)
        continue;
      if (!filter.team_id.empty() && e.team_id() != filter.team_id) continue;
      if (filter.exclude_drafts && e.state() == v1::EVALUATION_STATE_DRAFT) continue;
      if (filter.state != 0 && e.state() != filter.state) continue;
      result.push_back(e);
    }
    return result;
  }
  absl::StatusOr<v1::Evaluation> Change(int64_t id, const db::EvaluationChange& change,
                                        const db::AuditStamp&, absl::Time) override {
    auto it = rows.find(id);
    if (it == rows.end()) return absl::NotFoundError("not found");
    absl::StatusOr<v1::Evaluation> next = change(it->second);
    if (!next.ok()) return next.status();
    int64_t version = 0;
    (void)absl::SimpleAtoi(it->second.etag(), &version);
    next->set_etag(absl::StrCat(version + 1));
    it->second = *next;
    return *next;
  }

  std::map<int64_t, db::InteractionOwner> owners;
  std::map<int64_t, v1::Evaluation> rows;
  std::map<std::string, int64_t> by_request;
  int64_t next_id = 0;
};

}  // namespace escala::testing
