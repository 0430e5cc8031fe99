#include "server/audit/audit_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::FakeAuditRepository;
using ::escala::testing::IsOk;
using ::escala::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

google::protobuf::Timestamp At(int64_t seconds) {
  google::protobuf::Timestamp time;
  time.set_seconds(seconds);
  return time;
}

std::vector<int64_t> Ids(const v1::ListAuditEventsResponse& response) {
  std::vector<int64_t> ids;
  for (const v1::AuditEvent& event : response.events()) ids.push_back(event.id());
  return ids;
}

TEST(AuditHandler, PassesTheFiltersToTheRepository) {
  FakeAuditRepository repository(0);
  AuditHandler handler(repository);
  v1::ListAuditEventsRequest request;
  request.set_principal("people/E1001");
  request.set_resource_type("person");
  request.set_resource_name("people/E2002");
  *request.mutable_start_time() = At(100);
  *request.mutable_end_time() = At(200);
  request.set_order_by("event_time asc");
  ASSERT_THAT(handler.ListAuditEvents(request), IsOk());
  EXPECT_EQ(repository.last_filter.principal, "people/E1001");
  EXPECT_EQ(repository.last_filter.resource_type, "person");
  EXPECT_EQ(repository.last_filter.resource_name, "people/E2002");
  EXPECT_EQ(repository.last_filter.start_ms, 100000);
  EXPECT_EQ(repository.last_filter.end_ms, 200000);
  EXPECT_TRUE(repository.last_filter.oldest_first);
  EXPECT_EQ(repository.last_after_id, std::nullopt);
  // One row more than the page tells whether another page exists.
  EXPECT_EQ(repository.last_limit, 51);
}

TEST(AuditHandler, NewestFirstIsTheDefaultAndCanBeNamed) {
  FakeAuditRepository repository(0);
  AuditHandler handler(repository);
  v1::ListAuditEventsRequest request;
  ASSERT_THAT(handler.ListAuditEvents(request), IsOk());
  EXPECT_FALSE(repository.last_filter.oldest_first);
  request.set_order_by("event_time desc");
  ASSERT_THAT(handler.ListAuditEvents(request), IsOk());
  EXPECT_FALSE(repository.last_filter.oldest_first);
}

TEST(AuditHandler, RejectsAnUnknownOrderBy) {
  FakeAuditRepository repository(0);
  AuditHandler handler(repository);
  for (const char* order_by : {"event_time", "EVENT_TIME DESC", "id desc", "event_time  asc"}) {
    v1::ListAuditEventsRequest request;
    request.set_order_by(order_by);
    EXPECT_THAT(handler.ListAuditEvents(request),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         absl::StrCat("order_by: must be empty, 'event_time desc' or "
                                      "'event_time asc', got '",
                                      order_by, "'")));
  }
  EXPECT_EQ(repository.calls, 0);
}

TEST(AuditHandler, RejectsAnUnknownResourceType) {
  FakeAuditRepository repository(0);
  AuditHandler handler(repository);
  v1::ListAuditEventsRequest request;
  request.set_resource_type("people");
  EXPECT_THAT(handler.ListAuditEvents(request),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "resource_type: must be one of person, team, interaction, "
                       "service_account, token, scorecard, evaluation, calibration_session, "
                       "calibration_score, sampling_plan, assignment, course, training_session, "
                       "enrolment, criterion_training_rule, training_recommendation, "
                       "training_completion, certification, learning_path, report_summary, "
                       "sla_policy, promotion_policy, promotion_case, regression_flag, "
                       "got 'people'"));
  for (const char* type : kAuditResourceTypes) {
    request.set_resource_type(type);
    EXPECT_THAT(handler.ListAuditEvents(request), IsOk()) << type;
  }
}

TEST(AuditHandler, CoercesALargePageSizeAndRejectsANegativeOne) {
  FakeAuditRepository repository(0);
  AuditHandler handler(repository);
  v1::ListAuditEventsRequest request;
  request.set_page_size(5000);
  EXPECT_THAT(handler.ListAuditEvents(request), IsOk());
  EXPECT_EQ(repository.last_limit, 1001);
  request.set_page_size(-1);
  EXPECT_THAT(handler.ListAuditEvents(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
  request.set_page_size(1000);
  EXPECT_THAT(handler.ListAuditEvents(request), IsOk());
  EXPECT_EQ(repository.last_limit, 1001);
}

TEST(AuditHandler, RejectsAStartNotBeforeTheEnd) {
  FakeAuditRepository repository(0);
  AuditHandler handler(repository);
  v1::ListAuditEventsRequest request;
  *request.mutable_start_time() = At(200);
  *request.mutable_end_time() = At(200);
  EXPECT_THAT(handler.ListAuditEvents(request),
              StatusIs(absl::StatusCode::kInvalidArgument, "end_time: must be after start_time"));
  *request.mutable_end_time() = At(100);
  EXPECT_THAT(handler.ListAuditEvents(request),
              StatusIs(absl::StatusCode::kInvalidArgument, "end_time: must be after start_time"));
}

TEST(AuditHandler, RejectsATimeOutsideTheTimestampRange) {
  FakeAuditRepository repository(0);
  AuditHandler handler(repository);
  v1::ListAuditEventsRequest request;
  *request.mutable_start_time() = At(int64_t{1} << 60);
  EXPECT_THAT(handler.ListAuditEvents(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("start_time: ")));
}

TEST(AuditHandler, RejectsOverlongTextFilters) {
  FakeAuditRepository repository(0);
  AuditHandler handler(repository);
  v1::ListAuditEventsRequest request;
  request.set_principal(std::string(81, 'p'));
  EXPECT_THAT(handler.ListAuditEvents(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("principal: ")));
  request.set_principal(std::string(80, 'p'));
  EXPECT_THAT(handler.ListAuditEvents(request), IsOk());
  request.set_resource_name(std::string(256, 'r'));
  EXPECT_THAT(handler.ListAuditEvents(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("resource_name: ")));
}

TEST(AuditHandler, PagesWithoutGapsOrRepeatsInBothOrders) {
  FakeAuditRepository repository(5);
  AuditHandler handler(repository);
  for (const char* order_by : {"event_time desc", "event_time asc"}) {
    v1::ListAuditEventsRequest request;
    request.set_page_size(2);
    request.set_order_by(order_by);
    std::vector<int64_t> seen;
    for (int page = 0; page < 10; ++page) {
      absl::StatusOr<v1::ListAuditEventsResponse> response = handler.ListAuditEvents(request);
      ASSERT_THAT(response, IsOk());
      for (int64_t id : Ids(*response)) seen.push_back(id);
      if (response->next_page_token().empty()) break;
      request.set_page_token(response->next_page_token());
    }
    if (std::string(order_by) == "event_time desc") {
      EXPECT_THAT(seen, ElementsAre(5, 4, 3, 2, 1));
    } else {
      EXPECT_THAT(seen, ElementsAre(1, 2, 3, 4, 5));
    }
  }
}

TEST(AuditHandler, RejectsATokenReusedWithOtherFilters) {
  FakeAuditRepository repository(5);
  AuditHandler handler(repository);
  v1::ListAuditEventsRequest request;
  request.set_page_size(2);
  request.set_principal("people/E1");
  absl::StatusOr<v1::ListAuditEventsResponse> first = handler.ListAuditEvents(request);
  ASSERT_THAT(first, IsOk());
  ASSERT_FALSE(first->next_page_token().empty());
  request.set_page_token(first->next_page_token());

  v1::ListAuditEventsRequest other_principal = request;
  other_principal.set_principal("people/E2");
  EXPECT_THAT(handler.ListAuditEvents(other_principal),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("page_token: was issued for different filters")));
  v1::ListAuditEventsRequest other_order = request;
  other_order.set_order_by("event_time asc");
  EXPECT_THAT(handler.ListAuditEvents(other_order),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token: ")));
  // The page size is not a filter: it may change between pages.
  v1::ListAuditEventsRequest other_size = request;
  other_size.set_page_size(3);
  EXPECT_THAT(handler.ListAuditEvents(other_size), IsOk());
  EXPECT_EQ(repository.last_after_id, 4);
}

TEST(AuditHandler, RejectsAMalformedToken) {
  FakeAuditRepository repository(0);
  AuditHandler handler(repository);
  v1::ListAuditEventsRequest request;
  request.set_page_token("not-a-token");
  EXPECT_THAT(handler.ListAuditEvents(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token: ")));
  EXPECT_EQ(repository.calls, 0);
}

}  // namespace
}  // namespace escala::server
