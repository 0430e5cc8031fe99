#pragma once

// A valid training session for tests of the training domain.

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/training_sessions.pb.h"

namespace escala::testing {

// A block [start, start + length).
inline v1::SessionBlock TestBlock(absl::Time start, absl::Duration length) {
  v1::SessionBlock block;
  *block.mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
  *block.mutable_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(start + length));
  return block;
}

// 2024-03-04 at `hour`:00 UTC (a Monday, after ManualClock's default start of 2024-03-01).
inline absl::Time TestDay(int hour, int day = 4) {
  return absl::FromCivil(absl::CivilSecond(2024, 3, day, hour, 0, 0), absl::UTCTimeZone());
}

// A session of `course_id` trained by `trainer`: two blocks, 09:00–12:00 and 13:00–17:00 UTC on
// 2024-03-04, in Berlin's time zone, 12 seats with a waitlist.
inline v1::TrainingSession ValidTestSession(const std::string& course_id = "L1-ETIQ-101",
                                            const std::string& trainer = "T1") {
  v1::TrainingSession session;
  session.set_course_id(course_id);
  session.add_trainer_employee_ids(trainer);
  *session.add_blocks() = TestBlock(TestDay(9), absl::Hours(3));
  *session.add_blocks() = TestBlock(TestDay(13), absl::Hours(4));
  session.set_time_zone("Europe/Berlin");
  session.set_location("Room 2.14");
  session.set_capacity(12);
  session.set_waitlist_enabled(true);
  return session;
}

}  // namespace escala::testing
