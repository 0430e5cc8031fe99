// Fuzzes server/training/course_validation: the input is a Course in the wire format.

#include "server/training/course_validation.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  escala::v1::Course course;
  if (input.RestAs(course)) (void)escala::server::ValidateCourse(course);
  return 0;
}
