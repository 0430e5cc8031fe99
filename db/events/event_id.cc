#include "db/events/event_id.h"

#include <cstdint>

#include "absl/random/random.h"

namespace escala::db {

std::string NewEventId(absl::Time now) {
  static constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  thread_local absl::BitGen random;
  const uint64_t millis = static_cast<uint64_t>(absl::ToUnixMillis(now)) & ((1ULL << 48) - 1);
  const uint64_t high = absl::Uniform<uint64_t>(random, 0, 1ULL << 40);
  const uint64_t low = absl::Uniform<uint64_t>(random, 0, 1ULL << 40);
  std::string id(26, '0');
  // 10 characters of time (50 bits, the top two always zero), then 16 of randomness.
  for (int i = 9; i >= 0; --i) id[i] = kCrockford[(millis >> (5 * (9 - i))) & 31];
  for (int i = 0; i < 8; ++i) id[10 + i] = kCrockford[(high >> (5 * (7 - i))) & 31];
  for (int i = 0; i < 8; ++i) id[18 + i] = kCrockford[(low >> (5 * (7 - i))) & 31];
  return id;
}

}  // namespace escala::db
