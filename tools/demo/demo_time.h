#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>

#include "absl/time/time.h"

namespace escala::demo {

// Sets `timestamp` to `time`, to the millisecond: the precision Escala keeps times in.
inline void SetTimestamp(absl::Time time, google::protobuf::Timestamp* timestamp) {
  const int64_t ms = absl::ToUnixMillis(time);
  timestamp->set_seconds(absl::ToUnixSeconds(absl::FromUnixMillis(ms)));
  timestamp->set_nanos(static_cast<int32_t>((ms - timestamp->seconds() * 1000) * 1000000));
}

}  // namespace escala::demo
