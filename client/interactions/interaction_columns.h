#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "client/core/column_table.h"
#include "escala/v1/interactions.pb.h"

namespace escala::client {

// The columns of an interactions CSV file, in the order `--output csv` writes them: the proto
// field names, with the recording and transcript flattened to recording_uri, recording_format, …
// and durations as decimal seconds (talk_seconds). Required: channel, direction, priority,
// agent_employee_id, start_time.
const ColumnTable& InteractionColumns();

// The rows of `interactions get` and the columns of `interactions list --output csv`: id, the
// CSV columns, then the output-only fields. An import binds to these too and ignores the
// output-only ones, so a listed file can be imported again.
const ColumnTable& InteractionDetailColumns();

// The update_mask path for a column's field path: its first segment. The server replaces a
// recording or transcript whole, so "recording.uri" maps to "recording".
std::string InteractionMaskPath(absl::string_view field_path);

// One CSV row in InteractionColumns() order.
std::vector<std::string> InteractionToRow(const escala::v1::Interaction& interaction);

}  // namespace escala::client
