#include "tools/demo/demo_data.h"

#include <cstdint>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace escala::demo {
namespace {

using escala::v1::Channel;
using escala::v1::Interaction;
using escala::v1::Person;
using escala::v1::Role;
using ::testing::IsEmpty;

const absl::TimeZone kUtc = absl::UTCTimeZone();

DemoOptions Fixed(uint64_t seed = 1, int days = 30, int per_day = 500) {
  DemoOptions options;
  options.seed = seed;
  options.days = days;
  options.interactions_per_day = per_day;
  options.end = absl::FromCivil(absl::CivilDay(2026, 11, 4), kUtc);
  return options;
}

// The default data set, generated once for the tests that only read it.
const DemoData& Default() {
  static const DemoData* const data = new DemoData(GenerateDemoData(Fixed()));
  return *data;
}

std::string Serialized(const DemoData& data) {
  std::string out;
  auto append = [&out](const google::protobuf::Message& m) {
    const std::string bytes = m.SerializeAsString();
    absl::StrAppend(&out, bytes.size(), ":", bytes);
  };
  for (const auto& t : data.teams) append(t);
  for (const auto& p : data.people) append(p);
  for (const auto& i : data.interactions) append(i);
  return out;
}

int64_t Millis(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1000 + ts.nanos() / 1000000;
}

int64_t Millis(const google::protobuf::Duration& d) {
  return d.seconds() * 1000 + d.nanos() / 1000000;
}

bool MillisecondPrecision(const google::protobuf::Timestamp& ts) {
  return ts.nanos() >= 0 && ts.nanos() < 1000000000 && ts.nanos() % 1000000 == 0;
}

bool ValidDuration(const google::protobuf::Duration& d) {
  return d.seconds() >= 0 && d.nanos() >= 0 && d.nanos() < 1000000000 && d.nanos() % 1000000 == 0;
}

// The server's validation rules for one media reference, restated here so that they guard the
// generator independently of its code.
void CheckMedia(const escala::v1::MediaReference& media, const std::string& field,
                std::vector<std::string>& errors) {
  static const std::regex kScheme("^[A-Za-z][A-Za-z0-9+.-]*:.+");
  static const std::regex kSha256("^[0-9a-f]{64}$");
  if (!std::regex_match(media.uri(), kScheme) || media.uri().size() > 2048) {
    errors.push_back(field + ".uri");
  }
  if (media.format().size() > 64) errors.push_back(field + ".format");
  if (!ValidDuration(media.duration())) errors.push_back(field + ".duration");
  if (media.size_bytes() < 0) errors.push_back(field + ".size_bytes");
  if (!media.sha256().empty() && !std::regex_match(media.sha256(), kSha256)) {
    errors.push_back(field + ".sha256");
  }
}

// Every rule the server applies to an imported record; returns the fields that break one.
std::vector<std::string> Violations(const Interaction& ix, const std::set<std::string>& people) {
  static const std::regex kTag("^[A-Za-z0-9_.:/-]{1,64}$");
  static const std::regex kLanguage("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$");
  std::vector<std::string> errors;
  if (ix.channel() == Channel::CHANNEL_UNSPECIFIED || !escala::v1::Channel_IsValid(ix.channel())) {
    errors.push_back("channel");
  }
  if (ix.direction() == escala::v1::DIRECTION_UNSPECIFIED ||
      !escala::v1::Direction_IsValid(ix.direction())) {
    errors.push_back("direction");
  }
  if (ix.priority() == escala::v1::PRIORITY_UNSPECIFIED ||
      !escala::v1::Priority_IsValid(ix.priority())) {
    errors.push_back("priority");
  }
  if (!people.contains(ix.agent_employee_id())) errors.push_back("agent_employee_id");
  if (!ix.has_start_time() || !MillisecondPrecision(ix.start_time()))
    errors.push_back("start_time");
  const int64_t start = Millis(ix.start_time());
  auto check_time = [&](bool present, const google::protobuf::Timestamp& ts, const char* field) {
    if (present && (!MillisecondPrecision(ts) || Millis(ts) < start)) errors.push_back(field);
  };
  check_time(ix.has_first_response_time(), ix.first_response_time(), "first_response_time");
  check_time(ix.has_answer_time(), ix.answer_time(), "answer_time");
  check_time(ix.has_end_time(), ix.end_time(), "end_time");
  check_time(ix.has_resolve_time(), ix.resolve_time(), "resolve_time");
  if (ix.has_end_time() && ix.has_answer_time() &&
      Millis(ix.end_time()) < Millis(ix.answer_time())) {
    errors.push_back("end_time<answer_time");
  }
  if (!ValidDuration(ix.talk_duration())) errors.push_back("talk_duration");
  if (!ValidDuration(ix.hold_duration())) errors.push_back("hold_duration");
  if (!ValidDuration(ix.after_contact_duration())) errors.push_back("after_contact_duration");
  if (ix.escalated() != (ix.escalated_to_level() >= 2 && ix.escalated_to_level() <= 9) ||
      (!ix.escalated() && ix.escalated_to_level() != 0)) {
    errors.push_back("escalated_to_level");
  }
  if (ix.has_csat() && (ix.csat() < 1 || ix.csat() > 5)) errors.push_back("csat");
  if (ix.has_nps() && (ix.nps() < 0 || ix.nps() > 10)) errors.push_back("nps");
  if (ix.has_ces() && (ix.ces() < 1 || ix.ces() > 7)) errors.push_back("ces");
  if (ix.has_recording()) CheckMedia(ix.recording(), "recording", errors);
  if (ix.has_transcript()) CheckMedia(ix.transcript(), "transcript", errors);
  if (ix.tags_size() > 32) errors.push_back("tags");
  for (const std::string& tag : ix.tags()) {
    if (!std::regex_match(tag, kTag)) errors.push_back("tags[" + tag + "]");
  }
  if (ix.language().size() > 35 || !std::regex_match(ix.language(), kLanguage)) {
    errors.push_back("language");
  }
  if (ix.queue().size() > 128) errors.push_back("queue");
  if (ix.source_system().empty() || ix.source_system().size() > 64) {
    errors.push_back("source_system");
  }
  if (ix.source_id().empty() || ix.source_id().size() > 128) errors.push_back("source_id");
  return errors;
}

std::set<std::string> EmployeeIds(const DemoData& data) {
  std::set<std::string> ids;
  for (const Person& p : data.people) ids.insert(p.employee_id());
  return ids;
}

double Share(int64_t part, size_t whole) {
  return static_cast<double>(part) / static_cast<double>(whole);
}

bool IsFollowUp(const Interaction& ix) {
  for (const std::string& tag : ix.tags()) {
    if (tag == "follow-up") return true;
  }
  return false;
}

TEST(DemoDataTest, SameOptionsGiveIdenticalRecords) {
  EXPECT_EQ(Serialized(GenerateDemoData(Fixed())), Serialized(Default()));
}

TEST(DemoDataTest, DifferentSeedsGiveDifferentRecords) {
  const DemoData other = GenerateDemoData(Fixed(2));
  EXPECT_NE(Serialized(other), Serialized(Default()));
  EXPECT_NE(other.people[0].display_name() + other.people[1].display_name(),
            Default().people[0].display_name() + Default().people[1].display_name());
  EXPECT_NE(Millis(other.interactions[0].start_time()),
            Millis(Default().interactions[0].start_time()));
}

TEST(DemoDataTest, GeneratesDaysTimesPerDayInteractions) {
  EXPECT_EQ(Default().interactions.size(), 30u * 500u);
  EXPECT_EQ(GenerateDemoData(Fixed(7, 9, 13)).interactions.size(), 9u * 13u);
  EXPECT_EQ(GenerateDemoData(Fixed(7, 1, 1)).interactions.size(), 1u);
  // (Not EXPECT_THAT(..., IsEmpty()): printing a vector of protos trips a GCC 12 -Wrestrict
  // false positive.)
  EXPECT_TRUE(GenerateDemoData(Fixed(7, 0, 500)).interactions.empty());
  EXPECT_TRUE(GenerateDemoData(Fixed(7, 30, 0)).interactions.empty());
}

TEST(DemoDataTest, StaffsEveryRole) {
  std::map<Role, int> roles;
  std::map<Role, std::set<int>> levels;
  for (const Person& p : Default().people) {
    ++roles[p.role()];
    levels[p.role()].insert(p.level());
  }
  EXPECT_GE(Default().people.size(), 55u);
  EXPECT_LE(Default().people.size(), 70u);
  EXPECT_EQ(roles[Role::ROLE_AGENT], 40);
  EXPECT_EQ(roles[Role::ROLE_SPECIALIST], 8);
  EXPECT_EQ(roles[Role::ROLE_TECHNICAL_ENGINEER], 4);
  EXPECT_EQ(roles[Role::ROLE_TEAM_LEAD], 5);
  EXPECT_EQ(roles[Role::ROLE_QA_ANALYST], 2);
  EXPECT_EQ(roles[Role::ROLE_TRAINER], 2);
  EXPECT_EQ(roles[Role::ROLE_MANAGER], 1);
  EXPECT_EQ(roles[Role::ROLE_HEAD_OF_SUPPORT], 1);
  EXPECT_EQ(roles[Role::ROLE_UNSPECIFIED], 0);
  EXPECT_EQ(levels[Role::ROLE_AGENT], std::set<int>{1});
  EXPECT_EQ(levels[Role::ROLE_SPECIALIST], std::set<int>{2});
  EXPECT_EQ(levels[Role::ROLE_TECHNICAL_ENGINEER], std::set<int>{3});
}

TEST(DemoDataTest, PeopleRecordsAreWellFormed) {
  static const std::regex kEmployeeId("^E[0-9]{4}$");
  static const std::regex kEmail("^[a-z0-9.]+@escala\\.example$");
  static const std::regex kDate("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
  std::set<std::string> team_ids;
  for (const auto& t : Default().teams) team_ids.insert(t.team_id());
  std::set<std::string> ids, emails, names;
  int inactive = 0;
  const std::string window_start = "2026-10-05";  // Fixed().end − 30 days.
  for (const Person& p : Default().people) {
    SCOPED_TRACE(p.ShortDebugString());
    EXPECT_TRUE(std::regex_match(p.employee_id(), kEmployeeId));
    EXPECT_TRUE(std::regex_match(p.email(), kEmail));
    EXPECT_FALSE(p.display_name().empty());
    EXPECT_LE(p.display_name().size(), 200u);
    EXPECT_TRUE(ids.insert(p.employee_id()).second);
    EXPECT_TRUE(emails.insert(p.email()).second);
    EXPECT_TRUE(names.insert(p.display_name()).second);
    EXPECT_TRUE(std::regex_match(p.hire_date(), kDate));
    // ISO dates compare as strings: hired within about four years, before the window.
    EXPECT_GE(p.hire_date(), "2022-10-01");
    EXPECT_LT(p.hire_date(), window_start);
    EXPECT_GE(p.level(), 1);
    EXPECT_LE(p.level(), 9);
    const bool in_team = p.role() == Role::ROLE_AGENT || p.role() == Role::ROLE_SPECIALIST ||
                         p.role() == Role::ROLE_TECHNICAL_ENGINEER ||
                         p.role() == Role::ROLE_TEAM_LEAD;
    if (in_team) {
      EXPECT_TRUE(team_ids.contains(p.team_id()));
    } else {
      EXPECT_EQ(p.team_id(), "");
    }
    if (!p.active()) ++inactive;
  }
  EXPECT_GE(inactive, 1);
  EXPECT_LE(inactive, 4);
}

// The promotion story's agents: six distinct active L1 agents, outside the demo agent's team,
// with more than six months at L1 on the demo's last day.
TEST(DemoDataTest, PicksTheAgentsOfThePromotionStory) {
  const DemoData& data = Default();
  const DemoPromotionCandidates& story = data.promotion;
  ASSERT_EQ(story.ready.size(), static_cast<size_t>(kDemoReadyAgents));
  std::vector<std::string> all = story.ready;
  all.push_back(story.nearly_ready);
  all.push_back(story.regressing);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
  std::string demo_team;
  for (const Person& p : data.people) {
    if (p.active() && p.role() == Role::ROLE_AGENT && p.level() == 1) {
      demo_team = p.team_id();
      break;
    }
  }
  const absl::CivilDay last_day = absl::ToCivilDay(Fixed().end, kUtc) - 1;
  for (const std::string& id : all) {
    const Person* person = nullptr;
    for (const Person& p : data.people) {
      if (p.employee_id() == id) person = &p;
    }
    ASSERT_NE(person, nullptr) << id;
    EXPECT_TRUE(person->active()) << id;
    EXPECT_EQ(person->role(), Role::ROLE_AGENT) << id;
    EXPECT_EQ(person->level(), 1) << id;
    EXPECT_NE(person->team_id(), demo_team) << id;
    absl::CivilDay hired;
    ASSERT_TRUE(absl::ParseCivilTime(person->hire_date(), &hired));
    EXPECT_GE(last_day - hired, 6 * 31) << id;
    EXPECT_TRUE(story.Contains(id));
  }
}

TEST(DemoDataTest, EveryTeamIsLedByATeamLeadOfThatTeam) {
  std::map<std::string, const Person*> by_id;
  for (const Person& p : Default().people) by_id[p.employee_id()] = &p;
  ASSERT_EQ(Default().teams.size(), 5u);
  std::set<std::string> leads;
  for (const auto& team : Default().teams) {
    SCOPED_TRACE(team.team_id());
    EXPECT_FALSE(team.display_name().empty());
    ASSERT_TRUE(by_id.contains(team.lead_employee_id()));
    const Person& lead = *by_id[team.lead_employee_id()];
    EXPECT_EQ(lead.role(), Role::ROLE_TEAM_LEAD);
    EXPECT_EQ(lead.team_id(), team.team_id());
    EXPECT_TRUE(leads.insert(lead.employee_id()).second);
  }
}

TEST(DemoDataTest, EveryInteractionPassesTheServerRules) {
  const std::set<std::string> people = EmployeeIds(Default());
  int failures = 0;
  for (const Interaction& ix : Default().interactions) {
    const std::vector<std::string> errors = Violations(ix, people);
    if (!errors.empty() && ++failures <= 5) {
      ADD_FAILURE() << ix.source_id() << ": " << ::testing::PrintToString(errors) << "\n"
                    << ix.DebugString();
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(DemoDataTest, OtherSeedsPassTheServerRulesToo) {
  for (const uint64_t seed : {2ULL, 3ULL, 12345ULL, 18446744073709551615ULL}) {
    SCOPED_TRACE(seed);
    const DemoData data = GenerateDemoData(Fixed(seed));
    const std::set<std::string> people = EmployeeIds(data);
    std::set<std::string> source_ids;
    int failures = 0;
    for (const Interaction& ix : data.interactions) {
      if (!Violations(ix, people).empty()) ++failures;
      source_ids.insert(ix.source_id());
    }
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(source_ids.size(), data.interactions.size());
  }
}

TEST(DemoDataTest, ContactsAreHandledByActiveStaffOfTheRightLevel) {
  std::map<std::string, const Person*> by_id;
  for (const Person& p : Default().people) by_id[p.employee_id()] = &p;
  for (const Interaction& ix : Default().interactions) {
    SCOPED_TRACE(ix.source_id());
    ASSERT_TRUE(by_id.contains(ix.agent_employee_id()));
    const Person& agent = *by_id[ix.agent_employee_id()];
    EXPECT_TRUE(agent.active());
    if (IsFollowUp(ix)) {
      EXPECT_TRUE(agent.role() == Role::ROLE_SPECIALIST ||
                  agent.role() == Role::ROLE_TECHNICAL_ENGINEER);
    } else {
      EXPECT_EQ(agent.role(), Role::ROLE_AGENT);
    }
  }
}

TEST(DemoDataTest, SourceIdsAreUnique) {
  std::set<std::pair<std::string, std::string>> keys;
  for (const Interaction& ix : Default().interactions) {
    EXPECT_TRUE(keys.emplace(ix.source_system(), ix.source_id()).second) << ix.source_id();
    EXPECT_TRUE(ix.source_system() == "demo-pbx" || ix.source_system() == "demo-helpdesk");
    EXPECT_EQ(ix.source_system() == "demo-pbx", ix.channel() == Channel::CHANNEL_PHONE);
  }
}

TEST(DemoDataTest, ChannelAndPriorityMixesAreNearTheirTargets) {
  std::map<int, int64_t> channels, priorities, directions;
  std::map<std::string, int64_t> languages;
  for (const Interaction& ix : Default().interactions) {
    ++channels[ix.channel()];
    ++priorities[ix.priority()];
    ++directions[ix.direction()];
    ++languages[ix.language()];
  }
  const size_t n = Default().interactions.size();
  EXPECT_NEAR(Share(channels[Channel::CHANNEL_PHONE], n), 0.45, 0.03);
  EXPECT_NEAR(Share(channels[Channel::CHANNEL_EMAIL], n), 0.20, 0.03);
  EXPECT_NEAR(Share(channels[Channel::CHANNEL_CHAT], n), 0.25, 0.03);
  EXPECT_NEAR(Share(channels[Channel::CHANNEL_SOCIAL], n), 0.05, 0.02);
  EXPECT_NEAR(Share(channels[Channel::CHANNEL_WEB_FORM], n), 0.05, 0.02);
  EXPECT_NEAR(Share(priorities[escala::v1::PRIORITY_URGENT], n), 0.05, 0.02);
  EXPECT_NEAR(Share(priorities[escala::v1::PRIORITY_HIGH], n), 0.20, 0.03);
  EXPECT_NEAR(Share(priorities[escala::v1::PRIORITY_MEDIUM], n), 0.50, 0.03);
  EXPECT_NEAR(Share(priorities[escala::v1::PRIORITY_LOW], n), 0.25, 0.03);
  EXPECT_GT(Share(directions[escala::v1::DIRECTION_INBOUND], n), 0.80);
  EXPECT_GT(directions[escala::v1::DIRECTION_OUTBOUND], 0);
  EXPECT_GT(Share(languages["es"], n), 0.75);
  EXPECT_GT(languages["en"], 0);
  EXPECT_GT(languages["pt-BR"], 0);
}

TEST(DemoDataTest, OutcomesAndSurveysAreNearTheirTargets) {
  int64_t fcr = 0, resolved = 0, escalated = 0, level3 = 0, csat = 0, csat_sum = 0, nps = 0,
          ces = 0;
  for (const Interaction& ix : Default().interactions) {
    if (ix.first_contact_resolution()) {
      ++fcr;
      EXPECT_TRUE(ix.has_resolve_time()) << ix.source_id();
    }
    if (ix.has_resolve_time()) ++resolved;
    if (ix.escalated()) ++escalated;
    if (ix.escalated_to_level() == 3) ++level3;
    if (ix.has_csat()) {
      ++csat;
      csat_sum += ix.csat();
    }
    if (ix.has_nps()) ++nps;
    if (ix.has_ces()) ++ces;
  }
  const size_t n = Default().interactions.size();
  EXPECT_NEAR(Share(fcr, resolved), 0.70, 0.05);  // The KPI: FCR / resolved.
  EXPECT_NEAR(Share(escalated, n), 0.10, 0.03);
  EXPECT_GT(level3, 0);
  EXPECT_LT(level3, escalated / 2);
  EXPECT_NEAR(Share(csat, n), 0.30, 0.04);
  EXPECT_GT(static_cast<double>(csat_sum) / static_cast<double>(csat), 3.6);  // Skewed high.
  EXPECT_NEAR(Share(nps, n), 0.20, 0.03);
  EXPECT_NEAR(Share(ces, n), 0.15, 0.03);
}

TEST(DemoDataTest, EscalatedContactsGetFollowUpsAtTheLevelTheyWereSentTo) {
  std::map<std::string, const Interaction*> by_source_id;
  for (const Interaction& ix : Default().interactions) by_source_id[ix.source_id()] = &ix;
  std::map<std::string, const Person*> people;
  for (const Person& p : Default().people) people[p.employee_id()] = &p;
  int follow_ups = 0;
  for (const Interaction& ix : Default().interactions) {
    if (!IsFollowUp(ix)) continue;
    ++follow_ups;
    std::string parent_id;
    for (const std::string& tag : ix.tags()) {
      if (absl::StartsWith(tag, "parent:")) parent_id = tag.substr(7);
    }
    ASSERT_TRUE(by_source_id.contains(parent_id)) << ix.source_id();
    const Interaction& parent = *by_source_id[parent_id];
    EXPECT_TRUE(parent.escalated());
    EXPECT_GE(Millis(ix.start_time()), Millis(parent.end_time()));
    EXPECT_EQ(people[ix.agent_employee_id()]->level(), parent.escalated_to_level());
    EXPECT_FALSE(ix.first_contact_resolution());
  }
  EXPECT_GT(follow_ups, 1000);
}

TEST(DemoDataTest, RealTimeAndAsynchronousChannelsCarryTheirOwnTimes) {
  for (const Interaction& ix : Default().interactions) {
    SCOPED_TRACE(ix.source_id());
    const bool real_time =
        ix.channel() == Channel::CHANNEL_PHONE || ix.channel() == Channel::CHANNEL_CHAT;
    if (!ix.has_end_time()) continue;  // Still open at the end of the window.
    if (real_time) {
      ASSERT_TRUE(ix.has_answer_time());
      EXPECT_LE(Millis(ix.answer_time()) - Millis(ix.start_time()), 10 * 60 * 1000);
      EXPECT_GE(Millis(ix.talk_duration()), 3 * 60 * 1000);
      EXPECT_LE(Millis(ix.talk_duration()), 15 * 60 * 1000);
      EXPECT_EQ(Millis(ix.end_time()),
                Millis(ix.answer_time()) + Millis(ix.talk_duration()) + Millis(ix.hold_duration()));
    } else if (ix.direction() == escala::v1::DIRECTION_INBOUND) {
      ASSERT_TRUE(ix.has_first_response_time());
      EXPECT_GE(Millis(ix.first_response_time()) - Millis(ix.start_time()), 60 * 1000);
      EXPECT_LE(Millis(ix.first_response_time()) - Millis(ix.start_time()), 48 * 3600 * 1000);
    }
  }
}

TEST(DemoDataTest, PhoneCallsHaveRecordingsAndTextChannelsTranscripts) {
  static const std::regex kRecordingUri(
      "^s3://escala-demo-recordings/[0-9]{4}/[0-9]{2}/[0-9]{2}/[a-z]+-[0-9]{8}-[0-9]{5}\\.ogg$");
  int recordings = 0;
  for (const Interaction& ix : Default().interactions) {
    SCOPED_TRACE(ix.source_id());
    if (!ix.has_end_time()) continue;
    if (ix.channel() == Channel::CHANNEL_PHONE) {
      ASSERT_TRUE(ix.has_recording());
      ++recordings;
      const auto& rec = ix.recording();
      EXPECT_TRUE(std::regex_match(rec.uri(), kRecordingUri)) << rec.uri();
      EXPECT_TRUE(absl::StrContains(rec.uri(), ix.source_id()));
      EXPECT_EQ(rec.format(), "audio/ogg");
      const int64_t length = Millis(ix.talk_duration()) + Millis(ix.hold_duration());
      EXPECT_EQ(Millis(rec.duration()), length);
      EXPECT_EQ(rec.size_bytes(), length * 16);
      EXPECT_EQ(rec.sha256().size(), 64u);
      EXPECT_EQ(Millis(rec.retain_until()) - Millis(ix.start_time()), 365LL * 86400 * 1000);
    }
    if (ix.channel() == Channel::CHANNEL_CHAT || ix.channel() == Channel::CHANNEL_EMAIL) {
      ASSERT_TRUE(ix.has_transcript());
      EXPECT_EQ(ix.transcript().format(), "text/plain");
      EXPECT_GT(ix.transcript().size_bytes(), 0);
    }
  }
  EXPECT_GT(recordings, 5000);
}

TEST(DemoDataTest, StartTimesFallInsideTheWindowOnTheWorkingDayCurve) {
  const DemoOptions options = Fixed();
  const int64_t end = absl::ToUnixMillis(options.end);
  const int64_t begin = end - 30LL * 86400 * 1000;
  std::map<absl::Weekday, int64_t> per_weekday;
  int64_t previous = 0;
  for (const Interaction& ix : Default().interactions) {
    const int64_t start = Millis(ix.start_time());
    EXPECT_GE(start, begin) << ix.source_id();
    EXPECT_LT(start, end) << ix.source_id();
    EXPECT_GE(start, previous) << "ordered by start time";
    previous = start;
    const absl::CivilSecond local =
        absl::ToCivilSecond(absl::FromUnixMillis(start) + options.local_utc_offset, kUtc);
    EXPECT_GE(local.hour(), 8) << ix.source_id();
    EXPECT_LT(local.hour(), 20) << ix.source_id();
    ++per_weekday[absl::GetWeekday(absl::CivilDay(local))];
  }
  // 30 days from Monday 2026-10-05: every weekday appears four or five times.
  EXPECT_LT(per_weekday[absl::Weekday::saturday], per_weekday[absl::Weekday::wednesday] / 2 + 1);
  EXPECT_LT(per_weekday[absl::Weekday::sunday], per_weekday[absl::Weekday::saturday]);
}

TEST(DemoDataTest, WindowHoldsForAnyEndAndOffset) {
  DemoOptions options = Fixed(3, 10, 200);
  options.end =
      absl::FromCivil(absl::CivilSecond(2026, 3, 29, 13, 45, 7), kUtc) + absl::Milliseconds(250);
  options.local_utc_offset = absl::Hours(-6);
  const DemoData data = GenerateDemoData(options);
  ASSERT_EQ(data.interactions.size(), 2000u);
  const int64_t end = absl::ToUnixMillis(options.end);
  const std::set<std::string> people = EmployeeIds(data);
  for (const Interaction& ix : data.interactions) {
    EXPECT_GE(Millis(ix.start_time()), end - 10LL * 86400 * 1000);
    EXPECT_LT(Millis(ix.start_time()), end);
    EXPECT_THAT(Violations(ix, people), IsEmpty()) << ix.source_id();
    const absl::CivilSecond local = absl::ToCivilSecond(
        absl::FromUnixMillis(Millis(ix.start_time())) + options.local_utc_offset, kUtc);
    EXPECT_GE(local.hour(), 8);
    EXPECT_LT(local.hour(), 20);
  }
}

TEST(DemoDataTest, NothingHappensAfterTheEndOfTheWindow) {
  const int64_t end = absl::ToUnixMillis(Fixed().end);
  int open = 0;
  for (const Interaction& ix : Default().interactions) {
    for (const auto* ts :
         {&ix.first_response_time(), &ix.answer_time(), &ix.end_time(), &ix.resolve_time()}) {
      EXPECT_LT(Millis(*ts), end) << ix.source_id();
    }
    if (!ix.has_end_time()) {
      ++open;
      EXPECT_FALSE(ix.has_csat() || ix.has_nps() || ix.has_ces() || ix.escalated());
    }
  }
  EXPECT_GT(open, 0);  // The last evening's unanswered e-mails.
}

TEST(DemoDataTest, ValidationNamesTheOptionOutOfRange) {
  EXPECT_TRUE(ValidateDemoOptions(Fixed()).ok());
  DemoOptions options = Fixed();
  options.days = -1;
  EXPECT_TRUE(absl::StrContains(ValidateDemoOptions(options).message(), "days"));
  options = Fixed();
  options.interactions_per_day = 100001;
  EXPECT_TRUE(absl::StrContains(ValidateDemoOptions(options).message(), "interactions_per_day"));
  options = Fixed();
  options.end = absl::UnixEpoch();
  EXPECT_EQ(ValidateDemoOptions(options).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace escala::demo
