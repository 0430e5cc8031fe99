// The CertificationRepository and LearningPathRepository contracts, against SQLite, MariaDB and
// the in-memory fakes: keyed creates, lists by key with their filters, etags, and (on SQL) the
// audit event of each change in its transaction.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/training/soci_certification_repository.h"
#include "db/training/soci_learning_path_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_certification_repository.h"
#include "tests/testing/fakes/fake_learning_path_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

v1::Certification TestCertification(const std::string& id, const std::string& course = "DP-101") {
  v1::Certification c;
  c.set_certification_id(id);
  c.set_title("Data protection");
  c.set_description("GDPR basics");
  c.add_course_ids(course);
  c.mutable_active_period()->set_count(12);
  c.mutable_active_period()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  c.mutable_renewal_window()->set_count(30);
  c.mutable_renewal_window()->set_unit(v1::CALENDAR_PERIOD_UNIT_DAYS);
  c.set_renewal_basis(v1::RENEWAL_BASIS_FIXED);
  c.mutable_minimum_active_period()->set_count(6);
  c.mutable_minimum_active_period()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  c.add_required_roles(v1::ROLE_AGENT);
  c.add_required_levels(2);
  c.set_active(true);
  return c;
}

v1::LearningPath TestPath(const std::string& id, v1::Role role, int level) {
  v1::LearningPath p;
  p.set_learning_path_id(id);
  p.set_title("Onboarding");
  p.set_role(role);
  p.set_level(level);
  v1::LearningPathItem* item = p.add_items();
  item->set_course_id("ETIQ");
  item->set_required(true);
  item->set_due_within_days(30);
  p.add_items()->set_course_id("EXTRA");
  p.set_active(true);
  return p;
}

template <typename T>
std::vector<std::string> Keys(const std::vector<T>& rows) {
  std::vector<std::string> keys;
  for (const T& row : rows) {
    if constexpr (std::is_same_v<T, v1::Certification>) {
      keys.push_back(row.certification_id());
    } else {
      keys.push_back(row.learning_path_id());
    }
  }
  return keys;
}

class CertificationRepositoryContract : public DatabaseTest {
 protected:
  db::CertificationRepository& certifications() {
    if (!certifications_) {
      if (fake()) {
        certifications_ = std::make_unique<FakeCertificationRepository>();
      } else {
        certifications_ = std::make_unique<db::SociCertificationRepository>(database().pool());
      }
    }
    return *certifications_;
  }
  db::LearningPathRepository& paths() {
    if (!paths_) {
      if (fake()) {
        paths_ = std::make_unique<FakeLearningPathRepository>();
      } else {
        paths_ = std::make_unique<db::SociLearningPathRepository>(database().pool());
      }
    }
    return *paths_;
  }

 private:
  std::unique_ptr<db::CertificationRepository> certifications_;
  std::unique_ptr<db::LearningPathRepository> paths_;
};

class CertificationRepositorySqlContract : public CertificationRepositoryContract {};

TEST_P(CertificationRepositoryContract, ACertificationIsStoredAsGivenWithItsBookkeeping) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Certification created,
      certifications().Create(TestCertification("DP"), TestStamp(), TestNow()));
  v1::Certification expected = TestCertification("DP");
  expected.set_etag("1");
  expected.set_created_by(TestStamp().principal);
  *expected.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestNow()));
  *expected.mutable_update_time() = expected.create_time();
  EXPECT_EQ(ProtoDiff(expected, created), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Certification read, certifications().Get("DP"));
  EXPECT_EQ(ProtoDiff(created, read), "");
  EXPECT_THAT(certifications().Get("dp"), StatusIs(absl::StatusCode::kNotFound));
  absl::Status again =
      certifications().Create(TestCertification("DP"), TestStamp(), TestNow()).status();
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(db::ErrorReason(again), db::kReasonDuplicateId);
}

TEST_P(CertificationRepositoryContract, CertificationsAreListedByIdWithFilters) {
  for (const char* id : {"C", "A", "B"}) {
    v1::Certification c = TestCertification(id, id == std::string("B") ? "OTHER" : "DP-101");
    c.set_active(id != std::string("C"));
    ASSERT_THAT(certifications().Create(c, TestStamp(), TestNow()), IsOk());
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page, certifications().List({}, "", 2));
  EXPECT_THAT(Keys(page), ElementsAre("A", "B"));
  ESCALA_ASSERT_OK_AND_ASSIGN(page, certifications().List({}, "B", 10));
  EXPECT_THAT(Keys(page), ElementsAre("C"));
  EXPECT_FALSE(page[0].active());
  ESCALA_ASSERT_OK_AND_ASSIGN(page, certifications().List({"DP-101", false}, "", 10));
  EXPECT_THAT(Keys(page), ElementsAre("A", "C"));
  ESCALA_ASSERT_OK_AND_ASSIGN(page, certifications().List({"DP-101", true}, "", 10));
  EXPECT_THAT(Keys(page), ElementsAre("A"));
  ESCALA_ASSERT_OK_AND_ASSIGN(page, certifications().List({"NONE", false}, "", 10));
  EXPECT_THAT(page, IsEmpty());
}

TEST_P(CertificationRepositoryContract, AnUpdateMovesTheEtagAndRefusesAStaleOne) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Certification created,
      certifications().Create(TestCertification("DP"), TestStamp(), TestNow()));
  v1::Certification changed = created;
  changed.set_title("Data protection 2027");
  changed.set_active(false);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Certification updated,
                              certifications().Update(changed, 1, TestStamp(), TestNow(5000)));
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(updated.title(), "Data protection 2027");
  EXPECT_FALSE(updated.active());
  EXPECT_EQ(ProtoDiff(updated.create_time(), created.create_time()), "");
  EXPECT_EQ(db::TimestampToMillis(updated.update_time()), absl::ToUnixMillis(TestNow(5000)));
  absl::Status stale = certifications().Update(changed, 1, TestStamp(), TestNow()).status();
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(db::ErrorReason(stale), db::kReasonEtagMismatch);
  changed.set_certification_id("NONE");
  EXPECT_THAT(certifications().Update(changed, 1, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(CertificationRepositoryContract, PathsAreStoredListedByRoleAndLevelAndUpdated) {
  ASSERT_THAT(paths().Create(TestPath("L1", v1::ROLE_AGENT, 1), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(paths().Create(TestPath("L2", v1::ROLE_AGENT, 2), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(paths().Create(TestPath("ALL", v1::ROLE_AGENT, 0), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(paths().Create(TestPath("LEAD", v1::ROLE_TEAM_LEAD, 0), TestStamp(), TestNow()),
              IsOk());
  EXPECT_EQ(db::ErrorReason(
                paths().Create(TestPath("L1", v1::ROLE_AGENT, 1), TestStamp(), TestNow()).status()),
            db::kReasonDuplicateId);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::LearningPath read, paths().Get("L1"));
  EXPECT_EQ(read.items_size(), 2);
  EXPECT_EQ(read.items(0).due_within_days(), 30);
  EXPECT_FALSE(read.items(1).required());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page, paths().List({}, "", 10));
  EXPECT_THAT(Keys(page), ElementsAre("ALL", "L1", "L2", "LEAD"));
  ESCALA_ASSERT_OK_AND_ASSIGN(page, paths().List({v1::ROLE_AGENT, 2, false}, "", 10));
  EXPECT_THAT(Keys(page), ElementsAre("ALL", "L2"));
  ESCALA_ASSERT_OK_AND_ASSIGN(page, paths().List({v1::ROLE_AGENT, 0, false}, "ALL", 1));
  EXPECT_THAT(Keys(page), ElementsAre("L1"));
  v1::LearningPath changed = read;
  changed.set_active(false);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::LearningPath updated,
                              paths().Update(changed, 1, TestStamp(), TestNow(1000)));
  EXPECT_EQ(updated.etag(), "2");
  ESCALA_ASSERT_OK_AND_ASSIGN(page, paths().List({v1::ROLE_AGENT, 1, true}, "", 10));
  EXPECT_THAT(Keys(page), ElementsAre("ALL"));
  EXPECT_EQ(db::ErrorReason(paths().Update(changed, 1, TestStamp(), TestNow()).status()),
            db::kReasonEtagMismatch);
}

TEST_P(CertificationRepositorySqlContract, EveryChangeWritesItsAuditEvent) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Certification created,
      certifications().Create(TestCertification("DP"), TestStamp(), TestNow()));
  v1::Certification changed = created;
  changed.set_title("Renamed");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Certification updated,
                              certifications().Update(changed, 1, TestStamp(), TestNow(1000)));
  ASSERT_THAT(certifications().Update(changed, 1, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kAborted));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::LearningPath path,
      paths().Create(TestPath("L1", v1::ROLE_AGENT, 1), TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, audit.Next());
  ASSERT_EQ(events.size(), 3u);
  db::ChangedFields first = db::DiffForAudit(nullptr, created);
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(TestStamp(), "certification", "certifications/DP",
                                         first.before_json, first.after_json, TestNow()),
                      WithoutId(events[0])),
            "");
  db::ChangedFields second = db::DiffForAudit(&created, updated);
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(TestStamp(), "certification", "certifications/DP",
                                         second.before_json, second.after_json, TestNow(1000)),
                      WithoutId(events[1])),
            "");
  EXPECT_EQ(events[2].resource_name(), "learningPaths/L1");
  EXPECT_EQ(events[2].resource_type(), "learning_path");
}

// An expiry is recorded once per person, certification and expiry date: the server's rounds,
// restarts and other servers may find it again and again.
TEST_P(CertificationRepositoryContract, AnExpiryIsRecordedOncePerExpiryDate) {
  v1::CertificationStatus status;
  status.set_employee_id("E1");
  status.set_team_id("t1");
  status.set_certification_id("DP");
  status.set_state(v1::CERTIFICATION_STATE_EXPIRED);
  status.set_expiry_date("2026-01-10");
  EXPECT_THAT(certifications().RecordExpiry(status, TestStamp(), TestNow()), IsOkAndHolds(true));
  EXPECT_THAT(certifications().RecordExpiry(status, TestStamp(), TestNow(1000)),
              IsOkAndHolds(false));
  v1::CertificationStatus renewed_then_expired = status;
  renewed_then_expired.set_expiry_date("2027-01-10");
  EXPECT_THAT(certifications().RecordExpiry(renewed_then_expired, TestStamp(), TestNow()),
              IsOkAndHolds(true));
  v1::CertificationStatus someone_else = status;
  someone_else.set_employee_id("E2");
  EXPECT_THAT(certifications().RecordExpiry(someone_else, TestStamp(), TestNow()),
              IsOkAndHolds(true));
}

TEST_P(CertificationRepositorySqlContract, AnExpiryIsAuditedAndOnTheFeedInItsTransaction) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  v1::CertificationStatus status;
  status.set_employee_id("E1");
  status.set_team_id("t1");
  status.set_certification_id("DP");
  status.set_state(v1::CERTIFICATION_STATE_EXPIRED);
  status.set_expiry_date("2026-01-10");
  ASSERT_THAT(certifications().RecordExpiry(status, TestStamp(), TestNow()), IsOkAndHolds(true));
  ASSERT_THAT(certifications().RecordExpiry(status, TestStamp(), TestNow()), IsOkAndHolds(false));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, audit.Next());
  ASSERT_EQ(events.size(), 1u) << "the second finding writes nothing";
  EXPECT_EQ(events[0].resource_type(), "certification_expiry");
  EXPECT_EQ(events[0].resource_name(), "people/E1/certifications/DP");
  absl::StatusOr<long long> outbox = database().QueryInt(
      "SELECT COUNT(*) FROM event_outbox WHERE type = 'escala.training.certification.expired.v1'"
      " AND subject = 'people/E1'");
  ASSERT_TRUE(outbox.ok()) << outbox.status();
  EXPECT_EQ(*outbox, 1);
}

TEST_P(CertificationRepositorySqlContract, HostileTextsRoundTrip) {
  int n = 0;
  for (const std::string& text : HostileStrings()) {
    v1::Certification c = TestCertification("H" + std::to_string(++n));
    c.set_title(text);
    c.set_description(text);
    ASSERT_THAT(certifications().Create(c, TestStamp(), TestNow()), IsOk());
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Certification read, certifications().Get(c.certification_id()));
    EXPECT_EQ(read.title(), text);
    EXPECT_EQ(read.description(), text);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CertificationRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, CertificationRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
