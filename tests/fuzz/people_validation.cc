// Fuzzes server/directory/people_validation: the first byte picks the validator, the rest is its
// message in the wire format.

#include "server/directory/people_validation.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  if (input.Byte() % 2 == 0) {
    escala::v1::Person person;
    if (input.RestAs(person)) (void)escala::server::ValidatePerson(person);
  } else {
    escala::v1::Team team;
    if (input.RestAs(team)) (void)escala::server::ValidateTeam(team);
  }
  return 0;
}
