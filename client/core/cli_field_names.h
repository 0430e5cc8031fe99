#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "client/core/args.h"
#include "client/core/column_table.h"

namespace escala::client {

// The names a command's user typed for the API fields the server speaks of: "--from" for
// period_start, the CSV column "talk_seconds" for talk_duration. One table per command, built
// from its flags (their field_path) and, for imports, its file columns, plus entries for flags
// a command reads itself. Server errors are shown in these names.
class CliFieldNames {
 public:
  // `api_path` (e.g. "period_start" or "recording.uri") is shown as `cli_name`.
  void Add(std::string api_path, std::string cli_name);
  // Each flag with a field_path, as "--" + its name.
  void AddFlags(const std::vector<FlagSpec>& flags);
  // Each column, by its header name.
  void AddColumns(const ColumnTable& columns);

  // The CLI name of a field path from the server. The server prefixes paths with the request
  // field that holds the resource ("interaction.talk_duration", "people[3].email"), so leading
  // segments are dropped one at a time until a known path is left. nullopt when none is known.
  std::optional<std::string> Find(absl::string_view api_path) const;

  // `message` with every field path in it that has a CLI name replaced by that name, e.g.
  // "period_end: must be after period_start" → "--until: must be after --from". A word without
  // '_' or '.' is left alone unless it is followed by ':' (where the server puts the field), so
  // that ordinary words that are also field names ("queue") stay as they are in prose.
  std::string Rewrite(absl::string_view message) const;

 private:
  std::map<std::string, std::string, std::less<>> names_;
};

}  // namespace escala::client
