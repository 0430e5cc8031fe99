#pragma once

#include <google/protobuf/message.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "server/api/page_token.h"

namespace escala::server {

// The AIP-158 sequence every List method runs: coerce the page size, decode the page token
// (checking it was issued for the same list, the same request and the same caller), fetch one
// row more than the page, trim, and encode the next token from the last row's keyset.
//
//   absl::StatusOr<ListPage> page = ListPage::Start(request, "people", call.PageScope());
//   if (!page.ok()) return page.status();
//   rows = repository.List(filter, page->after_key(), page->fetch_limit());
//   response.set_next_page_token(page->Finish(*rows, [](const v1::Person& p) {
//     return p.employee_id();
//   }));
//
// The token's filter fingerprint is computed from the request message itself (every field but
// page_token and page_size), so a filter field added to a request is covered without anyone
// listing it, and from `scope`, which names the caller's reach: a token never crosses callers.
class ListPage {
 public:
  // INVALID_ARGUMENT "page_size: …" when negative; "page_token: …" when the token is malformed,
  // from another list, or was issued for another request or caller. `key_count` is the number of
  // keyset values of this list's token.
  static absl::StatusOr<ListPage> Start(const google::protobuf::Message& request,
                                        std::string_view kind, std::string_view scope,
                                        std::size_t key_count = 1);

  // The effective page size: the default when the request gave none, at most kMaxPageSize.
  int size() const { return size_; }
  // How many rows to read: one more than the page, so that the extra row tells, without a
  // COUNT, whether another page follows.
  int fetch_limit() const { return size_ + 1; }
  // Whether the request continued from a token (false on the first page).
  bool continues() const { return !after_.empty(); }
  // The keyset after which this page starts; empty on the first page.
  const std::vector<std::string>& after() const { return after_; }
  // The key at `index`, or "" on the first page.
  std::string after_key(std::size_t index = 0) const;
  // The key at `index` as an integer: 0 on the first page; INVALID_ARGUMENT "page_token: …"
  // when it is not an integer (a hand-made token).
  absl::StatusOr<int64_t> after_int(std::size_t index = 0) const;

  // Drops the extra row of `rows` and returns the next page token, or "" when this is the last
  // page. `key_of(row)` gives the keyset of a row: a std::string for single-key lists, or a
  // std::vector<std::string> of key_count values.
  template <typename Row, typename KeyOf>
  std::string Finish(std::vector<Row>& rows, KeyOf&& key_of) const {
    if (!TrimToPage(rows, size_) || rows.empty()) return "";
    using Key = std::decay_t<decltype(key_of(rows.back()))>;
    if constexpr (std::is_same_v<Key, std::vector<std::string>>) {
      return Encode(key_of(rows.back()));
    } else {
      return Encode({std::string(key_of(rows.back()))});
    }
  }

  // The fingerprint the tokens of this page carry.
  uint64_t fingerprint() const { return fingerprint_; }

 private:
  ListPage(std::string kind, uint64_t fingerprint, int size, std::vector<std::string> after)
      : kind_(std::move(kind)), fingerprint_(fingerprint), size_(size), after_(std::move(after)) {}
  std::string Encode(std::vector<std::string> keys) const;

  std::string kind_;
  uint64_t fingerprint_;
  int size_;
  std::vector<std::string> after_;
};

// The filter fingerprint of a List request: a hash of its deterministic serialization with
// page_token and page_size cleared, and of `scope`.
uint64_t RequestFingerprint(const google::protobuf::Message& request, std::string_view scope);

}  // namespace escala::server
