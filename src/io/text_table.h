// Plain-text tables for the readable outputs (summary, reports, plans): columns aligned by
// display width, numbers grouped by thousands.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vocfab::io_detail {

/// Display width of UTF-8 text: one column per code point (the names are Latin script).
inline std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

/// `1234567` → `1,234,567`.
inline std::string group_thousands(std::size_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

/// A plain-text table: a header row and data rows, left- or right-aligned per column.
class TextTable {
 public:
  TextTable(std::vector<std::string> header, std::vector<bool> right_aligned)
      : header_(std::move(header)), right_(std::move(right_aligned)) {}

  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

  void render(std::string& out, std::string_view indent) const {
    std::vector<std::size_t> widths(header_.size(), 0);
    auto measure = [&widths](const std::vector<std::string>& row) {
      for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
        widths[c] = std::max(widths[c], display_width(row[c]));
      }
    };
    measure(header_);
    for (const auto& row : rows_) measure(row);

    auto line = [&](const std::vector<std::string>& row) {
      std::string text(indent);
      for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
        const std::size_t pad = widths[c] - display_width(row[c]);
        const bool last = c + 1 == row.size();
        if (c != 0) text += "  ";
        if (right_[c]) {
          text.append(pad, ' ');
          text += row[c];
        } else {
          text += row[c];
          if (!last) text.append(pad, ' ');
        }
      }
      out += text;
      out += '\n';
    };
    line(header_);
    for (const auto& row : rows_) line(row);
  }

 private:
  std::vector<std::string> header_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace vocfab::io_detail
