#include "db/directory/soci_people_repository.h"

#include <soci/soci.h>

#include <map>
#include <optional>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/event_bell.h"
#include "db/common/event_types.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/events/outbox.h"
#include "db/events/soci_event_feed_repository.h"
#include "escala/v1/events.pb.h"

namespace escala::db {
namespace {

constexpr char kSelectPerson[] =
    "SELECT employee_id, display_name, email, role, level, team_id, hire_date, active,"
    " create_ms, update_ms, version FROM people";
// Rows per multi-row INSERT / IN list: large enough to amortise the round trip, small enough
// to stay far below SQLite's 32,766-parameter limit.
constexpr std::size_t kChunk = 400;

// One people row as read from the database.
struct PersonRow {
  std::string employee_id, display_name, email, team_id, hire_date;
  soci::indicator team_indicator = soci::i_null, hire_indicator = soci::i_null;
  long long role = 0, level = 0, active = 0, create_ms = 0, update_ms = 0, version = 0;

  void BindInto(soci::statement& statement) {
    statement.exchange(soci::into(employee_id));
    statement.exchange(soci::into(display_name));
    statement.exchange(soci::into(email));
    statement.exchange(soci::into(role));
    statement.exchange(soci::into(level));
    statement.exchange(soci::into(team_id, team_indicator));
    statement.exchange(soci::into(hire_date, hire_indicator));
    statement.exchange(soci::into(active));
    statement.exchange(soci::into(create_ms));
    statement.exchange(soci::into(update_ms));
    statement.exchange(soci::into(version));
  }

  v1::Person ToProto() const {
    v1::Person person;
    person.set_employee_id(employee_id);
    person.set_display_name(display_name);
    person.set_email(email);
    person.set_role(static_cast<v1::Role>(role));
    person.set_level(static_cast<int32_t>(level));
    if (team_indicator == soci::i_ok) person.set_team_id(team_id);
    if (hire_indicator == soci::i_ok) person.set_hire_date(hire_date);
    person.set_active(active != 0);
    *person.mutable_create_time() = MillisToTimestamp(create_ms);
    *person.mutable_update_time() = MillisToTimestamp(update_ms);
    person.set_etag(absl::StrCat(version));
    return person;
  }
};

std::vector<v1::Person> FetchAll(soci::session& session, BoundQuery& query) {
  std::vector<v1::Person> people;
  PersonRow row;
  soci::statement statement(session);
  row.BindInto(statement);
  PrepareAndExecute(session, statement, query);
  while (statement.fetch()) people.push_back(row.ToProto());
  return people;
}

// The columns a caller controls, in INSERT order.
void AppendPersonValues(BoundQuery& query, const v1::Person& person) {
  query.Value(person.employee_id())
      .Sql(", ")
      .Value(person.display_name())
      .Sql(", ")
      .Value(person.email())
      .Sql(", ")
      .Value(static_cast<long long>(person.role()))
      .Sql(", ")
      .Value(static_cast<long long>(person.level()))
      .Sql(", ")
      .Value(NullIfEmpty(person.team_id()))
      .Sql(", ")
      .Value(NullIfEmpty(person.hire_date()))
      .Sql(", ")
      .Value(static_cast<long long>(person.active() ? 1 : 0));
}

constexpr char kInsertPrefix[] =
    "INSERT INTO people (employee_id, display_name, email, role, level, team_id, hire_date,"
    " active, create_ms, update_ms, version) VALUES ";

void InsertPeople(soci::session& session, const std::vector<const v1::Person*>& people,
                  long long now_ms) {
  for (std::size_t start = 0; start < people.size(); start += kChunk) {
    BoundQuery query;
    query.Sql(kInsertPrefix);
    for (std::size_t i = start; i < std::min(people.size(), start + kChunk); ++i) {
      query.Sql(i == start ? "(" : ", (");
      AppendPersonValues(query, *people[i]);
      query.Sql(", ").Value(now_ms).Sql(", ").Value(now_ms).Sql(", 1)");
    }
    query.Execute(session);
  }
}

// UPDATE of every caller-controlled column; returns affected rows (0 = version moved on).
long long UpdatePersonRow(soci::session& session, const v1::Person& person,
                          int64_t expected_version, long long now_ms) {
  BoundQuery query;
  query.Sql("UPDATE people SET display_name = ")
      .Value(person.display_name())
      .Sql(", email = ")
      .Value(person.email())
      .Sql(", role = ")
      .Value(static_cast<long long>(person.role()))
      .Sql(", level = ")
      .Value(static_cast<long long>(person.level()))
      .Sql(", team_id = ")
      .Value(NullIfEmpty(person.team_id()))
      .Sql(", hire_date = ")
      .Value(NullIfEmpty(person.hire_date()))
      .Sql(", active = ")
      .Value(static_cast<long long>(person.active() ? 1 : 0))
      .Sql(", update_ms = ")
      .Value(now_ms)
      .Sql(", version = version + 1 WHERE employee_id = ")
      .Value(person.employee_id())
      .Sql(" AND version = ")
      .Value(static_cast<long long>(expected_version));
  return query.Execute(session);
}

bool SameStoredFields(const v1::Person& a, const v1::Person& b) {
  return a.display_name() == b.display_name() && a.email() == b.email() && a.role() == b.role() &&
         a.level() == b.level() && a.team_id() == b.team_id() && a.hire_date() == b.hire_date() &&
         a.active() == b.active();
}

// The stored version the etag names (0 for an etag that is not one).
long long VersionOf(const v1::Person& person) {
  long long version = 0;
  (void)absl::SimpleAtoi(person.etag(), &version);
  return version;
}

// The person as stored, or nullopt. On MariaDB the row stays locked until the transaction ends,
// so that the state read is the one the following UPDATE replaces (a plain read would see the
// transaction's snapshot, which may be older). On SQLite the transaction holds the write lock.
std::optional<v1::Person> LockPerson(SessionPool::Lease& lease, const std::string& employee_id) {
  BoundQuery query;
  query.Sql(kSelectPerson).Sql(" WHERE employee_id = ").Value(employee_id);
  if (lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
  std::vector<v1::Person> rows = FetchAll(lease.session(), query);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

// The stored people among `employee_ids`, keyed by employee id, read in chunks of IN lists.
std::map<std::string, v1::Person> ReadPeople(soci::session& session,
                                             const std::vector<std::string>& employee_ids) {
  std::map<std::string, v1::Person> stored;
  for (std::size_t start = 0; start < employee_ids.size(); start += kChunk) {
    std::vector<std::string> ids(employee_ids.begin() + static_cast<std::ptrdiff_t>(start),
                                 employee_ids.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                            employee_ids.size(), start + kChunk)));
    BoundQuery query;
    query.Sql(kSelectPerson).Sql(" WHERE employee_id IN ").InList(ids);
    for (v1::Person& person : FetchAll(session, query)) {
      std::string id = person.employee_id();
      stored.emplace(std::move(id), std::move(person));
    }
  }
  return stored;
}

// ABORTED with ETAG_MISMATCH: `person` was edited from a version that is no longer stored.
// Records a change of level in the transaction of the update that made it, and adds its event
// to `events` (appended to the outbox at the end of the transaction); nothing when the level
// stays.
void RecordLevelChange(soci::session& session, const v1::Person& before, const v1::Person& after,
                       absl::Time now, std::vector<OutboxEvent>& events) {
  if (before.level() == after.level()) return;
  const long long now_ms = absl::ToUnixMillis(now);
  v1::PersonLevelChanged changed;
  changed.set_person(absl::StrCat("people/", after.employee_id()));
  changed.set_employee_id(after.employee_id());
  changed.set_display_name(after.display_name());
  changed.set_from_level(before.level());
  changed.set_to_level(after.level());
  changed.set_team_id(after.team_id());
  events.push_back(MakeOutboxEvent(kLevelChangedEvent, changed.person(), after.employee_id(),
                                   after.team_id(), now, changed));
  BoundQuery query;
  query
      .Sql(
          "INSERT INTO person_level_changes (employee_id, from_level, to_level, change_ms)"
          " VALUES (")
      .Value(after.employee_id())
      .Sql(", ")
      .Value(static_cast<long long>(before.level()))
      .Sql(", ")
      .Value(static_cast<long long>(after.level()))
      .Sql(", ")
      .Value(now_ms)
      .Sql(")");
  query.Execute(session);
}

absl::Status StaleUpsert(const v1::Person& person) {
  return WithErrorInfo(absl::AbortedError(absl::StrCat(
                           "UpsertPeople: person '", person.employee_id(),
                           "' was changed concurrently (etag mismatch); retry the batch")),
                       kReasonEtagMismatch,
                       {{"resource", absl::StrCat("people/", person.employee_id())}});
}

// Records one person's change in the open transaction; `before` is nullptr for a create.
void AuditPerson(soci::session& session, const AuditStamp& stamp, const v1::Person* before,
                 const v1::Person& after, absl::Time now) {
  ChangedFields changed = DiffForAudit(before, after);
  AppendAuditEvent(session, stamp,
                   AuditChange{"person", absl::StrCat("people/", after.employee_id()),
                               std::move(changed.before_json), std::move(changed.after_json)},
                   now);
}

// One page of people matching `filter` after `after_employee_id`, by employee_id.
std::vector<v1::Person> SelectPeoplePage(soci::session& session, const PeopleFilter& filter,
                                         const std::string& after_employee_id, int limit) {
  BoundQuery query;
  query.Sql(kSelectPerson).Sql(" WHERE employee_id > ").Value(after_employee_id);
  if (!filter.employee_id.empty()) query.Sql(" AND employee_id = ").Value(filter.employee_id);
  if (!filter.team_id.empty()) query.Sql(" AND team_id = ").Value(filter.team_id);
  if (filter.role != 0) query.Sql(" AND role = ").Value(static_cast<long long>(filter.role));
  if (filter.level != 0) query.Sql(" AND level = ").Value(static_cast<long long>(filter.level));
  if (filter.active.has_value()) {
    query.Sql(" AND active = ").Value(static_cast<long long>(*filter.active ? 1 : 0));
  }
  query.Sql(" ORDER BY employee_id LIMIT ").Value(static_cast<long long>(limit));
  return FetchAll(session, query);
}

absl::Status UnknownTeam(const v1::Person& person) {
  return absl::FailedPreconditionError(
      absl::StrCat("team_id: team '", person.team_id(), "' does not exist"));
}

}  // namespace

absl::StatusOr<v1::Person> SociPeopleRepository::Create(const v1::Person& person,
                                                        const AuditStamp& stamp, absl::Time now) {
  absl::StatusOr<v1::Person> created = WithSession(
      pool_, "CreatePerson", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Person> {
        Transaction transaction(lease.session(), lease.dialect());
        InsertPeople(lease.session(), {&person}, absl::ToUnixMillis(now));
        BoundQuery query;
        query.Sql(kSelectPerson).Sql(" WHERE employee_id = ").Value(person.employee_id());
        std::vector<v1::Person> rows = FetchAll(lease.session(), query);
        if (rows.empty()) return absl::InternalError("CreatePerson: row vanished after insert");
        AuditPerson(lease.session(), stamp, nullptr, rows.front(), now);
        transaction.Commit();
        return rows.front();
      });
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(absl::AlreadyExistsError(
                             absl::StrCat("person '", person.employee_id(), "' already exists")),
                         kReasonDuplicateId,
                         {{"resource", absl::StrCat("people/", person.employee_id())}});
  }
  if (absl::IsFailedPrecondition(created.status())) return UnknownTeam(person);
  return created;
}

absl::StatusOr<v1::Person> SociPeopleRepository::Get(const std::string& employee_id) {
  return WithSession(
      pool_, "GetPerson", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Person> {
        BoundQuery query;
        query.Sql(kSelectPerson).Sql(" WHERE employee_id = ").Value(employee_id);
        std::vector<v1::Person> rows = FetchAll(lease.session(), query);
        if (rows.empty()) {
          return absl::NotFoundError(absl::StrCat("person '", employee_id, "' not found"));
        }
        return rows.front();
      });
}

absl::StatusOr<std::vector<v1::Person>> SociPeopleRepository::List(
    const PeopleFilter& filter, const std::string& after_employee_id, int limit) {
  return WithSession(pool_, "ListPeople",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Person>> {
                       return SelectPeoplePage(lease.session(), filter, after_employee_id, limit);
                     });
}

absl::StatusOr<std::vector<v1::Person>> SociPeopleRepository::ListWithWatermark(
    const PeopleFilter& filter, const std::string& after_employee_id, int limit,
    FeedPosition& watermark) {
  return WithSession(pool_, "ListPeople",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Person>> {
                       // The feed's head first: on MariaDB its read opens the snapshot the page is
                       // read in.
                       ReadSnapshot snapshot(lease.session(), lease.dialect());
                       watermark = ReadFeedPosition(lease.session());
                       std::vector<v1::Person> page =
                           SelectPeoplePage(lease.session(), filter, after_employee_id, limit);
                       snapshot.End();
                       return page;
                     });
}

absl::StatusOr<v1::Person> SociPeopleRepository::Update(const v1::Person& person,
                                                        int64_t expected_version,
                                                        const AuditStamp& stamp, absl::Time now) {
  absl::StatusOr<v1::Person> updated = WithSession(
      pool_, "UpdatePerson", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Person> {
        Transaction transaction(lease.session(), lease.dialect());
        std::optional<v1::Person> before = LockPerson(lease, person.employee_id());
        if (!before.has_value()) {
          return absl::NotFoundError(absl::StrCat("person '", person.employee_id(), "' not found"));
        }
        // The version check stays in the UPDATE as well, so a row that was not locked after all
        // can never be overwritten blindly.
        if (VersionOf(*before) != expected_version ||
            UpdatePersonRow(lease.session(), person, expected_version, absl::ToUnixMillis(now)) ==
                0) {
          return WithErrorInfo(
              absl::AbortedError(absl::StrCat("person '", person.employee_id(),
                                              "' was changed concurrently (etag mismatch); re-read "
                                              "and retry")),
              kReasonEtagMismatch, {{"resource", absl::StrCat("people/", person.employee_id())}});
        }
        BoundQuery query;
        query.Sql(kSelectPerson).Sql(" WHERE employee_id = ").Value(person.employee_id());
        std::vector<v1::Person> rows = FetchAll(lease.session(), query);
        if (rows.empty()) return absl::InternalError("UpdatePerson: row vanished after update");
        std::vector<OutboxEvent> events;
        RecordLevelChange(lease.session(), *before, rows.front(), now, events);
        // Written even when no field changed: the version moved, and the event says who moved it.
        AuditPerson(lease.session(), stamp, &*before, rows.front(), now);
        AppendEvents(lease.session(), lease.dialect(), events, now);
        transaction.Commit();
        if (!events.empty()) RingEventBell();
        return rows.front();
      });
  if (absl::IsFailedPrecondition(updated.status())) return UnknownTeam(person);
  return updated;
}

absl::StatusOr<UpsertCounts> SociPeopleRepository::Upsert(const std::vector<v1::Person>& people,
                                                          const AuditStamp& stamp, absl::Time now) {
  absl::StatusOr<UpsertCounts> counts = WithSession(
      pool_, "UpsertPeople", [&](SessionPool::Lease& lease) -> absl::StatusOr<UpsertCounts> {
        soci::session& session = lease.session();
        const long long now_ms = absl::ToUnixMillis(now);
        Transaction transaction(session, lease.dialect());

        // Unknown teams are reported by index before anything is written.
        std::set<std::string> team_ids;
        for (const v1::Person& person : people) {
          if (!person.team_id().empty()) team_ids.insert(person.team_id());
        }
        std::vector<std::string> found_teams =
            SelectExistingKeys(session, "SELECT team_id FROM teams WHERE team_id IN ",
                               std::vector<std::string>(team_ids.begin(), team_ids.end()));
        std::set<std::string> known_teams(found_teams.begin(), found_teams.end());
        for (std::size_t i = 0; i < people.size(); ++i) {
          if (!people[i].team_id().empty() && known_teams.count(people[i].team_id()) == 0) {
            // The field in the details: an import maps it back to the person's line.
            const std::string field = absl::StrCat("people[", i, "].team_id");
            const std::string rule =
                absl::StrCat("team '", people[i].team_id(), "' does not exist");
            return WithFieldViolation(
                absl::FailedPreconditionError(absl::StrCat(field, ": ", rule)), field, rule);
          }
        }

        std::vector<std::string> ids;
        ids.reserve(people.size());
        for (const v1::Person& person : people) ids.push_back(person.employee_id());
        const std::map<std::string, v1::Person> stored = ReadPeople(session, ids);

        // The audit events compare the caller's records with the rows read above: every field
        // DiffForAudit looks at is stored as given, so the records are what reading them back would
        // give, without a second round trip per chunk. A successful version-checked UPDATE proves
        // the row read is the row replaced.
        UpsertCounts counts;
        std::vector<OutboxEvent> events;
        std::vector<const v1::Person*> to_insert;
        counts.outcomes.reserve(people.size());
        for (const v1::Person& person : people) {
          auto it = stored.find(person.employee_id());
          if (it == stored.end()) {
            if (!person.etag().empty()) return StaleUpsert(person);
            to_insert.push_back(&person);
            ++counts.created;
            counts.outcomes.push_back(UpsertOutcome::kCreated);
          } else if (!person.etag().empty() && person.etag() != it->second.etag()) {
            return StaleUpsert(person);
          } else if (SameStoredFields(it->second, person)) {
            ++counts.unchanged;
            counts.outcomes.push_back(UpsertOutcome::kUnchanged);
          } else {
            if (UpdatePersonRow(session, person, VersionOf(it->second), now_ms) == 0) {
              return StaleUpsert(person);
            }
            RecordLevelChange(session, it->second, person, now, events);
            AuditPerson(session, stamp, &it->second, person, now);
            ++counts.updated;
            counts.outcomes.push_back(UpsertOutcome::kUpdated);
          }
        }
        InsertPeople(session, to_insert, now_ms);
        for (const v1::Person* person : to_insert)
          AuditPerson(session, stamp, nullptr, *person, now);
        // One sequence block for the batch's events.
        AppendEvents(session, lease.dialect(), events, now);
        transaction.Commit();
        if (!events.empty()) RingEventBell();
        return counts;
      });
  if (absl::IsAlreadyExists(counts.status())) {
    // Another upsert created one of these people between our read and our insert.
    return absl::AbortedError("UpsertPeople: a person was created concurrently; retry the batch");
  }
  return counts;
}

absl::StatusOr<std::vector<v1::Person>> SociPeopleRepository::GetMany(
    const std::vector<std::string>& employee_ids) {
  return WithSession(pool_, "GetPeople",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Person>> {
                       std::vector<v1::Person> people;
                       for (auto& [id, person] : ReadPeople(lease.session(), employee_ids)) {
                         people.push_back(std::move(person));
                       }
                       return people;
                     });
}

absl::StatusOr<std::vector<std::string>> SociPeopleRepository::FindExisting(
    const std::vector<std::string>& employee_ids) {
  return WithSession(pool_, "FindPeople",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<std::string>> {
                       return SelectExistingKeys(
                           lease.session(), "SELECT employee_id FROM people WHERE employee_id IN ",
                           employee_ids);
                     });
}

absl::StatusOr<std::vector<LevelChange>> SociPeopleRepository::LevelChanges(
    const std::string& employee_id) {
  absl::StatusOr<std::map<std::string, std::vector<LevelChange>>> changes =
      LevelChangesOf({employee_id});
  if (!changes.ok()) return changes.status();
  auto found = changes->find(employee_id);
  return found == changes->end() ? std::vector<LevelChange>{} : std::move(found->second);
}

absl::StatusOr<std::map<std::string, std::vector<LevelChange>>>
SociPeopleRepository::LevelChangesOf(const std::vector<std::string>& employee_ids) {
  return WithSession(
      pool_, "ListLevelChanges",
      [&](SessionPool::Lease& lease)
          -> absl::StatusOr<std::map<std::string, std::vector<LevelChange>>> {
        std::map<std::string, std::vector<LevelChange>> changes;
        if (employee_ids.empty()) return changes;
        BoundQuery query;
        query
            .Sql(
                "SELECT employee_id, from_level, to_level, change_ms, promotion_case_id"
                " FROM person_level_changes WHERE employee_id IN ")
            .InList(employee_ids)
            .Sql(" ORDER BY employee_id, change_ms, id");
        std::string employee_id;
        long long from_level = 0, to_level = 0, change_ms = 0, case_id = 0;
        soci::indicator case_indicator = soci::i_null;
        soci::statement statement(lease.session());
        statement.exchange(soci::into(employee_id));
        statement.exchange(soci::into(from_level));
        statement.exchange(soci::into(to_level));
        statement.exchange(soci::into(change_ms));
        statement.exchange(soci::into(case_id, case_indicator));
        PrepareAndExecute(lease.session(), statement, query);
        while (statement.fetch()) {
          changes[employee_id].push_back(
              {static_cast<int32_t>(from_level), static_cast<int32_t>(to_level),
               absl::FromUnixMillis(change_ms), case_indicator == soci::i_ok ? case_id : 0});
        }
        return changes;
      });
}

}  // namespace escala::db
