// libFuzzer target: any bytes given to the matching solvers' JSON entry points (stable matching,
// blocking pairs, assignment) and to the requests of course allocation, candidate ranking, explain,
// referral matching, reports, plans and the anonymised release yield a result or issues, never a
// crash. Beyond not crashing: a stable matching that is found has no blocking pair when checked
// by `blocking_pairs_json` on the same instance; an assignment that is found passes its own
// optimality certificate; every result is JSON.
#include "support/fixture.h"
#include "vocfab/io/allocation_json.h"
#include "vocfab/io/assignment_json.h"
#include "vocfab/io/json.h"
#include "vocfab/io/matching_json.h"
#include "vocfab/io/ranking_json.h"
#include "vocfab/io/report_json.h"
#include "vocfab/matching/assignment.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

nlohmann::json parsed(const std::string& text, const char* what) {
  auto value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded()) fail(what, text);
  return value;
}

const vocfab::Dataset& base() {
  static const vocfab::Dataset dataset = vocfab::read_dataset(vocfab::testing::valid_document().dump()).dataset;
  return dataset;
}

void stable_match(std::string_view text) {
  const vocfab::MatchingReply reply = vocfab::stable_match_json(text);
  if (!reply.ok()) return;
  const nlohmann::json result = parsed(reply.json, "stable_match_json wrote what is not JSON");
  // The same instance with the matching found: stable.
  nlohmann::json request = nlohmann::json::parse(text, nullptr, false);
  if (!request.is_object()) fail("a request that solved does not parse", text);
  request.erase("optimal");
  request["matching"] = result["matching"];
  const vocfab::MatchingReply check = vocfab::blocking_pairs_json(request.dump());
  if (!check.ok()) fail("the solved instance's matching could not be checked", request.dump());
  if (parsed(check.json, "blocking_pairs_json wrote what is not JSON")["stable"] != true) {
    fail("a stable matching has a blocking pair", check.json);
  }
}

void assign(std::string_view text) {
  const vocfab::AssignJsonOutcome outcome = vocfab::assign_json(text);
  if (!outcome.ok()) return;
  parsed(outcome.json, "assign_json wrote what is not JSON");
  const vocfab::AssignmentRequest request = vocfab::read_assignment_request(text);
  if (const auto* dense = std::get_if<vocfab::matching::DenseProblem>(&request.problem)) {
    const auto solved = vocfab::matching::solve_dense(*dense);
    if (!solved.solution || !vocfab::matching::check_certificate(*dense, *solved.solution).empty()) {
      fail("a dense assignment fails its certificate", text);
    }
  } else if (const auto* sparse = std::get_if<vocfab::matching::SparseProblem>(&request.problem)) {
    const auto solved = vocfab::matching::solve_sparse(*sparse);
    if (!solved.solution || !vocfab::matching::check_certificate(*sparse, *solved.solution).empty()) {
      fail("a sparse assignment fails its certificate", text);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  stable_match(text);
  (void)vocfab::blocking_pairs_json(text);
  assign(text);
  for (const auto entry : {vocfab::allocate_json, vocfab::rank_json, vocfab::explain_json, vocfab::match_json}) {
    const vocfab::JsonReply reply = entry(base(), text);
    if (reply.ok()) parsed(reply.json, "a dataset's JSON entry point wrote what is not JSON");
  }
  // Reports and plans may be asked for as CSV, tables or HTML; JSON must parse.
  for (const auto entry : {vocfab::report_reply, vocfab::plan_reply}) {
    const vocfab::JsonReply reply = entry(base(), text);
    if (reply.ok() && reply.json.starts_with('{')) parsed(reply.json, "a report or plan wrote what is not JSON");
  }
  const vocfab::AnonymiseReply release = vocfab::anonymise_reply(base(), text);
  if (release.release && release.release->record_count() != base().record_count()) {
    fail("an anonymised release lost records", text);
  }
  return 0;
}
