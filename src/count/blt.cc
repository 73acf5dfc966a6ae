// BLT ballot files: the format of Hill, Wichmann & Woodall, "Algorithm 123 -
// Single Transferable Vote by Meek's method", Computer Journal 30(3), 1987,
// with the extensions of Droop (Jonathan Lundell's STV package,
// BltFileFormat.md) that the reference vectors use. doc/stv.md describes the
// accepted dialect; in short:
//
//   4 2                      candidates seats
//   -2                       optional: withdrawn candidates, each negated
//   [withdrawn 2]            optional Droop options: withdrawn, nick, tie, droop
//   3 1 3 4 0                weight, preferences in order, terminating 0
//   0                        end of ballots
//   "Adam" ... "Donald"      one quoted name per candidate
//   "Title"                  a quoted title; anything after it is ignored
//
// The file is line-oriented: every ballot is one line ending in `0`, so a
// missing terminator is reported on the line where it is missing instead of
// silently swallowing the next ballot. `#` starts a comment before the names.
// Equal rankings (`b=c`) are rejected: RankedBallots holds strict orders and
// the Scottish rules have no equal preferences (doc/stv.md says why).
//
// Identical preference sequences are merged into one distinct ballot with
// the summed weight (a hash of the sequence), in first-appearance order.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/io.h"
#include "base/text.h"
#include "sovet/ballots.h"

namespace sovet {
namespace {

constexpr std::size_t kMaxCandidates = std::numeric_limits<CandidateIndex>::max();

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// One whitespace-separated token and its 1-based column.
struct Token {
  std::string_view text;
  std::int64_t column = 0;
};

// Splits a line (comment already removed) into `tokens` (reused, so that
// a million ballot lines do not allocate a million vectors).
void Tokenize(std::string_view line, std::vector<Token>& tokens) {
  tokens.clear();
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && IsSpace(line[pos])) ++pos;
    if (pos >= line.size()) break;
    std::size_t start = pos;
    while (pos < line.size() && !IsSpace(line[pos])) ++pos;
    tokens.push_back({line.substr(start, pos - start), static_cast<std::int64_t>(start + 1)});
  }
}

std::vector<Token> Tokenize(std::string_view line) {
  std::vector<Token> tokens;
  Tokenize(line, tokens);
  return tokens;
}

// Parses a non-negative decimal integer that must fit in int64.
enum class IntParse { kOk, kNotANumber, kOverflow };
IntParse ParseNonNegative(std::string_view text, std::int64_t* value) {
  if (text.empty()) return IntParse::kNotANumber;
  for (char c : text) {
    if (c < '0' || c > '9') return IntParse::kNotANumber;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  if (ec == std::errc::result_out_of_range) return IntParse::kOverflow;
  if (ec != std::errc() || end != text.data() + text.size()) return IntParse::kNotANumber;
  return IntParse::kOk;
}

class BltParser {
 public:
  BltParser(std::string_view text, const std::string& file_name) : text_(text), file_(file_name) {}

  Result<RankedBallots> Parse();

 private:
  // Advances to the next line; false at the end of the text.
  bool NextLine();
  // The current line without its `#` comment (outside quotes), for the
  // header and ballot sections.
  std::string_view StripComment(std::string_view line) const;
  // The distinct ballot equal to scratch_, inserting it with `weight` if new.
  void MergeBallot(std::int64_t weight);

  Status Fail(std::string message, std::int64_t column = 0, std::string field = {}) const {
    return Status::InvalidInput(std::move(message),
                                SourceLocation{file_, line_number_, column, std::move(field)});
  }

  Result<void> ParseHeader(const std::vector<Token>& tokens);
  Result<void> ParseWithdrawnLine(const std::vector<Token>& tokens);
  Result<void> ParseOption(std::string_view line);
  // A candidate number (1-based) or nickname; `what` names the field.
  Result<CandidateIndex> ParseCandidate(const Token& token, std::string_view what);
  Result<void> ParseBallot(const std::vector<Token>& tokens);
  Result<void> ParseNamesAndTitle();
  void MarkWithdrawn(CandidateIndex candidate) { result_.withdrawn[candidate] = true; }

  std::string_view text_;
  std::string file_;
  std::size_t next_pos_ = 0;
  std::string_view line_;
  std::int64_t line_number_ = 0;

  std::int64_t candidate_count_ = 0;
  std::vector<std::string> nicknames_;
  RankedBallots result_;
  // Open-addressing hash set of distinct ballots: slot = ballot index + 1,
  // 0 = empty; the key is the ballot's preference sequence in result_.
  std::vector<std::uint32_t> slots_ = std::vector<std::uint32_t>(1024, 0);
  std::vector<std::uint64_t> hashes_;  // per distinct ballot, for rehashing
  std::vector<Token> tokens_;
  std::vector<CandidateIndex> scratch_;
  std::vector<std::int64_t> seen_at_;  // per candidate: the ballot line that last ranked it
};

bool BltParser::NextLine() {
  if (next_pos_ >= text_.size()) return false;
  std::size_t end = text_.find('\n', next_pos_);
  if (end == std::string_view::npos) end = text_.size();
  line_ = text_.substr(next_pos_, end - next_pos_);
  if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
  next_pos_ = end + 1;
  ++line_number_;
  return true;
}

std::string_view BltParser::StripComment(std::string_view line) const {
  if (line.find('#') == std::string_view::npos) return line;
  bool in_quote = false;
  for (std::size_t idx = 0; idx < line.size(); ++idx) {
    if (line[idx] == '"') in_quote = !in_quote;
    if (line[idx] == '#' && !in_quote) return line.substr(0, idx);
  }
  return line;
}

Result<void> BltParser::ParseHeader(const std::vector<Token>& tokens) {
  if (tokens.size() != 2) {
    return Error(Fail(fmt::format("expected the header 'CANDIDATES SEATS' (two numbers), found {} "
                                  "field(s)",
                                  tokens.size()),
                      tokens.empty() ? 0 : tokens[0].column, "header"));
  }
  std::int64_t candidates = 0;
  std::int64_t seats = 0;
  if (ParseNonNegative(tokens[0].text, &candidates) != IntParse::kOk || candidates < 1 ||
      static_cast<std::size_t>(candidates) > kMaxCandidates) {
    return Error(Fail(fmt::format("expected the number of candidates (1 to {}), found '{}'",
                                  kMaxCandidates, tokens[0].text),
                      tokens[0].column, "candidates"));
  }
  if (ParseNonNegative(tokens[1].text, &seats) != IntParse::kOk || seats < 1) {
    return Error(Fail(fmt::format("expected the number of seats (a positive integer), found '{}'",
                                  tokens[1].text),
                      tokens[1].column, "seats"));
  }
  candidate_count_ = candidates;
  result_.seats = seats;
  result_.withdrawn.assign(static_cast<std::size_t>(candidates), false);
  seen_at_.assign(static_cast<std::size_t>(candidates), 0);
  return {};
}

Result<void> BltParser::ParseWithdrawnLine(const std::vector<Token>& tokens) {
  // Algorithm 123: "candidate number 2 withdrew before the count"; every
  // number on the line is preceded by a minus sign.
  for (const Token& token : tokens) {
    std::int64_t number = 0;
    if (token.text.size() < 2 || token.text[0] != '-' ||
        ParseNonNegative(token.text.substr(1), &number) != IntParse::kOk || number < 1 ||
        number > candidate_count_) {
      return Error(Fail(fmt::format("expected a withdrawn candidate as -N with N from 1 to {}, "
                                    "found '{}'",
                                    candidate_count_, token.text),
                        token.column, "withdrawn"));
    }
    MarkWithdrawn(static_cast<CandidateIndex>(number - 1));
  }
  return {};
}

Result<void> BltParser::ParseOption(std::string_view line) {
  std::size_t close = line.find(']');
  if (close == std::string_view::npos) {
    return Error(Fail("expected ']' closing the option that '[' opens", 1, "option"));
  }
  for (std::size_t idx = close + 1; idx < line.size(); ++idx) {
    if (!IsSpace(line[idx])) {
      return Error(Fail("expected nothing after the option's closing ']'",
                        static_cast<std::int64_t>(idx + 1), "option"));
    }
  }
  std::vector<Token> tokens = Tokenize(line.substr(1, close - 1));
  for (Token& token : tokens) ++token.column;  // the '[' was cut off
  if (tokens.empty()) return Error(Fail("expected an option name after '['", 2, "option"));
  std::string_view name = tokens[0].text;
  if (name == "nick") {
    // Droop: nicknames used in ballots instead of candidate numbers.
    if (static_cast<std::int64_t>(tokens.size() - 1) != candidate_count_) {
      return Error(Fail(fmt::format("expected {} nicknames (one per candidate), found {}",
                                    candidate_count_, tokens.size() - 1),
                        tokens[0].column, "nick"));
    }
    nicknames_.clear();
    for (std::size_t idx = 1; idx < tokens.size(); ++idx) {
      const Token& token = tokens[idx];
      std::int64_t ignored = 0;
      if (ParseNonNegative(token.text, &ignored) != IntParse::kNotANumber ||
          token.text.find('=') != std::string_view::npos) {
        return Error(Fail(fmt::format("expected a nickname that is not a number and has no '=', "
                                      "found '{}'",
                                      token.text),
                          token.column, "nick"));
      }
      for (const std::string& earlier : nicknames_) {
        if (earlier == token.text) {
          return Error(
              Fail(fmt::format("nickname '{}' given twice", token.text), token.column, "nick"));
        }
      }
      nicknames_.emplace_back(token.text);
    }
    return {};
  }
  if (name == "withdrawn" || name == "tie" || name == "undeclared") {
    // [withdrawn ...]: the same as the negative line. [tie ...]: Droop's
    // predetermined tie order; sovet settles ties by its rules and then by
    // lot from a recorded seed (SYSTEM.md §6), so the order is checked and
    // not used. [undeclared ...]: Droop's Minneapolis write-in candidates,
    // a notion neither STV rule set of sovet has; checked and not used.
    std::vector<bool> listed(static_cast<std::size_t>(candidate_count_), false);
    for (std::size_t idx = 1; idx < tokens.size(); ++idx) {
      SOVET_TRY(CandidateIndex candidate, ParseCandidate(tokens[idx], name));
      if (listed[candidate]) {
        return Error(Fail(fmt::format("candidate '{}' listed twice", tokens[idx].text),
                          tokens[idx].column, std::string(name)));
      }
      listed[candidate] = true;
      if (name == "withdrawn") MarkWithdrawn(candidate);
    }
    return {};
  }
  if (name == "droop") return {};  // options for the Droop program itself
  return Error(
      Fail(fmt::format("unknown option '[{}': expected one of [withdrawn ...], [nick ...], "
                       "[tie ...], [undeclared ...], [droop ...]",
                       name),
           tokens[0].column, "option"));
}

Result<CandidateIndex> BltParser::ParseCandidate(const Token& token, std::string_view what) {
  std::int64_t number = 0;
  IntParse parsed = ParseNonNegative(token.text, &number);
  if (parsed == IntParse::kNotANumber && !nicknames_.empty()) {
    for (std::size_t idx = 0; idx < nicknames_.size(); ++idx) {
      if (nicknames_[idx] == token.text) return static_cast<CandidateIndex>(idx);
    }
  }
  if (parsed != IntParse::kOk || number < 1 || number > candidate_count_) {
    return Error(
        Fail(fmt::format("candidate number out of range: expected 1 to {}{}, found '{}'",
                         candidate_count_, nicknames_.empty() ? "" : " or a nickname", token.text),
             token.column, std::string(what)));
  }
  return static_cast<CandidateIndex>(number - 1);
}

Result<void> BltParser::ParseBallot(const std::vector<Token>& tokens) {
  std::int64_t weight = 0;
  switch (ParseNonNegative(tokens[0].text, &weight)) {
    case IntParse::kOk:
      break;
    case IntParse::kOverflow:
      return Error(Fail(fmt::format("ballot weight '{}' does not fit in 64 bits", tokens[0].text),
                        tokens[0].column, "weight"));
    case IntParse::kNotANumber:
      if (!tokens[0].text.empty() && tokens[0].text[0] == '-') {
        return Error(Fail(fmt::format("negative ballot weight '{}': expected a weight of 0 or more",
                                      tokens[0].text),
                          tokens[0].column, "weight"));
      }
      return Error(Fail(fmt::format("expected a ballot weight (a non-negative integer), found '{}'",
                                    tokens[0].text),
                        tokens[0].column, "weight"));
  }
  if (tokens.size() < 2 || tokens.back().text != "0") {
    const Token& last = tokens.back();
    return Error(Fail("missing terminator: expected the ballot to end with '0'",
                      last.column + static_cast<std::int64_t>(last.text.size()), "ballot"));
  }
  scratch_.clear();
  for (std::size_t idx = 1; idx + 1 < tokens.size(); ++idx) {
    const Token& token = tokens[idx];
    if (token.text.find('=') != std::string_view::npos) {
      return Error(Fail(fmt::format("equal rankings ('{}') are not supported: expected one "
                                    "candidate per preference (see doc/stv.md)",
                                    token.text),
                        token.column, "ballot"));
    }
    if (token.text == "0") {
      return Error(
          Fail("expected one '0' ending the ballot; found '0' before the last preference "
               "(a missing terminator or an extra '0')",
               token.column, "ballot"));
    }
    SOVET_TRY(CandidateIndex candidate, ParseCandidate(token, "ballot"));
    if (seen_at_[candidate] == line_number_) {
      return Error(Fail(fmt::format("candidate {} ranked twice on one ballot", token.text),
                        token.column, "ballot"));
    }
    seen_at_[candidate] = line_number_;
    if (!result_.withdrawn[candidate]) scratch_.push_back(candidate);
  }
  if (weight > std::numeric_limits<std::int64_t>::max() - result_.total_weight) {
    return Error(Fail("the total of ballot weights overflows 64 bits", tokens[0].column, "weight"));
  }
  result_.total_weight += weight;
  if (weight == 0) return {};
  MergeBallot(weight);
  return {};
}

void BltParser::MergeBallot(std::int64_t weight) {
  // FNV-1a over the preference sequence, then a final mix.
  std::uint64_t hash = 0xcbf29ce484222325ULL ^ scratch_.size();
  for (CandidateIndex candidate : scratch_) hash = (hash ^ candidate) * 0x100000001b3ULL;
  hash ^= hash >> 29;
  std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    std::uint32_t entry = slots_[slot];
    if (entry == 0) {
      const auto ballot_idx = static_cast<std::uint32_t>(result_.weights.size());
      slots_[slot] = ballot_idx + 1;
      hashes_.push_back(hash);
      result_.weights.push_back(weight);
      result_.prefs.insert(result_.prefs.end(), scratch_.begin(), scratch_.end());
      result_.offsets.push_back(static_cast<std::uint32_t>(result_.prefs.size()));
      if (2 * result_.weights.size() > slots_.size()) {
        // Keep the load under one half: double and reinsert.
        slots_.assign(slots_.size() * 2, 0);
        mask = slots_.size() - 1;
        for (std::uint32_t idx = 0; idx < hashes_.size(); ++idx) {
          std::size_t free_slot = hashes_[idx] & mask;
          while (slots_[free_slot] != 0) free_slot = (free_slot + 1) & mask;
          slots_[free_slot] = idx + 1;
        }
      }
      return;
    }
    const std::uint32_t ballot_idx = entry - 1;
    if (hashes_[ballot_idx] != hash) continue;
    std::span<const CandidateIndex> existing = result_.Ballot(ballot_idx);
    if (std::equal(existing.begin(), existing.end(), scratch_.begin(), scratch_.end())) {
      // Cannot overflow: it is at most total_weight, which was checked.
      result_.weights[ballot_idx] += weight;
      return;
    }
  }
}

Result<void> BltParser::ParseNamesAndTitle() {
  // Names and title are quoted strings, one or more per line; everything
  // after the title (Wichmann's source and comment fields, free text) is
  // ignored.
  std::vector<std::string> strings;
  std::size_t wanted = static_cast<std::size_t>(candidate_count_) + 1;
  // Results name candidates (the JSON's totals and allocation are keyed by
  // name), so two candidates may not share one: the line of each name.
  std::unordered_map<std::string, std::int64_t> name_line;
  while (strings.size() < wanted && NextLine()) {
    std::size_t pos = 0;
    while (strings.size() < wanted) {
      while (pos < line_.size() && IsSpace(line_[pos])) ++pos;
      if (pos >= line_.size()) break;
      std::string_view what = strings.size() < wanted - 1 ? "candidate name" : "title";
      if (line_[pos] != '"') {
        return Error(Fail(fmt::format("expected a quoted {} (\"...\"), found '{}'", what,
                                      QuoteForMessage(line_.substr(pos), 20)),
                          static_cast<std::int64_t>(pos + 1),
                          strings.size() < wanted - 1 ? "name" : "title"));
      }
      std::size_t close = line_.find('"', pos + 1);
      if (close == std::string_view::npos) {
        return Error(Fail(fmt::format("expected '\"' closing the {}", what),
                          static_cast<std::int64_t>(pos + 1),
                          strings.size() < wanted - 1 ? "name" : "title"));
      }
      std::string_view name = line_.substr(pos + 1, close - pos - 1);
      if (strings.size() < wanted - 1) {
        auto [first, inserted] = name_line.emplace(std::string(name), line_number_);
        if (!inserted) {
          return Error(Fail(fmt::format("candidate name \"{}\" is given twice (first on line {}); "
                                        "expected a distinct name for each candidate",
                                        QuoteForMessage(name), first->second),
                            static_cast<std::int64_t>(pos + 1), "name"));
        }
      }
      strings.emplace_back(name);
      pos = close + 1;
    }
  }
  if (strings.size() < wanted) {
    std::int64_t names =
        std::min<std::int64_t>(static_cast<std::int64_t>(strings.size()), candidate_count_);
    return Error(Status::InvalidInput(
        fmt::format("missing names: the header announces {} candidates, so {} quoted names and a "
                    "quoted title are expected after the ballots; found {} name(s) and {} title",
                    candidate_count_, candidate_count_, names,
                    strings.size() == wanted ? "a" : "no"),
        SourceLocation{file_, line_number_, 0, strings.size() < wanted - 1 ? "name" : "title"}));
  }
  result_.title = std::move(strings.back());
  strings.pop_back();
  result_.candidates = std::move(strings);
  return {};
}

Result<RankedBallots> BltParser::Parse() {
  result_.source_file = file_;
  if (std::size_t bad = FindInvalidUtf8(text_); bad != std::string_view::npos) {
    std::int64_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t idx = 0; idx < bad; ++idx) {
      if (text_[idx] == '\n') {
        ++line;
        line_start = idx + 1;
      }
    }
    return Error(Status::InvalidInput(
        "invalid UTF-8: expected a text file in UTF-8",
        SourceLocation{file_, line, static_cast<std::int64_t>(bad - line_start + 1), ""}));
  }
  if (text_.starts_with("\xEF\xBB\xBF")) next_pos_ = 3;  // a byte order mark

  // Header: the first line that is not blank or a comment.
  bool have_header = false;
  while (NextLine()) {
    std::vector<Token> tokens = Tokenize(StripComment(line_));
    if (tokens.empty()) continue;
    SOVET_CHECK_OK(ParseHeader(tokens));
    have_header = true;
    break;
  }
  if (!have_header) {
    return Error(Status::InvalidInput(
        "empty file: expected a BLT header 'CANDIDATES SEATS'",
        SourceLocation{file_, std::max<std::int64_t>(line_number_, 1), 0, "header"}));
  }

  // Options and the withdrawn line, then ballots up to the line `0`.
  bool ballots_started = false;
  bool ended = false;
  std::vector<Token>& tokens = tokens_;
  while (NextLine()) {
    std::string_view line = StripComment(line_);
    Tokenize(line, tokens);
    if (tokens.empty()) continue;
    if (tokens[0].text.starts_with("[")) {
      if (ballots_started) {
        return Error(
            Fail("expected options ([...]) before the first ballot", tokens[0].column, "option"));
      }
      std::size_t start = static_cast<std::size_t>(tokens[0].column - 1);
      SOVET_CHECK_OK(ParseOption(line.substr(start)));
      continue;
    }
    // The withdrawn line has only negative numbers; a line starting with a
    // negative number followed by preferences is a ballot with a negative
    // weight, reported as such.
    if (!ballots_started && std::all_of(tokens.begin(), tokens.end(), [](const Token& token) {
          return token.text.starts_with("-");
        })) {
      SOVET_CHECK_OK(ParseWithdrawnLine(tokens));
      continue;
    }
    if (tokens.size() == 1 && tokens[0].text == "0") {
      ended = true;
      break;
    }
    if (tokens[0].text.starts_with("\"")) {
      return Error(Fail("expected the line '0' ending the ballots before the candidate names",
                        tokens[0].column, "ballot"));
    }
    ballots_started = true;
    SOVET_CHECK_OK(ParseBallot(tokens));
  }
  if (!ended) {
    return Error(
        Fail("unexpected end of file: expected the line '0' ending the ballots, then the "
             "candidate names and the title",
             0, "ballot"));
  }
  SOVET_CHECK_OK(ParseNamesAndTitle());
  return std::move(result_);
}

}  // namespace

Result<RankedBallots> ParseBlt(std::string_view text, const std::string& file_name) {
  BltParser parser(text, file_name);
  return parser.Parse();
}

Result<RankedBallots> LoadBlt(const std::string& path) {
  SOVET_TRY(std::string text, ReadFile(path));
  return ParseBlt(text, path);
}

}  // namespace sovet
