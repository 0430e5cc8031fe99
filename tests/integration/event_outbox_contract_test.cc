// The event outbox: the sequence follows commit order with no holes under concurrent writers
// and rollbacks, a transaction's events stay together, ids are unique, retention keeps one
// contiguous range, and the repositories append their events in the transaction of the change.
// On SQLite and MariaDB.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/event_types.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/directory/soci_people_repository.h"
#include "db/directory/soci_team_repository.h"
#include "db/events/outbox.h"
#include "db/events/soci_event_feed_repository.h"
#include "escala/v1/events.pb.h"
#include "tests/integration/records.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr int kOutboxWriterThreads = 4;

// An event whose data names the writer, its transaction and the event's place in it.
db::OutboxEvent OutboxMarker(int writer, int transaction, int index, absl::Time now) {
  v1::PersonLevelChanged marker;
  marker.set_employee_id(absl::StrCat("W", writer));
  marker.set_from_level(transaction);
  marker.set_to_level(index);
  return db::MakeOutboxEvent("escala.test.marker.v1", absl::StrCat("writers/", writer),
                             absl::StrCat("W", writer), "", now, marker);
}

v1::PersonLevelChanged OutboxMarkerOf(const db::StoredEvent& event) {
  google::protobuf::Any any;
  EXPECT_TRUE(any.ParseFromString(event.payload));
  v1::PersonLevelChanged marker;
  EXPECT_TRUE(any.UnpackTo(&marker));
  return marker;
}

class EventOutboxContract : public DatabaseTest {
 protected:
  TestDatabaseOptions Options() const override {
    TestDatabaseOptions options;
    options.pool_size = kOutboxWriterThreads + 2;
    return options;
  }
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    feed_ = std::make_unique<db::SociEventFeedRepository>(database().pool());
  }

  // Appends `events` in one transaction that commits or, when `roll_back`, rolls back.
  absl::Status AppendInTransaction(const std::vector<db::OutboxEvent>& events, bool roll_back,
                                   absl::Time now) {
    return db::WithSession(database().pool(), "test", [&](db::SessionPool::Lease& lease) {
      db::Transaction transaction(lease.session(), lease.dialect());
      db::AppendEvents(lease.session(), lease.dialect(), events, now);
      if (roll_back) {
        transaction.Rollback();
      } else {
        transaction.Commit();
      }
      return absl::OkStatus();
    });
  }

  // Every stored event, page by page.
  std::vector<db::StoredEvent> ReadAll(int page_size = 7) {
    std::vector<db::StoredEvent> all;
    for (;;) {
      absl::StatusOr<std::vector<db::StoredEvent>> page =
          feed_->ReadAfter(all.empty() ? 0 : all.back().seq, page_size);
      EXPECT_THAT(page, IsOk());
      if (!page.ok() || page->empty()) return all;
      all.insert(all.end(), page->begin(), page->end());
    }
  }

  std::unique_ptr<db::SociEventFeedRepository> feed_;
};

TEST_P(EventOutboxContract, EmptyFeedStandsAtZeroWithARandomEpoch) {
  absl::StatusOr<db::FeedPosition> position = feed_->Position();
  ASSERT_THAT(position, IsOk());
  EXPECT_EQ(position->head, 0);
  EXPECT_EQ(position->oldest, 1);
  EXPECT_NE(position->epoch, 0);
  EXPECT_THAT(ReadAll(), IsEmpty());
}

TEST_P(EventOutboxContract, AppendNumbersEventsInOrderWithUniqueIdsAndKeepsTheirData) {
  const absl::Time now = TestNow();
  ASSERT_THAT(
      AppendInTransaction({OutboxMarker(1, 1, 0, now), OutboxMarker(1, 1, 1, now)}, false, now),
      IsOk());
  ASSERT_THAT(AppendInTransaction({OutboxMarker(2, 1, 0, now)}, false, now + absl::Seconds(1)),
              IsOk());
  const std::vector<db::StoredEvent> all = ReadAll(2);
  ASSERT_THAT(all, SizeIs(3));
  std::set<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(all[i].seq, i + 1);
    EXPECT_EQ(all[i].event_id.size(), 26u);
    ids.insert(all[i].event_id);
  }
  EXPECT_THAT(ids, SizeIs(3));
  EXPECT_EQ(OutboxMarkerOf(all[1]).to_level(), 1);
  EXPECT_EQ(OutboxMarkerOf(all[2]).employee_id(), "W2");
  EXPECT_EQ(all[2].type, "escala.test.marker.v1");
  EXPECT_EQ(all[2].subject, "writers/2");
  EXPECT_EQ(all[2].person_id, "W2");
  EXPECT_EQ(all[2].recorded_ms, absl::ToUnixMillis(now + absl::Seconds(1)));
  absl::StatusOr<db::FeedPosition> position = feed_->Position();
  ASSERT_THAT(position, IsOk());
  EXPECT_EQ(position->head, 3);
  EXPECT_EQ(position->oldest, 1);
}

TEST_P(EventOutboxContract, RolledBackTransactionLeavesNoEventAndNoHole) {
  const absl::Time now = TestNow();
  ASSERT_THAT(AppendInTransaction({OutboxMarker(1, 1, 0, now)}, false, now), IsOk());
  ASSERT_THAT(
      AppendInTransaction({OutboxMarker(1, 2, 0, now), OutboxMarker(1, 2, 1, now)}, true, now),
      IsOk());
  ASSERT_THAT(AppendInTransaction({OutboxMarker(1, 3, 0, now)}, false, now), IsOk());
  const std::vector<db::StoredEvent> all = ReadAll();
  ASSERT_THAT(all, SizeIs(2));
  EXPECT_EQ(all[0].seq, 1);
  EXPECT_EQ(all[1].seq, 2);
  EXPECT_EQ(OutboxMarkerOf(all[1]).from_level(), 3);
}

// The etcd guarantees under load: K writers commit or roll back at random while a reader
// follows the feed with `seq > position` pages. The reader must never see a seq appear after a
// larger one (which an insert-time id would do: the reader would skip it for good), every
// committed event must be there exactly once, and the events of one transaction contiguous.
TEST_P(EventOutboxContract, ConcurrentWritersWithRandomRollbacksCommitInSequenceOrder) {
  constexpr int kTransactionsPerWriter = 40;
  std::atomic<int> committed_events{0};
  std::atomic<bool> writers_done{false};
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < kOutboxWriterThreads; ++w) {
    writers.emplace_back([&, w] {
      std::mt19937 random(static_cast<unsigned>(w * 7919 + 1));
      for (int t = 0; t < kTransactionsPerWriter; ++t) {
        const int size = 1 + static_cast<int>(random() % 3);
        const bool roll_back = random() % 4 == 0;
        std::vector<db::OutboxEvent> events;
        for (int i = 0; i < size; ++i) events.push_back(OutboxMarker(w, t, i, TestNow()));
        // A transaction that fails (a busy SQLite writer lock, a MariaDB lock wait) is retried:
        // it wrote nothing.
        for (int attempt = 0;; ++attempt) {
          const absl::Status status = AppendInTransaction(events, roll_back, TestNow());
          if (status.ok()) break;
          if (attempt == 20) {
            ++failures;
            break;
          }
        }
        if (!roll_back) committed_events += size;
      }
    });
  }
  std::thread coordinator([&] {
    for (std::thread& writer : writers) writer.join();
    writers_done = true;
  });
  // The reader, concurrently: every page must start right after where it stands.
  std::vector<db::StoredEvent> seen;
  int64_t position = 0;
  int out_of_order = 0;
  for (;;) {
    const bool done = writers_done.load();
    absl::StatusOr<std::vector<db::StoredEvent>> page = feed_->ReadAfter(position, 50);
    if (!page.ok()) {
      ADD_FAILURE() << page.status();
      break;
    }
    for (const db::StoredEvent& event : *page) {
      if (event.seq != position + 1) ++out_of_order;
      position = event.seq;
      seen.push_back(event);
    }
    if (done && page->empty()) break;
  }
  coordinator.join();
  ASSERT_EQ(failures.load(), 0);
  EXPECT_EQ(out_of_order, 0);
  EXPECT_EQ(static_cast<int>(seen.size()), committed_events.load());

  // After the fact, read whole: 1..N, ids unique, each transaction's events together and in
  // order, and only committed transactions.
  const std::vector<db::StoredEvent> all = ReadAll(100);
  ASSERT_EQ(static_cast<int>(all.size()), committed_events.load());
  std::set<std::string> ids;
  std::set<std::pair<std::string, int>> finished;
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(all[i].event_id, seen[i].event_id);
    ids.insert(all[i].event_id);
    const v1::PersonLevelChanged marker = OutboxMarkerOf(all[i]);
    const std::pair<std::string, int> transaction{marker.employee_id(), marker.from_level()};
    if (marker.to_level() == 0) {
      EXPECT_EQ(finished.count(transaction), 0u) << "transaction seen twice at " << all[i].seq;
      finished.insert(transaction);
    } else {
      ASSERT_GT(i, 0u);
      const v1::PersonLevelChanged previous = OutboxMarkerOf(all[i - 1]);
      EXPECT_EQ(previous.employee_id(), marker.employee_id()) << "split at " << all[i].seq;
      EXPECT_EQ(previous.from_level(), marker.from_level()) << "split at " << all[i].seq;
      EXPECT_EQ(previous.to_level() + 1, marker.to_level()) << "split at " << all[i].seq;
    }
  }
  EXPECT_EQ(ids.size(), all.size());
}

TEST_P(EventOutboxContract, RetentionDeletesTheOldestAndMovesTheOldestRetained) {
  const absl::Time now = TestNow();
  for (int day = 0; day < 5; ++day) {
    ASSERT_THAT(AppendInTransaction({OutboxMarker(1, day, 0, now), OutboxMarker(1, day, 1, now)},
                                    false, now + absl::Hours(24) * day),
                IsOk());
  }
  // Days 0..2 are older than the cutoff; two rows per transaction of deletion.
  absl::StatusOr<int64_t> deleted =
      feed_->DeleteRecordedBefore(now + absl::Hours(24) * 2 + absl::Minutes(1), 2);
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(*deleted, 6);
  absl::StatusOr<db::FeedPosition> position = feed_->Position();
  ASSERT_THAT(position, IsOk());
  EXPECT_EQ(position->oldest, 7);
  EXPECT_EQ(position->head, 10);
  EXPECT_EQ(ReadAll().front().seq, 7);
  // Everything old: nothing retained, the head stays.
  ASSERT_THAT(feed_->DeleteRecordedBefore(now + absl::Hours(24) * 10, 100), IsOk());
  position = feed_->Position();
  ASSERT_THAT(position, IsOk());
  EXPECT_EQ(position->oldest, 11);
  EXPECT_EQ(position->head, 10);
}

TEST_P(EventOutboxContract, LevelChangeAppendsItsEventInTheUpdatesTransaction) {
  db::SociTeamRepository teams(database().pool());
  db::SociPeopleRepository people(database().pool());
  ASSERT_THAT(teams.Create(MakeTeam("billing", "Billing"), TestStamp(), TestNow()), IsOk());
  absl::StatusOr<v1::Person> created =
      people.Create(MakePerson("E1", "billing", v1::ROLE_AGENT, 1), TestStamp(), TestNow());
  ASSERT_THAT(created, IsOk());
  // A create and an update that keeps the level report nothing.
  v1::Person renamed = *created;
  renamed.set_display_name("Ana Lima");
  absl::StatusOr<v1::Person> updated = people.Update(renamed, 1, TestStamp(), TestNow());
  ASSERT_THAT(updated, IsOk());
  EXPECT_THAT(ReadAll(), IsEmpty());

  v1::Person promoted = *updated;
  promoted.set_level(2);
  ASSERT_THAT(people.Update(promoted, 2, TestStamp(), TestNow(5)), IsOk());
  // An upsert batch of two level changes takes one block.
  v1::Person second = MakePerson("E2", "billing", v1::ROLE_AGENT, 3);
  ASSERT_THAT(people.Create(second, TestStamp(), TestNow()), IsOk());
  v1::Person e1 = promoted;
  e1.set_level(3);
  e1.clear_etag();
  v1::Person e2 = second;
  e2.set_level(4);
  ASSERT_THAT(people.Upsert({e1, e2}, TestStamp(), TestNow(9)), IsOk());

  const std::vector<db::StoredEvent> all = ReadAll();
  ASSERT_THAT(all, SizeIs(3));
  EXPECT_EQ(all[0].type, db::kLevelChangedEvent);
  EXPECT_EQ(all[0].subject, "people/E1");
  EXPECT_EQ(all[0].person_id, "E1");
  EXPECT_EQ(all[0].team_id, "billing");
  EXPECT_EQ(all[0].occurred_ms, absl::ToUnixMillis(TestNow(5)));
  google::protobuf::Any any;
  ASSERT_TRUE(any.ParseFromString(all[0].payload));
  v1::PersonLevelChanged changed;
  ASSERT_TRUE(any.UnpackTo(&changed));
  EXPECT_EQ(changed.from_level(), 1);
  EXPECT_EQ(changed.to_level(), 2);
  EXPECT_EQ(changed.display_name(), "Ana Lima");
  EXPECT_EQ(all[1].subject, "people/E1");
  EXPECT_EQ(all[2].subject, "people/E2");
  EXPECT_EQ(all[2].seq, 3);

  // A failed update (stale etag) rolls its event back with it.
  v1::Person stale = promoted;
  stale.set_level(5);
  EXPECT_FALSE(people.Update(stale, 2, TestStamp(), TestNow()).ok());
  EXPECT_THAT(ReadAll(), SizeIs(3));
}

INSTANTIATE_TEST_SUITE_P(Backends, EventOutboxContract, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
