#include "server/api/field_mask.h"

#include "escala/v1/interactions.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace escala::server {
namespace {

const std::set<std::string> kAllowed = {"queue", "csat", "tags", "recording"};

v1::Interaction Stored() {
  v1::Interaction in;
  in.set_id(7);
  in.set_queue("old");
  in.set_csat(2);
  in.add_tags("a");
  in.add_tags("b");
  in.mutable_recording()->set_uri("s3://x");
  in.mutable_recording()->set_size_bytes(10);
  return in;
}

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask mask;
  for (const char* p : paths) mask.add_paths(p);
  return mask;
}

TEST(FieldMaskTest, ReplacesOnlyMaskedFields) {
  v1::Interaction target = Stored();
  v1::Interaction source;
  source.set_queue("new");
  source.set_csat(5);
  ASSERT_TRUE(ApplyFieldMask(Mask({"queue"}), kAllowed, source, &target).ok());
  EXPECT_EQ(target.queue(), "new");
  EXPECT_EQ(target.csat(), 2);
  EXPECT_EQ(target.id(), 7);
}

TEST(FieldMaskTest, AbsentValueClearsAnOptionalField) {
  v1::Interaction target = Stored();
  ASSERT_TRUE(ApplyFieldMask(Mask({"csat"}), kAllowed, v1::Interaction(), &target).ok());
  EXPECT_FALSE(target.has_csat());
}

TEST(FieldMaskTest, RepeatedAndMessageFieldsAreReplacedWhole) {
  v1::Interaction target = Stored();
  v1::Interaction source;
  source.add_tags("c");
  source.mutable_recording()->set_uri("s3://y");
  ASSERT_TRUE(ApplyFieldMask(Mask({"tags", "recording"}), kAllowed, source, &target).ok());
  EXPECT_THAT(target.tags(), testing::ElementsAre("c"));
  EXPECT_EQ(target.recording().uri(), "s3://y");
  EXPECT_EQ(target.recording().size_bytes(), 0);
}

TEST(FieldMaskTest, WithoutAMaskThePopulatedAllowedFieldsAreReplaced) {
  v1::Interaction target = Stored();
  v1::Interaction source;
  source.set_id(99);  // populated but not updatable (it selects the record): left alone
  source.set_queue("new");
  source.add_tags("c");
  ASSERT_TRUE(ApplyFieldMask(Mask({}), kAllowed, source, &target).ok());
  EXPECT_EQ(target.queue(), "new");
  EXPECT_THAT(target.tags(), testing::ElementsAre("c"));
  EXPECT_EQ(target.id(), 7);
  EXPECT_EQ(target.csat(), 2);  // not populated in the source: kept
  EXPECT_EQ(target.recording().uri(), "s3://x");
}

TEST(FieldMaskTest, AStarReplacesEveryAllowedFieldAndClearsTheAbsentOnes) {
  v1::Interaction target = Stored();
  v1::Interaction source;
  source.set_id(99);
  source.set_queue("new");
  ASSERT_TRUE(ApplyFieldMask(Mask({"*"}), kAllowed, source, &target).ok());
  EXPECT_EQ(target.queue(), "new");
  EXPECT_FALSE(target.has_csat());
  EXPECT_TRUE(target.tags().empty());
  EXPECT_FALSE(target.has_recording());
  EXPECT_EQ(target.id(), 7);  // not in the allow-list
}

TEST(FieldMaskTest, RejectsUnknownAndImmutablePathsAndAStarAmongOthers) {
  v1::Interaction target = Stored();
  EXPECT_THAT(ApplyFieldMask(Mask({"*", "queue"}), kAllowed, v1::Interaction(), &target).message(),
              testing::HasSubstr("update_mask: '*'"));
  EXPECT_THAT(ApplyFieldMask(Mask({"nope"}), kAllowed, v1::Interaction(), &target).message(),
              testing::HasSubstr("'nope'"));
  absl::Status immutable = ApplyFieldMask(Mask({"id"}), kAllowed, v1::Interaction(), &target);
  EXPECT_EQ(immutable.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(target.id(), 7);
}

TEST(FieldMaskTest, CheckFieldMaskAnswersAsApplyFieldMaskWithoutATarget) {
  v1::Interaction source;
  source.set_queue("new");
  EXPECT_TRUE(CheckFieldMask(Mask({}), kAllowed, source).ok());
  EXPECT_TRUE(CheckFieldMask(Mask({"*"}), kAllowed, source).ok());
  EXPECT_TRUE(CheckFieldMask(Mask({"queue", "csat"}), kAllowed, source).ok());
  v1::Interaction target = Stored();
  for (const char* path : {"id", "nope", "recording.uri"}) {
    const absl::Status checked = CheckFieldMask(Mask({path}), kAllowed, source);
    EXPECT_EQ(checked, ApplyFieldMask(Mask({path}), kAllowed, source, &target)) << path;
    EXPECT_EQ(checked.code(), absl::StatusCode::kInvalidArgument) << path;
  }
}

}  // namespace
}  // namespace escala::server
