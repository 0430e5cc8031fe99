#include "tests/testing/fakes/fake_certification_repository.h"

#include <algorithm>

namespace escala::testing {

FakeCertificationRepository::FakeCertificationRepository(FakeAuditRepository* audit)
    : store_(audit, "certification", "certifications", "certification",
             [](const v1::Certification& c) { return c.certification_id(); }) {}

absl::StatusOr<v1::Certification> FakeCertificationRepository::Create(
    const v1::Certification& certification, const db::AuditStamp& stamp, absl::Time now) {
  return store_.Create(certification, stamp, now);
}

absl::StatusOr<v1::Certification> FakeCertificationRepository::Get(
    const std::string& certification_id) {
  return store_.Get(certification_id);
}

absl::StatusOr<std::vector<v1::Certification>> FakeCertificationRepository::List(
    const db::CertificationFilter& filter, const std::string& after_id, int limit) {
  return store_.List(filter.active_only, after_id, limit, [&](const v1::Certification& c) {
    return filter.course_id.empty() || std::find(c.course_ids().begin(), c.course_ids().end(),
                                                 filter.course_id) != c.course_ids().end();
  });
}

absl::StatusOr<v1::Certification> FakeCertificationRepository::Update(
    const v1::Certification& certification, int64_t expected_version, const db::AuditStamp& stamp,
    absl::Time now) {
  return store_.Update(certification, expected_version, stamp, now);
}

absl::StatusOr<bool> FakeCertificationRepository::RecordExpiry(
    const v1::CertificationStatus& status, const db::AuditStamp&, absl::Time) {
  return expiries_.emplace(status.employee_id(), status.certification_id(), status.expiry_date())
      .second;
}

}  // namespace escala::testing
