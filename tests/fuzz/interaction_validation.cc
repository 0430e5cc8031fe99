// Fuzzes server/interactions/interaction_validation: the input is an Interaction in the wire
// format.

#include "server/interactions/interaction_validation.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  escala::v1::Interaction interaction;
  if (input.RestAs(interaction)) (void)escala::server::ValidateInteraction(interaction);
  return 0;
}
