// Certificate keys, verification codes, verification and tokens (see vocfab/ops/certificates.h;
// the formats are in docs/operations.md, "Certificates").
#include "vocfab/ops/certificates.h"

#include "ops/certificate_crypto.h"
#include "vocfab/model/date.h"
#include "vocfab/model/enums.h"
#include "vocfab/model/text.h"
#include "vocfab/model/turkish_text.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace vocfab {
namespace {

using certificates_detail::KeyAccess;

/// Crockford's base32 alphabet: the value of a symbol is its position.
constexpr std::string_view kBase32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// The check symbols: base32, then Crockford's five extra check symbols (values 32 to 36).
constexpr std::string_view kCheckSymbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";
/// The modulus of the check: prime, and larger than every weight and every symbol difference.
constexpr int kCheckModulus = 37;
static_assert(kCheckSymbols.size() == kCheckModulus);
static_assert(kCertificateCodeSymbols - 1 < kCheckModulus, "weights 1..17 must be distinct and non-zero mod 37");

/// Symbols of the MAC in a code: 16 symbols of 5 bits, the first 80 bits of the tag.
constexpr std::size_t kMacSymbols = 16;
constexpr std::size_t kMacBytes = kMacSymbols * 5 / 8;
static_assert(kCertificateCodeSymbols == 1 + kMacSymbols + 1);

/// Longer input is not a code someone typed (and is not scanned further).
constexpr std::size_t kMaxCodeInput = 256;
/// Longer input is not a token this library made.
constexpr std::size_t kMaxTokenInput = 16 * 1024;

constexpr std::string_view kCodeFactsTag = "vocfab-certificate-code-v1";
constexpr std::string_view kTokenPayloadTag = "vocfab-token-v1";
constexpr std::string_view kTokenPrefix = "VF1.";

/// The code symbols of a code without hyphens: key id, MAC, check.
using CodeSymbols = std::array<char, kCertificateCodeSymbols>;

/// @p c as a code reads it: upper case, `I`/`L` as `1`, `O` as `0`.
char read_symbol(char c) noexcept {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'I' || c == 'L') return '1';
  if (c == 'O') return '0';
  return c;
}

bool is_separator(char c) noexcept { return c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// The value of check symbol @p c (0 to 36), or -1.
int check_value(char c) noexcept {
  const std::size_t at = kCheckSymbols.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}
/// The value of base32 symbol @p c (0 to 31), or -1.
int base32_value(char c) noexcept {
  const std::size_t at = kBase32.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

/// The check symbol of the first 17 symbols of @p symbols: the sum of value × position (1 to 17)
/// modulo 37. Why it catches what it catches is in docs/operations.md.
char check_symbol(const CodeSymbols& symbols) noexcept {
  int sum = 0;
  for (std::size_t i = 0; i + 1 < symbols.size(); ++i) sum += static_cast<int>(i + 1) * base32_value(symbols[i]);
  return kCheckSymbols[static_cast<std::size_t>(sum % kCheckModulus)];
}

/// The symbols of @p text read as a code, or nothing when it is malformed.
std::optional<CodeSymbols> read_code(std::string_view text) noexcept {
  if (text.size() > kMaxCodeInput) return std::nullopt;
  CodeSymbols symbols{};
  std::size_t count = 0;
  for (char raw : text) {
    if (is_separator(raw)) continue;
    if (count == symbols.size()) return std::nullopt;
    symbols[count++] = read_symbol(raw);
  }
  if (count != symbols.size()) return std::nullopt;
  for (std::size_t i = 0; i + 1 < symbols.size(); ++i) {
    if (base32_value(symbols[i]) < 0) return std::nullopt;
  }
  if (check_value(symbols.back()) < 0 || check_symbol(symbols) != symbols.back()) return std::nullopt;
  return symbols;
}

/// Whether the stored code @p stored reads as @p symbols; stops at the first difference and
/// allocates nothing (it runs once per certificate of a dataset).
bool reads_as(std::string_view stored, const CodeSymbols& symbols) noexcept {
  std::size_t count = 0;
  for (char raw : stored) {
    if (is_separator(raw)) continue;
    if (count == symbols.size() || read_symbol(raw) != symbols[count]) return false;
    ++count;
  }
  return count == symbols.size();
}

/// `K-XXXX-XXXX-XXXX-XXXX-C`.
std::string formatted(const CodeSymbols& symbols) {
  std::string out;
  out.reserve(symbols.size() + 5);
  out.push_back(symbols[0]);
  for (std::size_t i = 1; i + 1 < symbols.size(); ++i) {
    if ((i - 1) % 4 == 0) out.push_back('-');
    out.push_back(symbols[i]);
  }
  out.push_back('-');
  out.push_back(symbols.back());
  return out;
}

/// A key id symbol as given (any case), or nothing when it is not a Crockford base32 symbol.
std::optional<char> key_id_symbol(char c) noexcept {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (base32_value(c) < 0) return std::nullopt;
  return c;
}

// --- canonical texts ---------------------------------------------------------------------------

/// A value in a canonical text: backslash, line feed and carriage return escaped, so that no
/// value can end its line early and two different sets of facts never give one text.
void append_escaped(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out.push_back(c);
  }
}

/// `name=value\n`, or `name\n` for an absent value.
void append_line(std::string& out, std::string_view name, const std::optional<std::string_view>& value) {
  out += name;
  if (value) {
    out.push_back('=');
    append_escaped(out, *value);
  }
  out.push_back('\n');
}

std::optional<std::string_view> view_of(const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  return std::string_view(*value);
}

/// The first lines of a canonical text: its version tag, and the key it is made under.
std::string canonical_text(std::string_view tag, char key_id) {
  std::string text;
  text.reserve(512);
  text += tag;
  text.push_back('\n');
  append_line(text, "key", std::string_view(&key_id, 1));
  return text;
}

/// What the MAC of a code covers (docs/operations.md): never the revocation.
std::string code_facts_text(char key_id, const Certificate& certificate, const Enrollment& enrollment) {
  std::string text = canonical_text(kCodeFactsTag, key_id);
  append_line(text, "id", certificate.id.to_string());
  append_line(text, "enrollment", certificate.enrollment.to_string());
  append_line(text, "trainee", enrollment.trainee.to_string());
  append_line(text, "course", enrollment.course.to_string());
  append_line(text, "kind", to_string(certificate.kind));
  append_line(text, "issued", to_iso_string(certificate.issued));
  append_line(text, "external_number", view_of(certificate.external_number));
  return text;
}

/// The code of @p certificate (whose enrollment is @p enrollment) under @p key.
CodeSymbols code_under(const CertificateKey& key, const Certificate& certificate, const Enrollment& enrollment) {
  const certificates_detail::Digest tag =
      certificates_detail::hmac_sha256(KeyAccess::secret(key), code_facts_text(key.id(), certificate, enrollment));
  CodeSymbols symbols{};
  symbols[0] = key.id();
  // The first 80 bits of the tag, five at a time, most significant first.
  std::uint64_t bits = 0;
  int held = 0;
  std::size_t next = 1;
  for (std::size_t i = 0; i < kMacBytes; ++i) {
    bits = (bits << 8) | tag[i];
    held += 8;
    while (held >= 5) {
      held -= 5;
      symbols[next++] = kBase32[(bits >> held) & 0x1F];
    }
  }
  symbols.back() = check_symbol(symbols);
  return symbols;
}

const Enrollment& enrollment_of(const Dataset& dataset, const Certificate& certificate) {
  const Enrollment* enrollment = dataset.find(certificate.enrollment);
  if (enrollment == nullptr) {
    throw std::invalid_argument("the dataset has no enrollment with id " + certificate.enrollment.to_string() +
                                " (certificate " + certificate.id.to_string() + ")");
  }
  return *enrollment;
}

/// Whether the stored code of @p certificate vouches for its facts under @p keyring.
struct RecordCheck {
  std::optional<CodeSymbols> code;      ///< The stored code, when it reads as one.
  std::optional<ForgeryCause> forgery;  ///< Why it does not vouch; nothing when it does.
};

RecordCheck check_record(const CertificateKeyring& keyring, const Certificate& certificate,
                         const Enrollment* enrollment) {
  // A record without a code (an anonymised release's) vouches for nothing, like an unreadable one.
  RecordCheck check{certificate.verification_code ? read_code(*certificate.verification_code) : std::nullopt,
                    std::nullopt};
  if (!check.code) {
    check.forgery = ForgeryCause::facts_changed;
    return check;
  }
  const CertificateKey* key = keyring.find((*check.code)[0]);
  if (key == nullptr) {
    check.forgery = ForgeryCause::unknown_key;
  } else if (enrollment == nullptr || code_under(*key, certificate, *enrollment) != *check.code) {
    // Without its enrollment the facts the code covers cannot even be assembled.
    check.forgery = ForgeryCause::facts_changed;
  }
  return check;
}

/// The holder's full name: given names, then the family name.
std::string full_name(const Identity& identity) { return identity.given_name + " " + identity.family_name; }

CertificateFacts facts_of(const Dataset& dataset, const Certificate& certificate, const Enrollment& enrollment) {
  CertificateFacts facts;
  facts.kind = certificate.kind;
  facts.issued = certificate.issued;
  facts.external_number = certificate.external_number;
  facts.course = enrollment.course;
  if (const Course* course = dataset.find(enrollment.course)) {
    facts.branch = course->branch;
    facts.hours = course->total_hours;
    if (const Branch* branch = dataset.find(course->branch)) facts.branch_name = branch->name;
    if (const Centre* centre = dataset.find(course->centre)) facts.centre = centre->name;
  }
  if (const Trainee* holder = dataset.find(enrollment.trainee)) {
    if (holder->identity) facts.holder = mask_person_name(full_name(*holder->identity));
    facts.holder_erased = !holder->identity.has_value();
  }
  return facts;
}

// --- token payload -----------------------------------------------------------------------------

std::string token_payload(char key_id, const Certificate& certificate, const CodeSymbols& code,
                          const CertificateFacts& facts) {
  std::string text = canonical_text(kTokenPayloadTag, key_id);
  append_line(text, "certificate", certificate.id.to_string());
  append_line(text, "code", formatted(code));
  append_line(text, "kind", to_string(facts.kind));
  append_line(text, "issued", to_iso_string(facts.issued));
  append_line(text, "external_number", view_of(facts.external_number));
  append_line(text, "course", facts.course.to_string());
  append_line(text, "branch", facts.branch ? std::optional<std::string_view>(facts.branch->str()) : std::nullopt);
  append_line(text, "branch_name", view_of(facts.branch_name));
  append_line(text, "hours", facts.hours ? std::optional<std::string>(std::to_string(*facts.hours)) : std::nullopt);
  append_line(text, "centre", view_of(facts.centre));
  append_line(text, "holder", view_of(facts.holder));
  append_line(text, "holder_erased", facts.holder_erased ? "true" : "false");
  return text;
}

/// Reads a canonical text line by line, in the fixed order of its names.
class CanonicalReader {
 public:
  explicit CanonicalReader(std::string_view text) : rest_(text) {}

  /// The next line, which must be @p tag exactly.
  bool tag(std::string_view tag) {
    const auto line = next_line();
    return line && *line == tag;
  }
  /// The next line, which must be `name` (absent value: @p value reset) or `name=value`.
  bool field(std::string_view name, std::optional<std::string>& value) {
    const auto line = next_line();
    if (!line || !line->starts_with(name)) return false;
    const std::string_view after = line->substr(name.size());
    if (after.empty()) {
      value.reset();
      return true;
    }
    if (after.front() != '=') return false;
    value = unescaped(after.substr(1));
    return value.has_value();
  }
  /// The next line, which must be `name=value` with a value.
  bool required(std::string_view name, std::string& value) {
    std::optional<std::string> read;
    if (!field(name, read) || !read) return false;
    value = std::move(*read);
    return true;
  }
  /// Whether every line was read.
  bool at_end() const noexcept { return rest_.empty(); }

 private:
  std::optional<std::string_view> next_line() {
    const std::size_t end = rest_.find('\n');
    if (end == std::string_view::npos) return std::nullopt;  // every line ends with a line feed
    const std::string_view line = rest_.substr(0, end);
    rest_.remove_prefix(end + 1);
    return line;
  }
  static std::optional<std::string> unescaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '\\') {
        if (text[i] == '\r') return std::nullopt;
        out.push_back(text[i]);
        continue;
      }
      if (++i == text.size()) return std::nullopt;
      if (text[i] == '\\') out.push_back('\\');
      else if (text[i] == 'n') out.push_back('\n');
      else if (text[i] == 'r') out.push_back('\r');
      else return std::nullopt;
    }
    return out;
  }

  std::string_view rest_;
};

/// The facts of a token payload, or nothing when it is not one.
std::optional<TokenVerification> read_token_payload(std::string_view payload) {
  CanonicalReader reader(payload);
  std::string key, certificate, code, kind, issued, course, holder_erased;
  std::optional<std::string> external_number, branch, branch_name, hours, centre, holder;
  const bool shaped = reader.tag(kTokenPayloadTag) && reader.required("key", key) &&
                      reader.required("certificate", certificate) && reader.required("code", code) &&
                      reader.required("kind", kind) && reader.required("issued", issued) &&
                      reader.field("external_number", external_number) && reader.required("course", course) &&
                      reader.field("branch", branch) && reader.field("branch_name", branch_name) &&
                      reader.field("hours", hours) && reader.field("centre", centre) &&
                      reader.field("holder", holder) && reader.required("holder_erased", holder_erased) &&
                      reader.at_end();
  if (!shaped) return std::nullopt;

  TokenVerification out;
  const auto key_id = key.size() == 1 ? key_id_symbol(key[0]) : std::nullopt;
  const auto certificate_id = CertificateId::parse(certificate);
  const auto symbols = read_code(code);
  const auto kind_value = parse_enum<CertificateKind>(kind);
  const auto issued_day = parse_iso_date(issued);
  const auto course_id = CourseId::parse(course);
  if (!key_id || !certificate_id || !symbols || formatted(*symbols) != code || !kind_value || !issued_day ||
      !course_id || (holder_erased != "true" && holder_erased != "false")) {
    return std::nullopt;
  }
  CertificateFacts facts;
  facts.kind = *kind_value;
  facts.issued = *issued_day;
  facts.external_number = std::move(external_number);
  facts.course = *course_id;
  if (branch) {
    facts.branch = BranchCode::parse(*branch);
    if (!facts.branch) return std::nullopt;
  }
  facts.branch_name = std::move(branch_name);
  if (hours) {
    std::uint32_t value = 0;
    const auto [end, error] = std::from_chars(hours->data(), hours->data() + hours->size(), value);
    if (error != std::errc() || end != hours->data() + hours->size()) return std::nullopt;
    facts.hours = value;
  }
  facts.centre = std::move(centre);
  facts.holder = std::move(holder);
  facts.holder_erased = holder_erased == "true";

  out.status = TokenStatus::valid;
  out.key_id = *key_id;
  out.certificate = *certificate_id;
  out.code = std::move(code);
  out.facts = std::move(facts);
  return out;
}

// --- key files ---------------------------------------------------------------------------------

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

bool is_hex_digit(char c) noexcept { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

/// The bytes of a secret written in hex or as `base64:<base64>`; nothing when it is neither. The
/// prefix keeps the two apart: a hex secret with a digit lost must not read as base64.
std::optional<std::vector<unsigned char>> secret_bytes(std::string_view text) {
  constexpr std::string_view kBase64Prefix = "base64:";
  if (text.starts_with(kBase64Prefix)) return certificates_detail::base64_decode(text.substr(kBase64Prefix.size()));
  if (text.empty() || text.size() % 2 != 0 || !std::all_of(text.begin(), text.end(), is_hex_digit)) return std::nullopt;
  std::vector<unsigned char> out(text.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<unsigned char>(hex_value(text[2 * i]) * 16 + hex_value(text[2 * i + 1]));
  }
  return out;
}

[[noreturn]] void key_file_error(std::size_t line, std::string_view problem) {
  throw CertificateKeyError("certificate key file, line " + std::to_string(line) + ": " + std::string(problem));
}

/// The key of one line `<id> <secret>` (line number @p line, for messages).
CertificateKey key_of_line(std::string_view content, std::size_t line) {
  const auto space = std::find_if(content.begin(), content.end(), is_blank);
  const std::string_view id = content.substr(0, static_cast<std::size_t>(space - content.begin()));
  const std::string_view secret_text = trimmed(content.substr(id.size()));
  if (secret_text.empty() || std::any_of(secret_text.begin(), secret_text.end(), is_blank)) {
    key_file_error(line, "expected '<key id> <secret>' (a key id, white space, then the secret in hex or as base64:...)");
  }
  if (id.size() != 1 || !key_id_symbol(id[0])) {
    key_file_error(line, "the key id must be one Crockford base32 symbol (0-9 or A-Z without I, L, O and U)");
  }
  std::optional<std::vector<unsigned char>> secret = secret_bytes(secret_text);
  if (!secret) key_file_error(line, "the secret is neither hex (an even number of hex digits) nor base64:<base64>");
  struct Wiped {
    std::vector<unsigned char>& bytes;
    ~Wiped() { certificates_detail::wipe(bytes); }
  } wiped{*secret};
  if (secret->size() < CertificateKey::kMinimumSecretBytes) {
    key_file_error(line, "the secret has " + std::to_string(secret->size()) + " bytes; at least " +
                             std::to_string(CertificateKey::kMinimumSecretBytes) + " are needed");
  }
  return CertificateKey(id[0], *secret);
}

}  // namespace

// =============================================================================================

void CertificateKey::wipe() noexcept { certificates_detail::wipe(secret_); }

CertificateKey::CertificateKey(char id, std::span<const unsigned char> secret) {
  const auto symbol = key_id_symbol(id);
  if (!symbol) {
    throw CertificateKeyError("a certificate key id must be one Crockford base32 symbol (0-9 or A-Z without I, L, O "
                              "and U)");
  }
  if (secret.size() < kMinimumSecretBytes) {
    throw CertificateKeyError("a certificate key secret has " + std::to_string(secret.size()) + " bytes; at least " +
                              std::to_string(kMinimumSecretBytes) + " are needed");
  }
  id_ = *symbol;
  secret_.assign(secret.begin(), secret.end());
}

CertificateKey::CertificateKey(const CertificateKey& other) : id_(other.id_), secret_(other.secret_) {}

CertificateKey::CertificateKey(CertificateKey&& other) noexcept
    : id_(other.id_), secret_(std::exchange(other.secret_, {})) {}

CertificateKey& CertificateKey::operator=(const CertificateKey& other) {
  if (this != &other) {
    CertificateKey copy(other);
    *this = std::move(copy);
  }
  return *this;
}

CertificateKey& CertificateKey::operator=(CertificateKey&& other) noexcept {
  if (this != &other) {
    wipe();
    id_ = other.id_;
    secret_ = std::exchange(other.secret_, {});
  }
  return *this;
}

CertificateKey::~CertificateKey() { wipe(); }

std::string TokenPublicKey::text() const { return certificates_detail::base64url_encode(bytes); }

std::optional<TokenPublicKey> TokenPublicKey::parse(std::string_view text) {
  text = trimmed(text);
  while (!text.empty() && text.back() == '\n') text = trimmed(text.substr(0, text.size() - 1));
  if (text.size() > 64) return std::nullopt;
  const auto decoded = certificates_detail::base64_decode(text);
  TokenPublicKey key;
  if (!decoded || decoded->size() != key.bytes.size()) return std::nullopt;
  std::copy(decoded->begin(), decoded->end(), key.bytes.begin());
  return key;
}

CertificateKeyring::CertificateKeyring(CertificateKey current, std::vector<CertificateKey> older) {
  keys_.reserve(older.size() + 1);
  keys_.push_back(std::move(current));
  for (CertificateKey& key : older) {
    if (find(key.id()) != nullptr) {
      throw CertificateKeyError(std::string("two certificate keys have the id ") + key.id());
    }
    keys_.push_back(std::move(key));
  }
}

CertificateKeyring CertificateKeyring::from_text(std::string_view text) {
  std::vector<CertificateKey> keys;
  std::vector<std::size_t> lines;  // where each key was read, for the duplicate message
  std::size_t line = 0;
  while (!text.empty()) {
    ++line;
    const std::size_t end = std::min(text.find('\n'), text.size());
    const std::string_view content = trimmed(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
    if (content.empty() || content.front() == '#') continue;
    CertificateKey key = key_of_line(content, line);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i].id() == key.id()) {
        key_file_error(line, std::string("the key id ") + key.id() + " is already used on line " +
                                 std::to_string(lines[i]));
      }
    }
    keys.push_back(std::move(key));
    lines.push_back(line);
  }
  if (keys.empty()) throw CertificateKeyError("the certificate key file holds no key (expected '<key id> <secret>' lines)");
  CertificateKey current = std::move(keys.front());
  keys.erase(keys.begin());
  return CertificateKeyring(std::move(current), std::move(keys));
}

const CertificateKey* CertificateKeyring::find(char key_id) const noexcept {
  const char symbol = read_symbol(key_id);
  for (const CertificateKey& key : keys_) {
    if (key.id() == symbol) return &key;
  }
  return nullptr;
}

namespace {

TokenPublicKey public_key_of(const CertificateKey& key) {
  certificates_detail::SigningSeed seed = certificates_detail::token_signing_seed(key);
  struct Wiped {
    certificates_detail::SigningSeed& seed;
    ~Wiped() { certificates_detail::wipe(seed); }
  } wiped{seed};
  return certificates_detail::ed25519_public_key(seed);
}

}  // namespace

TokenPublicKey CertificateKeyring::public_key() const { return public_key_of(current()); }

std::optional<TokenPublicKey> CertificateKeyring::public_key(char key_id) const {
  const CertificateKey* key = find(key_id);
  if (key == nullptr) return std::nullopt;
  return public_key_of(*key);
}

// ---------------------------------------------------------------------------------------------

std::optional<std::string> normalize_certificate_code(std::string_view text) {
  const auto symbols = read_code(text);
  if (!symbols) return std::nullopt;
  return formatted(*symbols);
}

std::string certificate_code(const CertificateKeyring& keyring, const Dataset& dataset, const Certificate& certificate) {
  return formatted(code_under(keyring.current(), certificate, enrollment_of(dataset, certificate)));
}

std::string_view to_string(CertificateStatus status) noexcept {
  switch (status) {
    case CertificateStatus::valid: return "valid";
    case CertificateStatus::revoked: return "revoked";
    case CertificateStatus::unknown: return "unknown";
    case CertificateStatus::malformed: return "malformed";
    case CertificateStatus::forged: return "forged";
  }
  return "malformed";
}

std::string_view to_string(ForgeryCause cause) noexcept {
  switch (cause) {
    case ForgeryCause::facts_changed: return "facts_changed";
    case ForgeryCause::unknown_key: return "unknown_key";
  }
  return "facts_changed";
}

std::string_view to_string(TokenStatus status) noexcept {
  switch (status) {
    case TokenStatus::valid: return "valid";
    case TokenStatus::forged: return "forged";
    case TokenStatus::malformed: return "malformed";
  }
  return "malformed";
}

std::string mask_person_name(std::string_view name) {
  std::string out;
  bool start_of_part = true;
  for (std::size_t at = 0; at < name.size();) {
    const Utf8Char c = next_utf8_char(name, at);
    const std::string_view bytes = name.substr(at, c.length);
    at += c.length;
    if (c.valid && is_invisible(c.code_point)) {
      if (!start_of_part) out.push_back(' ');
      start_of_part = true;
      continue;
    }
    if (start_of_part) {
      out += c.valid && !is_control(c.code_point) ? bytes : std::string_view("\xEF\xBF\xBD");
      start_of_part = false;
    } else {
      out.push_back('*');
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

CertificateVerification verify_certificate(const Dataset& dataset, const CertificateKeyring& keyring,
                                           std::string_view code, std::optional<std::string_view> name) {
  CertificateVerification result;
  const auto symbols = read_code(code);
  if (!symbols) {
    result.status = CertificateStatus::malformed;
    return result;
  }
  const std::span<const Certificate> certificates = dataset.records<Certificate>();
  const auto found = std::find_if(certificates.begin(), certificates.end(), [&](const Certificate& certificate) {
    return certificate.verification_code && reads_as(*certificate.verification_code, *symbols);
  });
  if (found == certificates.end()) {
    result.status = CertificateStatus::unknown;
    return result;
  }
  const Certificate& certificate = *found;
  result.code = formatted(*symbols);
  result.certificate = certificate.id;
  const Enrollment* enrollment = dataset.find(certificate.enrollment);
  const RecordCheck check = check_record(keyring, certificate, enrollment);
  if (check.forgery) {
    result.status = CertificateStatus::forged;
    result.forgery = check.forgery;
    return result;
  }
  result.status = certificate.revoked ? CertificateStatus::revoked : CertificateStatus::valid;
  result.revocation = certificate.revoked;
  result.facts = facts_of(dataset, certificate, *enrollment);
  if (name) {
    const Trainee* holder = dataset.find(enrollment->trainee);
    if (holder != nullptr && holder->identity) result.name_matches = same_turkish_text(*name, full_name(*holder->identity));
  }
  return result;
}

std::string certificate_token(const CertificateKeyring& keyring, const Dataset& dataset, const Certificate& certificate) {
  const Enrollment& enrollment = enrollment_of(dataset, certificate);
  const std::string which = "certificate " + certificate.id.to_string();
  if (certificate.revoked) throw std::invalid_argument(which + " is revoked: a token is made only for a valid certificate");
  const RecordCheck check = check_record(keyring, certificate, &enrollment);
  if (check.forgery == ForgeryCause::unknown_key) {
    throw std::invalid_argument(which + ": its code's key id names no key of the keyring");
  }
  if (check.forgery) throw std::invalid_argument(which + ": its verification code does not match its facts");

  const CertificateKey& signer = keyring.current();
  const std::string payload =
      token_payload(signer.id(), certificate, *check.code, facts_of(dataset, certificate, enrollment));
  certificates_detail::SigningSeed seed = certificates_detail::token_signing_seed(signer);
  const certificates_detail::Signature signature = [&] {
    struct Wiped {
      certificates_detail::SigningSeed& seed;
      ~Wiped() { certificates_detail::wipe(seed); }
    } wiped{seed};
    return certificates_detail::ed25519_sign(seed, payload);
  }();
  const auto* payload_bytes = reinterpret_cast<const unsigned char*>(payload.data());
  return std::string(kTokenPrefix) + certificates_detail::base64url_encode({payload_bytes, payload.size()}) + "." +
         certificates_detail::base64url_encode(signature);
}

TokenVerification verify_token(const TokenPublicKey& public_key, std::string_view token) {
  TokenVerification malformed;
  token = trimmed(token);
  while (!token.empty() && token.back() == '\n') token = trimmed(token.substr(0, token.size() - 1));
  if (token.size() > kMaxTokenInput || !token.starts_with(kTokenPrefix)) return malformed;
  token.remove_prefix(kTokenPrefix.size());
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos) return malformed;
  const auto payload = certificates_detail::base64_decode(token.substr(0, dot));
  const auto signature = certificates_detail::base64_decode(token.substr(dot + 1));
  if (!payload || !signature || signature->size() != certificates_detail::Signature{}.size()) return malformed;
  const std::string_view payload_text(reinterpret_cast<const char*>(payload->data()), payload->size());
  if (!certificates_detail::ed25519_verify(public_key, payload_text, *signature)) {
    TokenVerification forged;
    forged.status = TokenStatus::forged;
    return forged;
  }
  auto read = read_token_payload(payload_text);
  return read ? std::move(*read) : malformed;
}

}  // namespace vocfab
