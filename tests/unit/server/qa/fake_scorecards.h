#pragma once

// Scorecard versions in memory for unit tests of handlers that read scorecards (through
// ScorecardCache): only Get and GetPublished answer; the writes belong to the scorecard handler's
// own fake and to the repository contract tests.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "db/qa/scorecard_repository.h"

namespace escala::testing {

class FakeScorecards : public db::ScorecardRepository {
 public:
  // Version `version` of `id`; version 0 is the newest.
  absl::StatusOr<v1::Scorecard> Get(const std::string& id, int32_t version) override {
    ++gets;
    const v1::Scorecard* found = nullptr;
    for (const v1::Scorecard& card : cards) {
      if (card.scorecard_id() != id) continue;
      if (version == 0 ? (found == nullptr || card.version() > found->version())
                       : card.version() == version) {
        found = &card;
      }
    }
    if (found == nullptr) {
      return absl::NotFoundError(absl::StrCat("scorecard '", id, "' version ", version, " not found"));
    }
    return *found;
  }
  absl::StatusOr<v1::Scorecard> GetPublished(const std::string& id) override {
    ++published_gets;
    bool known = false;
    for (const v1::Scorecard& card : cards) {
      if (card.scorecard_id() != id) continue;
      known = true;
      if (card.state() == v1::SCORECARD_STATE_PUBLISHED) return card;
    }
    if (!known) return absl::NotFoundError(absl::StrCat("scorecard '", id, "' not found"));
    return absl::FailedPreconditionError(
        absl::StrCat("scorecard '", id, "' has no published version"));
  }

  absl::StatusOr<v1::Scorecard> Create(const v1::Scorecard&, const db::AuditStamp&,
                                       absl::Time) override {
    return NotUsed();
  }
  absl::StatusOr<std::vector<v1::Scorecard>> List(const std::string&, v1::ScorecardState,
                                                  int) override {
    return NotUsed();
  }
  absl::StatusOr<std::vector<v1::Scorecard>> ListVersions(const std::string&, int32_t,
                                                          int) override {
    return NotUsed();
  }
  absl::StatusOr<v1::Scorecard> Update(const v1::Scorecard&, int64_t, const db::AuditStamp&,
                                       absl::Time) override {
    return NotUsed();
  }
  absl::StatusOr<v1::Scorecard> Publish(const std::string&, int64_t, const db::AuditStamp&,
                                        absl::Time) override {
    return NotUsed();
  }
  absl::StatusOr<v1::Scorecard> Retire(const std::string&, const std::string&,
                                       const db::AuditStamp&, absl::Time) override {
    return NotUsed();
  }

  std::vector<v1::Scorecard> cards;
  int gets = 0;
  int published_gets = 0;

 private:
  static absl::Status NotUsed() {
    return absl::FailedPreconditionError("not used by this test");
  }
};

}  // namespace escala::testing
