// What the matching layer's results share on their way out: a person as a table shows them, and
// the operations that carry a result out, spliced into its JSON as the last member.
#pragma once

#include "io/record_codec.h"
#include "vocfab/io/operations_json.h"
#include "vocfab/model/dataset.h"
#include "vocfab/ops/certificates.h"

#include <nlohmann/json.hpp>

#include <string>

namespace vocfab::io_detail {

/// A person in a readable table: the id and the masked name (`A*** Y****`), `(erased)` for an
/// erased person; never a national id.
inline std::string person_text(const Dataset& dataset, const TraineeId& id) {
  const Trainee* trainee = dataset.find(id);
  std::string text = id.to_string();
  if (trainee == nullptr) return text;
  if (!trainee->identity) return text + " (erased)";
  return text + " " + mask_person_name(trainee->identity->given_name + " " + trainee->identity->family_name);
}

/// @p out's compact JSON with `"operations": [...]` appended as its last member, each operation
/// written by `write_operation`; `for_each_operation(visit)` calls `visit(const Operation&)` for
/// each, in order.
template <class ForEachOperation>
std::string with_operations(const nlohmann::ordered_json& out, ForEachOperation&& for_each_operation) {
  std::string text = dump_compact(out);
  text.pop_back();  // the closing brace
  text += ",\"operations\":[";
  bool first = true;
  for_each_operation([&](const Operation& operation) {
    if (!first) text += ',';
    first = false;
    text += write_operation(operation);
  });
  text += "]}";
  return text;
}

}  // namespace vocfab::io_detail
