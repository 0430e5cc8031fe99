#include "db/training/soci_certification_repository.h"

#include <algorithm>
#include <string>
#include <vector>

#include "db/training/soci_document_table.h"

namespace escala::db {
namespace {

const document_table::Table<v1::Certification>& Certifications() {
  static const document_table::Table<v1::Certification> table{
      "certifications",
      "certification_id",
      "certification",
      "certifications",
      "certification",
      [](const v1::Certification& c) { return c.certification_id(); },
      [](v1::Certification& c, const std::string& key) { c.set_certification_id(key); }};
  return table;
}

}  // namespace

absl::StatusOr<v1::Certification> SociCertificationRepository::Create(
    const v1::Certification& certification, const AuditStamp& stamp, absl::Time now) {
  return document_table::Create(Certifications(), pool_, certification, stamp, now);
}

absl::StatusOr<v1::Certification> SociCertificationRepository::Get(
    const std::string& certification_id) {
  return document_table::Get(Certifications(), pool_, certification_id);
}

absl::StatusOr<std::vector<v1::Certification>> SociCertificationRepository::List(
    const CertificationFilter& filter, const std::string& after_id, int limit) {
  return document_table::List<v1::Certification>(
      Certifications(), pool_, filter.active_only, after_id, limit,
      [&filter](const v1::Certification& c) {
        return filter.course_id.empty() || std::find(c.course_ids().begin(), c.course_ids().end(),
                                                     filter.course_id) != c.course_ids().end();
      });
}

absl::StatusOr<v1::Certification> SociCertificationRepository::Update(
    const v1::Certification& certification, int64_t expected_version, const AuditStamp& stamp,
    absl::Time now) {
  return document_table::Update(Certifications(), pool_, certification, expected_version, stamp,
                                now);
}

}  // namespace escala::db
