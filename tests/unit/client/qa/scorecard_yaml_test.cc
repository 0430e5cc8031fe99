#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/str_split.h"
#include "client/core/yaml_subset.h"
#include "client/qa/scorecard_file.h"

namespace escala::client {
namespace {

using ::testing::HasSubstr;

// The JSON value of `yaml`, for comparison regardless of layout.
google::protobuf::Value Parsed(const std::string& yaml) {
  absl::StatusOr<std::string> json = YamlSubsetToJson(yaml);
  EXPECT_TRUE(json.ok()) << json.status();
  google::protobuf::Value value;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json.value_or("null"), &value).ok())
      << *json;
  return value;
}

google::protobuf::Value FromJson(const std::string& json) {
  google::protobuf::Value value;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &value).ok()) << json;
  return value;
}

void ExpectSame(const std::string& yaml, const std::string& json) {
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(Parsed(yaml), FromJson(json)))
      << yaml << "\n-> " << YamlSubsetToJson(yaml).value_or("error");
}

TEST(YamlSubsetTest, ScalarsTakeTheirJsonTypes) {
  ExpectSame("a: text\nb: 12\nc: -1.5e3\nd: true\ne: false\nf: null\ng: ~\nh:\ni: 012\nj: 1.2.3\n",
             R"({"a":"text","b":12,"c":-1.5e3,"d":true,"e":false,"f":null,"g":null,"h":null,
                 "i":"012","j":"1.2.3"})");
}

TEST(YamlSubsetTest, QuotedScalarsAreAlwaysText) {
  ExpectSame(
      "a: \"12\"\nb: 'it''s'\nc: \"say \\\"hi\\\"\\n\"\nd: 'a: b # not a comment'\ne: "
      "\"\\u00e9\"\n",
      R"({"a":"12","b":"it's","c":"say \"hi\"\n","d":"a: b # not a comment","e":"é"})");
}

TEST(YamlSubsetTest, CommentsAndBlankLinesAreIgnored) {
  ExpectSame("# a card\n---\n\ntitle: Calls   # the title\nurl: http://x/#y\n\n# end\n",
             R"({"title":"Calls","url":"http://x/#y"})");
}

TEST(YamlSubsetTest, NestedMappingsAndSequencesInBothIndentations) {
  ExpectSame(R"(
scale:
  kind: range
  max: 5
channels:
- phone
- chat
roles:
  - agent
sections:
  - key: opening
    criteria:
      - key: greet
        weight: 1
      - key: tone
  - key: closing
    criteria: []
empty: {}
flow: [phone, 'chat', 3]
)",
             R"({"scale":{"kind":"range","max":5},"channels":["phone","chat"],"roles":["agent"],
                 "sections":[{"key":"opening","criteria":[{"key":"greet","weight":1},{"key":"tone"}]},
                             {"key":"closing","criteria":[]}],
                 "empty":{},"flow":["phone","chat",3]})");
}

TEST(YamlSubsetTest, TheJsonKeepsTheLinesOfTheYaml) {
  absl::StatusOr<std::string> json = YamlSubsetToJson("a: 1\n\n# note\nb:\n  - x\n  - y\n");
  ASSERT_TRUE(json.ok()) << json.status();
  std::vector<std::string> lines = absl::StrSplit(*json, '\n');
  ASSERT_GE(lines.size(), 6u);
  EXPECT_THAT(lines[0], HasSubstr("\"a\": 1"));
  EXPECT_THAT(lines[3], HasSubstr("\"b\""));
  EXPECT_THAT(lines[4], HasSubstr("\"x\""));
  EXPECT_THAT(lines[5], HasSubstr("\"y\""));
}

TEST(YamlSubsetTest, WhatIsNotSupportedIsRefusedWithItsLine) {
  const std::pair<std::string, std::string> cases[] = {
      {"a: 1\n\tb: 2\n", "line 2: tabs"},
      {"a: &x 1\n", "line 1: '&'"},
      {"a: *x\n", "line 1: '*'"},
      {"a: !!str 1\n", "line 1: '!'"},
      {"a: |\n  text\n", "line 1: '|'"},
      {"a: 1\na: 2\n", "line 2: key \"a\" is given twice"},
      {"a: 1\n  b: 2\n", "line 2: unexpected indentation"},
      {"a: \"open\n", "line 1: the quoted text does not end"},
      {"a: {b: 1}\n", "line 1: { … } mappings are not supported"},
      {"a: [[1]]\n", "line 1: nested"},
      {"just text\n", "line 1: expected 'key: value'"},
      {"a: 1\n---\nb: 2\n", "line 2: only one document"},
      {"a: \"\\q\"\n", "line 1: unsupported escape \\q"},
      {"", "line 1: the file is empty"},
  };
  for (const auto& [yaml, error] : cases) {
    absl::StatusOr<std::string> json = YamlSubsetToJson(yaml);
    EXPECT_EQ(json.status().code(), absl::StatusCode::kInvalidArgument) << yaml;
    EXPECT_THAT(json.status().message(), HasSubstr(error)) << yaml;
  }
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

constexpr char kCardYaml[] = R"(# The calls card.
scorecard_id: calls
title: Calls
channels: [phone, chat]
sections:
  - key: opening
    title: Opening
    criteria:
      - key: greet
        title: "Greeting: name and team"
        weight: 1.5
        scale:
          kind: range
          min: 1
          max: 5
        critical: true
        critical_threshold: 0.5
)";

TEST(ScorecardYamlFileTest, AYamlFileGivesTheSameScorecardAsItsJson) {
  absl::StatusOr<v1::Scorecard> card = ReadScorecardFile(WriteTemp("calls.yaml", kCardYaml));
  ASSERT_TRUE(card.ok()) << card.status();
  EXPECT_EQ(card->scorecard_id(), "calls");
  EXPECT_EQ(card->channels(1), v1::CHANNEL_CHAT);
  const v1::Criterion& greet = card->sections(0).criteria(0);
  EXPECT_EQ(greet.title(), "Greeting: name and team");
  EXPECT_EQ(greet.weight(), 1.5);
  EXPECT_EQ(greet.scale().kind(), v1::SCALE_KIND_RANGE);
  EXPECT_EQ(greet.scale().max(), 5);
  EXPECT_EQ(greet.critical_threshold(), 0.5);
}

TEST(ScorecardYamlFileTest, ErrorsInAYamlFileNameTheYamlLine) {
  std::string yaml = kCardYaml;
  yaml.replace(yaml.find("kind: range"), 11, "kind: stars");
  absl::StatusOr<v1::Scorecard> card = ReadScorecardFile(WriteTemp("stars.yml", yaml));
  EXPECT_THAT(card.status().message(),
              HasSubstr("stars.yml: line 13: sections[0].criteria[0].scale.kind: 'stars' is not a "
                        "valid ScaleKind"));
  yaml = kCardYaml;
  yaml.replace(yaml.find("weight:"), 7, "wieght:");
  card = ReadScorecardFile(WriteTemp("typo.yaml", yaml));
  EXPECT_THAT(
      card.status().message(),
      HasSubstr("typo.yaml: line 11: sections[0].criteria[0].wieght: unknown field of Criterion"));
  card = ReadScorecardFile(WriteTemp("tab.yaml", "title: x\n\tkey: y\n"));
  EXPECT_THAT(card.status().message(), HasSubstr("tab.yaml: line 2: tabs"));
}

}  // namespace
}  // namespace escala::client
