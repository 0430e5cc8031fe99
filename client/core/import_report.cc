#include "client/core/import_report.h"

#include <algorithm>
#include <limits>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace escala::client {
namespace {

// Problems without a line go last.
int64_t SortKey(const FieldProblem& problem) {
  return problem.line > 0 ? problem.line : std::numeric_limits<int64_t>::max();
}

}  // namespace

void ImportReport::AddRejectedRecord(std::vector<FieldProblem> problems) {
  ++rejected_records_;
  for (FieldProblem& problem : problems) problems_.push_back(std::move(problem));
}

int64_t ImportReport::NoteSent(int64_t line) {
  sent_lines_.push_back(line);
  return sent_count();
}

std::optional<int64_t> ImportReport::LineOfPosition(int64_t position) const {
  if (position < 1 || position > sent_count()) return std::nullopt;
  return sent_lines_[position - 1];
}

void ImportReport::AddServerRejection(int64_t position, std::string field, std::string reason) {
  server_rejected_positions_.insert(position);
  std::optional<int64_t> line = LineOfPosition(position);
  if (!line.has_value()) {
    // Only a server bug gets here; keep the rejection visible rather than drop it.
    reason = absl::StrCat("record at position ", position, " of the import: ", reason);
  }
  problems_.push_back({line.value_or(0), std::move(field), std::move(reason)});
}

std::vector<FieldProblem> ImportReport::SortedProblems() const {
  std::vector<FieldProblem> sorted = problems_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const FieldProblem& a, const FieldProblem& b) {
    return SortKey(a) < SortKey(b);
  });
  return sorted;
}

std::optional<std::pair<int, std::string>> ParseElementPath(absl::string_view field_path,
                                                            absl::string_view list) {
  if (!absl::ConsumePrefix(&field_path, list) || !absl::ConsumePrefix(&field_path, "[")) {
    return std::nullopt;
  }
  const size_t close = field_path.find(']');
  int index = 0;
  if (close == absl::string_view::npos || !absl::SimpleAtoi(field_path.substr(0, close), &index) ||
      index < 0) {
    return std::nullopt;
  }
  absl::string_view rest = field_path.substr(close + 1);
  if (!rest.empty() && !absl::ConsumePrefix(&rest, ".")) return std::nullopt;
  return std::make_pair(index, std::string(rest));
}

}  // namespace escala::client
