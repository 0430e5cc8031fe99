#include "tools/bench/history_load.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "db/common/proto_time.h"
#include "server/qa/scoring/scorecard_mapping.h"
#include "tools/bench/bench_units.h"
#include "tools/bench/evaluation_workload.h"
#include "tools/bench/raw_sql.h"

namespace escala::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kHourMs = 3'600'000;
// Distinct scored answer sets the evaluations cycle through: scoring and printing the detail of
// each of millions of rows would make the generator, not the database, the bottleneck.
constexpr int kAnswerSets = 4096;

// Deterministic pseudo-random bits of (seed, index, slot): splitmix64 of their mix.
uint64_t Bits(uint64_t seed, int64_t index, int slot) {
  uint64_t x = seed * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(index) * 0xd1b54a32d192ed03ULL +
               static_cast<uint64_t>(slot) * 0x94d049bb133111ebULL;
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

int64_t Below(uint64_t bits, int64_t n) {
  return static_cast<int64_t>(bits % static_cast<uint64_t>(n));
}

// The first index of day `day`: the interactions are spread evenly over the days. (The products
// stay far below 2^63 for any size the benchmark accepts.)
int64_t FirstOfDay(const HistorySetup& setup, int day) {
  return setup.interactions * day / setup.days;
}

// The evaluation of interaction k, if it has one: its 0-based evaluation index.
std::optional<int64_t> EvaluationOf(const HistorySetup& setup, int64_t k) {
  const auto below = [&](int64_t i) { return i * setup.evaluations / setup.interactions; };
  if (below(k + 1) > below(k)) return below(k);
  return std::nullopt;
}

// A scored answer set, as the server stores a submitted evaluation: score and band in their
// columns, the rest (answers, comments, section results, failures) in the detail.
struct ScoredAnswers {
  double score = 0;
  int band = 0;
  std::string detail_json;
};

absl::StatusOr<std::vector<ScoredAnswers>> ScoreAnswerSets() {
  absl::StatusOr<server::ScoringForm> form = server::ToScoringForm(BenchScorecard());
  if (!form.ok()) return form.status();
  std::vector<ScoredAnswers> sets;
  for (int i = 0; i < kAnswerSets; ++i) {
    v1::Evaluation evaluation;
    FillBenchAnswers(i, evaluation);
    if (absl::Status s = server::ApplyScore(*form, evaluation.answers(), evaluation); !s.ok()) {
      return s;
    }
    v1::Evaluation detail;
    *detail.mutable_answers() = evaluation.answers();
    detail.set_overall_comment(evaluation.overall_comment());
    detail.set_coaching_notes(evaluation.coaching_notes());
    *detail.mutable_sections() = evaluation.sections();
    *detail.mutable_failed_critical_keys() = evaluation.failed_critical_keys();
    *detail.mutable_failed_criterion_keys() = evaluation.failed_criterion_keys();
    detail.set_zeroed_by_critical(evaluation.zeroed_by_critical());
    ScoredAnswers set;
    set.score = evaluation.score();
    set.band = static_cast<int>(evaluation.band());
    (void)google::protobuf::util::MessageToJsonString(detail, &set.detail_json);
    sets.push_back(std::move(set));
  }
  return sets;
}

// Runs `day_work(connection, day)` for every day over setup.writers connections, each taking
// the next day not yet taken. Returns the first failure.
absl::Status ForEachDay(const HistorySetup& setup,
                        const std::function<absl::Status(MysqlConnection&, int)>& day_work) {
  std::atomic<int> next_day{0};
  absl::Mutex mutex;
  absl::Status failure;
  std::vector<std::thread> threads;
  for (int w = 0; w < std::max(1, setup.writers); ++w) {
    threads.emplace_back([&] {
      absl::StatusOr<std::unique_ptr<MysqlConnection>> connection =
          MysqlConnection::Open(setup.target, setup.database, setup.local_infile);
      absl::Status status = connection.status();
      if (status.ok()) {
        // Generated rows are unique and reference existing rows by construction: the checks
        // would only cost (a unique check reads the index page; a foreign key the parent row).
        for (const char* sql :
             {"SET SESSION unique_checks = 0", "SET SESSION foreign_key_checks = 0"}) {
          if (status.ok()) status = (*connection)->Execute(sql).status();
        }
      }
      while (status.ok()) {
        {
          absl::MutexLock lock(&mutex);
          if (!failure.ok()) break;
        }
        const int day = next_day.fetch_add(1);
        if (day >= setup.days) break;
        status = day_work(**connection, day);
      }
      if (!status.ok()) {
        absl::MutexLock lock(&mutex);
        if (failure.ok()) failure = status;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return failure;
}

// The rows of one table on their way to one statement: a multi-row INSERT, or the data of a
// LOAD DATA LOCAL INFILE.
class Batch {
 public:
  Batch(MysqlConnection& connection, const HistorySetup& setup, const std::string& insert_prefix,
        const std::string& load_statement)
      : connection_(connection),
        setup_(setup),
        insert_prefix_(insert_prefix),
        load_statement_(load_statement) {
    Reset();
  }

  // The text to append the next row to (a row of VALUES, or a line).
  std::string& NextRow() {
    if (rows_ > 0 && !setup_.local_infile) text_ += ", ";
    ++rows_;
    return text_;
  }

  // Runs the statement when it holds setup.rows_per_statement rows, or any rows with `force`.
  absl::Status Flush(bool force) {
    if (rows_ == 0 || (!force && rows_ < setup_.rows_per_statement)) return absl::OkStatus();
    absl::StatusOr<uint64_t> written = setup_.local_infile
                                           ? connection_.LoadLocal(load_statement_, text_)
                                           : connection_.Execute(text_);
    if (!written.ok()) return written.status();
    // LOAD DATA LOCAL turns a refused row into a warning: the count tells.
    if (static_cast<int>(*written) != rows_) {
      return absl::InternalError(absl::StrCat("wrote ", *written, " of ", rows_, " rows"));
    }
    Reset();
    return absl::OkStatus();
  }

 private:
  void Reset() {
    text_ = setup_.local_infile ? std::string() : insert_prefix_;
    rows_ = 0;
  }

  MysqlConnection& connection_;
  const HistorySetup& setup_;
  const std::string& insert_prefix_;
  const std::string& load_statement_;
  std::string text_;
  int rows_ = 0;
};

}  // namespace

std::string AgentId(int i) { return absl::StrFormat("R%05d", i); }
std::string TeamId(int i) { return absl::StrFormat("rt-%04d", i); }

v1::Interaction HistoryInteraction(const HistorySetup& setup, int64_t k) {
  // The day of k: the last day whose first index is ≤ k.
  int day = static_cast<int>(k * setup.days / setup.interactions);
  while (day + 1 < setup.days && FirstOfDay(setup, day + 1) <= k) ++day;
  while (day > 0 && FirstOfDay(setup, day) > k) --day;
  int slot = 0;
  auto bits = [&] { return Bits(setup.seed, k, slot++); };
  v1::Interaction r;
  r.set_source_system("bench-history");
  r.set_source_id(absl::StrCat(k));
  // A contact centre's mix: phone 45 %, chat 25 %, email 20 %, social 5 %, web form 5 %.
  const int64_t mix = Below(bits(), 100);
  const v1::Channel channel = mix < 45   ? v1::CHANNEL_PHONE
                              : mix < 70 ? v1::CHANNEL_CHAT
                              : mix < 90 ? v1::CHANNEL_EMAIL
                              : mix < 95 ? v1::CHANNEL_SOCIAL
                                         : v1::CHANNEL_WEB_FORM;
  r.set_channel(channel);
  const bool outbound =
      (channel == v1::CHANNEL_PHONE || channel == v1::CHANNEL_EMAIL) && Below(bits(), 100) < 8;
  r.set_direction(outbound ? v1::DIRECTION_OUTBOUND : v1::DIRECTION_INBOUND);
  r.set_queue(absl::StrCat("q", Below(bits(), 20)));
  r.set_priority(static_cast<v1::Priority>(1 + Below(bits(), 4)));
  r.set_agent_employee_id(AgentId(static_cast<int>(Below(bits(), setup.agents))));
  // Opening hours 06:00–22:00 UTC.
  const int64_t start_ms =
      setup.first_day_ms + day * kDayMs + 6 * kHourMs + Below(bits(), 16 * kHourMs);
  *r.mutable_start_time() = db::MillisToTimestamp(start_ms);
  r.set_language("en");
  const bool live = channel == v1::CHANNEL_PHONE || channel == v1::CHANNEL_CHAT;
  if (live) {
    // 8 % of inbound calls and chats are abandoned: no answer, nothing else happens.
    if (!outbound && Below(bits(), 100) < 8) return r;
    const int64_t answer_ms = start_ms + 5'000 + Below(bits(), 55'000);
    *r.mutable_answer_time() = db::MillisToTimestamp(answer_ms);
    const int64_t talk_s = 60 + Below(bits(), 840);
    const int64_t hold_s = Below(bits(), 10) < 3 ? Below(bits(), 120) : 0;
    r.mutable_talk_duration()->set_seconds(talk_s);
    if (hold_s > 0) r.mutable_hold_duration()->set_seconds(hold_s);
    r.mutable_after_contact_duration()->set_seconds(10 + Below(bits(), 110));
    *r.mutable_end_time() = db::MillisToTimestamp(answer_ms + (talk_s + hold_s) * 1000);
  } else {
    *r.mutable_first_response_time() =
        db::MillisToTimestamp(start_ms + 10 * kMinuteMs + Below(bits(), 8 * kHourMs));
  }
  if (Below(bits(), 100) < 70) {
    *r.mutable_resolve_time() =
        db::MillisToTimestamp(start_ms + 10 * kMinuteMs + Below(bits(), 48 * kHourMs));
    r.set_first_contact_resolution(Below(bits(), 100) < 75);
  }
  if (Below(bits(), 100) < 8) {
    r.set_escalated(true);
    r.set_escalated_to_level(2);
  }
  // Surveys: CSAT from 20 % of contacts (mostly satisfied), NPS and CES from 10 %.
  if (Below(bits(), 100) < 20) {
    const int64_t answer = Below(bits(), 10);
    r.set_csat(answer < 5 ? 5 : answer < 8 ? 4 : static_cast<int32_t>(1 + Below(bits(), 3)));
  }
  if (Below(bits(), 100) < 10) r.set_nps(static_cast<int32_t>(Below(bits(), 11)));
  if (Below(bits(), 100) < 10) r.set_ces(static_cast<int32_t>(1 + Below(bits(), 7)));
  return r;
}

absl::StatusOr<HistoryLoadTimes> LoadHistory(const HistorySetup& setup) {
  if (setup.interactions < 1 || setup.days < 1 || setup.agents < 1 ||
      setup.evaluations > setup.interactions) {
    return absl::InvalidArgumentError(
        "history: interactions, days and agents must be positive "
        "and evaluations at most one per interaction");
  }
  HistoryLoadTimes times;
  const long long now_ms = absl::ToUnixMillis(absl::Now());
  auto team_of = [&](const std::string& agent) {
    return TeamId(std::stoi(agent.substr(1)) / setup.team_size);
  };

  SteadyClock::time_point start = SteadyClock::now();
  absl::Status loaded = ForEachDay(setup, [&](MysqlConnection& connection, int day) {
    Batch batch(connection, setup, HistoryInteractionInsertPrefix(),
                HistoryInteractionLoadStatement());
    for (int64_t k = FirstOfDay(setup, day); k < FirstOfDay(setup, day + 1); ++k) {
      const v1::Interaction record = HistoryInteraction(setup, k);
      const std::string team = team_of(record.agent_employee_id());
      if (setup.local_infile) {
        AppendHistoryInteractionLine(k + 1, record, team, now_ms, batch.NextRow());
      } else {
        AppendHistoryInteractionRow(connection, k + 1, record, team, now_ms, batch.NextRow());
      }
      if (absl::Status s = batch.Flush(false); !s.ok()) return s;
    }
    return batch.Flush(true);
  });
  if (!loaded.ok()) return loaded;
  times.interaction_seconds = SecondsSince(start);

  if (setup.evaluations == 0) return times;
  absl::StatusOr<std::vector<ScoredAnswers>> sets = ScoreAnswerSets();
  if (!sets.ok()) return sets.status();
  start = SteadyClock::now();
  loaded = ForEachDay(setup, [&](MysqlConnection& connection, int day) {
    Batch batch(connection, setup, RawEvaluationsWithIdsPrefix(), RawEvaluationsLoadStatement());
    for (int64_t k = FirstOfDay(setup, day); k < FirstOfDay(setup, day + 1); ++k) {
      const std::optional<int64_t> evaluation = EvaluationOf(setup, k);
      if (!evaluation) continue;
      const v1::Interaction record = HistoryInteraction(setup, k);
      const ScoredAnswers& set =
          (*sets)[static_cast<std::size_t>(Below(Bits(setup.seed, k, 100), kAnswerSets))];
      RawEvaluationRow row;
      row.id = *evaluation + 1;
      row.interaction_id = k + 1;
      row.agent_employee_id = record.agent_employee_id();
      row.team_id = team_of(record.agent_employee_id());
      row.evaluator_employee_id = setup.evaluator;
      row.score = set.score;
      row.band = set.band;
      row.detail_json = set.detail_json;
      // Scored one to three days after the contact.
      row.submit_ms = db::TimestampToMillis(record.start_time()) + kDayMs +
                      Below(Bits(setup.seed, k, 101), 2 * kDayMs);
      row.now_ms = now_ms;
      if (setup.local_infile) {
        AppendRawEvaluationLine(row, batch.NextRow());
      } else {
        AppendRawEvaluationRow(connection, row, batch.NextRow());
      }
      if (absl::Status s = batch.Flush(false); !s.ok()) return s;
    }
    return batch.Flush(true);
  });
  if (!loaded.ok()) return loaded;
  times.evaluation_seconds = SecondsSince(start);
  return times;
}

}  // namespace escala::bench
