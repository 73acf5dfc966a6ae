// Count(): dispatch to the methods, plus the names and small parsers that
// `sovet count` and the JSON contract share (doc/count_format.md).
#include "sovet/count.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <string>

#include "count/csv_reader.h"
#include "count/methods.h"
#include "count/stv.h"

namespace sovet {
namespace {

constexpr std::array<std::pair<Method, const char*>, 13> kMethodNames{{
    {Method::kPlurality, "plurality"},
    {Method::kBlock, "block"},
    {Method::kApproval, "approval"},
    {Method::kDhondt, "dhondt"},
    {Method::kSainteLague, "sainte-lague"},
    {Method::kModifiedSainteLague, "modified-sainte-lague"},
    {Method::kHare, "hare"},
    {Method::kDroop, "droop"},
    {Method::kStvScottish, "stv-scottish"},
    {Method::kStvMeek, "stv-meek"},
    {Method::kSchulze, "schulze"},
    {Method::kCondorcet, "condorcet"},
    {Method::kMotion, "motion"},
}};

constexpr std::array<std::pair<MajorityRule, const char*>, 4> kRuleNames{{
    {MajorityRule::kMajorityOfVotesCast, "majority-of-votes-cast"},
    {MajorityRule::kAbsoluteMajorityOfMembers, "absolute-majority-of-members"},
    {MajorityRule::kTwoThirds, "two-thirds"},
    {MajorityRule::kUnanimity, "unanimity"},
}};

bool IsListMethod(Method method) {
  switch (method) {
    case Method::kDhondt:
    case Method::kSainteLague:
    case Method::kModifiedSainteLague:
    case Method::kHare:
    case Method::kDroop:
      return true;
    default:
      return false;
  }
}

std::size_t CandidateCount(const Ballots& ballots) {
  if (const auto* tally = std::get_if<Tally>(&ballots)) return tally->options.size();
  const auto& ranked = std::get<RankedBallots>(ballots);
  return static_cast<std::size_t>(
             std::count(ranked.withdrawn.begin(), ranked.withdrawn.end(), false)) +
         (ranked.candidates.size() - ranked.withdrawn.size());
}

const std::string& SourceFile(const Ballots& ballots) {
  if (const auto* tally = std::get_if<Tally>(&ballots)) return tally->source_file;
  return std::get<RankedBallots>(ballots).source_file;
}

}  // namespace

const char* MethodName(Method method) {
  for (const auto& [value, name] : kMethodNames) {
    if (value == method) return name;
  }
  return "unknown";
}

Result<Method> ParseMethod(std::string_view name) {
  for (const auto& [value, known] : kMethodNames) {
    if (name == known) return value;
  }
  std::string names;
  for (const auto& [value, known] : kMethodNames) {
    if (!names.empty()) names += ", ";
    names += known;
  }
  return Error(
      Status::InvalidInput(fmt::format("unknown method '{}'; expected one of {}", name, names),
                           SourceLocation{.field = "--method"}));
}

const char* MotionRuleName(MajorityRule rule) {
  for (const auto& [value, name] : kRuleNames) {
    if (value == rule) return name;
  }
  return "unknown";
}

Result<MajorityRule> ParseMotionRule(std::string_view name) {
  // The charter spells the rules with underscores (doc/charter_format.md,
  // [decisions] majority); both spellings are accepted.
  std::string hyphenated(name);
  std::replace(hyphenated.begin(), hyphenated.end(), '_', '-');
  for (const auto& [value, known] : kRuleNames) {
    if (hyphenated == known) return value;
  }
  return Error(Status::InvalidInput(
      fmt::format("unknown majority rule '{}'; expected majority-of-votes-cast, "
                  "absolute-majority-of-members, two-thirds or unanimity",
                  name),
      SourceLocation{.field = "--majority"}));
}

Result<std::pair<std::int64_t, std::int64_t>> ParsePercent(std::string_view text) {
  auto bad = [&](const char* why) {
    return Error(Status::InvalidInput(
        fmt::format("'{}' {}; expected a percentage such as 4 or 3.25 (0 to 100, at most 9 "
                    "decimal places)",
                    text, why),
        SourceLocation{.field = "--threshold"}));
  };
  std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 3) return bad("is not a percentage");
  if (dot != std::string_view::npos && (fraction.empty() || fraction.size() > 9)) {
    return bad("has a malformed fractional part");
  }
  std::int64_t num = 0;
  std::int64_t den = 1;
  for (char c : whole) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return bad("is not a number");
    num = num * 10 + (c - '0');
  }
  for (char c : fraction) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return bad("is not a number");
    num = num * 10 + (c - '0');
    den *= 10;
  }
  if (num > 100 * den) return bad("is above 100");
  std::int64_t a = num;
  std::int64_t b = den;
  while (b != 0) a = std::exchange(b, a % b);
  if (a > 1) {
    num /= a;
    den /= a;
  }
  return std::pair{num, den};
}

Result<Ballots> LoadBallots(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".blt") {
    SOVET_TRY(RankedBallots ranked, LoadBlt(path));
    return Ballots{std::move(ranked)};
  }
  if (extension != ".csv") {
    return Error(Status::InvalidInput(
        fmt::format("unknown ballot file type '{}'; expected .blt, or .csv with the header "
                    "'option,votes' or 'ballot'",
                    extension),
        SourceLocation{.file = path}));
  }
  std::string header;
  {
    CsvReader reader;
    SOVET_CHECK_OK(reader.Open(path));
    std::vector<std::string_view> fields;
    SOVET_TRY(bool got, reader.Next(&fields));
    if (!got) {
      return Error(
          Status::InvalidInput("empty file; expected a header line 'option,votes' or 'ballot'",
                               SourceLocation{.file = path, .line = 1}));
    }
    for (std::size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
      if (field_idx > 0) header += ',';
      header += fields[field_idx];
    }
  }
  if (header == "option,votes") {
    SOVET_TRY(Tally tally, LoadTallyCsv(path));
    return Ballots{std::move(tally)};
  }
  if (header == "ballot") {
    SOVET_TRY(Tally tally, StreamBallotCsv(path));
    return Ballots{std::move(tally)};
  }
  return Error(Status::InvalidInput(
      fmt::format("header is '{}'; expected 'option,votes' (a tally) or 'ballot' (one choice "
                  "per line)",
                  header),
      SourceLocation{.file = path, .line = 1, .field = "header"}));
}

Result<CountResult> Count(const Ballots& ballots, const CountOptions& options) {
  const std::string& file = SourceFile(ballots);
  auto invalid = [&](std::string message, std::string field) {
    return Error(Status::InvalidInput(std::move(message),
                                      SourceLocation{.file = file, .field = std::move(field)}));
  };
  const bool ranked = std::holds_alternative<RankedBallots>(ballots);
  if (options.seats < 1 && options.method != Method::kMotion) {
    return invalid(fmt::format("{} seats; expected at least 1", options.seats), "--seats");
  }
  if (options.threshold_num != 0 && !IsListMethod(options.method)) {
    return invalid(fmt::format("a threshold applies to list methods only (dhondt, sainte-lague, "
                               "modified-sainte-lague, hare, droop), not {}",
                               MethodName(options.method)),
                   "--threshold");
  }
  if (options.threshold_num < 0 || options.threshold_den <= 0 ||
      options.threshold_num > 100 * options.threshold_den) {
    return invalid("threshold outside 0..100 percent", "--threshold");
  }
  const std::size_t candidates = CandidateCount(ballots);
  // Size limits (doc/count_format.md §2): each bounds a count's time and
  // memory; a refusal states the limit.
  if (options.seats > kMaxCountSeats && options.method != Method::kMotion) {
    return invalid(fmt::format("{} seats; expected at most {} (the limit of a count)",
                               options.seats, kMaxCountSeats),
                   "--seats");
  }
  if (IsListMethod(options.method) &&
      static_cast<std::uint64_t>(options.seats) * candidates > kMaxListSeatFigures) {
    return invalid(
        fmt::format("{} seats among {} options: a list count records every option's "
                    "seats after each seat, at most {} figures; expected at most {} "
                    "seats for {} options",
                    options.seats, candidates, kMaxListSeatFigures,
                    kMaxListSeatFigures / std::max<std::size_t>(candidates, 1), candidates),
        "--seats");
  }
  if ((options.method == Method::kSchulze || options.method == Method::kCondorcet) &&
      candidates > kMaxPairwiseCandidates) {
    return invalid(fmt::format("{} candidates; {} compares every pair of candidates and is "
                               "limited to {}",
                               candidates, MethodName(options.method), kMaxPairwiseCandidates),
                   "candidates");
  }
  if ((options.method == Method::kStvScottish || options.method == Method::kStvMeek) &&
      candidates > kMaxStvCandidates) {
    return invalid(fmt::format("{} candidates; {} is limited to {}", candidates,
                               MethodName(options.method), kMaxStvCandidates),
                   "candidates");
  }
  switch (options.method) {
    case Method::kPlurality:
    case Method::kBlock:
    case Method::kApproval:
    case Method::kStvScottish:
    case Method::kStvMeek:
    case Method::kSchulze:
      if (static_cast<std::uint64_t>(options.seats) > candidates) {
        return invalid(fmt::format("{} seats but only {} candidates; expected at most {} seats",
                                   options.seats, candidates, candidates),
                       "--seats");
      }
      break;
    default:
      break;
  }
  const char* name = MethodName(options.method);
  switch (options.method) {
    case Method::kPlurality:
    case Method::kBlock:
    case Method::kApproval:
      return CountMarks(ballots, options);
    case Method::kDhondt:
    case Method::kSainteLague:
    case Method::kModifiedSainteLague:
    case Method::kHare:
    case Method::kDroop:
      if (ranked) {
        return invalid(fmt::format("{} counts votes per list; expected a .csv tally "
                                   "('option,votes' or 'ballot'), not ranked ballots",
                                   name),
                       "--method");
      }
      return CountListPr(std::get<Tally>(ballots), options);
    case Method::kMotion:
      if (ranked) {
        return invalid("a motion is counted from a .csv of yes/no/abstain, not ranked ballots",
                       "--method");
      }
      return CountMotion(std::get<Tally>(ballots), options);
    case Method::kStvScottish:
    case Method::kStvMeek:
    case Method::kSchulze:
    case Method::kCondorcet: {
      if (!ranked) {
        return invalid(fmt::format("{} needs ranked ballots; expected a .blt file", name),
                       "--method");
      }
      const auto& ranked_ballots = std::get<RankedBallots>(ballots);
      if (options.method == Method::kStvScottish) {
        return CountStvScottish(ranked_ballots, options.seats, options.seed);
      }
      if (options.method == Method::kStvMeek) {
        return CountStvMeek(ranked_ballots, options.seats, options.seed);
      }
      if (options.method == Method::kSchulze) return CountSchulze(ranked_ballots, options);
      return CountCondorcet(ranked_ballots, options);
    }
  }
  return Error(Status::Internal("unhandled counting method"));
}

std::vector<std::size_t> ChooseByLot(std::vector<std::size_t> tied, std::size_t wanted,
                                     std::int32_t round, const std::string& purpose,
                                     const std::vector<std::string>& names, Lot& lot,
                                     std::vector<TieBreak>* ties) {
  std::vector<std::size_t> chosen;
  while (chosen.size() < wanted && !tied.empty()) {
    TieBreak tie;
    tie.round = round;
    tie.purpose = purpose;
    for (std::size_t idx : tied) tie.tied.push_back(names[idx]);
    std::size_t draw = lot.Draw(tied.size());
    tie.chosen = names[tied[draw]];
    tie.how = "lot";
    tie.draw = draw;
    ties->push_back(std::move(tie));
    chosen.push_back(tied[draw]);
    tied.erase(tied.begin() + static_cast<std::ptrdiff_t>(draw));
  }
  return chosen;
}

std::string IntText(__int128 value) {
  if (value == 0) return "0";
  bool negative = value < 0;
  unsigned __int128 magnitude = negative ? static_cast<unsigned __int128>(-(value + 1)) + 1
                                         : static_cast<unsigned __int128>(value);
  std::string digits;
  while (magnitude > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  }
  if (negative) digits.push_back('-');
  return {digits.rbegin(), digits.rend()};
}

std::string FractionText(__int128 num, __int128 den) {
  __int128 a = num < 0 ? -num : num;
  __int128 b = den;
  while (b != 0) a = std::exchange(b, a % b);
  if (a > 1) {
    num /= a;
    den /= a;
  }
  if (den == 1) return IntText(num);
  return IntText(num) + "/" + IntText(den);
}

}  // namespace sovet
