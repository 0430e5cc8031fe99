#include "server/api/request_id.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "server/api/page_token.h"

namespace escala::server {

db::CreateRequest CreateRequestOf(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr) return {};
  db::CreateRequest key;
  key.request_id = request.GetReflection()->GetString(request, field);
  if (key.request_id.empty()) return key;
  std::unique_ptr<google::protobuf::Message> payload(request.New());
  payload->CopyFrom(request);
  payload->GetReflection()->ClearField(payload.get(), field);
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    payload->SerializeToCodedStream(&coded);
  }
  key.request_hash = absl::StrCat(Fingerprint({request.GetDescriptor()->full_name(), bytes}));
  return key;
}

}  // namespace escala::server
