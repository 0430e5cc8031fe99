#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/common/event_feed_repository.h"
#include "escala/v1/people.pb.h"

namespace escala::db {

// Which people ListPeople returns; empty/zero fields do not filter.
struct PeopleFilter {
  // Only this person (how own-scoped callers list).
  std::string employee_id;
  std::string team_id;
  int role = 0;
  int level = 0;
  std::optional<bool> active;
};

// A change of a person's level, recorded in the transaction of the update that made it: the
// level history promotion eligibility reads (time at the level, the level at a past time).
struct LevelChange {
  int32_t from_level = 0;
  int32_t to_level = 0;
  // When the change took effect: the update's time, or a promotion case's effective date.
  absl::Time change_time;
  // The promotion case that made the change; 0 for a change made in the directory.
  int64_t promotion_case_id = 0;
};

// What Upsert did with one person.
enum class UpsertOutcome { kCreated, kUpdated, kUnchanged };

struct UpsertCounts {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  // One per person given, in the same order.
  std::vector<UpsertOutcome> outcomes;
};

// Storage of the people directory. Records are escala.v1.Person messages: create_time,
// update_time and etag are set by the repository (the etag is the row version).
// Every mutation writes one audit event per changed person ("person", "people/{employee_id}",
// stamped with `stamp`) in the transaction of the change; a failed mutation writes none.
class PeopleRepository {
 public:
  virtual ~PeopleRepository() = default;

  // ALREADY_EXISTS for a taken employee_id; FAILED_PRECONDITION for an unknown team_id.
  virtual absl::StatusOr<v1::Person> Create(const v1::Person& person, const AuditStamp& stamp,
                                            absl::Time now) = 0;
  // NOT_FOUND when there is no such person.
  virtual absl::StatusOr<v1::Person> Get(const std::string& employee_id) = 0;
  // At most `limit` people ordered by employee_id, after `after_employee_id` (exclusive).
  virtual absl::StatusOr<std::vector<v1::Person>> List(const PeopleFilter& filter,
                                                       const std::string& after_employee_id,
                                                       int limit) = 0;
  // As List, and the event feed's position read in the same snapshot as the page (the
  // ListPeople event_watermark): watching from it delivers exactly the changes the page does not
  // show. A store without an event feed leaves `watermark` at epoch 0.
  virtual absl::StatusOr<std::vector<v1::Person>> ListWithWatermark(
      const PeopleFilter& filter, const std::string& after_employee_id, int limit,
      FeedPosition& watermark) {
    watermark = FeedPosition{};
    return List(filter, after_employee_id, limit);
  }
  // Replaces the stored person if its version is still `expected_version`: ABORTED when it
  // changed meanwhile, NOT_FOUND when it is gone, FAILED_PRECONDITION for an unknown team_id.
  // The version moves and an event is written even when no field changes.
  virtual absl::StatusOr<v1::Person> Update(const v1::Person& person, int64_t expected_version,
                                            const AuditStamp& stamp, absl::Time now) = 0;
  // Creates or replaces every person, keyed by employee_id, in one transaction; people whose
  // stored fields already match count as unchanged and keep their version. A person that
  // carries an etag is an edit of the stored version that etag names: ABORTED (ETAG_MISMATCH)
  // when that person is no longer stored with that etag, or not stored at all. A person without
  // an etag is created, or replaces whatever is stored. FAILED_PRECONDITION naming
  // `people[i].team_id` for an unknown team. Nothing is written when any person fails.
  // Unchanged people get no audit event.
  virtual absl::StatusOr<UpsertCounts> Upsert(const std::vector<v1::Person>& people,
                                              const AuditStamp& stamp, absl::Time now) = 0;
  // The stored people among `employee_ids`, in no particular order; ids that do not exist are
  // left out.
  virtual absl::StatusOr<std::vector<v1::Person>> GetMany(
      const std::vector<std::string>& employee_ids) = 0;
  // The subset of `employee_ids` that exist.
  virtual absl::StatusOr<std::vector<std::string>> FindExisting(
      const std::vector<std::string>& employee_ids) = 0;
  // Every change of the person's level made by Update, Upsert or a promotion case taking effect,
  // oldest first by change_time (ties in the order written); empty when the level never changed or
  // the person does not exist. A person's level at creation is not a change.
  virtual absl::StatusOr<std::vector<LevelChange>> LevelChanges(const std::string& employee_id) = 0;
  // LevelChanges of several people at once, by employee id; people without a change are absent.
  virtual absl::StatusOr<std::map<std::string, std::vector<LevelChange>>> LevelChangesOf(
      const std::vector<std::string>& employee_ids) = 0;
};

}  // namespace escala::db
