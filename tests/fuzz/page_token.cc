// Fuzzes server/api/page_token, which decodes the page_token every List request may carry. The
// input is a key count byte, eight bytes of filter fingerprint, then the token text. A token that
// decodes must encode back to one that decodes the same, and the page size rules must hold.

#include "server/api/page_token.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  const size_t key_count = input.Byte() % 4;
  uint64_t fingerprint = 0;
  for (int i = 0; i < 8; ++i) fingerprint = fingerprint << 8 | input.Byte();
  const std::string encoded = input.Rest();

  absl::StatusOr<escala::server::PageToken> token =
      escala::server::DecodePageToken(encoded, "people", fingerprint, key_count);
  if (token.ok()) {
    escala::fuzz::Check(token->kind == "people" && token->filter_fingerprint == fingerprint &&
                            token->keys.size() == key_count,
                        "a decoded token is of the list, filters and key count asked for");
    absl::StatusOr<escala::server::PageToken> again = escala::server::DecodePageToken(
        escala::server::EncodePageToken(*token), "people", fingerprint, key_count);
    escala::fuzz::Check(again.ok() && again->keys == token->keys,
                        "a decoded token encodes back to the same token");
  }

  const int32_t page_size = static_cast<int32_t>(fingerprint);
  absl::StatusOr<int> effective = escala::server::EffectivePageSize(page_size, 50, 1000);
  escala::fuzz::Check(effective.ok() == (page_size >= 0), "only negative page sizes are refused");
  if (effective.ok()) {
    escala::fuzz::Check(*effective >= 1 && *effective <= 1000, "a page holds 1 to 1000 items");
  }
  return 0;
}
