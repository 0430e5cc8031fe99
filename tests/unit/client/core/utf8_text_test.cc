#include "client/core/utf8_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace escala::client {
namespace {

using ::testing::HasSubstr;

TEST(Utf8TextTest, AcceptsAsciiAndWellFormedSequences) {
  EXPECT_EQ(FindInvalidUtf8(""), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("plain"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("caf\xC3\xA9 \xE2\x80\xA6 \xF0\x9F\x99\x82"), std::nullopt);
}

TEST(Utf8TextTest, FindsLatin1ByteAndTruncatedOrForbiddenSequences) {
  EXPECT_EQ(FindInvalidUtf8("caf\xE9"), 3u);            // Latin-1 é, cut short
  EXPECT_EQ(FindInvalidUtf8("caf\xE9 au lait"), 3u);    // Latin-1 é before ASCII
  EXPECT_EQ(FindInvalidUtf8("a\xC0\xAF"), 1u);          // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("a\xED\xA0\x80"), 1u);      // surrogate U+D800
  EXPECT_EQ(FindInvalidUtf8("a\xF4\x90\x80\x80"), 1u);  // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("\x80"), 0u);               // lone continuation byte
}

TEST(Utf8TextTest, DescriptionNamesTheByteAndTheCharacterPosition) {
  EXPECT_EQ(DescribeInvalidUtf8("fine \xC3\xA9"), "");
  const std::string text = DescribeInvalidUtf8("\xC3\xA9t\xE9");
  EXPECT_THAT(text, HasSubstr("not valid UTF-8"));
  EXPECT_THAT(text, HasSubstr("0xE9 at character 3"));
}

}  // namespace
}  // namespace escala::client
