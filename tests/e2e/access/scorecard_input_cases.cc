// Input-safety cases of the ScorecardService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "escala/v1/scorecards.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

// A new draft scorecard made by the manager; its id.
std::string ManagersScorecard(InputClient& client) {
  v1::CreateScorecardRequest request;
  v1::Scorecard* card = request.mutable_scorecard();
  card->set_scorecard_id(client.Unique("limits-"));
  card->set_title("Limits");
  v1::ScorecardSection* section = card->add_sections();
  section->set_key("s");
  section->set_title("Section");
  v1::Criterion* criterion = section->add_criteria();
  criterion->set_key("c");
  criterion->set_title("Criterion");
  criterion->set_weight(1);
  criterion->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
  v1::Scorecard created;
  grpc::Status status = client.CallAs(
      client.ManagerToken(), &v1::ScorecardService::Stub::CreateScorecard, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return card->scorecard_id();
}

// A draft scorecard whose free-text fields all hold "Plain" but the one `set` fills.
v1::Scorecard CardWith(const std::string& scorecard_id,
                       const std::function<void(v1::Scorecard&)>& set) {
  v1::Scorecard card;
  card.set_scorecard_id(scorecard_id);
  card.set_title("Plain");
  v1::ScorecardSection* section = card.add_sections();
  section->set_key("s");
  section->set_title("Plain");
  v1::Criterion* criterion = section->add_criteria();
  criterion->set_key("c");
  criterion->set_title("Plain");
  criterion->set_weight(1);
  criterion->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
  set(card);
  return card;
}

// Writes each text into one free-text field of a new card (CreateScorecard, as the manager) and
// reads it back from the create's answer and from GetScorecard.
RoundTrip CardTextRoundTrip(const std::string& field,
                            std::function<void(v1::Scorecard&, const std::string&)> set,
                            std::function<std::string(const v1::Scorecard&)> get) {
  return {.field = field,
          .via = "CreateScorecard",
          .run = [set, get](InputClient& client, const std::vector<std::string>& texts) {
            std::vector<ReadBack> read;
            for (const std::string& text : texts) {
              v1::CreateScorecardRequest create;
              *create.mutable_scorecard() =
                  CardWith(client.Unique("text-"), [&](v1::Scorecard& card) { set(card, text); });
              v1::Scorecard created;
              grpc::Status status =
                  client.CallAs(client.ManagerToken(), &v1::ScorecardService::Stub::CreateScorecard,
                                create, &created);
              EXPECT_TRUE(status.ok()) << status.error_message();
              read.push_back({"CreateScorecard", text, get(created)});
              v1::GetScorecardRequest request;
              request.set_scorecard_id(create.scorecard().scorecard_id());
              v1::Scorecard stored;
              status = client.CallAs(client.ManagerToken(),
                                     &v1::ScorecardService::Stub::GetScorecard, request, &stored);
              EXPECT_TRUE(status.ok()) << status.error_message();
              read.push_back({"GetScorecard", text, get(stored)});
            }
            return read;
          }};
}

// The one criterion of a card made by CardWith.
v1::Criterion* OnlyCriterion(v1::Scorecard& card) {
  return card.mutable_sections(0)->mutable_criteria(0);
}
std::string OnlyCriterionOf(const v1::Scorecard& card, std::string (*field)(const v1::Criterion&)) {
  if (card.sections_size() == 0 || card.sections(0).criteria_size() == 0) return "(no criterion)";
  return field(card.sections(0).criteria(0));
}

// One write path of a card's free-text field: a CreateScorecard whose field holds the value.
FieldWrite CardTextWrite(const std::string& field, std::size_t max_characters,
                         std::function<void(v1::Scorecard&, const std::string&)> set) {
  return {
      .field = field,
      .via = "CreateScorecard",
      .write =
          [set](InputClient& client, const std::string& value) {
            v1::CreateScorecardRequest create;
            *create.mutable_scorecard() =
                CardWith(client.Unique("write-"), [&](v1::Scorecard& card) { set(card, value); });
            v1::Scorecard created;
            return client.CallAs(client.ManagerToken(),
                                 &v1::ScorecardService::Stub::CreateScorecard, create, &created);
          },
      .max_characters = max_characters};
}

InputCases ScorecardInputCases() {
  InputCases cases;
  // The server names a repeated field's element by its index: sections[0].criteria[0].title.
  // Its length errors also name the section or criterion key ("section \"s\": must be at most
  // …"), so the generic limit case probes the top-level fields only; scorecard_validation_test
  // covers the nested limits.
  cases.field_writes = {
      CardTextWrite("scorecard.title", 200,
                    [](v1::Scorecard& card, const std::string& value) { card.set_title(value); }),
      CardTextWrite(
          "scorecard.description", 4000,
          [](v1::Scorecard& card, const std::string& value) { card.set_description(value); }),
      CardTextWrite("scorecard.sections[0].title", 0,
                    [](v1::Scorecard& card, const std::string& value) {
                      card.mutable_sections(0)->set_title(value);
                    }),
      CardTextWrite("scorecard.sections[0].criteria[0].title", 0,
                    [](v1::Scorecard& card, const std::string& value) {
                      OnlyCriterion(card)->set_title(value);
                    }),
      CardTextWrite("scorecard.sections[0].criteria[0].guidance", 0,
                    [](v1::Scorecard& card, const std::string& value) {
                      OnlyCriterion(card)->set_guidance(value);
                    }),
  };
  cases.round_trips = {
      CardTextRoundTrip(
          "scorecard.title",
          [](v1::Scorecard& card, const std::string& text) { card.set_title(text); },
          [](const v1::Scorecard& card) { return card.title(); }),
      CardTextRoundTrip(
          "scorecard.description",
          [](v1::Scorecard& card, const std::string& text) { card.set_description(text); },
          [](const v1::Scorecard& card) { return card.description(); }),
      CardTextRoundTrip(
          "scorecard.sections.title",
          [](v1::Scorecard& card, const std::string& text) {
            card.mutable_sections(0)->set_title(text);
          },
          [](const v1::Scorecard& card) {
            return card.sections_size() == 0 ? std::string("(no section)")
                                             : card.sections(0).title();
          }),
      CardTextRoundTrip(
          "scorecard.sections.criteria.title",
          [](v1::Scorecard& card, const std::string& text) {
            OnlyCriterion(card)->set_title(text);
          },
          [](const v1::Scorecard& card) {
            return OnlyCriterionOf(card, [](const v1::Criterion& c) { return c.title(); });
          }),
      CardTextRoundTrip(
          "scorecard.sections.criteria.guidance",
          [](v1::Scorecard& card, const std::string& text) {
            OnlyCriterion(card)->set_guidance(text);
          },
          [](const v1::Scorecard& card) {
            return OnlyCriterionOf(card, [](const v1::Criterion& c) { return c.guidance(); });
          }),
  };
  cases.not_free_text = {
      {"scorecard.scorecard_id", "identifier: refused unless [A-Za-z0-9._-]"},
      {"scorecard.sections.key", "key: refused unless letters, digits, '.', '_' and '-'"},
      {"scorecard.sections.criteria.key", "key: refused unless letters, digits, '.', '_' and '-'"},
      {"scorecard.created_by", "output only"},
      {"scorecard.etag", "made by the server; compared, never stored"},
      {"etag", "made by the server; compared, never stored"},
  };
  cases.paged_lists = {
      {.method = "escala.v1.ScorecardService/ListScorecards",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListScorecardsRequest request;
               request.set_page_size(page_size);
               v1::ListScorecardsResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::ScorecardService::Stub::ListScorecards, request,
                                    &response);
             };
           }},
      {.method = "escala.v1.ScorecardService/ListScorecardVersions",
       .prepare =
           [](InputClient& client) {
             return [&client, scorecard_id = ManagersScorecard(client)](int32_t page_size) {
               v1::ListScorecardVersionsRequest request;
               request.set_scorecard_id(scorecard_id);
               request.set_page_size(page_size);
               v1::ListScorecardsResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::ScorecardService::Stub::ListScorecardVersions, request,
                                    &response);
             };
           }},
  };
  return cases;
}

const InputCaseRegistrar kScorecardInputCases("scorecards", &ScorecardInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
