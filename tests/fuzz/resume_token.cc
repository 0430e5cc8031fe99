// Fuzzes server/api/resume_token, which decodes the resume_token every WatchEvents request may
// carry. The input is 24 bytes of feed position (epoch, oldest, head), then the token text. A
// token that decodes must encode back to itself's position, and the resumability check must
// follow its three rules.

#include "server/api/resume_token.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

namespace {

int64_t ResumeTokenFuzzInt(escala::fuzz::FuzzInput& input) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = value << 8 | input.Byte();
  return static_cast<int64_t>(value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  escala::db::FeedPosition position;
  position.epoch = ResumeTokenFuzzInt(input);
  position.oldest = ResumeTokenFuzzInt(input);
  position.head = ResumeTokenFuzzInt(input);
  const std::string encoded = input.Rest();

  absl::StatusOr<escala::server::FeedCursor> cursor =
      escala::server::DecodeResumeToken(encoded, "resume_token");
  if (!cursor.ok()) {
    escala::fuzz::Check(cursor.status().code() == absl::StatusCode::kInvalidArgument,
                        "a token that does not decode is INVALID_ARGUMENT");
    return 0;
  }
  escala::fuzz::Check(cursor->seq >= 0, "a decoded token never stands before the first event");
  absl::StatusOr<escala::server::FeedCursor> again =
      escala::server::DecodeResumeToken(escala::server::EncodeResumeToken(*cursor), "resume_token");
  escala::fuzz::Check(again.ok() && again->epoch == cursor->epoch && again->seq == cursor->seq,
                      "a decoded token encodes back to the same position");
  const absl::Status resumable = escala::server::CheckResumable(*cursor, position);
  const bool expected = cursor->epoch == position.epoch && cursor->seq <= position.head &&
                        cursor->seq >= position.oldest - 1;
  escala::fuzz::Check(resumable.ok() == expected, "resumable exactly within the retained range");
  escala::fuzz::Check(resumable.ok() || resumable.code() == absl::StatusCode::kFailedPrecondition,
                      "an unusable token is FAILED_PRECONDITION");
  return 0;
}
