#include "tools/bench/enrol_workload.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "client/core/channel.h"
#include "db/common/proto_time.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "tools/bench/bench_units.h"

namespace escala::bench {
namespace {

absl::Status FromGrpc(const grpc::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

std::chrono::system_clock::time_point In(int seconds) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

v1::Person Person(const std::string& id, const std::string& name, v1::Role role,
                  const std::string& team) {
  v1::Person person;
  person.set_employee_id(id);
  person.set_display_name(name);
  person.set_email(absl::StrCat(id, "@bench.example"));
  person.set_role(role);
  person.set_level(1);
  person.set_team_id(team);
  person.set_active(true);
  return person;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EnrolWorkload>> EnrolWorkload::Prepare(const EnrolSetup& setup) {
  std::unique_ptr<EnrolWorkload> workload(new EnrolWorkload());
  workload->setup_ = setup;
  const std::string course_id = absl::StrCat("BENCH-ENROL-", setup.tag);
  const std::string trainer = absl::StrCat("bench-trainer-", setup.tag);
  workload->team_ = absl::StrCat("bench-learners-", setup.tag);
  client::ChannelSettings settings;
  settings.address = setup.server_address;
  settings.token = setup.admin_token;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client::MakeServerChannel(settings);
  if (!channel.ok()) return channel.status();
  workload->channel_ = *std::move(channel);
  workload->enrolments_ = v1::EnrolmentService::NewStub(workload->channel_);

  // The learners' team, the learners and a trainer.
  std::unique_ptr<v1::PeopleService::Stub> people = v1::PeopleService::NewStub(workload->channel_);
  {
    grpc::ClientContext context;
    context.set_deadline(In(30));
    v1::CreateTeamRequest request;
    request.mutable_team()->set_team_id(workload->team_);
    request.mutable_team()->set_display_name("Benchmark learners");
    v1::Team team;
    if (absl::Status s = FromGrpc(people->CreateTeam(&context, request, &team), "CreateTeam");
        !s.ok()) {
      return s;
    }
  }
  std::vector<v1::Person> everyone = {
      Person(trainer, "Benchmark trainer", v1::ROLE_TRAINER, workload->team_)};
  for (int i = 0; i < setup.learners; ++i) {
    const std::string id = absl::StrFormat("bench-learner-%s-%05d", setup.tag, i);
    workload->learners_.push_back(id);
    everyone.push_back(Person(id, absl::StrCat("Learner ", i), v1::ROLE_AGENT, workload->team_));
  }
  for (std::size_t start = 0; start < everyone.size(); start += kPeopleBatch) {
    grpc::ClientContext context;
    context.set_deadline(In(60));
    v1::UpsertPeopleRequest request;
    for (std::size_t i = start; i < std::min(everyone.size(), start + kPeopleBatch); ++i) {
      *request.add_people() = everyone[i];
    }
    v1::UpsertPeopleResponse response;
    if (absl::Status s =
            FromGrpc(people->UpsertPeople(&context, request, &response), "UpsertPeople (learners)");
        !s.ok()) {
      return s;
    }
  }

  // The course and the sessions: `sessions` per run, each on a day of its own (09:00–12:00 UTC
  // from 2099-01-01), so that neither the trainer nor a learner is ever in two at once.
  {
    grpc::ClientContext context;
    context.set_deadline(In(30));
    v1::CreateCourseRequest request;
    request.mutable_course()->set_course_id(course_id);
    request.mutable_course()->set_title("Benchmark course");
    request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
    request.mutable_course()->mutable_planned_duration()->set_seconds(3 * 3600);
    v1::Course course;
    if (absl::Status s = FromGrpc(v1::CourseService::NewStub(workload->channel_)
                                      ->CreateCourse(&context, request, &course),
                                  "CreateCourse");
        !s.ok()) {
      return s;
    }
  }
  std::unique_ptr<v1::TrainingSessionService::Stub> sessions =
      v1::TrainingSessionService::NewStub(workload->channel_);
  for (int run = 0; run < setup.repeats; ++run) {
    std::vector<int64_t>& ids = workload->sessions_.emplace_back();
    for (int slot = 0; slot < setup.sessions; ++slot) {
      const absl::Time start =
          absl::FromCivil(absl::CivilDay(2099, 1, 1) + run * setup.sessions + slot,
                          absl::UTCTimeZone()) +
          absl::Hours(9);
      grpc::ClientContext context;
      context.set_deadline(In(30));
      v1::CreateTrainingSessionRequest request;
      v1::TrainingSession* session = request.mutable_training_session();
      session->set_course_id(course_id);
      session->add_trainer_employee_ids(trainer);
      v1::SessionBlock* block = session->add_blocks();
      *block->mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
      *block->mutable_end_time() =
          db::MillisToTimestamp(absl::ToUnixMillis(start + absl::Hours(3)));
      session->set_time_zone("UTC");
      session->set_location("Benchmark room");
      session->set_capacity(setup.seats);
      session->set_waitlist_enabled(true);
      v1::TrainingSession created;
      if (absl::Status s = FromGrpc(sessions->CreateTrainingSession(&context, request, &created),
                                    "CreateTrainingSession");
          !s.ok()) {
        return s;
      }
      ids.push_back(created.id());
    }
  }

  // The baseline database gets the same course and sessions (same ids): its enrolments refer
  // to them.
  absl::StatusOr<std::unique_ptr<MysqlConnection>> raw =
      MysqlConnection::Open(setup.target, setup.raw_db);
  if (!raw.ok()) return raw.status();
  const std::string quoted_course = absl::StrCat("'", course_id, "'");
  for (const auto& [table, where] : std::vector<std::pair<std::string, std::string>>{
           {"courses", "course_id = " + quoted_course},
           {"course_versions", "course_id = " + quoted_course},
           {"training_sessions", "course_id = " + quoted_course},
           {"training_session_trainers",
            absl::StrCat("session_id IN (SELECT id FROM ", QuoteIdentifier(setup.server_db),
                         ".training_sessions WHERE course_id = ", quoted_course, ")")}}) {
    absl::StatusOr<uint64_t> copied = (*raw)->Execute(
        absl::StrCat("INSERT INTO ", QuoteIdentifier(setup.raw_db), ".", table, " SELECT * FROM ",
                     QuoteIdentifier(setup.server_db), ".", table, " WHERE ", where));
    if (!copied.ok()) return copied.status();
  }
  return workload;
}

std::string EnrolWorkload::Describe() const {
  return absl::StrCat(setup_.learners, " learners into ", setup_.sessions, " sessions of ",
                      setup_.seats, " seats (with a waitlist) per run, as the administrator, ",
                      "each call with a request_id");
}

LoadLimits EnrolWorkload::RunLimits() const {
  LoadLimits limits = setup_.limits;
  if (limits.max_calls <= 0 || limits.max_calls > setup_.learners) {
    limits.max_calls = setup_.learners;
  }
  return limits;
}

int64_t EnrolWorkload::SessionOf(int run, int64_t sequence) const {
  const std::vector<int64_t>& ids = sessions_[static_cast<std::size_t>(run - 1)];
  return ids[static_cast<std::size_t>(sequence) % ids.size()];
}

LoadResult EnrolWorkload::ThroughServer(int run) {
  struct Call {
    grpc::ClientContext context;
    v1::EnrolRequest request;
    v1::Enrolment response;
  };
  return RunClosedLoop(RunLimits(), [this, run](int64_t sequence,
                                                std::function<void(absl::Status)> done) {
    auto call = std::make_shared<Call>();
    call->context.set_deadline(In(30));
    call->request.set_training_session_id(SessionOf(run, sequence));
    call->request.set_person_employee_id(learners_[static_cast<std::size_t>(sequence)]);
    // As the CLI sends it: a request_id, which the server looks up before enrolling.
    call->request.set_request_id(absl::StrCat("bench-enrol-", setup_.tag, "-", run, "-", sequence));
    enrolments_->async()->Enrol(
        &call->context, &call->request, &call->response,
        [call, done = std::move(done)](grpc::Status status) { done(FromGrpc(status, "Enrol")); });
  });
}

LoadResult EnrolWorkload::Raw(int run) {
  std::vector<std::unique_ptr<MysqlConnection>> connections(
      static_cast<std::size_t>(setup_.limits.in_flight));
  auto connect = [&](int thread) -> absl::Status {
    absl::StatusOr<std::unique_ptr<MysqlConnection>> connection =
        MysqlConnection::Open(setup_.target, setup_.raw_db);
    if (!connection.ok()) return connection.status();
    connections[static_cast<std::size_t>(thread)] = *std::move(connection);
    return absl::OkStatus();
  };
  auto insert = [&, run](int thread, int64_t sequence) -> absl::Status {
    MysqlConnection& connection = *connections[static_cast<std::size_t>(thread)];
    const long long now_ms = absl::ToUnixMillis(absl::Now());
    const std::string& learner = learners_[static_cast<std::size_t>(sequence)];
    std::string enrolment = absl::StrCat(
        "INSERT INTO training_enrolments (session_id, person_employee_id, team_id, state,"
        " open_key, waitlist_ms, conflicts_overridden, overbooked, created_by, create_ms,"
        " update_ms) VALUES (",
        SessionOf(run, sequence), ", ");
    connection.AppendQuoted(enrolment, learner);
    enrolment += ", ";
    connection.AppendQuoted(enrolment, team_);
    absl::StrAppend(&enrolment, ", ", static_cast<int>(v1::ENROLMENT_STATE_BOOKED),
                    ", 1, NULL, 0, 0, 'serviceAccounts/bench', ", now_ms, ", ", now_ms, ")");
    const std::string history = absl::StrCat(
        "INSERT INTO training_enrolment_history (enrolment_id, from_state, to_state, actor,"
        " reason, change_ms, conflicts_overridden, overbooked) VALUES (LAST_INSERT_ID(), 0, ",
        static_cast<int>(v1::ENROLMENT_STATE_BOOKED), ", 'serviceAccounts/bench', '', ", now_ms,
        ", 0, 0)");
    // One transaction per enrolment, one durable commit, as a unary Enrol must make.
    for (const std::string& sql :
         {std::string("START TRANSACTION"), enrolment, history, std::string("COMMIT")}) {
      absl::StatusOr<uint64_t> done = connection.Execute(sql);
      if (!done.ok()) return done.status();
    }
    return absl::OkStatus();
  };
  return RunThreads(RunLimits(), connect, insert);
}

absl::StatusOr<std::string> EnrolWorkload::Outcome() const {
  absl::StatusOr<std::unique_ptr<MysqlConnection>> connection =
      MysqlConnection::Open(setup_.target, setup_.server_db);
  if (!connection.ok()) return connection.status();
  absl::StatusOr<std::vector<MysqlRow>> rows =
      (*connection)
          ->Query(absl::StrCat("SELECT state, COUNT(*) FROM training_enrolments WHERE team_id = '",
                               team_, "' GROUP BY state ORDER BY state"));
  if (!rows.ok()) return rows.status();
  std::string text;
  for (const MysqlRow& row : *rows) {
    const int state = std::atoi(row[0].value_or("0").c_str());
    absl::StrAppend(&text, text.empty() ? "" : ", ", row[1].value_or("0"), " ",
                    v1::EnrolmentState_Name(static_cast<v1::EnrolmentState>(state)));
  }
  return text;
}

}  // namespace escala::bench
