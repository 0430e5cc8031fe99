#pragma once

#include <cstdint>
#include <string>

namespace escala::client {

// Why one record of an import file was not written, found by the client or by the server.
struct FieldProblem {
  // 1-based line of the file where the record starts; 0 when the record has no known line.
  int64_t line = 0;
  // Column or field at fault, e.g. "start_time" or "recording.sha256"; empty when the whole
  // record is at fault.
  std::string field;
  std::string reason;
};

// "line 7: start_time: reason", or "line 7: reason" without a field.
std::string FormatProblem(const FieldProblem& problem);

}  // namespace escala::client
