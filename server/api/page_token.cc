#include "server/api/page_token.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

constexpr char kVersion[] = "1";
// Unit separator: never part of a key (keys are identifiers and integers).
constexpr char kSeparator = '\x1f';

absl::Status Malformed() {
  return InvalidField("page_token",
                      "is not a token from a previous response of this list; start without one");
}

}  // namespace

std::string EncodePageToken(const PageToken& token) {
  std::vector<std::string> parts = {kVersion, token.kind, absl::StrCat(token.filter_fingerprint)};
  parts.insert(parts.end(), token.keys.begin(), token.keys.end());
  return absl::WebSafeBase64Escape(absl::StrJoin(parts, std::string(1, kSeparator)));
}

absl::StatusOr<PageToken> DecodePageToken(const std::string& encoded, std::string_view kind,
                                          uint64_t filter_fingerprint, std::size_t key_count) {
  if (encoded.size() > 1024) return Malformed();
  std::string raw;
  if (!absl::WebSafeBase64Unescape(encoded, &raw)) return Malformed();
  std::vector<std::string> parts = absl::StrSplit(raw, kSeparator);
  if (parts.size() != 3 + key_count || parts[0] != kVersion) return Malformed();
  PageToken token;
  token.kind = parts[1];
  if (token.kind != kind || !absl::SimpleAtoi(parts[2], &token.filter_fingerprint)) {
    return Malformed();
  }
  if (token.filter_fingerprint != filter_fingerprint) {
    return InvalidField("page_token",
                        "was issued for different filters; repeat the request with the same "
                        "filters or start without a token");
  }
  token.keys.assign(parts.begin() + 3, parts.end());
  return token;
}

uint64_t Fingerprint(const std::vector<std::string>& parts) {
  uint64_t hash = 14695981039346656037ull;
  for (const std::string& part : parts) {
    for (unsigned char c : part) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
    hash ^= 0xff;
    hash *= 1099511628211ull;
  }
  return hash;
}

absl::StatusOr<int> EffectivePageSize(int32_t page_size, int default_size, int max_size) {
  if (page_size < 0) {
    return InvalidField("page_size",
                        absl::StrCat("must not be negative (0 = the default), got ", page_size));
  }
  if (page_size == 0) return default_size;
  return page_size > max_size ? max_size : page_size;
}

}  // namespace escala::server
