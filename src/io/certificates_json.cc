// Certificate checks in JSON (see vocfab/io/certificates_json.h).
#include "vocfab/io/certificates_json.h"

#include "vocfab/model/date.h"
#include "vocfab/model/enums.h"
#include "vocfab/model/masking.h"

#include <nlohmann/json.hpp>

namespace vocfab {
namespace {

using Json = nlohmann::ordered_json;

Json masked_text(const std::optional<std::string>& text) {
  return text ? Json(mask_national_ids(*text)) : Json(nullptr);
}

Json facts_json(const CertificateFacts& facts) {
  Json out = Json::object();
  out["kind"] = to_string(facts.kind);
  out["issued"] = to_iso_string(facts.issued);
  out["external_number"] = masked_text(facts.external_number);
  out["course"] = facts.course.to_string();
  out["branch"] = facts.branch ? Json(facts.branch->str()) : Json(nullptr);
  out["branch_name"] = masked_text(facts.branch_name);
  out["hours"] = facts.hours ? Json(*facts.hours) : Json(nullptr);
  out["centre"] = masked_text(facts.centre);
  out["holder"] = facts.holder ? Json(*facts.holder) : Json(nullptr);
  out["holder_erased"] = facts.holder_erased;
  return out;
}

std::string dumped(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

std::string to_json(const CertificateVerification& verification) {
  Json out = Json::object();
  out["status"] = to_string(verification.status);
  if (verification.code) out["code"] = *verification.code;
  if (verification.certificate) out["certificate"] = verification.certificate->to_string();
  if (verification.revocation) {
    out["revoked"] = {{"date", to_iso_string(verification.revocation->date)},
                      {"reason", mask_national_ids(verification.revocation->reason)}};
  }
  if (verification.forgery) out["forgery"] = to_string(*verification.forgery);
  if (verification.facts) out["facts"] = facts_json(*verification.facts);
  if (verification.name_matches) out["name_matches"] = *verification.name_matches;
  return dumped(out);
}

std::string to_json(const TokenVerification& verification) {
  Json out = Json::object();
  out["status"] = to_string(verification.status);
  if (verification.key_id) out["key"] = std::string(1, *verification.key_id);
  if (verification.certificate) out["certificate"] = verification.certificate->to_string();
  if (verification.code) out["code"] = *verification.code;
  if (verification.facts) out["facts"] = facts_json(*verification.facts);
  return dumped(out);
}

}  // namespace vocfab
