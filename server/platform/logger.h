#pragma once

#include <string_view>

namespace escala::server {

enum class LogLevel { kInfo, kWarning, kError };

// Writes one line "<UTC time> <LEVEL> <message>" to stderr. Thread-safe; a line is never
// interleaved with another.
void Log(LogLevel level, std::string_view message);

// Routes libprotobuf's own log lines (e.g. one per request that fails to parse) through Log(),
// at most `per_minute` lines a minute; the number suppressed is reported with the next line let
// through, so a flood of bad requests cannot flood the log.
void RouteProtobufLogging(int per_minute);

}  // namespace escala::server
