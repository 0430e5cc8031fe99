#include "server/api/list_page.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

// The paging fields themselves are not filters: a token must work with any page size.
void ClearPagingFields(google::protobuf::Message& message) {
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  const google::protobuf::Reflection* reflection = message.GetReflection();
  for (const char* name : {"page_token", "page_size"}) {
    if (const google::protobuf::FieldDescriptor* field = descriptor->FindFieldByName(name)) {
      reflection->ClearField(&message, field);
    }
  }
}

}  // namespace

uint64_t RequestFingerprint(const google::protobuf::Message& request, std::string_view scope) {
  std::unique_ptr<google::protobuf::Message> filters(request.New());
  filters->CopyFrom(request);
  ClearPagingFields(*filters);
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    // Deterministic: equal requests serialize to equal bytes within this build (map order).
    coded.SetSerializationDeterministic(true);
    filters->SerializeToCodedStream(&coded);
  }
  return Fingerprint({request.GetDescriptor()->full_name(), bytes, std::string(scope)});
}

absl::StatusOr<ListPage> ListPage::Start(const google::protobuf::Message& request,
                                         std::string_view kind, std::string_view scope,
                                         std::size_t key_count) {
  const google::protobuf::Descriptor* descriptor = request.GetDescriptor();
  const google::protobuf::Reflection* reflection = request.GetReflection();
  const google::protobuf::FieldDescriptor* size_field = descriptor->FindFieldByName("page_size");
  const google::protobuf::FieldDescriptor* token_field = descriptor->FindFieldByName("page_token");
  const int32_t requested = size_field != nullptr ? reflection->GetInt32(request, size_field) : 0;
  absl::StatusOr<int> size = EffectivePageSize(requested, kDefaultPageSize, kMaxPageSize);
  if (!size.ok()) return size.status();
  const uint64_t fingerprint = RequestFingerprint(request, scope);
  std::vector<std::string> after;
  const std::string token =
      token_field != nullptr ? reflection->GetString(request, token_field) : std::string();
  if (!token.empty()) {
    absl::StatusOr<PageToken> decoded = DecodePageToken(token, kind, fingerprint, key_count);
    if (!decoded.ok()) return decoded.status();
    after = std::move(decoded->keys);
  }
  return ListPage(std::string(kind), fingerprint, *size, std::move(after));
}

std::string ListPage::after_key(std::size_t index) const {
  return index < after_.size() ? after_[index] : std::string();
}

absl::StatusOr<int64_t> ListPage::after_int(std::size_t index) const {
  if (after_.empty()) return 0;
  int64_t value = 0;
  if (index >= after_.size() || !absl::SimpleAtoi(after_[index], &value)) {
    return InvalidField("page_token",
                        "is not a token from a previous response of this list; start without one");
  }
  return value;
}

std::string ListPage::Encode(std::vector<std::string> keys) const {
  return EncodePageToken({kind_, fingerprint_, std::move(keys)});
}

}  // namespace escala::server
