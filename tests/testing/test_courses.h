#pragma once

// A valid course for tests of the training catalogue.

#include <string>

#include "escala/v1/courses.pb.h"

namespace escala::testing {

// A valid theory course of 90 minutes for L1 agents, with a pass mark and one criterion key.
inline v1::Course ValidTestCourse(const std::string& course_id = "L1-ETIQ-101",
                                  const std::string& title = "Phone etiquette") {
  v1::Course course;
  course.set_course_id(course_id);
  course.set_title(title);
  course.set_description("Greeting, hold etiquette, closing the call");
  course.set_kind(v1::COURSE_KIND_CHANNEL_ETIQUETTE);
  course.add_target_roles(v1::ROLE_AGENT);
  course.add_target_levels(1);
  course.mutable_planned_duration()->set_seconds(90 * 60);
  course.set_pass_mark_percent(80);
  course.add_criterion_keys("greeting");
  return course;
}

}  // namespace escala::testing
