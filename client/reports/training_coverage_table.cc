#include "client/reports/training_coverage_table.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace escala::client {
namespace {

std::vector<std::string> Row(std::string what, int64_t done, int64_t n, bool has_rate, double rate,
                             int64_t threshold,
                             const google::protobuf::RepeatedPtrField<std::string>& missing) {
  return {std::move(what),          absl::StrCat(done),
          absl::StrCat(n),          has_rate ? absl::StrFormat("%.1f%%", rate) : "-",
          n < threshold ? "*" : "", absl::StrJoin(missing, " ")};
}

}  // namespace

Table TrainingCoverageTable(const v1::TrainingCoverage& coverage, int64_t low_sample_threshold) {
  Table table;
  table.header = {"REQUIREMENT", "DONE", "N", "RATE", "LOW", "MISSING"};
  table.rows.push_back(Row("required courses of the learning paths", coverage.path_complete(),
                           coverage.path_people(), coverage.has_path_completion_rate(),
                           coverage.path_completion_rate(), low_sample_threshold,
                           coverage.path_missing_employee_ids()));
  for (const v1::CertificationCoverage& c : coverage.certifications()) {
    table.rows.push_back(Row(absl::StrCat("certification ", c.certification_id()), c.valid(),
                             c.required(), c.has_coverage_rate(), c.coverage_rate(),
                             low_sample_threshold, c.missing_employee_ids()));
  }
  return table;
}

}  // namespace escala::client
