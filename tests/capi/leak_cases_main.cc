// Writes the no-leak cases of support/leak_cases.h (driven by the model's descriptions) for the
// C99 test program vocfab_no_leak_test.c, which cannot build them itself: one case a line, six
// fields separated by tabs (compact JSON holds no raw tab or newline):
//   LABEL  COLLECTION  KEY  PLANTED  RECORD  DOCUMENT
// COLLECTION is a collection name, `policy`, `audit` or empty (a document target); KEY is the
// record's key (id, or code for a branch) as text; RECORD is empty for document targets. The
// first line is the base document alone: `BASE` and five fields, the last the document.
#include "support/leak_cases.h"

#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: vocfab_leak_cases OUTPUT.tsv\n";
    return 2;
  }
  namespace leaks = vocfab::testing::leaks;
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << "BASE\t\t\t\t\t" << leaks::base_document().dump() << '\n';
  for (const leaks::Case& c : leaks::cases()) {
    std::string key;
    if (!c.record.empty()) {
      const nlohmann::json record = nlohmann::json::parse(c.record);
      const char* field = c.collection == "branches" ? "code" : "id";
      if (record.is_object() && record.contains(field)) {
        key = record[field].is_string() ? record[field].get<std::string>() : record[field].dump();
      }
    }
    out << c.label << '\t' << c.collection << '\t' << key << '\t' << c.planted << '\t' << c.record << '\t'
        << c.document << '\n';
  }
  out.close();
  if (!out) {
    std::cerr << "vocfab_leak_cases: cannot write " << argv[1] << '\n';
    return 1;
  }
  return 0;
}
