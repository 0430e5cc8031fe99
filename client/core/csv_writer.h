#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace escala::client {

// One CSV field as RFC 4180 wants it: quoted, with quotes doubled, when it holds a comma, a quote
// or a line break; as is otherwise.
std::string CsvField(absl::string_view value);

// One CSV record of the given fields, ending in "\n".
std::string CsvLine(const std::vector<std::string>& fields);

}  // namespace escala::client
