// The audit log's storage contract (AppendAuditEvent + SociAuditRepository), against SQLite,
// MariaDB and the in-memory fake (FakeAuditRepository::Append + List + Find).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/audit/soci_audit_repository.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/transaction.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

std::vector<int64_t> Ids(const std::vector<v1::AuditEvent>& events) {
  std::vector<int64_t> ids;
  for (const v1::AuditEvent& event : events) ids.push_back(event.id());
  return ids;
}

db::AuditStamp Stamp(const std::string& principal, const std::string& request_id = "") {
  return db::AuditStamp{principal, v1::ROLE_MANAGER, "escala.v1.PeopleService/UpdatePerson",
                        request_id};
}

db::AuditChange Change(const std::string& resource_type, const std::string& resource_name) {
  return db::AuditChange{resource_type, resource_name, R"({"level":1})", R"({"level":2})"};
}

// Runs on SQLite, MariaDB and the fake.
class AuditRepositoryContract : public DatabaseTest {
 protected:
  db::AuditRepository& audit() {
    if (!repository_) {
      if (fake()) {
        auto repository = std::make_unique<FakeAuditRepository>();
        fake_ = repository.get();
        repository_ = std::move(repository);
      } else {
        repository_ = std::make_unique<db::SociAuditRepository>(database().pool());
      }
    }
    return *repository_;
  }

  // Appends one event in a transaction of its own that commits (on the fake: records it).
  void Append(const db::AuditStamp& stamp, const db::AuditChange& change, absl::Time now) {
    if (fake()) {
      audit();
      fake_->Append(stamp, change, now);
      return;
    }
    absl::StatusOr<db::SessionPool::Lease> lease = database().pool().Acquire();
    ASSERT_THAT(lease, IsOk());
    db::Transaction transaction(lease->session(), lease->dialect());
    db::AppendAuditEvent(lease->session(), stamp, change, now);
    transaction.Commit();
  }

  absl::StatusOr<std::vector<v1::AuditEvent>> ListAll(const db::AuditFilter& filter) {
    return audit().List(filter, std::nullopt, 1000);
  }

  // Seven events spread over principals, types, names and times; ids 1..7 in append order.
  void AppendMixedEvents() {
    Append(Stamp("people/E1"), Change("person", "people/E10"), TestNow(0));
    Append(Stamp("people/E2"), Change("team", "teams/blue"), TestNow(1000));
    Append(Stamp("people/E1"), Change("person", "people/E11"), TestNow(2000));
    Append(Stamp("serviceAccounts/hr-sync"), Change("person", "people/E10"), TestNow(3000));
    Append(Stamp("people/E2"), Change("interaction", "interactions/42"), TestNow(4000));
    Append(Stamp("people/E1"), Change("team", "teams/blue"), TestNow(5000));
    Append(Stamp("people/E1 "), Change("person", "people/E10 "), TestNow(6000));
  }

 private:
  std::unique_ptr<db::AuditRepository> repository_;
  FakeAuditRepository* fake_ = nullptr;
};

// The cases about transactions, which the fake does not have: SQLite and MariaDB only.
class AuditRepositorySqlContract : public AuditRepositoryContract {};

TEST_P(AuditRepositoryContract, CommittedEventIsListedWithEveryField) {
  const db::AuditStamp stamp = Stamp("people/E1001", "req-7");
  const db::AuditChange change{"person", "people/E2002", R"({"level":1})", R"({"level":2})"};
  Append(stamp, change, TestNow());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, ListAll({}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_GT(events[0].id(), 0);
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(stamp, "person", "people/E2002", R"({"level":1})",
                                         R"({"level":2})", TestNow()),
                      WithoutId(events[0])),
            "");
  EXPECT_EQ(db::TimestampToMillis(events[0].event_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(events[0].principal_role(), v1::ROLE_MANAGER);
  EXPECT_EQ(events[0].request_id(), "req-7");
}

TEST_P(AuditRepositoryContract, EventWithoutRequestIdAndCreateReadsBackEmpty) {
  Append(Stamp("people/E1"), db::AuditChange{"team", "teams/blue", "", R"({"team_id":"blue"})"},
         TestNow());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, ListAll({}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].request_id(), "");
  EXPECT_EQ(events[0].before_json(), "");
  EXPECT_EQ(events[0].after_json(), R"({"team_id":"blue"})");
}

// A state-changing request's event, stamped with its request_id and fingerprint.
db::AuditStamp RequestStamp(const std::string& principal, const std::string& method,
                            const std::string& request_id, const std::string& request_hash) {
  db::AuditStamp stamp = Stamp(principal, request_id);
  stamp.method = method;
  stamp.request_hash = request_hash;
  return stamp;
}

TEST_P(AuditRepositoryContract, FindLooksARequestUpByPrincipalMethodAndRequestId) {
  const std::string ack = "escala.v1.EvaluationService/AcknowledgeEvaluation";
  const std::string open = "escala.v1.EvaluationService/OpenDispute";
  Append(RequestStamp("people/A1", ack, "r-1", "111"),
         db::AuditChange{"evaluation", "evaluations/7", "{}", R"({"state":"ACK"})"}, TestNow());
  // A second event of the same request (a change writing several) does not hide the first.
  Append(RequestStamp("people/A1", ack, "r-1", "111"), Change("evaluation", "evaluations/8"),
         TestNow(1));
  Append(RequestStamp("people/A2", ack, "r-2", "222"), Change("evaluation", "evaluations/9"),
         TestNow(2));
  // A request_id from the x-request-id header only: no fingerprint, never a replay.
  Append(Stamp("people/A1", "hdr-1"), Change("person", "people/A1"), TestNow(3));

  ESCALA_ASSERT_OK_AND_ASSIGN(std::optional<db::LoggedRequest> found,
                              audit().Find("people/A1", ack, "r-1"));
  ASSERT_TRUE(found.has_value());
  EXPECT_GT(found->event_id, 0);
  EXPECT_EQ(found->request_hash, "111");
  EXPECT_EQ(found->resource_name, "evaluations/7");
  EXPECT_EQ(found->after_json, R"({"state":"ACK"})");

  // Every part of the key must match: another principal, method or request_id finds nothing.
  for (const auto& [principal, method, request_id] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"people/A2", ack, "r-1"},
           {"people/A1", open, "r-1"},
           {"people/A1", ack, "r-2"},
           {"people/A1", ack, "R-1"},
           {"people/A1", "escala.v1.PeopleService/UpdatePerson", "hdr-1"}}) {
    ESCALA_ASSERT_OK_AND_ASSIGN(std::optional<db::LoggedRequest> none,
                                audit().Find(principal, method, request_id));
    EXPECT_FALSE(none.has_value()) << principal << " " << method << " " << request_id;
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(std::optional<db::LoggedRequest> other,
                              audit().Find("people/A2", ack, "r-2"));
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->request_hash, "222");
}

TEST_P(AuditRepositorySqlContract, EventOfARolledBackTransactionIsNotListed) {
  {
    ESCALA_ASSERT_OK_AND_ASSIGN(db::SessionPool::Lease lease, database().pool().Acquire());
    db::Transaction transaction(lease.session(), lease.dialect());
    // The change and its record share the transaction, so both go.
    lease.session() << "INSERT INTO teams (team_id, display_name, create_ms, update_ms, version)"
                       " VALUES ('gone', 'Gone', 1, 1, 1)";
    db::AppendAuditEvent(lease.session(), Stamp("people/E1"), Change("team", "teams/gone"),
                         TestNow());
    transaction.Rollback();
  }
  {
    ESCALA_ASSERT_OK_AND_ASSIGN(db::SessionPool::Lease lease, database().pool().Acquire());
    db::Transaction transaction(lease.session(), lease.dialect());
    db::AppendAuditEvent(lease.session(), Stamp("people/E1"), Change("team", "teams/dropped"),
                         TestNow());
    // Destroyed without Commit: rolls back like an exception on the way out would.
  }
  EXPECT_THAT(ListAll({}), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM teams"), IsOkAndHolds(0));

  Append(Stamp("people/E1"), Change("team", "teams/kept"), TestNow());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, ListAll({}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_name(), "teams/kept");
}

TEST_P(AuditRepositoryContract, ListsNewestFirstByDefaultAndOldestFirstOnRequest) {
  AppendMixedEvents();
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> newest, ListAll({}));
  ASSERT_EQ(newest.size(), 7u);
  for (std::size_t i = 1; i < newest.size(); ++i) EXPECT_GT(newest[i - 1].id(), newest[i].id());
  db::AuditFilter oldest_first;
  oldest_first.oldest_first = true;
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> oldest, ListAll(oldest_first));
  std::vector<int64_t> reversed = Ids(newest);
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(Ids(oldest), reversed);
  EXPECT_EQ(oldest.front().resource_name(), "people/E10");
  EXPECT_EQ(oldest.back().resource_name(), "people/E10 ");
}

// "principal resource_name" of each event, to read a filtered list at a glance.
std::vector<std::string> Names(const std::vector<v1::AuditEvent>& events) {
  std::vector<std::string> names;
  for (const v1::AuditEvent& event : events) {
    names.push_back(absl::StrCat(event.principal(), " ", event.resource_name()));
  }
  return names;
}

TEST_P(AuditRepositoryContract, FiltersMatchExactlyAndCombine) {
  AppendMixedEvents();
  db::AuditFilter filter;
  filter.oldest_first = true;

  filter.principal = "people/E1";
  ESCALA_ASSERT_OK_AND_ASSIGN(auto by_principal, ListAll(filter));
  // Byte-exact: "people/E1 " (trailing space) is another principal.
  EXPECT_THAT(Names(by_principal),
              ElementsAre("people/E1 people/E10", "people/E1 people/E11", "people/E1 teams/blue"));

  filter = {};
  filter.oldest_first = true;
  filter.resource_type = "team";
  ESCALA_ASSERT_OK_AND_ASSIGN(auto by_type, ListAll(filter));
  EXPECT_THAT(Names(by_type), ElementsAre("people/E2 teams/blue", "people/E1 teams/blue"));

  filter = {};
  filter.oldest_first = true;
  filter.resource_name = "people/E10";
  ESCALA_ASSERT_OK_AND_ASSIGN(auto by_name, ListAll(filter));
  EXPECT_THAT(Names(by_name),
              ElementsAre("people/E1 people/E10", "serviceAccounts/hr-sync people/E10"));

  filter = {};
  filter.oldest_first = true;
  filter.start_ms = absl::ToUnixMillis(TestNow(1000));  // inclusive
  filter.end_ms = absl::ToUnixMillis(TestNow(4000));    // exclusive
  ESCALA_ASSERT_OK_AND_ASSIGN(auto by_time, ListAll(filter));
  EXPECT_THAT(Names(by_time), ElementsAre("people/E2 teams/blue", "people/E1 people/E11",
                                          "serviceAccounts/hr-sync people/E10"));

  filter.principal = "people/E1";
  filter.resource_type = "person";
  ESCALA_ASSERT_OK_AND_ASSIGN(auto combined, ListAll(filter));
  EXPECT_THAT(Names(combined), ElementsAre("people/E1 people/E11"));

  filter = {};
  filter.principal = "people/%";
  EXPECT_THAT(ListAll(filter), IsOkAndHolds(IsEmpty()));
}

TEST_P(AuditRepositoryContract, KeysetPagesHaveNoGapsOrRepeatsInBothOrders) {
  AppendMixedEvents();
  for (bool oldest_first : {false, true}) {
    db::AuditFilter filter;
    filter.oldest_first = oldest_first;
    ESCALA_ASSERT_OK_AND_ASSIGN(auto all, ListAll(filter));
    std::vector<int64_t> paged;
    std::optional<int64_t> after;
    for (int page = 0; page < 10; ++page) {
      ESCALA_ASSERT_OK_AND_ASSIGN(auto rows, audit().List(filter, after, 3));
      if (rows.empty()) break;
      EXPECT_LE(rows.size(), 3u);
      for (const v1::AuditEvent& row : rows) paged.push_back(row.id());
      after = rows.back().id();
    }
    EXPECT_THAT(paged, ElementsAreArray(Ids(all))) << "oldest_first=" << oldest_first;
    EXPECT_EQ(paged.size(), 7u);
  }
  // Paging a filtered list stays within the filter.
  db::AuditFilter filter;
  filter.principal = "people/E1";
  ESCALA_ASSERT_OK_AND_ASSIGN(auto first, audit().List(filter, std::nullopt, 2));
  ASSERT_EQ(first.size(), 2u);
  ESCALA_ASSERT_OK_AND_ASSIGN(auto second, audit().List(filter, first.back().id(), 2));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].resource_name(), "people/E10");
}

TEST_P(AuditRepositoryContract, HostileTextRoundTripsByteExactInEveryColumn) {
  for (const std::string& text : HostileStrings()) {
    const db::AuditStamp stamp{text, v1::ROLE_ADMINISTRATOR, absl::StrCat("method ", text), text};
    const db::AuditChange change{text, absl::StrCat("name ", text), absl::StrCat("before ", text),
                                 absl::StrCat("after ", text)};
    Append(stamp, change, TestNow());
  }
  db::AuditFilter oldest_first;
  oldest_first.oldest_first = true;
  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, ListAll(oldest_first));
  ASSERT_EQ(events.size(), HostileStrings().size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::string& text = HostileStrings()[i];
    EXPECT_EQ(events[i].principal(), text);
    EXPECT_EQ(events[i].method(), absl::StrCat("method ", text));
    EXPECT_EQ(events[i].resource_type(), text);
    EXPECT_EQ(events[i].resource_name(), absl::StrCat("name ", text));
    EXPECT_EQ(events[i].request_id(), text);
    EXPECT_EQ(events[i].before_json(), absl::StrCat("before ", text));
    EXPECT_EQ(events[i].after_json(), absl::StrCat("after ", text));
  }
  // Each hostile value filters to exactly its own event: no wildcard, case or padding matches.
  for (const std::string& text : HostileStrings()) {
    db::AuditFilter filter;
    filter.principal = text;
    filter.resource_type = text;
    filter.resource_name = absl::StrCat("name ", text);
    ESCALA_ASSERT_OK_AND_ASSIGN(auto matched, ListAll(filter));
    ASSERT_EQ(matched.size(), 1u) << text;
    EXPECT_EQ(matched[0].principal(), text);
  }
}

TEST_P(AuditRepositoryContract, LargeChangeRoundTrips) {
  // A bulk change's record can pass the 64 KiB of a MariaDB TEXT column.
  std::string large = "{\"tags\":\"";
  large.append(200'000, 'x');
  large.append("\"}");
  Append(Stamp("people/E1"), db::AuditChange{"interaction", "interactions", "", large}, TestNow());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, ListAll({}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].after_json(), large);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, AuditRepositorySqlContract, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
