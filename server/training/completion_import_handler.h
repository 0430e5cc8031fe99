#pragma once

#include <utility>

#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/directory/people_repository.h"
#include "db/training/completion_repository.h"
#include "db/training/course_repository.h"
#include "escala/v1/completions.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// CompletionService.ImportCompletions, free of gRPC: checks every record (its fields, then the
// person and the course version it names: server/training/completion_import_rules.h), and has
// the repository write the valid ones in one transaction, where a record already stored is
// answered as already present. The access gate admits trainers, managers, heads of support and
// administrators, who import for anyone.
class CompletionImportHandler {
 public:
  CompletionImportHandler(db::CompletionRepository& completions, db::PeopleRepository& people,
                          db::CourseRepository& courses, db::RequestLog& requests, Clock clock)
      : completions_(completions),
        people_(people),
        courses_(courses),
        requests_(requests),
        clock_(std::move(clock)) {}

  absl::StatusOr<v1::ImportCompletionsResponse> ImportCompletions(
      const CallContext& call, const v1::ImportCompletionsRequest& request);

 private:
  // `write` false: a replay, which writes nothing and answers each valid record's stored
  // completion.
  absl::StatusOr<v1::ImportCompletionsResponse> Apply(const CallContext& call,
                                                      const v1::ImportCompletionsRequest& request,
                                                      const db::CreateRequest& key, bool write);

  db::CompletionRepository& completions_;
  db::PeopleRepository& people_;
  db::CourseRepository& courses_;
  db::RequestLog& requests_;
  Clock clock_;
};

}  // namespace escala::server
