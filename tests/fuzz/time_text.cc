// Fuzzes client/core/time_text: times and durations typed on the command line, and the
// formatting of times and lengths the server sends back. The first byte picks the function.
// Parsed text must format back to text that parses to the same value (to the millisecond for
// times, which is what Escala keeps).

#include "client/core/time_text.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

namespace {

int64_t Int64(escala::fuzz::FuzzInput& input) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = value << 8 | input.Byte();
  return static_cast<int64_t>(value);
}

int32_t Int32(escala::fuzz::FuzzInput& input) { return static_cast<int32_t>(Int64(input) >> 32); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  switch (input.Byte() % 3) {
    case 0: {
      absl::StatusOr<google::protobuf::Timestamp> time =
          escala::client::ParseTimestamp(input.Rest());
      if (!time.ok()) break;
      absl::StatusOr<google::protobuf::Timestamp> again =
          escala::client::ParseTimestamp(escala::client::FormatTimestamp(*time));
      escala::fuzz::Check(again.ok() && again->seconds() == time->seconds() &&
                              again->nanos() == time->nanos() / 1000000 * 1000000,
                          "a parsed time formats back to the same millisecond");
      break;
    }
    case 1: {
      absl::StatusOr<google::protobuf::Duration> duration =
          escala::client::ParseSeconds(input.Rest());
      if (!duration.ok()) break;
      absl::StatusOr<google::protobuf::Duration> again =
          escala::client::ParseSeconds(escala::client::FormatSeconds(*duration));
      escala::fuzz::Check(again.ok() && again->seconds() == duration->seconds() &&
                              again->nanos() == duration->nanos(),
                          "parsed seconds format back to the same duration");
      break;
    }
    default: {
      // What a server answers is formatted whatever its range.
      (void)escala::client::FormatClock(Int64(input));
      google::protobuf::Duration duration;
      duration.set_seconds(Int64(input));
      duration.set_nanos(Int32(input));
      (void)escala::client::FormatSeconds(duration);
      google::protobuf::Timestamp time;
      time.set_seconds(Int64(input));
      time.set_nanos(Int32(input));
      (void)escala::client::FormatTimestamp(time);
      break;
    }
  }
  return 0;
}
