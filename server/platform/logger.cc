#include "server/platform/logger.h"

#include <google/protobuf/stubs/logging.h>

#include <cstdio>
#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace escala::server {
namespace {

std::mutex& OutputMutex() {
  static std::mutex mutex;
  return mutex;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARNING";
    case LogLevel::kError:
      return "ERROR";
  }
  return "INFO";
}

// A fixed-window limiter for protobuf's messages.
struct ProtobufLogLimit {
  std::mutex mutex;
  int per_minute = 10;
  absl::Time window_start = absl::InfinitePast();
  int in_window = 0;
  int suppressed = 0;
};

ProtobufLogLimit& Limit() {
  static ProtobufLogLimit limit;
  return limit;
}

void HandleProtobufLog(google::protobuf::LogLevel level, const char* filename, int line,
                       const std::string& message) {
  ProtobufLogLimit& limit = Limit();
  int suppressed_before = 0;
  {
    std::lock_guard<std::mutex> lock(limit.mutex);
    const absl::Time now = absl::Now();
    if (now - limit.window_start >= absl::Minutes(1)) {
      limit.window_start = now;
      limit.in_window = 0;
    }
    if (limit.in_window >= limit.per_minute) {
      ++limit.suppressed;
      return;
    }
    ++limit.in_window;
    suppressed_before = limit.suppressed;
    limit.suppressed = 0;
  }
  std::string text = absl::StrCat("protobuf ", filename, ":", line, ": ", message);
  if (suppressed_before > 0) {
    absl::StrAppend(&text, " (", suppressed_before, " earlier protobuf messages suppressed)");
  }
  Log(level >= google::protobuf::LOGLEVEL_ERROR ? LogLevel::kError : LogLevel::kWarning, text);
}

}  // namespace

void Log(LogLevel level, std::string_view message) {
  const std::string line =
      absl::StrCat(absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()), " ",
                   LevelName(level), " ", std::string(message), "\n");
  std::lock_guard<std::mutex> lock(OutputMutex());
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

void RouteProtobufLogging(int per_minute) {
  {
    std::lock_guard<std::mutex> lock(Limit().mutex);
    Limit().per_minute = per_minute;
  }
  google::protobuf::SetLogHandler(&HandleProtobufLog);
}

}  // namespace escala::server
