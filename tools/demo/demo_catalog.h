#pragma once

// The numbers behind the generated contacts: volumes, mixes, topics and survey answers. Tables of
// integer weights (drawn with DemoRandom::Pick) keep every draw exact on every platform.

#include <array>
#include <cstddef>
#include <cstdint>

#include "escala/v1/interactions.pb.h"

namespace escala::demo {

inline constexpr int64_t kSecond = 1000;
inline constexpr int64_t kMinute = 60 * kSecond;
inline constexpr int64_t kHour = 60 * kMinute;
inline constexpr int64_t kDay = 24 * kHour;

// Relative volume per weekday, Monday first (absl::Weekday order).
inline constexpr std::array<int, 7> kWeekdayWeights = {100, 100, 100, 100, 100, 45, 30};

// Relative volume per local hour from 08:00 to 19:00: a late-morning peak and a smaller one after
// lunch on weekdays; weekends fade out through the afternoon.
inline constexpr int kFirstHour = 8;
inline constexpr std::array<int, 12> kWeekdayHours = {6, 10, 13, 14, 13, 10, 9, 11, 12, 10, 7, 5};
inline constexpr std::array<int, 12> kWeekendHours = {4, 8, 11, 12, 11, 9, 7, 6, 5, 4, 3, 2};

struct ChannelSpec {
  escala::v1::Channel channel;
  // Share of new contacts in percent. Follow-ups of escalated contacts are calls and e-mails, so
  // phone is drawn a little below its 45 % target and chat above its 25 % to land on both overall.
  int weight;
  const char* slug;       // Queue names.
  const char* id_prefix;  // Source ids.
  bool real_time;
};

inline constexpr std::array<ChannelSpec, 5> kChannels = {{
    {escala::v1::CHANNEL_PHONE, 43, "phone", "call", true},
    {escala::v1::CHANNEL_EMAIL, 19, "email", "mail", false},
    {escala::v1::CHANNEL_CHAT, 28, "chat", "chat", true},
    {escala::v1::CHANNEL_SOCIAL, 5, "social", "soc", false},
    {escala::v1::CHANNEL_WEB_FORM, 5, "web", "web", false},
}};

// Urgent, high, medium, low.
inline constexpr std::array<escala::v1::Priority, 4> kPriorities = {
    escala::v1::PRIORITY_URGENT, escala::v1::PRIORITY_HIGH, escala::v1::PRIORITY_MEDIUM,
    escala::v1::PRIORITY_LOW};
inline constexpr std::array<int, 4> kPriorityWeights = {5, 20, 50, 25};
// Median first response of asynchronous channels, by priority.
inline constexpr std::array<int64_t, 4> kFirstResponseMedian = {15 * kMinute, 45 * kMinute,
                                                                150 * kMinute, 300 * kMinute};

struct LanguageSpec {
  const char* tag;
  const char* queue_suffix;
  int weight;
};
inline constexpr std::array<LanguageSpec, 3> kLanguages = {{
    {"es", "es", 85},
    {"en", "en", 10},
    {"pt-BR", "pt", 5},
}};

struct Topic {
  const char* tag;
  int weight;
  // Share of first contacts on this topic escalated, and of those, sent to level 3.
  int escalation_percent;
  int level3_percent;
};
// The weighted escalation rate is ~10 %.
inline constexpr std::array<Topic, 12> kTopics = {{
    {"billing", 18, 8, 5},
    {"invoice", 7, 5, 0},
    {"refund", 9, 12, 0},
    {"password-reset", 11, 6, 10},
    {"login", 7, 12, 30},
    {"account-update", 9, 6, 5},
    {"shipping", 10, 8, 0},
    {"product-info", 10, 4, 5},
    {"cancellation", 6, 10, 0},
    {"complaint", 5, 18, 0},
    {"technical-issue", 8, 30, 50},
    {"outage", 2, 25, 60},
}};
inline constexpr size_t kOutageTopic = 11;
// On the one outage day of the window, outages crowd out everything else.
inline constexpr int kOutageDayOutageWeight = 60;

// Survey answers, skewed high after a good outcome and lower after a poor one.
inline constexpr std::array<int, 5> kCsatGood = {2, 3, 8, 32, 55};                        // 1..5
inline constexpr std::array<int, 5> kCsatPoor = {10, 12, 22, 32, 24};                     // 1..5
inline constexpr std::array<int, 11> kNpsGood = {1, 1, 1, 1, 2, 3, 5, 9, 18, 27, 32};     // 0..10
inline constexpr std::array<int, 11> kNpsPoor = {5, 4, 5, 6, 8, 10, 12, 15, 15, 10, 10};  // 0..10
inline constexpr std::array<int, 7> kCesGood = {35, 28, 17, 10, 6, 3, 1};                 // 1..7
inline constexpr std::array<int, 7> kCesPoor = {10, 14, 18, 20, 18, 12, 8};               // 1..7

inline constexpr const char* kPbx = "demo-pbx";
inline constexpr const char* kHelpdesk = "demo-helpdesk";

}  // namespace escala::demo
