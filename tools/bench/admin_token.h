#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace escala::bench {

// The account the benchmark's calls act as: an administrator may import, create and read
// interactions and fill the directory, which is everything the benchmark does.
inline constexpr char kBenchAdminAccount[] = "admin";

// Runs `binary --bootstrap_admin=admin` with `db_flags` (--db and --db_password_file, the same
// as the server will get), the documented way into a fresh database, and returns the token
// secret it prints as the only line on stdout. Its log (stderr) is appended to `log_path`.
// UNAVAILABLE with the end of that log if it fails or does not finish within `timeout`.
absl::StatusOr<std::string> BootstrapAdminToken(const std::string& binary,
                                                const std::vector<std::string>& db_flags,
                                                const std::string& log_path,
                                                absl::Duration timeout);

}  // namespace escala::bench
