#pragma once

#include <gmock/gmock.h>

#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace escala::testing {
namespace internal {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }

template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

inline void DescribeStatus(const absl::Status& status, ::testing::MatchResultListener* listener) {
  *listener << "whose status is " << absl::StatusCodeToString(status.code());
  if (!status.message().empty()) *listener << " \"" << status.message() << "\"";
}

// The matcher behind IsOk(): polymorphic over absl::Status and absl::StatusOr<T>.
class IsOkMatcherImpl {
 public:
  template <typename StatusType>
  bool MatchAndExplain(const StatusType& value, ::testing::MatchResultListener* listener) const {
    const absl::Status& status = GetStatus(value);
    DescribeStatus(status, listener);
    return status.ok();
  }
  void DescribeTo(std::ostream* os) const { *os << "is OK"; }
  void DescribeNegationTo(std::ostream* os) const { *os << "is not OK"; }
};

// The matcher behind StatusIs(): the code must be equal and the message must match.
class StatusIsMatcherImpl {
 public:
  StatusIsMatcherImpl(absl::StatusCode code, ::testing::Matcher<const std::string&> message)
      : code_(code), message_(std::move(message)) {}

  template <typename StatusType>
  bool MatchAndExplain(const StatusType& value, ::testing::MatchResultListener* listener) const {
    const absl::Status& status = GetStatus(value);
    DescribeStatus(status, listener);
    if (status.code() != code_) return false;
    ::testing::StringMatchResultListener message_listener;
    if (!message_.MatchAndExplain(std::string(status.message()), &message_listener)) {
      const std::string explanation = message_listener.str();
      if (!explanation.empty()) *listener << ", and the message " << explanation;
      return false;
    }
    return true;
  }
  void DescribeTo(std::ostream* os) const {
    *os << "has code " << absl::StatusCodeToString(code_) << " and a message that ";
    message_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "does not have code " << absl::StatusCodeToString(code_) << " or has a message that ";
    message_.DescribeNegationTo(os);
  }

 private:
  absl::StatusCode code_;
  ::testing::Matcher<const std::string&> message_;
};

// The matcher behind IsOkAndHolds(): an absl::StatusOr<T> with a value that matches.
template <typename StatusOrType>
class IsOkAndHoldsMatcherImpl : public ::testing::MatcherInterface<StatusOrType> {
 public:
  using ValueType = typename std::remove_reference_t<StatusOrType>::value_type;

  template <typename InnerMatcher>
  explicit IsOkAndHoldsMatcherImpl(InnerMatcher&& inner)
      : inner_(::testing::SafeMatcherCast<const ValueType&>(std::forward<InnerMatcher>(inner))) {}

  bool MatchAndExplain(StatusOrType value,
                       ::testing::MatchResultListener* listener) const override {
    if (!value.ok()) {
      DescribeStatus(value.status(), listener);
      return false;
    }
    ::testing::StringMatchResultListener inner_listener;
    const bool matches = inner_.MatchAndExplain(*value, &inner_listener);
    *listener << "whose value " << ::testing::PrintToString(*value)
              << (matches ? " matches" : " does not match");
    if (!inner_listener.str().empty()) *listener << ", " << inner_listener.str();
    return matches;
  }
  void DescribeTo(std::ostream* os) const override {
    *os << "is OK and has a value that ";
    inner_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "is not OK or has a value that ";
    inner_.DescribeNegationTo(os);
  }

 private:
  ::testing::Matcher<const ValueType&> inner_;
};

template <typename InnerMatcher>
class IsOkAndHoldsMatcher {
 public:
  explicit IsOkAndHoldsMatcher(InnerMatcher inner) : inner_(std::move(inner)) {}
  template <typename StatusOrType>
  operator ::testing::Matcher<StatusOrType>() const {  // NOLINT: implicit by design
    return ::testing::Matcher<StatusOrType>(
        new IsOkAndHoldsMatcherImpl<const StatusOrType&>(inner_));
  }

 private:
  InnerMatcher inner_;
};

}  // namespace internal

// Matches an OK absl::Status or an absl::StatusOr<T> that holds a value.
inline ::testing::PolymorphicMatcher<internal::IsOkMatcherImpl> IsOk() {
  return ::testing::MakePolymorphicMatcher(internal::IsOkMatcherImpl());
}

// Matches an absl::Status or absl::StatusOr<T> whose code is `code` and whose message matches
// `message` (a matcher such as HasSubstr("team_id"), or a string for exact equality).
template <typename MessageMatcher>
::testing::PolymorphicMatcher<internal::StatusIsMatcherImpl> StatusIs(absl::StatusCode code,
                                                                      MessageMatcher&& message) {
  return ::testing::MakePolymorphicMatcher(internal::StatusIsMatcherImpl(
      code, ::testing::MatcherCast<const std::string&>(std::forward<MessageMatcher>(message))));
}

// Matches an absl::Status or absl::StatusOr<T> whose code is `code`, whatever the message.
inline ::testing::PolymorphicMatcher<internal::StatusIsMatcherImpl> StatusIs(
    absl::StatusCode code) {
  return StatusIs(code, ::testing::_);
}

// Matches an absl::StatusOr<T> that holds a value matching `inner` (a matcher or a value).
template <typename InnerMatcher>
internal::IsOkAndHoldsMatcher<std::decay_t<InnerMatcher>> IsOkAndHolds(InnerMatcher&& inner) {
  return internal::IsOkAndHoldsMatcher<std::decay_t<InnerMatcher>>(
      std::forward<InnerMatcher>(inner));
}

}  // namespace escala::testing

#define ESCALA_STATUS_MACROS_CONCAT_INNER(x, y) x##y
#define ESCALA_STATUS_MACROS_CONCAT(x, y) ESCALA_STATUS_MACROS_CONCAT_INNER(x, y)

// ESCALA_ASSERT_OK_AND_ASSIGN(lhs, expr): evaluates `expr` (an absl::StatusOr<T>), fails the
// test with the status unless it holds a value, and moves the value into `lhs` (a declaration
// such as `auto team` or an existing variable).
#define ESCALA_ASSERT_OK_AND_ASSIGN(lhs, expr)                                                    \
  ESCALA_ASSERT_OK_AND_ASSIGN_IMPL(ESCALA_STATUS_MACROS_CONCAT(escala_status_or_, __LINE__), lhs, \
                                   expr)
#define ESCALA_ASSERT_OK_AND_ASSIGN_IMPL(status_or, lhs, expr) \
  auto status_or = (expr);                                     \
  ASSERT_TRUE(status_or.ok()) << status_or.status();           \
  lhs = std::move(status_or).value()
