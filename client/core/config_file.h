#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace escala::client {

// The text of the config file at `path`; nullopt when there is no such file; an error when it
// exists but cannot be read.
absl::StatusOr<std::optional<std::string>> ReadConfigFile(const std::string& path);

// Replaces the config file at `path` with `text`. The file may hold a token, so it ends up
// readable by its owner only (0600) even when it was wider before, and a missing directory is
// created 0700. Written to a temporary file and renamed, so that a failure leaves the old file
// or the new one, never half of one; a symbolic link is followed and its target replaced.
absl::Status WritePrivateConfigFile(const std::string& path, absl::string_view text);

}  // namespace escala::client
