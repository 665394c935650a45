// The journal's records (vocfab/io/journal.h): framing, checksum and payload.
#include "vocfab/io/journal.h"

#include "io/record_codec.h"
#include "vocfab/io/operations_json.h"

#include <boost/crc.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <variant>
#include <utility>

namespace vocfab {

namespace {

using io_detail::NestedValue;
using io_detail::ValueKind;

// Castagnoli's polynomial, reflected, as iSCSI, ext4 and LevelDB use it.
using Crc32c = boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true>;

void put_u32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

std::uint32_t get_u32(std::string_view bytes, std::size_t at) noexcept {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
  return value;
}

std::uint32_t frame_checksum(std::string_view length_bytes, std::string_view payload) noexcept {
  Crc32c crc;
  crc.process_bytes(length_bytes.data(), length_bytes.size());
  crc.process_bytes(payload.data(), payload.size());
  return crc.checksum();
}

// The payload's first line: sequence numbers and draws. Nothing else is accepted in it.
struct RecordHeader {
  std::uint64_t first_seq = 0;
  std::uint64_t last_seq = 0;
  BatchDraws draws;
};

std::optional<std::vector<std::string>> text_list(NestedValue::View value) {
  if (value.kind() != ValueKind::array) return std::nullopt;
  std::vector<std::string> items;
  items.reserve(value.size());
  bool texts = true;
  value.for_each([&](NestedValue::View item) {
    if (item.kind() != ValueKind::string) {
      texts = false;
      return;
    }
    items.emplace_back(item.string_view());
  });
  if (!texts) return std::nullopt;
  return items;
}

// The header line, or the reason it is not one.
std::variant<RecordHeader, std::string> read_header(std::string_view line) {
  NestedValue value;
  if (auto failure = io_detail::read_nested_value(line, "", value)) return "its header is not JSON: " + failure->message;
  const NestedValue::View root = value.root();
  if (root.kind() != ValueKind::object) return std::string("its header is not an object");
  RecordHeader header;
  int seen = 0;
  std::string problem;
  root.for_each([&](NestedValue::View member) {
    const std::string_view key = member.key();
    if (key == "first_seq" || key == "last_seq") {
      if (member.kind() != ValueKind::unsigned_integer) {
        problem = std::string(key) + " is not a whole number";
        return;
      }
      (key == "first_seq" ? header.first_seq : header.last_seq) = member.as_unsigned();
      seen |= key == "first_seq" ? 1 : 2;
    } else if (key == "ids" || key == "codes") {
      auto items = text_list(member);
      if (!items) {
        problem = std::string(key) + " is not a list of texts";
        return;
      }
      (key == "ids" ? header.draws.ids : header.draws.codes) = std::move(*items);
    } else {
      problem = "its header has an unknown field";
    }
  });
  if (!problem.empty()) return problem;
  if (seen != 3) return std::string("its header lacks first_seq or last_seq");
  if (header.first_seq == 0 || header.last_seq < header.first_seq) {
    return std::string("its sequence numbers are not a range from 1");
  }
  return header;
}

// A record's payload, or the reason it is not a sound one.
std::variant<JournalRecord, std::string> read_payload(std::string_view payload) {
  const std::size_t newline = payload.find('\n');
  if (newline == std::string_view::npos) return std::string("its payload has no header line");
  auto header = read_header(payload.substr(0, newline));
  if (auto* problem = std::get_if<std::string>(&header)) return std::move(*problem);
  RecordHeader& head = std::get<RecordHeader>(header);

  ApplyRequest request = read_apply_request(payload.substr(newline + 1), Timestamp());
  if (!request.issues.empty()) return "its batch does not read: " + request.issues.front().message;
  if (request.operations.parse_error) return "its batch does not read: " + request.operations.parse_error->message;
  JournalRecord record;
  record.first_seq = head.first_seq;
  record.last_seq = head.last_seq;
  record.draws = std::move(head.draws);
  record.context = std::move(request.context);
  if (record.context.at.is_not_a_date_time()) return std::string("its batch has no time");
  if (record.context.check_only || record.context.id_seed) return std::string("its batch has fields a record never has");
  record.operations.reserve(request.operations.operations.size());
  for (OperationDraft& draft : request.operations.operations) {
    if (!draft.operation) {
      return "its operation " + std::to_string(record.operations.size()) + " does not read" +
             (draft.issues.empty() ? std::string() : ": " + draft.issues.front().message);
    }
    record.operations.push_back(std::move(*draft.operation));
  }
  if (record.operations.size() < record.last_seq - record.first_seq + 1) {
    return std::string("it has fewer operations than sequence numbers");
  }
  return record;
}

// Whether a sound frame (marker, length, checksum) starts at @p at.
bool sound_frame_at(std::string_view bytes, std::size_t at) noexcept {
  if (bytes.size() - at < kJournalFrameBytes) return false;
  if (bytes.substr(at, kJournalRecordMarker.size()) != kJournalRecordMarker) return false;
  const std::uint32_t length = get_u32(bytes, at + 4);
  if (length > kMaxJournalRecordBytes || length > bytes.size() - at - kJournalFrameBytes) return false;
  return frame_checksum(bytes.substr(at + 4, 4), bytes.substr(at + kJournalFrameBytes, length)) == get_u32(bytes, at + 8);
}

// Whether any sound frame starts after @p from: candidates are the marker's occurrences only.
bool sound_frame_after(std::string_view bytes, std::size_t from) noexcept {
  for (std::size_t at = bytes.find(kJournalRecordMarker, from + 1); at != std::string_view::npos;
       at = bytes.find(kJournalRecordMarker, at + 1)) {
    if (sound_frame_at(bytes, at)) return true;
  }
  return false;
}

}  // namespace

std::uint32_t crc32c(std::string_view bytes) noexcept {
  Crc32c crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

std::string encode_journal_record(const JournalRecord& record) {
  return encode_journal_record(record.first_seq, record.last_seq, record.context, record.draws, record.operations);
}

std::string encode_journal_record(std::uint64_t first_seq, std::uint64_t last_seq, const BatchContext& context,
                                  const BatchDraws& draws, std::span<const Operation> operations) {
  return encode_journal_record(first_seq, last_seq, draws, journal_request(context, operations));
}

std::string journal_request(const BatchContext& context, std::span<const Operation> operations) {
  BatchContext written = context;
  written.check_only = false;
  written.id_seed.reset();  // what it drew is in `ids`
  return write_apply_request(written, operations);
}

std::string encode_journal_record(std::uint64_t first_seq, std::uint64_t last_seq, const BatchDraws& draws,
                                  std::string_view request) {
  // Written by hand for speed (it is written under the registry's lock); the lists are
  // nlohmann's, which escapes them.
  std::string head = "{\"first_seq\":" + std::to_string(first_seq) + ",\"last_seq\":" + std::to_string(last_seq);
  if (!draws.ids.empty()) head += ",\"ids\":" + nlohmann::json(draws.ids).dump();
  if (!draws.codes.empty()) head += ",\"codes\":" + nlohmann::json(draws.codes).dump();
  head += '}';
  const std::size_t size = head.size() + 1 + request.size();
  if (size > kMaxJournalRecordBytes) {
    throw std::length_error("a batch of " + std::to_string(size) + " bytes is larger than a journal record may be");
  }
  std::string out;
  out.reserve(kJournalFrameBytes + size);
  out += kJournalRecordMarker;
  put_u32(out, static_cast<std::uint32_t>(size));
  out.append(4, '\0');  // the checksum, once the payload is in place
  out += head;
  out += '\n';
  out += request;
  const std::string_view frame(out);
  const std::uint32_t checksum = frame_checksum(frame.substr(4, 4), frame.substr(kJournalFrameBytes));
  for (int i = 0; i < 4; ++i) out[8 + static_cast<std::size_t>(i)] = static_cast<char>((checksum >> (8 * i)) & 0xFF);
  return out;
}

JournalDamage journal_damage(std::string_view bytes, std::uint64_t offset, std::size_t record, std::string reason) {
  return JournalDamage{offset, bytes.size() - offset, record, std::move(reason),
                       sound_frame_after(bytes, static_cast<std::size_t>(offset))};
}

JournalFrames scan_journal(std::string_view bytes) {
  JournalFrames scan;
  const auto damaged = [&](std::size_t at, std::string reason) {
    scan.damage = journal_damage(bytes, at, scan.frames.size() + 1, std::move(reason));
  };
  if (bytes.substr(0, kJournalHeader.size()) != kJournalHeader) {
    damaged(0, bytes.size() < kJournalHeader.size() && kJournalHeader.substr(0, bytes.size()) == bytes
                   ? "the journal's header is torn"
                   : "the file does not start with the journal header");
    return scan;
  }
  scan.header_ok = true;
  std::size_t at = kJournalHeader.size();
  scan.sound_bytes = at;
  while (at < bytes.size()) {
    // Zero bytes to the end are room the journal has grown into, not yet written: its end.
    if (bytes.find_first_not_of('\0', at) == std::string_view::npos) break;
    const std::size_t left = bytes.size() - at;
    if (left < kJournalFrameBytes) {
      damaged(at, "the record is torn: " + std::to_string(left) + " bytes of its " +
                      std::to_string(kJournalFrameBytes) + "-byte frame");
      return scan;
    }
    if (bytes.substr(at, kJournalRecordMarker.size()) != kJournalRecordMarker) {
      damaged(at, "no record starts here (its marker is wrong)");
      return scan;
    }
    const std::uint32_t length = get_u32(bytes, at + 4);
    if (length > kMaxJournalRecordBytes) {
      damaged(at, "its length " + std::to_string(length) + " is above the largest a record may have");
      return scan;
    }
    if (length > left - kJournalFrameBytes) {
      damaged(at, "the record is torn: " + std::to_string(left - kJournalFrameBytes) + " of its " +
                      std::to_string(length) + " payload bytes");
      return scan;
    }
    if (frame_checksum(bytes.substr(at + 4, 4), bytes.substr(at + kJournalFrameBytes, length)) != get_u32(bytes, at + 8)) {
      damaged(at, "its checksum fails");
      return scan;
    }
    scan.frames.push_back(JournalFrame{at, length});
    at += kJournalFrameBytes + length;
    scan.sound_bytes = at;
  }
  return scan;
}

std::variant<JournalRecord, std::string> read_journal_record(std::string_view bytes, const JournalFrame& frame) {
  return read_payload(bytes.substr(static_cast<std::size_t>(frame.offset) + kJournalFrameBytes, frame.length));
}

std::optional<std::string> journal_sequence_problem(std::uint64_t previous_last_seq, const JournalRecord& next) {
  if (next.first_seq == previous_last_seq + 1) return std::nullopt;
  return "its sequence numbers start at " + std::to_string(next.first_seq) + ", not at " +
         std::to_string(previous_last_seq + 1);
}

JournalContents read_journal(std::string_view bytes) {
  const JournalFrames scan = scan_journal(bytes);
  JournalContents contents;
  contents.header_ok = scan.header_ok;
  contents.sound_bytes = scan.sound_bytes;
  contents.damage = scan.damage;
  for (std::size_t i = 0; i < scan.frames.size(); ++i) {
    const JournalFrame& frame = scan.frames[i];
    auto record = read_journal_record(bytes, frame);
    std::optional<std::string> problem;
    if (auto* reason = std::get_if<std::string>(&record)) {
      problem = std::move(*reason);
    } else if (!contents.records.empty()) {
      problem = journal_sequence_problem(contents.records.back().last_seq, std::get<JournalRecord>(record));
    }
    if (problem) {
      contents.damage = journal_damage(bytes, frame.offset, i + 1, std::move(*problem));
      contents.sound_bytes = frame.offset;
      return contents;
    }
    contents.records.push_back(std::move(std::get<JournalRecord>(record)));
  }
  return contents;
}

}  // namespace vocfab
