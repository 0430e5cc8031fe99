#include "tests/e2e/access/input_safety_registry.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"

namespace escala::testing::input_safety {
namespace {

struct Registration {
  std::string domain;
  InputCases (*cases)();
};

// Function-local, so that registrars in other files may run first.
std::vector<Registration>& Registry() {
  static std::vector<Registration>* registry = new std::vector<Registration>();
  return *registry;
}

// Appends `from` to `to`, failing for a key (`key_of`) that another domain registered already.
template <typename Case, typename KeyOf>
void Merge(const std::string& domain, const std::string& kind, std::vector<Case>& from,
           KeyOf key_of, std::map<std::string, std::string>& domain_of, std::vector<Case>& to) {
  for (Case& c : from) {
    const std::string key = absl::StrCat(kind, " ", key_of(c));
    auto [it, added] = domain_of.emplace(key, domain);
    if (!added) {
      ADD_FAILURE() << key << " is registered by both " << it->second << " and " << domain;
      continue;
    }
    to.push_back(std::move(c));
  }
}

}  // namespace

const std::vector<std::string>& HostileTexts() {
  static const std::vector<std::string> texts = {
      "O'Brien",
      "say \"cheese\"",
      "back\\slash \\' \\\" \\\\",
      "'; DROP TABLE people; --",
      "\"); DELETE FROM teams WHERE ('1'='1",
      "100% of _all_ rows",
      "%",
      "_",
      // "Ünïcödé ñ 日本語"
      "\xC3\x9Cn\xC3\xAF"
      "c\xC3\xB6"
      "d\xC3\xA9 \xC3\xB1 \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E",
      "\xF0\x9F\x99\x82\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",  // "🙂👍🏽"
      "tab\there\nand a new line",
      "  padded with spaces  ",
      "<b>markup</b> & ampersand",
  };
  return texts;
}

const std::vector<std::string>& HostileUris() {
  static const std::vector<std::string> uris = {
      "s3://bucket/O'Brien.ogg",
      "s3://bucket/\"quoted\".ogg",
      "s3://bucket/back\\slash",
      "s3://bucket/';DROP%20TABLE%20people;--",
      "https://media.example/100%25_of_?q=a%&r=_",
      "s3://bucket/\xC3\x9Cn\xC3\xAF"
      "c\xC3\xB6"
      "d\xC3\xA9/\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E.vtt",
      "s3://bucket/\xF0\x9F\x99\x82\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD.ogg",
  };
  return uris;
}

v1::Person InputClient::NewPerson(const std::string& employee_id, const std::string& display_name) {
  v1::Person person;
  person.set_employee_id(employee_id);
  person.set_display_name(display_name);
  person.set_role(v1::ROLE_AGENT);
  person.set_level(1);
  person.set_team_id("t-a");
  person.set_active(true);
  return person;
}

std::string InputClient::TokenOfNewPerson(const std::string& employee_id, v1::Role role) {
  v1::CreatePersonRequest create;
  *create.mutable_person() = NewPerson(employee_id, "Token Holder");
  create.mutable_person()->set_role(role);
  v1::Person created;
  grpc::Status status = Call(&v1::PeopleService::Stub::CreatePerson, create, &created);
  EXPECT_TRUE(status.ok()) << employee_id << ": " << status.error_message();
  v1::CreateTokenRequest request;
  request.mutable_token()->set_principal("people/" + employee_id);
  request.mutable_token()->set_description("input safety test");
  v1::CreateTokenResponse response;
  status = Call(&v1::IdentityService::Stub::CreateToken, request, &response);
  EXPECT_TRUE(status.ok()) << employee_id << ": " << status.error_message();
  return response.secret();
}

const std::string& InputClient::ManagerToken() {
  if (manager_token_.empty()) manager_token_ = TokenOfNewPerson("M1", v1::ROLE_MANAGER);
  return manager_token_;
}

int64_t InputClient::NewestEventId() {
  v1::ListAuditEventsRequest request;
  request.set_page_size(1);
  v1::ListAuditEventsResponse response;
  grpc::Status status = Call(&v1::AuditService::Stub::ListAuditEvents, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.events().empty() ? 0 : response.events(0).id();
}

std::vector<ReadBack> PairSorted(const std::string& via, std::vector<std::string> sent,
                                 std::vector<std::string> got) {
  std::sort(sent.begin(), sent.end());
  std::sort(got.begin(), got.end());
  std::vector<ReadBack> read;
  for (std::size_t i = 0; i < std::max(sent.size(), got.size()); ++i) {
    read.push_back(
        {via, i < sent.size() ? sent[i] : "(missing)", i < got.size() ? got[i] : "(missing)"});
  }
  return read;
}

InputCaseRegistrar::InputCaseRegistrar(const char* domain, InputCases (*cases)()) {
  Registry().push_back(Registration{domain, cases});
}

std::vector<std::string> InputCaseDomains() {
  std::vector<std::string> domains;
  for (const Registration& registration : Registry()) domains.push_back(registration.domain);
  return domains;
}

InputCases AllInputCases() {
  InputCases all;
  std::map<std::string, std::string> domain_of;
  auto field_via = [](const auto& c) { return absl::StrCat(c.field, " via ", c.via); };
  for (const Registration& registration : Registry()) {
    InputCases cases = registration.cases();
    const std::string& domain = registration.domain;
    Merge(domain, "round trip", cases.round_trips, field_via, domain_of, all.round_trips);
    Merge(domain, "field write", cases.field_writes, field_via, domain_of, all.field_writes);
    Merge(domain, "refused values", cases.refused, field_via, domain_of, all.refused);
    Merge(domain, "literal filter", cases.literal_filters, field_via, domain_of,
          all.literal_filters);
    Merge(domain, "enum filter", cases.enum_filters, field_via, domain_of, all.enum_filters);
    Merge(
        domain, "paging", cases.paged_lists, [](const PagedList& c) { return c.method; }, domain_of,
        all.paged_lists);
    Merge(
        domain, "limit", cases.limits, [](const LimitCase& c) { return c.name; }, domain_of,
        all.limits);
    all.not_free_text.insert(cases.not_free_text.begin(), cases.not_free_text.end());
  }
  return all;
}

}  // namespace escala::testing::input_safety
