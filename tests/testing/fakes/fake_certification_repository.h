#pragma once

// Certifications in memory with the CertificationRepository contract
// (tests/integration/certification_repository_contract_test.cc runs against it).

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "db/training/certification_repository.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_document_store.h"

namespace escala::testing {

class FakeCertificationRepository : public db::CertificationRepository {
 public:
  explicit FakeCertificationRepository(FakeAuditRepository* audit = nullptr);

  absl::StatusOr<v1::Certification> Create(const v1::Certification& certification,
                                           const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Certification> Get(const std::string& certification_id) override;
  absl::StatusOr<std::vector<v1::Certification>> List(const db::CertificationFilter& filter,
                                                      const std::string& after_id,
                                                      int limit) override;
  absl::StatusOr<v1::Certification> Update(const v1::Certification& certification,
                                           int64_t expected_version, const db::AuditStamp& stamp,
                                           absl::Time now) override;
  absl::StatusOr<bool> RecordExpiry(const v1::CertificationStatus& status,
                                    const db::AuditStamp& stamp, absl::Time now) override;

 private:
  FakeDocumentStore<v1::Certification> store_;
  // (employee_id, certification_id, expiry_date) of the expiries recorded.
  std::set<std::tuple<std::string, std::string, std::string>> expiries_;
};

}  // namespace escala::testing
