// The result sheet as election officials publish it (doc/count_format.md
// §5): for STV one column per stage with the transfer (+/−) and the totals,
// quota, non-transferable papers, elected and excluded; for list PR the
// quotient table or the quota and remainders; for motions the tally, quorum
// and rule; for Schulze and Condorcet the pairwise table. Every number is
// written with thousands separators (base/text.h GroupDigits). Columns are
// aligned by display width (UTF-8 code points; East Asian wide characters
// take two cells, combining marks none).
#include <fmt/format.h>

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/text.h"
#include "count/methods.h"
#include "sovet/count.h"

namespace sovet {
namespace {

using boost::multiprecision::cpp_int;
using boost::multiprecision::cpp_rational;

std::size_t CodePointWidth(char32_t cp) {
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F)) return 0;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

// Display width of UTF-8 text (valid UTF-8 assumed: loaders check it).
std::size_t DisplayWidth(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    unsigned char lead = static_cast<unsigned char>(text[pos]);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t cp = lead < 0x80   ? lead
                  : lead < 0xE0 ? lead & 0x1F
                  : lead < 0xF0 ? lead & 0x0F
                                : lead & 0x07;
    for (std::size_t extra = 1; extra < length && pos + extra < text.size(); ++extra) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[pos + extra]) & 0x3F);
    }
    width += CodePointWidth(cp);
    pos += length;
  }
  return width;
}

// A table: the first column left-aligned, the others right-aligned.
class Table {
 public:
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Rule() { rows_.push_back({}); }

  std::string Render() const {
    std::vector<std::size_t> widths;
    for (const auto& row : rows_) {
      if (widths.size() < row.size()) widths.resize(row.size(), 0);
      for (std::size_t col = 0; col < row.size(); ++col) {
        widths[col] = std::max(widths[col], DisplayWidth(row[col]));
      }
    }
    std::size_t total = 0;
    for (std::size_t width : widths) total += width + 2;
    std::string out;
    for (const auto& row : rows_) {
      if (row.empty()) {
        out += std::string(total > 2 ? total - 2 : 0, '-') + "\n";
        continue;
      }
      std::string line;
      for (std::size_t col = 0; col < row.size(); ++col) {
        std::string pad(widths[col] - DisplayWidth(row[col]), ' ');
        if (col > 0) line += "  ";
        line += col == 0 ? row[col] + pad : pad + row[col];
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    return out;
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

// Exact numbers as the count writes them: "12", "12.34567", "2000/7".
struct Exact {
  cpp_rational value;
  int places = 0;  // decimal places written; -1 for a fraction
};

// A decimal integer with an optional leading '-'. cpp_int's string
// constructor is not used: it reads "0…" as octal and "0x…" as hexadecimal,
// and the digits of "0.33332" are "033332".
std::optional<cpp_int> ParseDecimalInt(std::string_view text) {
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  cpp_int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? cpp_int(-value) : value;
}

std::optional<Exact> ParseExact(const std::string& text) {
  if (text.empty()) return std::nullopt;
  try {
    std::size_t slash = text.find('/');
    if (slash != std::string::npos) {
      auto num = ParseDecimalInt(std::string_view(text).substr(0, slash));
      auto den = ParseDecimalInt(std::string_view(text).substr(slash + 1));
      if (!num || !den || *den == 0) return std::nullopt;
      return Exact{cpp_rational(*num, *den), -1};
    }
    std::size_t dot = text.find('.');
    if (dot == std::string::npos) {
      auto whole = ParseDecimalInt(text);
      if (!whole) return std::nullopt;
      return Exact{cpp_rational(*whole), 0};
    }
    auto digits = ParseDecimalInt(text.substr(0, dot) + text.substr(dot + 1));
    if (!digits) return std::nullopt;
    int places = static_cast<int>(text.size() - dot - 1);
    cpp_int scale = 1;
    for (int place = 0; place < places; ++place) scale *= 10;
    return Exact{cpp_rational(*digits, scale), places};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string FormatExact(const cpp_rational& value, int places, bool sign) {
  std::string prefix = sign && value > 0 ? "+" : "";
  if (places < 0) {
    return prefix + value.str();
  }
  cpp_int scale = 1;
  for (int place = 0; place < places; ++place) scale *= 10;
  cpp_rational scaled = value * scale;
  cpp_int whole = numerator(scaled) / denominator(scaled);
  bool negative = whole < 0;
  if (negative) whole = -whole;
  std::string digits = whole.str();
  if (places > 0) {
    while (static_cast<int>(digits.size()) <= places) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - places, '.');
  }
  return (negative ? "-" : prefix) + digits;
}

// A quotient v·den/num truncated to two decimals for display.
std::string QuotientText(std::int64_t votes, const std::string& divisor) {
  auto parsed = ParseExact(divisor);
  if (!parsed || parsed->value == 0) return "";
  cpp_rational quotient = cpp_rational(votes) / parsed->value;
  if (denominator(quotient) == 1) return numerator(quotient).str();
  return FormatExact(quotient, 2, false);
}

bool IsStv(Method method) { return method == Method::kStvScottish || method == Method::kStvMeek; }

void StvSheet(const CountResult& result, std::string* out) {
  Table table;
  std::vector<std::string> header{"Candidate"};
  for (const CountRound& round : result.rounds) {
    if (round.number > 1) header.push_back(fmt::format("{} +/-", round.number));
    header.push_back(fmt::format("Stage {}", round.number));
  }
  header.push_back("Result");
  table.Add(header);
  table.Rule();
  std::map<std::string, std::string> outcome;
  for (const CountRound& round : result.rounds) {
    for (const auto& name : round.elected)
      outcome[name] = fmt::format("Elected ({})", round.number);
    for (const auto& name : round.excluded)
      outcome[name] = fmt::format("Excluded ({})", round.number);
  }
  auto add_row = [&](const std::string& label, auto value_at) {
    std::vector<std::string> row{label};
    std::optional<Exact> previous;
    for (const CountRound& round : result.rounds) {
      std::string text = value_at(round);
      std::optional<Exact> current = ParseExact(text);
      if (round.number > 1) {
        if (current && previous) {
          int places = std::max(current->places, previous->places);
          if (current->places < 0 || previous->places < 0) places = -1;
          cpp_rational change = current->value - previous->value;
          row.push_back(change == 0 ? "" : GroupDigits(FormatExact(change, places, true)));
        } else {
          row.push_back("");
        }
      }
      row.push_back(GroupDigits(text));
      if (current) previous = current;
    }
    auto found = outcome.find(label);
    row.push_back(found == outcome.end() ? "" : found->second);
    table.Add(std::move(row));
  };
  for (std::size_t cand_idx = 0; cand_idx < result.candidates.size(); ++cand_idx) {
    add_row(result.candidates[cand_idx], [&](const CountRound& round) {
      return cand_idx < round.totals.size() ? round.totals[cand_idx] : std::string();
    });
  }
  table.Rule();
  add_row("Non-transferable", [](const CountRound& round) { return round.non_transferable; });
  *out += table.Render();
  *out += "\nStages:\n";
  for (const CountRound& round : result.rounds) {
    std::string subjects;
    for (const auto& name : round.subjects) subjects += (subjects.empty() ? "" : ", ") + name;
    *out += fmt::format("  {:>3}. {}{}{}\n", round.number, round.action,
                        subjects.empty() ? "" : ": " + subjects,
                        round.note.empty() ? "" : " (" + round.note + ")");
  }
}

void ListSheet(const CountResult& result, std::string* out) {
  const CountRound& votes = result.rounds.front();
  std::map<std::string, std::int64_t> seats;
  for (const auto& [name, won] : result.allocation) seats[name] = won;
  // The threshold column only where a threshold applied (the note says so).
  const bool threshold = !votes.note.empty();
  Table table;
  if (threshold) {
    table.Add({"Option", "Votes", "Threshold", "Seats"});
  } else {
    table.Add({"Option", "Votes", "Seats"});
  }
  table.Rule();
  for (std::size_t opt_idx = 0; opt_idx < result.candidates.size(); ++opt_idx) {
    const std::string& name = result.candidates[opt_idx];
    bool excluded =
        std::find(votes.excluded.begin(), votes.excluded.end(), name) != votes.excluded.end();
    if (threshold) {
      table.Add({name, GroupDigits(votes.totals[opt_idx]), excluded ? "below" : "kept",
                 GroupThousands(seats[name])});
    } else {
      table.Add({name, GroupDigits(votes.totals[opt_idx]), GroupThousands(seats[name])});
    }
  }
  *out += table.Render();
  if (!votes.note.empty()) *out += votes.note + "\n";
  *out += "\n";
  if (!result.divisors.empty()) {
    // Quotient table: one column per kept option, one row per divisor; a
    // seat's number in brackets after the quotient that won it.
    std::vector<std::size_t> kept;
    for (std::size_t opt_idx = 0; opt_idx < result.candidates.size(); ++opt_idx) {
      const std::string& name = result.candidates[opt_idx];
      if (std::find(votes.excluded.begin(), votes.excluded.end(), name) == votes.excluded.end()) {
        kept.push_back(opt_idx);
      }
    }
    std::map<std::pair<std::size_t, std::size_t>, int> seat_number;  // (option, divisor) -> seat
    std::vector<std::size_t> held(result.candidates.size(), 0);
    int seat = 0;
    for (const CountRound& round : result.rounds) {
      if (round.action != "seat") continue;
      ++seat;
      auto found =
          std::find(result.candidates.begin(), result.candidates.end(), round.subjects.front());
      std::size_t opt_idx = static_cast<std::size_t>(found - result.candidates.begin());
      seat_number[{opt_idx, held[opt_idx]}] = seat;
      ++held[opt_idx];
    }
    Table quotients;
    std::vector<std::string> header{"Divisor"};
    for (std::size_t opt_idx : kept) header.push_back(result.candidates[opt_idx]);
    quotients.Add(header);
    quotients.Rule();
    for (std::size_t div_idx = 0; div_idx < result.divisors.size(); ++div_idx) {
      std::vector<std::string> row{result.divisors[div_idx]};
      for (std::size_t opt_idx : kept) {
        std::int64_t option_votes = std::stoll(votes.totals[opt_idx]);
        std::string cell = GroupDigits(QuotientText(option_votes, result.divisors[div_idx]));
        auto found = seat_number.find({opt_idx, div_idx});
        cell += found != seat_number.end() ? fmt::format(" ({})", found->second) : "    ";
        row.push_back(cell);
      }
      quotients.Add(std::move(row));
    }
    *out += "Quotients (votes / divisor, truncated to 2 decimals; (k) = seat k):\n";
    *out += quotients.Render();
  } else if (result.rounds.size() > 1) {
    const CountRound& quota_seats = result.rounds[1];
    std::vector<int> extra(result.candidates.size(), 0);
    for (const CountRound& round : result.rounds) {
      if (round.action != "remainder_seat") continue;
      auto found =
          std::find(result.candidates.begin(), result.candidates.end(), round.subjects.front());
      std::size_t opt_idx = static_cast<std::size_t>(found - result.candidates.begin());
      ++extra[opt_idx];
    }
    const CountRound* remainders = nullptr;
    for (const CountRound& round : result.rounds) {
      if (round.action == "remainders") remainders = &round;
    }
    Table table_lr;
    table_lr.Add({"Option", "Votes", "Quota seats", "Remainder", "Remainder seats", "Seats"});
    table_lr.Rule();
    for (std::size_t opt_idx = 0; opt_idx < result.candidates.size(); ++opt_idx) {
      const std::string& name = result.candidates[opt_idx];
      std::string remainder = remainders != nullptr && opt_idx < remainders->totals.size()
                                  ? remainders->totals[opt_idx]
                                  : std::string();
      table_lr.Add({name, GroupDigits(votes.totals[opt_idx]),
                    GroupDigits(quota_seats.totals[opt_idx]), GroupDigits(remainder),
                    GroupThousands(extra[opt_idx]), GroupThousands(seats[name])});
    }
    *out += fmt::format("Quota: {}\n", GroupDigits(result.quota));
    *out += table_lr.Render();
  }
}

void PairwiseSheet(const CountResult& result, const std::vector<std::vector<std::int64_t>>& matrix,
                   const char* title, std::string* out) {
  Table table;
  std::vector<std::string> header{title};
  for (std::size_t col = 0; col < result.candidates.size(); ++col) {
    header.push_back(fmt::format("[{}]", col + 1));
  }
  table.Add(header);
  table.Rule();
  for (std::size_t row = 0; row < result.candidates.size(); ++row) {
    std::vector<std::string> cells{fmt::format("[{}] {}", row + 1, result.candidates[row])};
    for (std::size_t col = 0; col < result.candidates.size(); ++col) {
      cells.push_back(row == col ? "-" : GroupThousands(matrix[row][col]));
    }
    table.Add(std::move(cells));
  }
  *out += table.Render();
}

}  // namespace

std::string CountResultToText(const CountResult& result) {
  std::string out = fmt::format("Count by {}", MethodName(result.method));
  if (result.method != Method::kMotion && result.method != Method::kCondorcet) {
    out += fmt::format(", {} seat{}", result.seats, result.seats == 1 ? "" : "s");
  }
  out += "\n";
  if (!result.valid_votes.empty()) {
    out += fmt::format("Valid votes: {}\n", GroupDigits(result.valid_votes));
  }
  if (!result.quota.empty() && IsStv(result.method))
    out += fmt::format("Quota: {}\n", GroupDigits(result.quota));
  out += "\n";
  switch (result.method) {
    case Method::kStvScottish:
    case Method::kStvMeek:
      StvSheet(result, &out);
      break;
    case Method::kDhondt:
    case Method::kSainteLague:
    case Method::kModifiedSainteLague:
    case Method::kHare:
    case Method::kDroop:
      ListSheet(result, &out);
      break;
    case Method::kMotion:
      if (result.motion) {
        const MotionTally& motion = *result.motion;
        Table table;
        table.Add({"For", GroupThousands(motion.yes)});
        table.Add({"Against", GroupThousands(motion.no)});
        table.Add({"Abstaining", GroupThousands(motion.abstain)});
        table.Add({"Present", GroupThousands(motion.present)});
        out += table.Render();
        if (motion.members > 0) {
          out += fmt::format("Members: {}; quorum {} required: {}\n",
                             GroupThousands(motion.members), GroupThousands(motion.quorum_required),
                             motion.quorum_met ? "met" : "NOT met");
        } else {
          out += "Members not given: quorum not checked\n";
        }
        out += fmt::format("Rule: {}: {}\n", MotionRuleName(motion.rule),
                           motion.majority_met ? "met" : "NOT met");
        out += fmt::format("The motion is {}.\n",
                           result.motion_passed.value_or(false) ? "CARRIED" : "NOT CARRIED");
      }
      break;
    case Method::kSchulze:
    case Method::kCondorcet:
      PairwiseSheet(result, result.pairwise, "Preferred to", &out);
      if (!result.strongest_paths.empty()) {
        out += "\n";
        PairwiseSheet(result, result.strongest_paths, "Strongest path", &out);
        out += "\nRanking:\n";
        for (std::size_t pos = 0; pos < result.ranking.size(); ++pos) {
          out += fmt::format("  {:>3}. {}\n", pos + 1, result.ranking[pos]);
        }
      }
      if (result.method == Method::kCondorcet) {
        out += fmt::format("\nCondorcet winner: {}\n",
                           result.condorcet_winner ? *result.condorcet_winner : "none");
      }
      break;
    default: {
      Table table;
      table.Add({"Candidate", "Votes", ""});
      table.Rule();
      const CountRound& round = result.rounds.front();
      for (std::size_t cand_idx = 0; cand_idx < result.candidates.size(); ++cand_idx) {
        const std::string& name = result.candidates[cand_idx];
        bool elected =
            std::find(result.elected.begin(), result.elected.end(), name) != result.elected.end();
        table.Add({name, cand_idx < round.totals.size() ? GroupDigits(round.totals[cand_idx]) : "",
                   elected ? "Elected" : ""});
      }
      out += table.Render();
      break;
    }
  }
  if (!result.elected.empty()) {
    out += "\nElected, in order:\n";
    for (std::size_t pos = 0; pos < result.elected.size(); ++pos) {
      out += fmt::format("  {:>3}. {}\n", pos + 1, result.elected[pos]);
    }
  }
  if (!result.ties.empty()) {
    out += "\nTies:\n";
    for (const TieBreak& tie : result.ties) {
      std::string tied;
      for (const auto& name : tie.tied) tied += (tied.empty() ? "" : ", ") + name;
      out += fmt::format("  stage {} ({}): {} tied; {} chosen by {}", tie.round, tie.purpose, tied,
                         tie.chosen, tie.how);
      if (tie.draw) out += fmt::format(" (draw {} of {})", *tie.draw + 1, tie.tied.size());
      out += "\n";
    }
    out += fmt::format("Seed: {}\n", result.seed);
  }
  for (const std::string& note : result.notes) out += "Note: " + note + "\n";
  return out;
}

}  // namespace sovet
