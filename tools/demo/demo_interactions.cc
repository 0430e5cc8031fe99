#include "tools/demo/demo_interactions.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "tools/demo/demo_catalog.h"

namespace escala::demo {
namespace {

using escala::v1::Channel;
using escala::v1::Direction;
using escala::v1::Interaction;
using escala::v1::MediaReference;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t PositiveMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

void SetTime(int64_t ms, google::protobuf::Timestamp* ts) {
  ts->set_seconds(FloorDiv(ms, kSecond));
  ts->set_nanos(static_cast<int32_t>(PositiveMod(ms, kSecond) * 1000000));
}

void SetDuration(int64_t ms, google::protobuf::Duration* d) {
  d->set_seconds(ms / kSecond);
  d->set_nanos(static_cast<int32_t>((ms % kSecond) * 1000000));
}

const ChannelSpec& SpecOf(Channel channel) {
  for (const ChannelSpec& spec : kChannels) {
    if (spec.channel == channel) return spec;
  }
  return kChannels[0];
}

std::string SourceId(const ChannelSpec& channel, const std::string& date, int64_t seq) {
  return absl::StrFormat("%s-%s-%05d", channel.id_prefix, date, seq);
}

// Timestamps in Unix milliseconds; -1 means "did not happen (yet)".
struct Timing {
  int64_t start = -1;
  int64_t first_response = -1;
  int64_t answer = -1;
  int64_t end = -1;
  int64_t resolve = -1;
  int64_t talk = -1;
  int64_t hold = -1;
  int64_t after_contact = -1;
};

// A contact escalated and waiting for its level-2 or level-3 follow-up.
struct FollowUp {
  int level;
  size_t priority;
  size_t language;
  size_t topic;
  Channel parent_channel;
  std::string parent_source_id;
};

struct Pool {
  std::vector<const StaffProfile*> members;
  std::vector<int> workloads;
  void Add(const StaffProfile& p) {
    members.push_back(&p);
    workloads.push_back(p.workload);
  }
};

class Generator {
 public:
  Generator(DemoRandom& rng, const DemoOptions& options, const std::vector<StaffProfile>& staff)
      : rng_(rng),
        days_(std::max(0, options.days)),
        per_day_(std::max(0, options.interactions_per_day)),
        end_ms_(absl::ToUnixMillis(options.end)),
        offset_ms_(absl::ToInt64Milliseconds(options.local_utc_offset)) {
    for (const StaffProfile& p : staff) {
      switch (p.desk) {
        case Desk::kPhone:
          phone_.Add(p);
          break;
        case Desk::kDigital:
          digital_.Add(p);
          break;
        case Desk::kSpecialist:
          specialists_.Add(p);
          break;
        case Desk::kEngineer:
          engineers_.Add(p);
          break;
        case Desk::kNone:
          break;
      }
    }
  }

  std::vector<Interaction> Run();

 private:
  std::vector<int64_t> DayCounts();
  std::vector<int64_t> StartTimes(int64_t day_start, int64_t count);
  const StaffProfile& Handler(const Pool& preferred, const Pool& fallback);
  // A first contact, handled by a first-line agent. `date` and `seq` make its source id.
  Interaction NewContact(int64_t start, const std::string& date, int64_t seq, bool outage_day);
  // The level-2 or level-3 contact that takes over an escalated one.
  Interaction FollowUpContact(int64_t start, const std::string& date, int64_t seq,
                              const FollowUp& parent);
  Timing Times(Channel channel, Direction direction, size_t priority, int64_t start,
               double talk_factor);
  int64_t Delay(double median, int64_t lo, int64_t hi);
  // Writes the times, media and surveys of `ix`, whose outcome fields are already set, after
  // forgetting whatever would happen after the end of the window. `good` (a resolved contact)
  // selects the kinder survey tables. Returns whether the contact ended inside the window.
  bool Finish(Interaction& ix, Timing t, bool good, const StaffProfile& agent);

  DemoRandom& rng_;
  const int days_;
  const int per_day_;
  const int64_t end_ms_;
  const int64_t offset_ms_;
  Pool phone_, digital_, specialists_, engineers_;
  // Follow-ups by due time; equal times keep insertion order, so the result stays deterministic.
  std::multimap<int64_t, FollowUp> pending_;
};

std::vector<int64_t> Generator::DayCounts() {
  // Exactly days × per_day in total, shared out by weekday weight with largest remainders.
  std::vector<int64_t> weights(days_);
  int64_t weight_sum = 0;
  for (int d = 0; d < days_; ++d) {
    const int64_t day_start = end_ms_ - (days_ - d) * kDay;
    const absl::CivilDay local_day = absl::ToCivilDay(
        absl::FromUnixMillis(day_start + kDay / 2 + offset_ms_), absl::UTCTimeZone());
    weights[d] = kWeekdayWeights[static_cast<int>(absl::GetWeekday(local_day))];
    weight_sum += weights[d];
  }
  const int64_t total = static_cast<int64_t>(days_) * per_day_;
  std::vector<int64_t> counts(days_);
  std::vector<std::pair<int64_t, int>>
      remainders;  // (remainder, -day): larger first, then earlier.
  int64_t assigned = 0;
  for (int d = 0; d < days_; ++d) {
    counts[d] = total * weights[d] / weight_sum;
    assigned += counts[d];
    remainders.emplace_back(total * weights[d] % weight_sum, -d);
  }
  std::sort(remainders.rbegin(), remainders.rend());
  for (int64_t i = 0; i < total - assigned; ++i) ++counts[-remainders[i].second];
  return counts;
}

std::vector<int64_t> Generator::StartTimes(int64_t day_start, int64_t count) {
  const absl::CivilDay local_day = absl::ToCivilDay(
      absl::FromUnixMillis(day_start + kDay / 2 + offset_ms_), absl::UTCTimeZone());
  const absl::Weekday weekday = absl::GetWeekday(local_day);
  const bool weekend = weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
  const std::array<int, 12>& hours = weekend ? kWeekendHours : kWeekdayHours;
  const int64_t day_start_tod = PositiveMod(day_start, kDay);
  std::vector<int64_t> starts;
  starts.reserve(count);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t local_tod =
        (kFirstHour + static_cast<int64_t>(rng_.Pick(hours))) * kHour + rng_.Between(0, kHour - 1);
    // Wrapping within the 24 h slot keeps every start inside the window whatever the offset.
    starts.push_back(day_start + PositiveMod(local_tod - offset_ms_ - day_start_tod, kDay));
  }
  std::sort(starts.begin(), starts.end());
  return starts;
}

const StaffProfile& Generator::Handler(const Pool& preferred, const Pool& fallback) {
  const Pool& pool = preferred.members.empty() ? fallback : preferred;
  return *pool.members[rng_.Pick(pool.workloads)];
}

Timing Generator::Times(Channel channel, Direction direction, size_t priority, int64_t start,
                        double talk_factor) {
  auto draw = [&](double median, double sigma, int64_t lo, int64_t hi) {
    return std::clamp<int64_t>(std::llround(rng_.LogNormal(median, sigma)), lo, hi);
  };
  Timing t;
  t.start = start;
  const bool fast = priority <= 1;  // Urgent and high jump the queue.
  if (SpecOf(channel).real_time) {
    const bool phone = channel == Channel::CHANNEL_PHONE;
    if (direction == Direction::DIRECTION_OUTBOUND) {
      t.answer = start + rng_.Between(5 * kSecond, 30 * kSecond);  // The customer picks up.
    } else {
      const double median_wait = (phone ? 25.0 : 40.0) * kSecond * (fast ? 0.5 : 1.0);
      t.answer = start + draw(median_wait, 0.9, 2 * kSecond, 10 * kMinute);
    }
    t.talk = draw((phone ? 6.5 : 8.0) * kMinute * talk_factor, 0.4, 3 * kMinute, 15 * kMinute);
    t.hold = phone && rng_.Chance(0.45) ? draw(50.0 * kSecond, 0.7, 5 * kSecond, 6 * kMinute) : 0;
    t.after_contact = draw((phone ? 60.0 : 45.0) * kSecond, 0.6, 10 * kSecond, 6 * kMinute);
    t.end = t.answer + t.talk + t.hold;
  } else {
    // Asynchronous: talk_duration is the time spent reading and writing the reply.
    t.talk = draw(5.0 * kMinute * talk_factor, 0.5, kMinute, 20 * kMinute);
    t.after_contact = draw(30.0 * kSecond, 0.6, 5 * kSecond, 3 * kMinute);
    if (direction == Direction::DIRECTION_OUTBOUND) {
      t.end = start;  // The agent's message is the contact.
    } else {
      const double median = static_cast<double>(kFirstResponseMedian[priority]) *
                            (channel == Channel::CHANNEL_SOCIAL ? 0.5 : 1.0);
      t.first_response = start + draw(median, 0.8, kMinute, 48 * kHour);
      t.end = t.first_response;
    }
  }
  return t;
}

int64_t Generator::Delay(double median, int64_t lo, int64_t hi) {
  return std::clamp<int64_t>(std::llround(rng_.LogNormal(median, 0.8)), lo, hi);
}

Interaction Generator::NewContact(int64_t start, const std::string& date, int64_t seq,
                                  bool outage_day) {
  std::array<int, kChannels.size()> channel_weights;
  for (size_t i = 0; i < kChannels.size(); ++i) channel_weights[i] = kChannels[i].weight;
  const ChannelSpec& channel = kChannels[rng_.Pick(channel_weights)];
  const bool phone = channel.channel == Channel::CHANNEL_PHONE;
  // Callbacks and proactive e-mails are the only outbound first contacts.
  const bool outbound = (phone && rng_.Chance(0.08)) ||
                        (channel.channel == Channel::CHANNEL_EMAIL && rng_.Chance(0.05));
  const size_t priority = rng_.Pick(kPriorityWeights);
  std::array<int, kLanguages.size()> language_weights;
  for (size_t i = 0; i < kLanguages.size(); ++i) language_weights[i] = kLanguages[i].weight;
  const size_t language_index = rng_.Pick(language_weights);
  const LanguageSpec& language = kLanguages[language_index];
  std::array<int, kTopics.size()> topic_weights;
  for (size_t i = 0; i < kTopics.size(); ++i) topic_weights[i] = kTopics[i].weight;
  if (outage_day) topic_weights[kOutageTopic] = kOutageDayOutageWeight;
  const size_t topic = rng_.Pick(topic_weights);
  // Now and then a phone agent picks up a digital contact or the other way round.
  const bool cross_skilled = rng_.Chance(0.05);
  const StaffProfile& agent =
      (phone != cross_skilled) ? Handler(phone_, digital_) : Handler(digital_, phone_);

  Interaction ix;
  ix.set_source_system(phone ? kPbx : kHelpdesk);
  ix.set_source_id(SourceId(channel, date, seq));
  ix.set_channel(channel.channel);
  ix.set_direction(outbound ? Direction::DIRECTION_OUTBOUND : Direction::DIRECTION_INBOUND);
  ix.set_queue(absl::StrCat(channel.slug, "-", language.queue_suffix));
  ix.set_priority(kPriorities[priority]);
  ix.set_agent_employee_id(agent.employee_id);
  ix.set_language(language.tag);
  ix.add_tags(kTopics[topic].tag);
  if (rng_.Chance(0.2)) {
    const size_t second = (topic + 1 + rng_.Below(kTopics.size() - 1)) % kTopics.size();
    ix.add_tags(kTopics[second].tag);
  }
  if (rng_.Chance(0.03)) ix.add_tags("vip");
  if (outage_day && topic == kOutageTopic) ix.add_tags(absl::StrCat("incident:inc-", date));

  Timing t = Times(channel.channel, ix.direction(), priority, start, 1.0);
  const Topic& about = kTopics[topic];
  const double escalation = about.escalation_percent / 100.0 * (1 - 0.35 * agent.skill);
  bool good = false;
  if (rng_.Chance(escalation)) {
    ix.set_escalated(true);
    ix.set_escalated_to_level(rng_.Chance(about.level3_percent / 100.0) ? 3 : 2);
  } else {
    // Tuned so that FCR = resolved at first contact / resolved lands near 70 % over all contacts.
    const double first_contact = 0.68 + 0.10 * agent.skill;
    const double u = rng_.Unit();
    if (u < first_contact) {
      ix.set_first_contact_resolution(true);
      t.resolve = t.end;
      good = true;
    } else if (u < first_contact + (1 - first_contact) * 0.6) {
      t.resolve = t.end + Delay(20.0 * kHour, 30 * kMinute, 7 * kDay);
    }
    // Otherwise the customer never came back: unresolved.
  }
  const int64_t ended_at = t.end;
  if (Finish(ix, t, good, agent) && ix.escalated()) {
    const double median = ix.escalated_to_level() == 3 ? 6.0 * kHour : 3.0 * kHour;
    pending_.emplace(ended_at + Delay(median, 15 * kMinute, 3 * kDay),
                     FollowUp{ix.escalated_to_level(), priority, language_index, topic,
                              channel.channel, ix.source_id()});
  }
  return ix;
}

Interaction Generator::FollowUpContact(int64_t start, const std::string& date, int64_t seq,
                                       const FollowUp& parent) {
  // Second and third line call back or write; they do not pick up chats or social posts.
  Channel channel = parent.parent_channel;
  if (channel != Channel::CHANNEL_PHONE && channel != Channel::CHANNEL_EMAIL) {
    channel = rng_.Chance(0.5) ? Channel::CHANNEL_PHONE : Channel::CHANNEL_EMAIL;
  }
  const bool phone = channel == Channel::CHANNEL_PHONE;
  const bool outbound = rng_.Chance(phone ? 0.7 : 0.6);
  const StaffProfile& agent =
      parent.level >= 3 ? Handler(engineers_, specialists_) : Handler(specialists_, engineers_);
  const LanguageSpec& language = kLanguages[parent.language];

  Interaction ix;
  ix.set_source_system(phone ? kPbx : kHelpdesk);
  ix.set_source_id(SourceId(SpecOf(channel), date, seq));
  ix.set_channel(channel);
  ix.set_direction(outbound ? Direction::DIRECTION_OUTBOUND : Direction::DIRECTION_INBOUND);
  ix.set_queue(absl::StrCat(parent.level >= 3 ? "tech-" : "l2-", language.queue_suffix));
  ix.set_priority(kPriorities[parent.priority]);
  ix.set_agent_employee_id(agent.employee_id);
  ix.set_language(language.tag);
  ix.add_tags(kTopics[parent.topic].tag);
  ix.add_tags("follow-up");
  ix.add_tags(absl::StrCat("parent:", parent.parent_source_id));

  Timing t = Times(channel, ix.direction(), parent.priority, start, 1.3);
  bool good = false;
  const double to_level3 = kTopics[parent.topic].level3_percent >= 30 ? 0.15 : 0.05;
  if (parent.level == 2 && rng_.Chance(to_level3)) {
    ix.set_escalated(true);
    ix.set_escalated_to_level(3);
  } else {
    // Not a first contact by definition: resolved here, later, or not at all.
    const double here = 0.85 + 0.05 * agent.skill;
    const double u = rng_.Unit();
    if (u < here) {
      t.resolve = t.end;
      good = true;
    } else if (u < here + (1 - here) * 0.65) {
      t.resolve = t.end + Delay(20.0 * kHour, 30 * kMinute, 7 * kDay);
    }
  }
  const int64_t ended_at = t.end;
  if (Finish(ix, t, good, agent) && ix.escalated()) {
    pending_.emplace(
        ended_at + Delay(6.0 * kHour, 15 * kMinute, 3 * kDay),
        FollowUp{3, parent.priority, parent.language, parent.topic, channel, ix.source_id()});
  }
  return ix;
}

bool Generator::Finish(Interaction& ix, Timing t, bool good, const StaffProfile& agent) {
  // The window's end is "now": a contact still running or awaiting its reply has no end, handling
  // times, outcome, media or survey yet, and a resolution still to come is not known.
  const bool ended = t.end >= 0 && t.end < end_ms_;
  if (!ended) {
    ix.set_escalated(false);
    ix.set_escalated_to_level(0);
    ix.set_first_contact_resolution(false);
    t.end = t.resolve = t.talk = t.hold = t.after_contact = -1;
    if (t.answer >= end_ms_) t.answer = -1;
    if (t.first_response >= end_ms_) t.first_response = -1;
  } else if (t.resolve >= end_ms_) {
    t.resolve = -1;
  }

  SetTime(t.start, ix.mutable_start_time());
  if (t.first_response >= 0) SetTime(t.first_response, ix.mutable_first_response_time());
  if (t.answer >= 0) SetTime(t.answer, ix.mutable_answer_time());
  if (t.end >= 0) SetTime(t.end, ix.mutable_end_time());
  if (t.resolve >= 0) SetTime(t.resolve, ix.mutable_resolve_time());
  if (t.talk >= 0) SetDuration(t.talk, ix.mutable_talk_duration());
  if (t.hold >= 0) SetDuration(t.hold, ix.mutable_hold_duration());
  if (t.after_contact >= 0) SetDuration(t.after_contact, ix.mutable_after_contact_duration());
  if (!ended) return false;

  const std::string day_path =
      absl::FormatTime("%Y/%m/%d", absl::FromUnixMillis(t.start), absl::UTCTimeZone());
  const std::string key = absl::StrCat(ix.source_system(), "/", ix.source_id());
  auto reference = [&](MediaReference* media, const char* bucket, const char* extension,
                       const char* format, const char* kind) {
    media->set_uri(absl::StrCat("s3://", bucket, "/", day_path, "/", ix.source_id(), extension));
    media->set_format(format);
    media->set_sha256(DerivedHexDigest(absl::StrCat(key, "#", kind)));
    SetTime(t.start + 365 * kDay, media->mutable_retain_until());
  };
  switch (ix.channel()) {
    case Channel::CHANNEL_PHONE: {
      MediaReference* rec = ix.mutable_recording();
      reference(rec, "escala-demo-recordings", ".ogg", "audio/ogg", "recording");
      SetDuration(t.talk + t.hold, rec->mutable_duration());
      rec->set_size_bytes((t.talk + t.hold) * 16);  // Opus voice at ~128 kbit/s: 16 kB per second.
      break;
    }
    case Channel::CHANNEL_CHAT: {
      MediaReference* tr = ix.mutable_transcript();
      reference(tr, "escala-demo-transcripts", ".txt", "text/plain", "transcript");
      SetDuration(t.talk, tr->mutable_duration());
      tr->set_size_bytes(t.talk / kSecond * 20 + rng_.Between(200, 800));
      break;
    }
    case Channel::CHANNEL_EMAIL: {
      MediaReference* tr = ix.mutable_transcript();
      reference(tr, "escala-demo-transcripts", ".txt", "text/plain", "transcript");
      tr->set_size_bytes(rng_.Between(1500, 12000));
      break;
    }
    default:
      break;
  }

  // A good agent sometimes wins over an unhappy customer, a struggling one sometimes loses a happy
  // one.
  bool pleased = good;
  if (good && agent.skill < 0 && rng_.Chance(-0.3 * agent.skill)) pleased = false;
  if (!good && agent.skill > 0 && rng_.Chance(0.3 * agent.skill)) pleased = true;
  if (rng_.Chance(0.30)) {
    ix.set_csat(1 + static_cast<int32_t>(rng_.Pick(pleased ? kCsatGood : kCsatPoor)));
  }
  if (rng_.Chance(0.20)) {
    ix.set_nps(static_cast<int32_t>(rng_.Pick(pleased ? kNpsGood : kNpsPoor)));
  }
  if (rng_.Chance(0.15)) {
    ix.set_ces(1 + static_cast<int32_t>(rng_.Pick(pleased ? kCesGood : kCesPoor)));
  }
  return true;
}

std::vector<Interaction> Generator::Run() {
  std::vector<Interaction> out;
  if (days_ == 0 || per_day_ == 0) return out;
  if (phone_.members.empty() && digital_.members.empty()) return out;
  out.reserve(static_cast<size_t>(days_) * static_cast<size_t>(per_day_));
  const std::vector<int64_t> counts = DayCounts();
  // One day of the window (if it is long enough to look normal around it) has a service outage.
  const int outage_day = days_ >= 7 ? static_cast<int>(rng_.Below(days_)) : -1;
  for (int d = 0; d < days_; ++d) {
    const int64_t day_start = end_ms_ - (days_ - d) * kDay;
    const std::string date =
        absl::FormatTime("%Y%m%d", absl::FromUnixMillis(day_start), absl::UTCTimeZone());
    const std::vector<int64_t> starts = StartTimes(day_start, counts[d]);
    for (size_t k = 0; k < starts.size(); ++k) {
      const int64_t seq = static_cast<int64_t>(k) + 1;
      // A due follow-up takes the next slot of the day's curve: second line works the same hours.
      if (!pending_.empty() && pending_.begin()->first <= starts[k]) {
        auto node = pending_.extract(pending_.begin());
        out.push_back(FollowUpContact(starts[k], date, seq, node.mapped()));
      } else {
        out.push_back(NewContact(starts[k], date, seq, d == outage_day));
      }
    }
  }
  // Follow-ups still pending at the end of the window have not happened yet.
  return out;
}

}  // namespace

std::vector<Interaction> GenerateInteractions(DemoRandom& rng, const DemoOptions& options,
                                              const std::vector<StaffProfile>& staff) {
  return Generator(rng, options, staff).Run();
}

}  // namespace escala::demo
