#include "client/core/field_problem.h"

#include "absl/strings/str_cat.h"

namespace escala::client {

std::string FormatProblem(const FieldProblem& problem) {
  std::string text = problem.line > 0 ? absl::StrCat("line ", problem.line, ": ") : "";
  if (!problem.field.empty()) absl::StrAppend(&text, problem.field, ": ");
  absl::StrAppend(&text, problem.reason);
  return text;
}

}  // namespace escala::client
