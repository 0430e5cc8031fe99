#pragma once

#include "absl/status/statusor.h"
#include "db/directory/people_repository.h"
#include "escala/v1/level_changes.pb.h"
#include "server/platform/call_context.h"

namespace escala::server {

// The logic of LevelHistoryService, free of gRPC: a person's effective-dated level changes
// (db::PeopleRepository::LevelChanges), within the caller's reach (an agent themselves, a team
// lead their team).
class LevelHistoryHandler {
 public:
  explicit LevelHistoryHandler(db::PeopleRepository& people) : people_(people) {}

  absl::StatusOr<v1::ListLevelChangesResponse> ListLevelChanges(
      const CallContext& call, const v1::ListLevelChangesRequest& request);

 private:
  db::PeopleRepository& people_;
};

}  // namespace escala::server
