#include "server/interactions/import_processor.h"

#include <map>
#include <set>

#include "escala/v1/people.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace escala::server {
namespace {

// In-memory interactions: staged inserts become visible on Commit only, like a transaction.
class FakeStore {
 public:
  std::set<std::string> agents = {"E1", "E2"};
  std::set<db::SourceKey> stored;
  int commits = 0;
  // Insert calls (1-based) that fail with UNAVAILABLE / ALREADY_EXISTS.
  std::set<int> fail_insert_unavailable;
  std::set<int> fail_insert_already_exists;
  int insert_calls = 0;
};

class FakeTransaction : public db::InteractionImportTransaction {
 public:
  explicit FakeTransaction(FakeStore& store) : store_(store) {}
  absl::StatusOr<std::vector<std::string>> FindKnownAgents(
      const std::vector<std::string>& ids) override {
    std::vector<std::string> found;
    for (const auto& id : ids) {
      if (store_.agents.count(id)) found.push_back(id);
    }
    return found;
  }
  absl::StatusOr<std::vector<db::SourceKey>> FindExistingSources(
      const std::vector<db::SourceKey>& keys) override {
    std::vector<db::SourceKey> found;
    for (const auto& key : keys) {
      if (store_.stored.count(key)) found.push_back(key);
    }
    return found;
  }
  absl::Status Insert(const std::vector<const v1::Interaction*>& records, absl::Time) override {
    const int call = ++store_.insert_calls;
    if (store_.fail_insert_unavailable.count(call)) return absl::UnavailableError("db down");
    if (store_.fail_insert_already_exists.count(call)) return absl::AlreadyExistsError("race");
    // Like a unique index: one stored key fails the whole statement, which writes nothing.
    for (const auto* r : records) {
      const db::SourceKey key{r->source_system(), r->source_id()};
      if (store_.stored.count(key) || staged_.count(key)) return absl::AlreadyExistsError("dup");
    }
    for (const auto* r : records) staged_.emplace(r->source_system(), r->source_id());
    return absl::OkStatus();
  }
  absl::Status Commit() override {
    store_.stored.insert(staged_.begin(), staged_.end());
    staged_.clear();
    ++store_.commits;
    return absl::OkStatus();
  }
  void Rollback() override { staged_.clear(); }

 private:
  FakeStore& store_;
  std::set<db::SourceKey> staged_;
};

class FakeRepository : public db::InteractionRepository {
 public:
  explicit FakeRepository(FakeStore& store) : store_(store) {}
  absl::StatusOr<v1::Interaction> Create(const v1::Interaction&, const std::string&,
                                         const db::AuditStamp&, absl::Time) override {
    return absl::InternalError("unused");
  }
  absl::StatusOr<std::optional<v1::Interaction>> FindByRequestId(const std::string&) override {
    return absl::InternalError("unused");
  }
  absl::StatusOr<v1::Interaction> Get(int64_t) override { return absl::InternalError("unused"); }
  absl::StatusOr<std::vector<v1::Interaction>> List(const db::InteractionFilter&,
                                                    const std::optional<db::InteractionCursor>&,
                                                    int) override {
    return absl::InternalError("unused");
  }
  absl::StatusOr<v1::Interaction> Update(const v1::Interaction&, int64_t, const db::AuditStamp&,
                                         absl::Time) override {
    return absl::InternalError("unused");
  }
  absl::StatusOr<std::unique_ptr<db::InteractionImportTransaction>> BeginImport(
      const db::AuditStamp&) override {
    return std::unique_ptr<db::InteractionImportTransaction>(new FakeTransaction(store_));
  }

 private:
  FakeStore& store_;
};

v1::Interaction Record(int n, const std::string& agent = "E1") {
  v1::Interaction in;
  in.set_source_system("pbx");
  in.set_source_id("call-" + std::to_string(n));
  in.set_channel(v1::CHANNEL_CHAT);
  in.set_direction(v1::DIRECTION_INBOUND);
  in.set_priority(v1::PRIORITY_MEDIUM);
  in.set_agent_employee_id(agent);
  in.mutable_start_time()->set_seconds(1764000000 + n);
  return in;
}

v1::ImportInteractionsRequest Message(std::vector<v1::Interaction> records) {
  v1::ImportInteractionsRequest message;
  for (auto& r : records) *message.add_interactions() = std::move(r);
  return message;
}

class ImportProcessorTest : public testing::Test {
 protected:
  ImportProcessor Make(v1::ImportMode mode, std::size_t batch = 3) {
    return ImportProcessor(
        repository_, mode, [] { return absl::FromUnixSeconds(1764000000); }, batch,
        db::AuditStamp{"serviceAccounts/import-test", v1::ROLE_INTEGRATION,
                       "escala.v1.InteractionService/ImportInteractions", ""});
  }
  FakeStore store_;
  FakeRepository repository_{store_};
};

TEST_F(ImportProcessorTest, KeepValidWritesGoodRecordsAndReportsBadOnesByPosition) {
  ImportProcessor p = Make(v1::IMPORT_MODE_KEEP_VALID);
  v1::Interaction bad = Record(2);
  bad.mutable_talk_duration()->set_seconds(-4);
  auto m1 = Message({Record(1), bad});
  p.Add(m1);
  auto m2 = Message({Record(3, "E-unknown"), Record(4)});
  p.Add(m2);
  ASSERT_TRUE(p.Finish().ok());
  const auto& r = p.response();
  EXPECT_EQ(r.received_count(), 4);
  EXPECT_EQ(r.imported_count(), 2);
  ASSERT_EQ(r.rejections_size(), 2);
  EXPECT_EQ(r.rejections(0).position(), 2);
  EXPECT_EQ(r.rejections(0).field(), "talk_duration");
  EXPECT_EQ(r.rejections(0).code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(r.rejections(1).position(), 3);
  EXPECT_EQ(r.rejections(1).field(), "agent_employee_id");
  EXPECT_EQ(r.rejections(1).code(), static_cast<int>(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(store_.stored.size(), 2u);
}

TEST_F(ImportProcessorTest, StoredSourceIdsCountAsAlreadyPresent) {
  store_.stored.insert({"pbx", "call-1"});
  ImportProcessor p = Make(v1::IMPORT_MODE_KEEP_VALID);
  auto m = Message({Record(1), Record(2)});
  p.Add(m);
  ASSERT_TRUE(p.Finish().ok());
  EXPECT_EQ(p.response().already_present_count(), 1);
  EXPECT_EQ(p.response().imported_count(), 1);
  EXPECT_EQ(p.response().rejections_size(), 0);
}

TEST_F(ImportProcessorTest, RepeatedSourceIdInOneStreamIsRejected) {
  ImportProcessor p = Make(v1::IMPORT_MODE_KEEP_VALID);
  auto m = Message({Record(1), Record(1)});
  p.Add(m);
  ASSERT_TRUE(p.Finish().ok());
  ASSERT_EQ(p.response().rejections_size(), 1);
  EXPECT_EQ(p.response().rejections(0).position(), 2);
  EXPECT_EQ(p.response().rejections(0).code(), static_cast<int>(absl::StatusCode::kAlreadyExists));
}

TEST_F(ImportProcessorTest, KeepValidCommitsEachBatchAndReportsHowFarItGot) {
  ImportProcessor p = Make(v1::IMPORT_MODE_KEEP_VALID, 2);
  auto m1 = Message({Record(1), Record(2)});
  p.Add(m1);
  ASSERT_TRUE(p.BatchReady());
  ASSERT_TRUE(p.WritePending().ok());
  EXPECT_EQ(p.committed_through(), 2);
  store_.fail_insert_unavailable.insert(2);
  auto m2 = Message({Record(3), Record(4)});
  p.Add(m2);
  absl::Status failed = p.WritePending();
  EXPECT_EQ(failed.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(p.committed_through(), 2);
  EXPECT_EQ(p.response().imported_count(), 2);
  EXPECT_EQ(store_.stored.size(), 2u);
}

TEST_F(ImportProcessorTest, KeepValidRetriesABatchOnceAfterAConcurrentInsert) {
  // Both the optimistic insert and the checked one lose a race; the batch is redone once.
  store_.fail_insert_already_exists = {1, 2};
  ImportProcessor p = Make(v1::IMPORT_MODE_KEEP_VALID);
  auto m = Message({Record(1), Record(2)});
  p.Add(m);
  ASSERT_TRUE(p.Finish().ok());
  EXPECT_EQ(p.response().imported_count(), 2);
  EXPECT_EQ(store_.insert_calls, 3);
}

TEST_F(ImportProcessorTest, ResentBatchInsertsOnlyTheNewRecords) {
  store_.stored = {{"pbx", "call-1"}, {"pbx", "call-3"}};
  ImportProcessor p = Make(v1::IMPORT_MODE_KEEP_VALID, 10);
  auto m = Message({Record(1), Record(2), Record(3), Record(4)});
  p.Add(m);
  ASSERT_TRUE(p.Finish().ok());
  EXPECT_EQ(p.response().imported_count(), 2);
  EXPECT_EQ(p.response().already_present_count(), 2);
  EXPECT_EQ(store_.stored.size(), 4u);
  EXPECT_EQ(store_.insert_calls, 2) << "one optimistic insert, one of the new records";
}

TEST_F(ImportProcessorTest, AllOrNothingWritesNothingWhenOneRecordIsBad) {
  ImportProcessor p = Make(v1::IMPORT_MODE_ALL_OR_NOTHING, 2);
  auto m1 = Message({Record(1), Record(2)});
  p.Add(m1);
  ASSERT_TRUE(p.WritePending().ok());
  v1::Interaction bad = Record(3);
  bad.set_csat(9);
  auto m2 = Message({bad, Record(4)});
  p.Add(m2);
  ASSERT_TRUE(p.Finish().ok());
  EXPECT_EQ(p.response().imported_count(), 0);
  ASSERT_EQ(p.response().rejections_size(), 1);
  EXPECT_EQ(p.response().rejections(0).position(), 3);
  EXPECT_EQ(p.response().rejections(0).field(), "csat");
  EXPECT_TRUE(store_.stored.empty());
  EXPECT_EQ(store_.commits, 0);
}

TEST_F(ImportProcessorTest, AllOrNothingCommitsOnceWhenEverythingIsValid) {
  ImportProcessor p = Make(v1::IMPORT_MODE_ALL_OR_NOTHING, 2);
  for (int n = 1; n <= 5; ++n) {
    auto m = Message({Record(n)});
    p.Add(m);
    if (p.BatchReady()) {
      ASSERT_TRUE(p.WritePending().ok());
    }
  }
  EXPECT_TRUE(store_.stored.empty()) << "nothing is visible before the end";
  ASSERT_TRUE(p.Finish().ok());
  EXPECT_EQ(p.response().imported_count(), 5);
  EXPECT_EQ(store_.stored.size(), 5u);
  EXPECT_EQ(store_.commits, 1);
}

TEST_F(ImportProcessorTest, AllOrNothingUnknownAgentRollsBackEarlierBatches) {
  ImportProcessor p = Make(v1::IMPORT_MODE_ALL_OR_NOTHING, 1);
  auto m1 = Message({Record(1)});
  p.Add(m1);
  ASSERT_TRUE(p.WritePending().ok());
  auto m2 = Message({Record(2, "nobody")});
  p.Add(m2);
  ASSERT_TRUE(p.Finish().ok());
  EXPECT_EQ(p.response().imported_count(), 0);
  EXPECT_EQ(p.response().rejections(0).field(), "agent_employee_id");
  EXPECT_TRUE(store_.stored.empty());
}

TEST_F(ImportProcessorTest, UnspecifiedModeMeansKeepValid) {
  ImportProcessor p = Make(v1::IMPORT_MODE_UNSPECIFIED);
  EXPECT_EQ(p.mode(), v1::IMPORT_MODE_KEEP_VALID);
}

}  // namespace
}  // namespace escala::server
