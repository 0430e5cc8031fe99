#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace escala::client {

// Converts a small, documented subset of YAML to JSON, for files people write by hand
// (scorecards). The JSON keeps the line layout of the YAML: a key or value on YAML line N is on
// line N of the JSON, so errors found later in the JSON name the line the user wrote.
//
// Supported:
//   - block mappings (`key: value`, `key:` followed by a more indented block);
//   - block sequences (`- item`), of scalars or of mappings (`- key: value` with the mapping's
//     further keys aligned under the first), also written at the same indentation as their key;
//   - flow sequences of scalars on one line (`[phone, chat]`) and the empty `[]` and `{}`;
//   - plain scalars (`null`, `~` and nothing are null; `true`/`false` booleans; JSON-style numbers
//     are numbers; anything else text), 'single-quoted' ('' for a quote) and "double-quoted"
//     text (escapes \" \\ \/ \n \t \r \uXXXX);
//   - comments from `#` at the start of a line or after a blank; blank lines; a leading `---`.
// Not supported (INVALID_ARGUMENT "line N: …"): tabs in indentation, anchors and aliases, tags,
// block scalars (| and >), multi-line plain or quoted scalars, nested flow collections, several
// documents, and a key given twice.
absl::StatusOr<std::string> YamlSubsetToJson(const std::string& yaml);

}  // namespace escala::client
