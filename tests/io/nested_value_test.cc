// The flat form of a record's nested values: built from SAX-like calls or from a DOM, walked in
// document order, reused after clear().
#include "io/record_codec.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace vocfab::io_detail {
namespace {

// Writes a view back as compact JSON text (members in their stored order).
std::string render(NestedValue::View value) {
  switch (value.kind()) {
    case ValueKind::null: return "null";
    case ValueKind::boolean: return value.as_bool() ? "true" : "false";
    case ValueKind::integer: return std::to_string(value.as_integer());
    case ValueKind::unsigned_integer: return std::to_string(value.as_unsigned());
    case ValueKind::floating: return nlohmann::json(value.as_floating()).dump();
    case ValueKind::string: return nlohmann::json(std::string(value.string_view())).dump();
    case ValueKind::object:
    case ValueKind::array: break;
  }
  const bool object = value.kind() == ValueKind::object;
  std::string text = object ? "{" : "[";
  bool first = true;
  value.for_each([&](NestedValue::View child) {
    if (!first) text += ",";
    first = false;
    if (object) text += nlohmann::json(std::string(child.key())).dump() + ":";
    text += render(child);
  });
  return text + (object ? "}" : "]");
}

TEST(NestedValue, ReadsJsonTextAndWalksItInOrder) {
  const std::string text =
      R"({"a":[1,-2,2.5,"x",null,true,{"deep":[[]]}],"b":{},"c":"ç","d":18446744073709551615})";
  const auto dom = nlohmann::json::parse(text);
  NestedValue flat;
  ASSERT_FALSE(read_nested_value(text, "x", flat));
  EXPECT_EQ(render(flat.root()), dom.dump());
  EXPECT_EQ(flat.root().size(), 4u);
  std::string keys;
  flat.root().for_each([&](NestedValue::View member) { keys += std::string(member.key()) + ";"; });
  EXPECT_EQ(keys, "a;b;c;d;");
}

TEST(NestedValue, BuiltFromEventsKeepsDocumentOrderAndRepeatedKeys) {
  NestedValue value;
  value.open(ValueKind::object, {});
  value.add_string("z", "first");
  value.open(ValueKind::array, "list");
  value.add_string("ignored for items", "UUID-like text longer than any small-string buffer");
  value.add_unsigned("", 7);
  EXPECT_FALSE(value.close());
  value.add_boolean("z", false);
  EXPECT_TRUE(value.building());
  EXPECT_TRUE(value.close());
  EXPECT_FALSE(value.building());
  EXPECT_EQ(render(value.root()),
            R"({"z":"first","list":["UUID-like text longer than any small-string buffer",7],"z":false})");
  EXPECT_EQ(value.root().size(), 3u);
}

TEST(NestedValue, ReadingScalarsAndBadTextGivesTheRootOrAnIssue) {
  NestedValue value;
  ASSERT_FALSE(read_nested_value("\"x\"", "p", value));
  EXPECT_EQ(value.root().kind(), ValueKind::string);
  EXPECT_EQ(value.root().string_view(), "x");
  const auto broken = read_nested_value("{\"a\":\n tru}", "p", value);
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->code, IssueCode::parse_error);
  EXPECT_EQ(broken->path, "p");
  EXPECT_EQ(broken->message.rfind("parse error at line 2, column ", 0), 0u) << broken->message;
}

TEST(NestedValue, ClearForgetsTheValueAndTheStorageIsReused) {
  NestedValue value;
  for (int round = 0; round < 3; ++round) {
    value.clear();
    value.open(ValueKind::array, {});
    for (int i = 0; i <= round; ++i) value.add_integer("", i);
    ASSERT_TRUE(value.close());
    EXPECT_EQ(value.root().size(), static_cast<std::size_t>(round + 1));
  }
  EXPECT_EQ(render(value.root()), "[0,1,2]");
}

}  // namespace
}  // namespace vocfab::io_detail
