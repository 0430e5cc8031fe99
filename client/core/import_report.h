#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "client/core/field_problem.h"

namespace escala::client {

// Collects what went wrong in one import, from the client and from the server, and maps the
// server's record positions back to lines of the file. The server only sees the records that
// were sent, so its position N is the N-th record sent, not the N-th record of the file.
class ImportReport {
 public:
  // Records a record rejected with the given problems (at least one, with lines): by the client,
  // or by the server when the caller has mapped the server's answer to a line itself.
  void AddRejectedRecord(std::vector<FieldProblem> problems);

  // Records that the record starting on `line` was sent; returns its 1-based position.
  int64_t NoteSent(int64_t line);

  // Records a rejection by the server of the record at 1-based `position` among those sent.
  void AddServerRejection(int64_t position, std::string field, std::string reason);

  // The line of the record sent at 1-based `position`, or nullopt when none was.
  std::optional<int64_t> LineOfPosition(int64_t position) const;

  // Records sent so far.
  int64_t sent_count() const { return static_cast<int64_t>(sent_lines_.size()); }
  // Distinct records rejected, by the client or the server.
  int64_t rejected_count() const {
    return rejected_records_ + static_cast<int64_t>(server_rejected_positions_.size());
  }

  // All problems, ordered by line; the client's before the server's on the same line.
  std::vector<FieldProblem> SortedProblems() const;

 private:
  std::vector<int64_t> sent_lines_;
  std::vector<FieldProblem> problems_;
  int64_t rejected_records_ = 0;
  std::set<int64_t> server_rejected_positions_;
};

// Splits a field path of the server's error details (google.rpc.BadRequest, see
// client/core/error_details.h) that names one element of the repeated field `list`, such as
// "people[3].email" for "people", into the 0-based index 3 and the path within the element,
// "email" ("" when the path names the element itself). nullopt for any other path.
std::optional<std::pair<int, std::string>> ParseElementPath(absl::string_view field_path,
                                                            absl::string_view list);

}  // namespace escala::client
