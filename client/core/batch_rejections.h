#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "client/core/field_problem.h"
#include "client/core/import_report.h"

namespace escala::client {

// Maps a field path within one record ("score") to the file's column ("score").
using ColumnOfField = std::function<std::string(const std::string& field)>;

// The batch of a file import that one request carried: the records from index `first` to `end`
// (exclusive) of the file, and the file line each record starts on.
struct SentBatch {
  const std::vector<int64_t>& lines;
  size_t first = 0;
  size_t end = 0;
};

// Reports, on their lines, the records a keep-valid response rejected: each result names its
// record's index within the batch and the violations of its fields.
template <typename Results>
void ReportRejectedResults(const Results& results, const SentBatch& batch,
                           const ColumnOfField& column_of, ImportReport& report) {
  for (const auto& result : results) {
    std::vector<FieldProblem> problems;
    for (const auto& violation : result.violations()) {
      problems.push_back({batch.lines[batch.first + static_cast<size_t>(result.index())],
                          column_of(violation.field()), violation.description()});
    }
    if (!problems.empty()) report.AddRejectedRecord(std::move(problems));
  }
}

// Reports, on their lines, the records an all-or-nothing refusal names: every violation of its
// google.rpc.BadRequest must name an element of the repeated field `list` within the batch
// ("marks[3].status"). Returns false and reports nothing when one does not: the refusal is then
// about the request as a whole, and the caller reports it as the failure it is.
bool ReportRefusedRecords(const grpc::Status& status, absl::string_view list,
                          const SentBatch& batch, const ColumnOfField& column_of,
                          ImportReport& report);

}  // namespace escala::client
