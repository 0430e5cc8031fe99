#include "server/api/list_page.h"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "escala/v1/assignments.pb.h"
#include "escala/v1/audit.pb.h"
#include "escala/v1/calibration.pb.h"
#include "escala/v1/evaluations.pb.h"
#include "escala/v1/identity.pb.h"
#include "escala/v1/interactions.pb.h"
#include "escala/v1/people.pb.h"
#include "escala/v1/scorecards.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using escala::testing::IsOk;
using escala::testing::StatusIs;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using ::testing::HasSubstr;

constexpr char kScope[] =
    "people/E1\x1f"
    "0";

// A token for the second page of `request`: a page of one row, continuing after key "k". The
// page size is not a filter: the token is valid for `request` whatever its page_size.
std::string SecondPageToken(const Message& request, std::string_view kind, std::string_view scope) {
  std::unique_ptr<Message> one_row(request.New());
  one_row->CopyFrom(request);
  one_row->GetReflection()->SetInt32(one_row.get(),
                                     request.GetDescriptor()->FindFieldByName("page_size"), 1);
  absl::StatusOr<ListPage> page = ListPage::Start(*one_row, kind, scope);
  EXPECT_TRUE(page.ok()) << page.status();
  std::vector<std::string> rows = {"k", "l"};
  return page->Finish(rows, [](const std::string& row) { return row; });
}

// Sets `field` of `message` to a value other than its default, whatever its type.
void SetNonDefault(Message& message, const FieldDescriptor& field) {
  const google::protobuf::Reflection& reflection = *message.GetReflection();
  if (field.is_repeated()) {
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        reflection.AddString(&message, &field, "x");
        return;
      case FieldDescriptor::CPPTYPE_INT64:
        reflection.AddInt64(&message, &field, 7);
        return;
      case FieldDescriptor::CPPTYPE_ENUM:
        reflection.AddEnumValue(&message, &field, 1);
        return;
      default:
        FAIL() << "no value for repeated " << field.full_name();
    }
  }
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      reflection.SetString(&message, &field, "x");
      return;
    case FieldDescriptor::CPPTYPE_INT32:
      reflection.SetInt32(&message, &field, 3);
      return;
    case FieldDescriptor::CPPTYPE_INT64:
      reflection.SetInt64(&message, &field, 7);
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      reflection.SetUInt64(&message, &field, 7);
      return;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      reflection.SetDouble(&message, &field, 0.9);
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      reflection.SetBool(&message, &field, true);
      return;
    case FieldDescriptor::CPPTYPE_ENUM:
      reflection.SetEnumValue(&message, &field, 1);
      return;
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      // A Timestamp or any other message: its first field set is enough to differ.
      Message* child = reflection.MutableMessage(&message, &field);
      SetNonDefault(*child, *child->GetDescriptor()->field(0));
      return;
    }
    default:
      FAIL() << "no value for " << field.full_name();
  }
}

// Every paged request of the API. A new List request only needs adding here to be covered.
std::vector<std::unique_ptr<Message>> PagedRequests() {
  std::vector<std::unique_ptr<Message>> requests;
  requests.push_back(std::make_unique<v1::ListPeopleRequest>());
  requests.push_back(std::make_unique<v1::ListTeamsRequest>());
  requests.push_back(std::make_unique<v1::ListInteractionsRequest>());
  requests.push_back(std::make_unique<v1::ListTokensRequest>());
  requests.push_back(std::make_unique<v1::ListServiceAccountsRequest>());
  requests.push_back(std::make_unique<v1::ListAuditEventsRequest>());
  requests.push_back(std::make_unique<v1::ListScorecardsRequest>());
  requests.push_back(std::make_unique<v1::ListScorecardVersionsRequest>());
  requests.push_back(std::make_unique<v1::ListEvaluationsRequest>());
  requests.push_back(std::make_unique<v1::ListCalibrationSessionsRequest>());
  requests.push_back(std::make_unique<v1::ListCalibrationScoresRequest>());
  requests.push_back(std::make_unique<v1::ComputeEvaluatorLeniencyRequest>());
  requests.push_back(std::make_unique<v1::ListSamplingPlansRequest>());
  requests.push_back(std::make_unique<v1::ListAssignmentsRequest>());
  requests.push_back(std::make_unique<v1::ListAgentQaSummariesRequest>());
  return requests;
}

TEST(ListPageTest, EveryFilterFieldOfEveryListBindsTheToken) {
  // No filter is listed by hand anywhere: each field of each request, changed alone, must make
  // a token of the unchanged request refused.
  for (const std::unique_ptr<Message>& request : PagedRequests()) {
    const google::protobuf::Descriptor& descriptor = *request->GetDescriptor();
    ASSERT_NE(descriptor.FindFieldByName("page_size"), nullptr) << descriptor.full_name();
    ASSERT_NE(descriptor.FindFieldByName("page_token"), nullptr) << descriptor.full_name();
    const std::string token = SecondPageToken(*request, "list", kScope);
    ASSERT_FALSE(token.empty());
    for (int i = 0; i < descriptor.field_count(); ++i) {
      const FieldDescriptor& field = *descriptor.field(i);
      if (field.name() == "page_size" || field.name() == "page_token") continue;
      std::unique_ptr<Message> changed(request->New());
      changed->CopyFrom(*request);
      SetNonDefault(*changed, field);
      changed->GetReflection()->SetString(changed.get(), descriptor.FindFieldByName("page_token"),
                                          token);
      EXPECT_THAT(ListPage::Start(*changed, "list", kScope),
                  StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different filters")))
          << field.full_name();
    }
  }
}

TEST(ListPageTest, ATokenContinuesTheSameRequestWithAnyPageSize) {
  v1::ListInteractionsRequest request;
  request.set_team_id("t1");
  request.set_page_size(1);
  const std::string token = SecondPageToken(request, "interactions", kScope);
  request.set_page_token(token);
  request.set_page_size(20);
  absl::StatusOr<ListPage> page = ListPage::Start(request, "interactions", kScope);
  ASSERT_THAT(page, IsOk());
  EXPECT_TRUE(page->continues());
  EXPECT_EQ(page->after_key(), "k");
  EXPECT_EQ(page->size(), 20);
}

TEST(ListPageTest, ATokenIsRefusedForAnotherCallerScope) {
  v1::ListPeopleRequest request;
  const std::string token = SecondPageToken(request, "people",
                                            "people/E1\x1f"
                                            "1");
  request.set_page_token(token);
  EXPECT_THAT(ListPage::Start(request, "people",
                              "people/E2\x1f"
                              "1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different filters")));
  EXPECT_THAT(ListPage::Start(request, "people",
                              "people/E1\x1f"
                              "0"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different filters")));
  EXPECT_THAT(ListPage::Start(request, "people",
                              "people/E1\x1f"
                              "1"),
              IsOk());
}

TEST(ListPageTest, ATokenIsRefusedByAnotherList) {
  v1::ListTeamsRequest request;
  request.set_page_token(SecondPageToken(request, "teams", kScope));
  EXPECT_THAT(ListPage::Start(request, "serviceAccounts", kScope),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

TEST(ListPageTest, PageSizeIsDefaultedCoercedOrRefused) {
  v1::ListPeopleRequest request;
  EXPECT_EQ(ListPage::Start(request, "people", kScope)->size(), kDefaultPageSize);
  request.set_page_size(5000);
  absl::StatusOr<ListPage> coerced = ListPage::Start(request, "people", kScope);
  ASSERT_THAT(coerced, IsOk());
  EXPECT_EQ(coerced->size(), kMaxPageSize);
  EXPECT_EQ(coerced->fetch_limit(), kMaxPageSize + 1);
  request.set_page_size(-1);
  EXPECT_THAT(ListPage::Start(request, "people", kScope),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
}

TEST(ListPageTest, AHandMadeKeyThatIsNotANumberIsInvalidArgument) {
  v1::ListEvaluationsRequest request;
  request.set_page_size(1);
  absl::StatusOr<ListPage> first = ListPage::Start(request, "evaluations", kScope);
  std::vector<std::string> rows = {"a", "not-a-number"};
  request.set_page_token(first->Finish(rows, [](const std::string&) { return "x"; }));
  absl::StatusOr<ListPage> page = ListPage::Start(request, "evaluations", kScope);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->after_int(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

// Pages through a keyset list of `total` rows with the helper as a handler would, and returns
// every row returned, in order.
std::vector<int> PageThrough(int total, int page_size) {
  std::vector<int> table(total);
  for (int i = 0; i < total; ++i) table[i] = i * 3;  // keys with gaps
  v1::ListAssignmentsRequest request;
  request.set_page_size(page_size);
  std::vector<int> seen;
  for (int pages = 0; pages <= total + 1; ++pages) {
    absl::StatusOr<ListPage> page = ListPage::Start(request, "assignments", kScope);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) break;
    absl::StatusOr<int64_t> after = page->after_int();
    EXPECT_TRUE(after.ok());
    std::vector<int> rows;
    for (int key : table) {
      if (static_cast<int>(rows.size()) == page->fetch_limit()) break;
      if (!page->continues() || key > *after) rows.push_back(key);
    }
    const std::string next = page->Finish(rows, [](int key) { return absl::StrCat(key); });
    EXPECT_LE(static_cast<int>(rows.size()), page->size());
    seen.insert(seen.end(), rows.begin(), rows.end());
    if (next.empty()) return seen;
    request.set_page_token(next);
  }
  ADD_FAILURE() << "the pages never ended";
  return seen;
}

TEST(ListPageTest, PagingReturnsEveryRowExactlyOnce) {
  for (int total : {0, 1, 4, 5, 6, 23}) {
    for (int page_size : {1, 2, 5, 50}) {
      std::vector<int> expected(total);
      for (int i = 0; i < total; ++i) expected[i] = i * 3;
      EXPECT_EQ(PageThrough(total, page_size), expected) << total << " rows by " << page_size;
    }
  }
}

}  // namespace
}  // namespace escala::server
