#include "server/training/certification_expiry_notifier.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/platform/logger.h"

namespace escala::server {
namespace {

// Statuses read per page.
constexpr int kStatusPage = 500;

}  // namespace

int CertificationExpiryNotifier::AnnounceExpiries() {
  CallContext call;
  call.caller.principal = kPrincipal;
  call.method = kMethod;
  call.scope = Scope::kAll;
  const db::AuditStamp stamp = call.Stamp();
  v1::ListExpiringCertificationsRequest request;
  request.set_page_size(kStatusPage);
  *request.mutable_as_of_time() = [&] {
    google::protobuf::Timestamp at;
    at.set_seconds(absl::ToUnixSeconds(clock_()));
    return at;
  }();
  int announced = 0;
  while (true) {
    absl::StatusOr<v1::ListExpiringCertificationsResponse> page =
        statuses_.ListExpiringCertifications(call, request);
    if (!page.ok()) {
      Log(LogLevel::kWarning, absl::StrCat("certification expiries: cannot read the statuses: ",
                                           page.status().message()));
      return announced;
    }
    for (const v1::CertificationStatus& status : page->statuses()) {
      if (status.state() != v1::CERTIFICATION_STATE_EXPIRED) continue;
      absl::StatusOr<bool> recorded = certifications_.RecordExpiry(status, stamp, clock_());
      if (!recorded.ok()) {
        Log(LogLevel::kWarning, absl::StrCat("certification expiry of ", status.employee_id(),
                                             "'s ", status.certification_id(),
                                             " not recorded: ", recorded.status().message()));
      } else if (*recorded) {
        ++announced;
      }
    }
    if (page->next_page_token().empty()) return announced;
    request.set_page_token(page->next_page_token());
  }
}

}  // namespace escala::server
