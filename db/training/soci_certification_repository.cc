#include "db/training/soci_certification_repository.h"

#include <soci/soci.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/event_bell.h"
#include "db/common/event_types.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/stored_json.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/events/outbox.h"
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

absl::StatusOr<bool> SociCertificationRepository::RecordExpiry(
    const v1::CertificationStatus& status, const AuditStamp& stamp, absl::Time now) {
  absl::StatusOr<bool> recorded = WithSession(
      pool_, "RecordCertificationExpiry", [&](SessionPool::Lease& lease) -> absl::StatusOr<bool> {
        Transaction transaction(lease.session(), lease.dialect());
        BoundQuery seen;
        seen.Sql("SELECT COUNT(*) FROM certification_expiries WHERE employee_id = ")
            .Value(status.employee_id())
            .Sql(" AND certification_id = ")
            .Value(status.certification_id())
            .Sql(" AND expiry_date = ")
            .Value(status.expiry_date());
        long long count = 0;
        soci::statement statement(lease.session());
        statement.exchange(soci::into(count));
        PrepareAndExecute(lease.session(), statement, seen);
        statement.fetch();
        if (count > 0) return false;
        BoundQuery insert;
        insert
            .Sql(
                "INSERT INTO certification_expiries"
                " (employee_id, certification_id, expiry_date, announce_ms) VALUES (")
            .Value(status.employee_id())
            .Sql(", ")
            .Value(status.certification_id())
            .Sql(", ")
            .Value(status.expiry_date())
            .Sql(", ")
            .Value(static_cast<long long>(absl::ToUnixMillis(now)))
            .Sql(")");
        insert.Execute(lease.session());
        const std::string subject = absl::StrCat("people/", status.employee_id());
        AppendAuditEvent(
            lease.session(), stamp,
            AuditChange{"certification_expiry",
                        absl::StrCat(subject, "/certifications/", status.certification_id()), "",
                        StoredJson(status, "certification status")},
            now);
        AppendEvents(lease.session(), lease.dialect(),
                     {MakeOutboxEvent(kCertificationExpiredEvent, subject, status.employee_id(),
                                      status.team_id(), now, status)},
                     now);
        transaction.Commit();
        RingEventBell();
        return true;
      });
  // Another server recorded it between the look and the insert.
  if (absl::IsAlreadyExists(recorded.status())) return false;
  return recorded;
}

}  // namespace escala::db
