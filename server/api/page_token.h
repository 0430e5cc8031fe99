#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace escala::server {

// An opaque List page token: the keyset position after the last item returned, bound to the
// list kind and a fingerprint of the filters, so a token cannot be replayed against another
// list or other filters. Encoded as web-safe base64 of a small text record.
struct PageToken {
  std::string kind;  // e.g. "people", "interactions"
  uint64_t filter_fingerprint = 0;
  std::vector<std::string> keys;  // the keyset values, as text
};

std::string EncodePageToken(const PageToken& token);

// INVALID_ARGUMENT "page_token: …" when the token is malformed, belongs to another list or was
// issued for different filters.
absl::StatusOr<PageToken> DecodePageToken(const std::string& encoded, std::string_view kind,
                                          uint64_t filter_fingerprint, std::size_t key_count);

// FNV-1a over the parts, each followed by a separator, for filter fingerprints.
uint64_t Fingerprint(const std::vector<std::string>& parts);

// Page sizes of every List method: the default when a request gives none, and the largest page
// a response holds. A larger request is coerced down to it (AIP-158): a short page with a
// next_page_token is a normal answer, and clients follow tokens, not counts.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// The effective page size: 0 → default_size; above max_size → max_size; INVALID_ARGUMENT when
// negative.
absl::StatusOr<int> EffectivePageSize(int32_t page_size, int default_size, int max_size);

// Lists fetch page_size + 1 rows so that the extra one tells, without a COUNT, whether another
// page exists. Drops that extra row and returns whether there was one.
template <typename Row>
bool TrimToPage(std::vector<Row>& rows, int page_size) {
  if (static_cast<int>(rows.size()) <= page_size) return false;
  rows.resize(page_size);
  return true;
}

}  // namespace escala::server
