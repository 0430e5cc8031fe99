#include "server/training/register.h"

#include "server/training/course_handler.h"
#include "server/training/course_service.h"

namespace escala::server {

std::unique_ptr<Domain> RegisterTraining(const DomainContext& context) {
  auto domain = std::make_unique<Domain>();
  auto& courses = domain->Own<CourseHandler>(context.repositories.courses, context.clock);
  domain->Serve<CourseService>(v1::CourseService::service_full_name(), courses, context.runtime);
  return domain;
}

}  // namespace escala::server
