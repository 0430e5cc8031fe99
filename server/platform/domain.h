#pragma once

#include <grpcpp/impl/service_type.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "db/common/repositories.h"
#include "server/platform/authenticator.h"
#include "server/platform/clock.h"
#include "server/platform/server_state.h"
#include "server/platform/unary_call.h"

namespace escala::server {

// What every domain's Register function is given: the repositories (as interfaces), the call
// runtime its services run on, and the few server-wide objects and settings domains share.
struct DomainContext {
  db::Repositories repositories;
  CallRuntime& runtime;
  Authenticator& authenticator;
  const ServerState& state;
  Clock clock;
  // Most records one import stream may carry.
  int64_t max_import_records = 0;
  // How long the event feed keeps events, and how long one WatchEvents stream may last.
  absl::Duration event_retention = absl::Hours(24 * 14);
  absl::Duration event_stream_max_age = absl::Minutes(30);
  // How often the server nominates the people eligible under the promotion policies that ask
  // for it (PromotionPolicy.auto_nominate).
  absl::Duration auto_nomination_interval = absl::Hours(1);
  // How often people watched after a promotion are checked for a regression.
  absl::Duration regression_check_interval = absl::Hours(1);
};

// One gRPC service of a domain and the name the access policy knows it by.
struct ServedService {
  std::string full_name;  // "escala.v1.PeopleService"
  grpc::Service* service = nullptr;
};

// A domain's handlers and gRPC services, owned together and alive as long as the server. A
// domain's Register function (server/<domain>/register.h) builds one; the composition root
// registers its services and checks that the access policy covers them.
class Domain {
 public:
  Domain() = default;
  Domain(const Domain&) = delete;
  Domain& operator=(const Domain&) = delete;
  // Objects go in reverse order of creation: a service goes before the handler it calls.
  ~Domain() {
    while (!owned_.empty()) owned_.pop_back();
  }

  // Makes an object the domain's services use (a handler, a cache) and keeps it alive.
  template <typename T, typename... Args>
  T& Own(Args&&... args) {
    auto object = std::make_shared<T>(std::forward<Args>(args)...);
    T& reference = *object;
    owned_.push_back(std::move(object));
    return reference;
  }

  // Makes a gRPC service, keeps it alive and lists it under `full_name` for registration.
  template <typename Service, typename... Args>
  Service& Serve(std::string full_name, Args&&... args) {
    Service& service = Own<Service>(std::forward<Args>(args)...);
    services_.push_back(ServedService{std::move(full_name), &service});
    return service;
  }

  const std::vector<ServedService>& services() const { return services_; }

 private:
  std::vector<std::shared_ptr<void>> owned_;
  std::vector<ServedService> services_;
};

}  // namespace escala::server
