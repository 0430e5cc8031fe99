#include "server/interactions/interaction_validation.h"

#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/error_details.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::FieldViolations;
using ::escala::testing::FieldViolationText;
using ::escala::testing::OnlyViolation;
using ::escala::testing::StatusIs;

// A record that satisfies every rule; each test breaks exactly one.
v1::Interaction ValidInteraction() {
  v1::Interaction in;
  in.set_source_system("pbx");
  in.set_source_id("call-1");
  in.set_channel(v1::CHANNEL_PHONE);
  in.set_direction(v1::DIRECTION_INBOUND);
  in.set_priority(v1::PRIORITY_HIGH);
  in.set_queue("billing");
  in.set_agent_employee_id("E1001");
  in.mutable_start_time()->set_seconds(1764000000);
  in.mutable_answer_time()->set_seconds(1764000010);
  in.mutable_end_time()->set_seconds(1764000400);
  in.mutable_talk_duration()->set_seconds(300);
  in.set_csat(5);
  in.set_nps(10);
  in.set_ces(1);
  in.mutable_recording()->set_uri("s3://recordings/call-1.ogg");
  in.mutable_recording()->set_sha256(std::string(64, 'a'));
  in.add_tags("billing");
  in.set_language("es-MX");
  return in;
}

struct Case {
  std::string name;
  std::function<void(v1::Interaction&)> breakit;
  std::string field;
  std::string reason_part;
};

class BrokenInteractionTest : public ::testing::TestWithParam<Case> {};

TEST(InteractionValidationTest, AcceptsAFullValidRecord) {
  EXPECT_TRUE(ValidateInteraction(ValidInteraction()).ok());
}

TEST(InteractionValidationTest, AcceptsAMinimalRecordWithoutSourceIds) {
  v1::Interaction in;
  in.set_channel(v1::CHANNEL_EMAIL);
  in.set_direction(v1::DIRECTION_OUTBOUND);
  in.set_priority(v1::PRIORITY_LOW);
  in.set_agent_employee_id("E1");
  in.mutable_start_time()->set_seconds(1);
  EXPECT_TRUE(ValidateInteraction(in).ok());
}

TEST(InteractionValidationTest, ReportsEveryBrokenRuleAtOnceOnePerField) {
  v1::Interaction in = ValidInteraction();
  in.clear_answer_time();
  in.mutable_end_time()->set_seconds(1763999999);
  in.set_channel(v1::CHANNEL_UNSPECIFIED);
  in.set_csat(9);
  in.mutable_recording()->set_uri("/var/x.ogg");
  in.mutable_recording()->set_sha256("abc");
  in.add_tags("a,b");
  const absl::Status status = ValidateInteraction(in);
  EXPECT_THAT(FieldViolations(status),
              ::testing::ElementsAre(
                  "channel: must be a known channel, got 0",
                  "end_time: must not be before start_time", "csat: must be between 1 and 5, got 9",
                  "recording.uri: must be an absolute URI with a scheme, e.g. "
                  "s3://bucket/key",
                  "recording.sha256: must be 64 lowercase hexadecimal characters",
                  "tags[1]: must be 1–64 characters of letters, digits, '_', '.', "
                  "':', '/' and '-'"));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               ::testing::StartsWith("channel: must be a known channel, got 0; "
                                                     "end_time: must not be before start_time; ")));
}

TEST(InteractionValidationTest, TimesAreNotComparedWithAnInvalidStartTime) {
  v1::Interaction in = ValidInteraction();
  in.mutable_start_time()->set_seconds(-5);
  in.mutable_end_time()->set_seconds(-10);
  EXPECT_THAT(
      FieldViolations(ValidateInteraction(in)),
      ::testing::ElementsAre("start_time: must be a time between 1970-01-01 and 9999-12-31 UTC",
                             "end_time: must be a time between 1970-01-01 and 9999-12-31 UTC"));
}

TEST_P(BrokenInteractionTest, NamesTheFieldAndTheRule) {
  v1::Interaction in = ValidInteraction();
  GetParam().breakit(in);
  // Exactly one violation: the broken rule, and nothing else.
  std::optional<FieldViolationText> violation = OnlyViolation(ValidateInteraction(in));
  ASSERT_TRUE(violation.has_value());
  EXPECT_EQ(violation->field, GetParam().field);
  EXPECT_THAT(violation->reason, ::testing::HasSubstr(GetParam().reason_part));
}

INSTANTIATE_TEST_SUITE_P(
    Rules, BrokenInteractionTest,
    ::testing::Values(
        Case{"MissingChannel", [](auto& i) { i.set_channel(v1::CHANNEL_UNSPECIFIED); }, "channel", "known channel"},
        Case{"UnknownChannelNumber", [](auto& i) { i.set_channel(static_cast<v1::Channel>(42)); }, "channel", "got 42"},
        Case{"UnknownDirection", [](auto& i) { i.set_direction(static_cast<v1::Direction>(9)); }, "direction", "inbound or outbound"},
        Case{"MissingPriority", [](auto& i) { i.set_priority(v1::PRIORITY_UNSPECIFIED); }, "priority", "known priority"},
        Case{"EmptyAgent", [](auto& i) { i.clear_agent_employee_id(); }, "agent_employee_id", "required"},
        Case{"OversizedAgent", [](auto& i) { i.set_agent_employee_id(std::string(65, 'x')); }, "agent_employee_id", "at most 64"},
        Case{"AgentWithSpace", [](auto& i) { i.set_agent_employee_id("E 1"); }, "agent_employee_id", "only letters"},
        Case{"OversizedQueue", [](auto& i) { i.set_queue(std::string(129, 'q')); }, "queue", "at most 128"},
        Case{"QueueWithControlCharacter", [](auto& i) { i.set_queue(std::string("a\0b", 3)); }, "queue", "UTF-8"},
        Case{"QueueWithInvalidUtf8", [](auto& i) { i.set_queue("\xc3\x28"); }, "queue", "UTF-8"},
        Case{"OversizedSourceId", [](auto& i) { i.set_source_id(std::string(129, 's')); }, "source_id", "at most 128"},
        Case{"SourceIdWithoutSystem", [](auto& i) { i.clear_source_system(); }, "source_system", "together"},
        Case{"MissingStart", [](auto& i) { i.clear_start_time(); }, "start_time", "required"},
        Case{"StartBefore1970", [](auto& i) { i.mutable_start_time()->set_seconds(-5); }, "start_time", "1970"},
        Case{"EndBeforeStart", [](auto& i) { i.mutable_end_time()->set_seconds(1763999999); i.clear_answer_time(); }, "end_time", "before start_time"},
        Case{"EndBeforeAnswer", [](auto& i) { i.mutable_end_time()->set_seconds(1764000005); }, "end_time", "before answer_time"},
        Case{"AnswerBeforeStart", [](auto& i) { i.mutable_answer_time()->set_seconds(1763990000); }, "answer_time", "before start_time"},
        Case{"ResolveBeforeStart", [](auto& i) { i.mutable_resolve_time()->set_seconds(10); }, "resolve_time", "before start_time"},
        Case{"FirstResponseBeforeStart", [](auto& i) { i.mutable_first_response_time()->set_seconds(10); }, "first_response_time", "before start_time"},
        Case{"NegativeTalk", [](auto& i) { i.mutable_talk_duration()->set_seconds(-1); }, "talk_duration", "negative"},
        Case{"NegativeHoldNanos", [](auto& i) { i.mutable_hold_duration()->set_nanos(-5); }, "hold_duration", "negative"},
        Case{"HugeAfterContact", [](auto& i) { i.mutable_after_contact_duration()->set_seconds(8 * 86400); }, "after_contact_duration", "7 days"},
        Case{"EscalatedWithoutLevel", [](auto& i) { i.set_escalated(true); }, "escalated_to_level", "between 2 and 9"},
        Case{"LevelWithoutEscalation", [](auto& i) { i.set_escalated_to_level(2); }, "escalated_to_level", "unless escalated"},
        Case{"CsatZero", [](auto& i) { i.set_csat(0); }, "csat", "between 1 and 5"},
        Case{"NpsEleven", [](auto& i) { i.set_nps(11); }, "nps", "between 0 and 10"},
        Case{"CesEight", [](auto& i) { i.set_ces(8); }, "ces", "between 1 and 7"},
        Case{"RecordingWithoutUri", [](auto& i) { i.mutable_recording()->clear_uri(); }, "recording.uri", "required"},
        Case{"RecordingUriWithoutScheme", [](auto& i) { i.mutable_recording()->set_uri("/var/x.ogg"); }, "recording.uri", "scheme"},
        Case{"RecordingUriTooLong", [](auto& i) { i.mutable_recording()->set_uri("s3://" + std::string(2100, 'k')); }, "recording.uri", "at most 2048"},
        Case{"RecordingShaUppercase", [](auto& i) { i.mutable_recording()->set_sha256(std::string(64, 'A')); }, "recording.sha256", "lowercase"},
        Case{"RecordingShaShort", [](auto& i) { i.mutable_recording()->set_sha256("abc"); }, "recording.sha256", "64"},
        Case{"RecordingNegativeSize", [](auto& i) { i.mutable_recording()->set_size_bytes(-1); }, "recording.size_bytes", "negative"},
        Case{"TranscriptNegativeDuration", [](auto& i) { i.mutable_transcript()->set_uri("https://x/y"); i.mutable_transcript()->mutable_duration()->set_seconds(-3); }, "transcript.duration", "negative"},
        Case{"TagWithComma", [](auto& i) { i.add_tags("a,b"); }, "tags[1]", "letters"},
        Case{"EmptyTag", [](auto& i) { i.add_tags(""); }, "tags[1]", "1–64"},
        Case{"TooManyTags", [](auto& i) { for (int k = 0; k < 32; ++k) i.add_tags("t"); }, "tags", "at most 32"},
        Case{"BadLanguage", [](auto& i) { i.set_language("english language"); }, "language", "BCP-47"},
        Case{"OneLetterLanguage", [](auto& i) { i.set_language("e"); }, "language", "BCP-47"}),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace
}  // namespace escala::server
