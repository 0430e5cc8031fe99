#pragma once

// What the harnesses share: cutting one fuzz input into the parts a target takes, and a check
// that turns a broken property into a crash libFuzzer keeps.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "google/protobuf/message_lite.h"
#include "google/protobuf/stubs/logging.h"

namespace escala::fuzz {

// Reads one fuzz input front to back. Every reader returns something (zero, empty) once the
// input is used up, so a harness never needs to check the size first.
class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : data_(data), size_(size) {
    // libprotobuf logs a line for every message with a string that is not UTF-8; at thousands
    // of inputs a second that writing would cost more than the code under test.
    static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
    (void)quiet;
  }

  // The next byte, or 0 past the end.
  uint8_t Byte() { return at_ < size_ ? data_[at_++] : 0; }

  // The next `count` bytes (fewer at the end) as text.
  std::string Bytes(size_t count) {
    if (count > size_ - at_) count = size_ - at_;
    std::string out(reinterpret_cast<const char*>(data_ + at_), count);
    at_ += count;
    return out;
  }

  // A part whose length is given by the next byte: up to 255 bytes.
  std::string ShortPart() { return Bytes(Byte()); }

  // A part whose length is given by the next two bytes (big-endian): up to 65,535 bytes.
  std::string LongPart() {
    const size_t high = Byte();
    return Bytes(high << 8 | Byte());
  }

  // Everything not read yet.
  std::string Rest() { return Bytes(size_ - at_); }

  // Parses everything not read yet as `message` (wire format); false when it does not parse, as
  // gRPC would then answer for the server without calling it.
  bool RestAs(google::protobuf::MessageLite& message) {
    const bool ok = message.ParseFromArray(data_ + at_, static_cast<int>(size_ - at_));
    at_ = size_;
    return ok;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

// Aborts with `what` when `condition` is false: a property of the target that must hold for
// every input (a round trip, a bound), which libFuzzer then reports like any crash.
inline void Check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz property broken: %s\n", what);
  std::abort();
}

}  // namespace escala::fuzz
