/// @file
/// Certificate checks in JSON: what `verify_certificate` and `verify_token` found, as the C ABI,
/// the bindings and `vocfab verify --json` give it (docs/c-api.md).
///
/// A verification is `{"status", "code"?, "certificate"?, "revoked"?: {"date", "reason"},
/// "forgery"?, "facts"?: {...}, "name_matches"?}`, a token check `{"status", "key"?,
/// "certificate"?, "code"?, "facts"?: {...}}`; members that do not apply are left out, and every
/// member of `facts` is present (`null` when the dataset lacks what it comes from). Free texts
/// (external number, branch and centre names, the revocation's reason) have any number that
/// could be a national id masked, as everything the library returns does.
///
/// Thread-safety: pure functions; thread-safe.
#pragma once

#include "vocfab/ops/certificates.h"

#include <string>

namespace vocfab {

/// @p verification as one line of JSON.
std::string to_json(const CertificateVerification& verification);
/// @p verification as one line of JSON.
std::string to_json(const TokenVerification& verification);

}  // namespace vocfab
