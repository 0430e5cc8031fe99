// ValidateTrainingSession: blocks as half-open intervals, time zones, place, capacity semantics
// and registration windows; every broken rule reported at once.
#include "server/training/training_session_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/error_details.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::Status Validate(const v1::TrainingSession& session) {
  return server::ValidateTrainingSession(session);
}

TEST(TrainingSessionValidationTest, TheTestSessionIsValid) {
  EXPECT_THAT(Validate(ValidTestSession()), IsOk());
}

TEST(TrainingSessionValidationTest, AnEmptySessionNamesEveryRequiredField) {
  EXPECT_THAT(FieldViolations(Validate(v1::TrainingSession())),
              ElementsAre(HasSubstr("course_id: "),
                          "trainer_employee_ids: at least one trainer is required",
                          "blocks: at least one block is required", HasSubstr("time_zone: "),
                          "location: give a location, a video_link or both"));
}

TEST(TrainingSessionValidationTest, BlocksThatTouchDoNotOverlap) {
  v1::TrainingSession session = ValidTestSession();
  session.clear_blocks();
  // 09:00–12:00 and 12:00–13:00: half-open intervals that only touch.
  *session.add_blocks() = TestBlock(TestDay(9), absl::Hours(3));
  *session.add_blocks() = TestBlock(TestDay(12), absl::Hours(1));
  EXPECT_THAT(Validate(session), IsOk());
  // One millisecond earlier, they overlap.
  *session.mutable_blocks(1) = TestBlock(TestDay(12) - absl::Milliseconds(1), absl::Hours(1));
  EXPECT_THAT(FieldViolations(Validate(session)), ElementsAre("blocks[1]: overlaps blocks[0]"));
}

// Times far outside protobuf's range once overflowed when turned into
// milliseconds; they are refused by name instead.
TEST(TrainingSessionValidationTest, TimesOutsideTheTimestampRangeAreRefused) {
  v1::TrainingSession session = ValidTestSession();
  session.mutable_blocks(0)->mutable_start_time()->set_seconds(-9223372036854775807 - 1);
  session.mutable_blocks(0)->mutable_end_time()->set_nanos(-1);
  session.mutable_registration_open_time()->set_seconds(9223372036854775807);
  EXPECT_THAT(FieldViolations(Validate(session)),
              ElementsAre(HasSubstr("blocks[0].start_time: must be between 0001-01-01"),
                          HasSubstr("blocks[0].end_time: must be between 0001-01-01"),
                          HasSubstr("registration_open_time: must be between 0001-01-01")));
}

TEST(TrainingSessionValidationTest, BlocksInAnyOrderAreCheckedInTimeOrder) {
  v1::TrainingSession session = ValidTestSession();
  session.clear_blocks();
  *session.add_blocks() = TestBlock(TestDay(13), absl::Hours(2));
  *session.add_blocks() = TestBlock(TestDay(9), absl::Hours(2));
  *session.add_blocks() = TestBlock(TestDay(10), absl::Hours(1));
  EXPECT_THAT(FieldViolations(Validate(session)), ElementsAre("blocks[2]: overlaps blocks[1]"));
}

TEST(TrainingSessionValidationTest, ABlockEndsAfterItStartsAndWithinADay) {
  v1::TrainingSession session = ValidTestSession();
  *session.mutable_blocks(0) = TestBlock(TestDay(9), absl::ZeroDuration());
  *session.mutable_blocks(1) = TestBlock(TestDay(13), absl::Hours(25));
  v1::SessionBlock* open = session.add_blocks();
  *open->mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestDay(20)));
  EXPECT_THAT(FieldViolations(Validate(session)),
              ElementsAre("blocks[0].end_time: must be after start_time",
                          "blocks[1].end_time: must be at most 24 hours after start_time",
                          "blocks[2].end_time: is required"));
}

TEST(TrainingSessionValidationTest, ABlockOnTheDayClocksChangeIsStoredAsItsInstants) {
  // 2024-03-31: Berlin goes from 02:00 CET to 03:00 CEST. 09:00–12:00 local is 07:00–10:00 UTC,
  // three hours; the zone is for display, the instants are what is stored and checked.
  const absl::TimeZone berlin = [] {
    absl::TimeZone zone;
    EXPECT_TRUE(absl::LoadTimeZone("Europe/Berlin", &zone));
    return zone;
  }();
  const absl::Time start = absl::FromCivil(absl::CivilSecond(2024, 3, 31, 9, 0, 0), berlin);
  const absl::Time end = absl::FromCivil(absl::CivilSecond(2024, 3, 31, 12, 0, 0), berlin);
  EXPECT_EQ(start, absl::FromCivil(absl::CivilSecond(2024, 3, 31, 7, 0, 0), absl::UTCTimeZone()));
  v1::TrainingSession session = ValidTestSession();
  session.clear_blocks();
  *session.add_blocks() = TestBlock(start, end - start);
  EXPECT_EQ(end - start, absl::Hours(3));
  // A night block across the change: 01:00–04:00 local is two hours of real time.
  const absl::Time night = absl::FromCivil(absl::CivilSecond(2024, 3, 31, 1, 0, 0), berlin);
  const absl::Time dawn = absl::FromCivil(absl::CivilSecond(2024, 3, 31, 4, 0, 0), berlin);
  EXPECT_EQ(dawn - night, absl::Hours(2));
  *session.add_blocks() = TestBlock(night, dawn - night);
  EXPECT_THAT(Validate(session), IsOk());
}

TEST(TrainingSessionValidationTest, TheTimeZoneMustBeAKnownIanaName) {
  v1::TrainingSession session = ValidTestSession();
  // The zone loader reads files by name: a path that leads to a real zone file is refused too.
  for (const std::string zone :
       {"Mars/Olympus", "CEST+2", "../../etc/passwd", "../../../etc/localtime",
        "/usr/share/zoneinfo/UTC", "Europe/./Berlin", "Europe/Berlin\n"}) {
    session.set_time_zone(zone);
    EXPECT_THAT(FieldViolations(Validate(session)),
                ElementsAre(HasSubstr("time_zone: unknown time zone")))
        << zone;
  }
  for (const std::string zone : {"UTC", "America/Sao_Paulo", "Asia/Kolkata"}) {
    session.set_time_zone(zone);
    EXPECT_THAT(Validate(session), IsOk()) << zone;
  }
}

TEST(TrainingSessionValidationTest, CapacityZeroIsClosedAndAbsentIsUnlimited) {
  v1::TrainingSession session = ValidTestSession();
  session.set_capacity(0);
  EXPECT_THAT(Validate(session), IsOk());
  session.clear_capacity();
  EXPECT_THAT(Validate(session), IsOk());
  session.set_capacity(-1);
  EXPECT_THAT(FieldViolations(Validate(session)),
              ElementsAre(HasSubstr("capacity: must be between 0 (closed) and 10000")));
  session.set_capacity(10001);
  EXPECT_THAT(FieldViolations(Validate(session)), ElementsAre(HasSubstr("capacity: ")));
}

TEST(TrainingSessionValidationTest, TrainersAreIdentifiersListedOnceAtMostTen) {
  v1::TrainingSession session = ValidTestSession();
  session.add_trainer_employee_ids("T1");
  session.add_trainer_employee_ids("x' OR '1'='1");
  EXPECT_THAT(FieldViolations(Validate(session)),
              ElementsAre("trainer_employee_ids[1]: 'T1' is listed twice",
                          HasSubstr("trainer_employee_ids[2]: ")));
  session.clear_trainer_employee_ids();
  for (int i = 0; i < 11; ++i) session.add_trainer_employee_ids("T" + std::to_string(i));
  EXPECT_THAT(FieldViolations(Validate(session)),
              ElementsAre("trainer_employee_ids: at most 10 trainers, got 11"));
}

TEST(TrainingSessionValidationTest, AVideoLinkIsHttpsWithoutSpaces) {
  v1::TrainingSession session = ValidTestSession();
  session.clear_location();
  session.set_video_link("https://meet.example.com/abc");
  EXPECT_THAT(Validate(session), IsOk());
  for (const std::string link :
       {"http://meet.example.com/abc", "https://", "https://a b", "javascript:alert(1)"}) {
    session.set_video_link(link);
    EXPECT_THAT(FieldViolations(Validate(session)),
                ElementsAre("video_link: must be an https:// link without spaces"))
        << link;
  }
  session.set_location(std::string(501, 'l'));
  session.set_video_link("");
  EXPECT_THAT(FieldViolations(Validate(session)), ElementsAre(HasSubstr("location: ")));
}

TEST(TrainingSessionValidationTest, WindowsCloseBeforeTheFirstBlockStarts) {
  v1::TrainingSession session = ValidTestSession();
  *session.mutable_registration_open_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(TestDay(8, 1)));
  *session.mutable_registration_close_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(TestDay(9)));
  *session.mutable_cancellation_cutoff_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(TestDay(9)));
  EXPECT_THAT(Validate(session), IsOk());
  *session.mutable_registration_close_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(TestDay(10)));
  *session.mutable_cancellation_cutoff_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(TestDay(10)));
  *session.mutable_registration_open_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(TestDay(11)));
  EXPECT_THAT(FieldViolations(Validate(session)),
              ElementsAre("registration_close_time: must be after registration_open_time",
                          "registration_open_time: must be before the first block starts",
                          "registration_close_time: must not be after the first block starts",
                          "cancellation_cutoff_time: must not be after the first block starts"));
}

}  // namespace
}  // namespace escala::testing
