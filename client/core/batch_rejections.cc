#include "client/core/batch_rejections.h"

#include <map>
#include <utility>

#include "client/core/error_details.h"

namespace escala::client {

bool ReportRefusedRecords(const grpc::Status& status, absl::string_view list,
                          const SentBatch& batch, const ColumnOfField& column_of,
                          ImportReport& report) {
  const google::rpc::BadRequest bad_request = BadRequestOf(status);
  std::map<size_t, std::vector<FieldProblem>> by_record;
  for (const auto& violation : bad_request.field_violations()) {
    const auto element = ParseElementPath(violation.field(), list);
    if (!element.has_value()) return false;
    const size_t index = batch.first + static_cast<size_t>(element->first);
    if (index >= batch.end) return false;
    by_record[index].push_back(
        {batch.lines[index], column_of(element->second), violation.description()});
  }
  if (by_record.empty()) return false;
  for (auto& [index, problems] : by_record) report.AddRejectedRecord(std::move(problems));
  return true;
}

}  // namespace escala::client
