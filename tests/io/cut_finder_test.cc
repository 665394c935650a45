// The parallel reader's cut finder: block masks against a byte-by-byte classification, and cuts
// against a byte-by-byte reference scanner on random documents read in random chunk sizes.
#include "io/cut_finder.h"

#include "vocfab/model/collection.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace vocfab::io_detail {
namespace {

// The reference: one byte at a time, following the JSON grammar's strings and nesting.
struct Reference {
  std::vector<Cut> cuts;
  bool irregular = false;
};

Reference reference_cuts(const std::string& text, std::uint64_t part_size) {
  Reference out;
  std::vector<char> stack;
  bool in_string = false, escaped = false, plain = true, is_key = false, expect_key = false;
  bool after_comma = false;   // a comma between two records: after a record's '}' and white space
  bool after_record = false;  // a record of the collection closed, only white space since
  std::string string, last_key, array_key;
  std::vector<std::string> keys;
  std::size_t commas = 0;
  std::uint64_t comma = 0, line = 1, line_start = 0, next_target = part_size;
  const auto in_collection = [&] {
    return stack.size() == 2 && stack[0] == '{' && stack[1] == '[' && !array_key.empty();
  };
  for (std::uint64_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    if (c == '\n') {
      ++line;
      line_start = at + 1;
    }
    if (in_string) {
      if (escaped) {
        escaped = false;
        plain = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        if (stack.size() == 1 && is_key) {
          if (!plain || std::find(keys.begin(), keys.end(), string) != keys.end()) out.irregular = true;
          keys.push_back(string);
          last_key = plain ? string : std::string();
        }
      } else {
        string.push_back(c);
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        string.clear();
        plain = true;
        is_key = expect_key;
        expect_key = false;
        after_comma = false;
        after_record = false;
        break;
      case '{':
      case '[':
        if (c == '{' && in_collection() && after_comma && at >= next_target) {
          out.cuts.push_back(Cut{comma, at, array_key, commas, line, at - line_start + 1});
          next_target = at + part_size;
        }
        stack.push_back(c);
        expect_key = stack.size() == 1 && c == '{';
        if (stack.size() == 2 && c == '[') {
          commas = 0;
          array_key = parse_collection(last_key) ? last_key : std::string();
        }
        after_comma = false;
        after_record = false;
        break;
      case '}':
      case ']':
        if (stack.empty()) return out;  // unbalanced: no more cuts
        stack.pop_back();
        after_comma = false;
        after_record = c == '}' && in_collection();
        break;
      case ',':
        if (stack.size() == 1) expect_key = true;
        if (in_collection()) {
          ++commas;
          comma = at;
          after_comma = after_record;
        }
        after_record = false;
        break;
      case ' ':
      case '\t':
      case '\r':
      case '\n':
        break;
      default:
        after_comma = false;
        after_record = false;
        break;
    }
  }
  return out;
}

// The finder fed as the reader feeds it: chunk by chunk, scanning after each, finishing at the end.
Reference finder_cuts(const std::string& text, std::uint64_t part_size, const std::vector<std::size_t>& chunks) {
  Reference out;
  CutFinder finder(part_size);
  std::uint64_t end = 0;
  std::size_t next_chunk = 0;
  for (bool at_end = false; !at_end;) {
    const std::size_t chunk = chunks.empty() ? text.size() : std::max<std::size_t>(1, chunks[next_chunk++ % chunks.size()]);
    const std::uint64_t grown = std::min<std::uint64_t>(text.size(), end + chunk);
    at_end = grown == end;
    end = grown;
    // Only the bytes from the last cut on are guaranteed: show the finder no more than those.
    const std::uint64_t begin = out.cuts.empty() ? 0 : out.cuts.back().record;
    const ScanWindow window{text.data() + begin, begin, end};
    while (auto cut = at_end ? finder.finish(window) : finder.scan(window)) {
      out.cuts.push_back(*cut);
      EXPECT_GE(cut->record, begin);
    }
  }
  out.irregular = finder.irregular();
  return out;
}

std::string to_text(const std::vector<Cut>& cuts) {
  std::string text;
  for (const Cut& cut : cuts) {
    text += cut.collection + "[" + std::to_string(cut.index) + "] comma " + std::to_string(cut.comma) + " record " +
            std::to_string(cut.record) + " at " + std::to_string(cut.line) + ":" + std::to_string(cut.column) + "\n";
  }
  return text;
}

void expect_same_cuts(const std::string& text, std::uint64_t part_size, const std::vector<std::size_t>& chunks = {}) {
  const Reference expected = reference_cuts(text, part_size);
  const Reference actual = finder_cuts(text, part_size, chunks);
  EXPECT_EQ(to_text(actual.cuts), to_text(expected.cuts)) << text;
  EXPECT_EQ(actual.irregular, expected.irregular) << text;
}

// ---------------------------------------------------------------------------------------------

TEST(CutFinder, CutsBeforeEachRecordOnceThePartIsLongEnough) {
  const std::string text = "{\"schema_version\":1,\n\"trainees\":[\n{\"id\":\"a\"},\n{\"id\":\"b\"},\n{\"id\":\"c\"}\n]}";
  const Reference actual = finder_cuts(text, 1, {});
  ASSERT_EQ(actual.cuts.size(), 2u);
  EXPECT_EQ(actual.cuts[0].collection, "trainees");
  EXPECT_EQ(actual.cuts[0].index, 1u);
  EXPECT_EQ(text[actual.cuts[0].comma], ',');
  EXPECT_EQ(text[actual.cuts[0].record], '{');
  EXPECT_EQ(actual.cuts[0].line, 4u);
  EXPECT_EQ(actual.cuts[0].column, 1u);
  EXPECT_EQ(actual.cuts[1].index, 2u);
  EXPECT_FALSE(actual.irregular);
  expect_same_cuts(text, 1);
}

TEST(CutFinder, NeverCutsInsideStringsOrNestedValues) {
  // Commas and braces inside strings, escaped quotes, and records nested one level deeper.
  const std::string text =
      R"({"trainees":[{"n":"x\",{\"y"},{"n":"\\"},{"k":[{"a":1},{"b":2}]},{"n":",{"}],"other":[{"a":1},{"b":2}]})";
  const Reference actual = finder_cuts(text, 1, {});
  ASSERT_EQ(actual.cuts.size(), 3u);
  for (const Cut& cut : actual.cuts) EXPECT_EQ(cut.collection, "trainees");
  expect_same_cuts(text, 1);
}

TEST(CutFinder, BackslashRunsAndQuotesAcrossBlockBoundaries) {
  // Shift a string ending in runs of backslashes across every position of a 64-byte block.
  for (std::size_t pad = 0; pad < 130; ++pad) {
    for (const std::string run : {"\\\\", "\\\\\\\\", "\\\"", "\\\\\\\""}) {
      const std::string text = "{\"trainees\":[{\"n\":\"" + std::string(pad, 'x') + run + "\"},{\"n\":\"a,{\"},{\"n\":1}]}";
      expect_same_cuts(text, 1);
      expect_same_cuts(text, 1, {1, 7, 64, 3});
    }
  }
}

TEST(CutFinder, RepeatedOrEscapedTopLevelKeysMakeTheDocumentIrregular) {
  EXPECT_TRUE(finder_cuts(R"({"trainees":[],"trainees":[]})", 1, {}).irregular);
  EXPECT_TRUE(finder_cuts(R"({"train\u0065es":[{},{}]})", 1, {}).irregular);
  EXPECT_FALSE(finder_cuts(R"({"trainees":[{},{}],"courses":[{},{}]})", 1, {}).irregular);
  expect_same_cuts(R"({"trainees":[],"trainees":[]})", 1);
  expect_same_cuts(R"({"train\u0065es":[{},{}]})", 1);
}

TEST(CutFinder, StopsCuttingAfterAnUnbalancedClose) {
  const std::string text = R"(]{"trainees":[{},{},{}]})";
  EXPECT_TRUE(finder_cuts(text, 1, {}).cuts.empty());
  expect_same_cuts(text, 1);
}

TEST(CutFinder, UnknownCollectionsAndTopLevelArraysAreNotCut) {
  EXPECT_TRUE(finder_cuts(R"({"widgets":[{},{},{}]})", 1, {}).cuts.empty());
  EXPECT_TRUE(finder_cuts(R"([{"trainees":[{},{}]},{}])", 1, {}).cuts.empty());
  EXPECT_TRUE(finder_cuts(R"({"policy":{"trainees":[{},{}]}})", 1, {}).cuts.empty());
}

RC_GTEST_PROP(CutFinder, BlockMasksMatchBytewiseClassification, ()) {
  const auto bytes = *rc::gen::container<std::string>(
      64, rc::gen::oneOf(rc::gen::element('"', '\\', '\n', '{', '}', '[', ']', ',', ' ', 'a', '\x7b' ^ 0x20,
                                          '\x7d' ^ 0x20, '\xfb', '\xdb', '\0'),
                         rc::gen::arbitrary<char>()));
  RC_ASSERT(classify_block(bytes.data()) == classify_block_bytewise(bytes.data()));
}

// Random documents shaped like datasets, with strings full of the characters the finder watches.
rc::Gen<std::string> random_string() {
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(rc::gen::element<std::string>(
                          "a", "b", "{", "}", "[", "]", ",", ":", " ", "\\\"", "\\\\", "\\n", "\\u00e7", "ç")),
                      [](const std::vector<std::string>& pieces) {
                        std::string text = "\"";
                        for (const auto& piece : pieces) text += piece;
                        return text + "\"";
                      });
}

rc::Gen<std::string> random_value(int depth) {
  if (depth == 0) return rc::gen::oneOf(random_string(), rc::gen::element<std::string>("1", "-2.5", "true", "null"));
  return rc::gen::oneOf(
      random_string(), rc::gen::element<std::string>("1", "true", "null"),
      rc::gen::map(rc::gen::container<std::vector<std::string>>(random_value(depth - 1)),
                   [](const std::vector<std::string>& items) {
                     std::string text = "[";
                     for (std::size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + items[i];
                     return text + "]";
                   }),
      rc::gen::map(rc::gen::container<std::vector<std::pair<std::string, std::string>>>(
                       rc::gen::pair(random_string(), random_value(depth - 1))),
                   [](const std::vector<std::pair<std::string, std::string>>& members) {
                     std::string text = "{";
                     for (std::size_t i = 0; i < members.size(); ++i) {
                       text += (i ? ",\n  " : "") + members[i].first + ":" + members[i].second;
                     }
                     return text + "}";
                   }));
}

rc::Gen<std::string> random_document() {
  const auto key = rc::gen::weightedOneOf<std::string>(
      {{6, rc::gen::element<std::string>("\"trainees\"", "\"courses\"", "\"referrals\"", "\"policy\"",
                                         "\"schema_version\"", "\"x\"")},
       {1, random_string()}});
  // Mostly records (objects), sometimes another value, which the finder must not cut before.
  const auto record = rc::gen::weightedOneOf<std::string>(
      {{6, rc::gen::map(rc::gen::container<std::vector<std::pair<std::string, std::string>>>(
                            rc::gen::pair(random_string(), random_value(1))),
                        [](const std::vector<std::pair<std::string, std::string>>& members) {
                          std::string text = "{";
                          for (std::size_t i = 0; i < members.size(); ++i) {
                            text += (i ? "," : "") + members[i].first + ":" + members[i].second;
                          }
                          return text + "}";
                        })},
       {1, random_value(2)}});
  const auto collection = rc::gen::map(rc::gen::container<std::vector<std::string>>(record),
                                       [](const std::vector<std::string>& records) {
                                         std::string text = "[";
                                         for (std::size_t i = 0; i < records.size(); ++i) {
                                           text += (i ? ",\n    " : "\n    ") + records[i];
                                         }
                                         return text + "\n  ]";
                                       });
  return rc::gen::map(rc::gen::container<std::vector<std::pair<std::string, std::string>>>(
                          rc::gen::pair(key, rc::gen::weightedOneOf<std::string>({{4, collection}, {1, random_value(1)}}))),
                      [](const std::vector<std::pair<std::string, std::string>>& members) {
                        std::string text = "{";
                        for (std::size_t i = 0; i < members.size(); ++i) {
                          text += (i ? ",\n  " : "\n  ") + members[i].first + ": " + members[i].second;
                        }
                        return text + "\n}\n";
                      });
}

RC_GTEST_PROP(CutFinder, AgreesWithTheBytewiseReferenceOnRandomDocuments, ()) {
  // Sizes bounded so a document stays within a few kilobytes: many blocks, many cuts, quick runs.
  const std::string text = *rc::gen::resize(12, random_document());
  const auto part_size = *rc::gen::inRange<std::uint64_t>(1, 200);
  const auto chunks = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(1, 300));
  const Reference expected = reference_cuts(text, part_size);
  const Reference actual = finder_cuts(text, part_size, chunks);
  RC_ASSERT(to_text(actual.cuts) == to_text(expected.cuts));
  RC_ASSERT(actual.irregular == expected.irregular);
}

}  // namespace
}  // namespace vocfab::io_detail
