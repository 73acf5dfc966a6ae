// Counting: every method the councils, congresses and the Constituent
// Assembly need (SYSTEM.md §6), each a function from ballots and seats to a
// result with its full round-by-round record. Exact arithmetic only:
// integers, rationals, or the fixed-point decimals a method's official rules
// prescribe (5 places for the Scottish rules). Ties the rules leave to lot
// are drawn from `seed`; the seed and every draw are part of the result.
//
// Thread-safety: Count is a pure function of its arguments.
#ifndef SOVET_COUNT_H_
#define SOVET_COUNT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sovet/ballots.h"
#include "sovet/charter.h"
#include "sovet/status.h"

namespace sovet {

enum class Method : std::uint8_t {
  kPlurality,
  kBlock,
  kApproval,
  kDhondt,
  kSainteLague,
  kModifiedSainteLague,
  kHare,
  kDroop,
  kStvScottish,
  kStvMeek,
  kSchulze,
  kCondorcet,
  kMotion,
};

// "plurality", "block", ..., "stv-scottish", "stv-meek", "schulze",
// "condorcet", "motion" (the names `sovet count --method` takes).
const char* MethodName(Method method);
Result<Method> ParseMethod(std::string_view name);

// Size limits of a count (doc/count_format.md §2); Count() refuses larger
// inputs with kInvalidInput stating the limit. Seats of any method: far
// above any assembly, and they bound the rounds of a list count.
inline constexpr std::int64_t kMaxCountSeats = 100'000;
// A list count records, after each seat, every option's seats: seats ×
// options figures at most.
inline constexpr std::uint64_t kMaxListSeatFigures = 20'000'000;
// Schulze and Condorcet hold a candidates² matrix and Schulze takes
// candidates³ steps: 1,000 candidates are 10^9 steps.
inline constexpr std::size_t kMaxPairwiseCandidates = 1'000;
// STV (Scottish and Meek) over more candidates than this is refused: each
// stage walks every candidate and every ballot.
inline constexpr std::size_t kMaxStvCandidates = 1'000;

struct CountOptions {
  Method method = Method::kPlurality;
  std::int64_t seats = 1;
  // List PR threshold in percent of valid votes, as an exact fraction
  // (threshold_num / threshold_den percent); 0 means none.
  std::int64_t threshold_num = 0;
  std::int64_t threshold_den = 1;
  std::uint64_t seed = 0;
  // Motions: the options named yes / no / abstain in the tally; quorum and
  // majority from the charter's decisions; `members` of the body (0: the
  // quorum is not checked).
  std::int64_t members = 0;
  Decisions decisions;
};

// A tie settled by a rule or by lot.
struct TieBreak {
  std::int32_t round = 0;
  std::string purpose;  // "exclusion", "surplus_order", "last_seat", ...
  std::vector<std::string> tied;
  std::string chosen;
  std::string how;                    // "look_back", "lot", "larger_votes", ...
  std::optional<std::uint64_t> draw;  // the random draw, when by lot
};

// One stage of a count, as officials publish it: what was done, and every
// candidate's total after it. Numbers are exact decimal text ("1234",
// "567.12345") or fractions ("2000/7") so that no precision is lost.
struct CountRound {
  std::int32_t number = 0;            // 1-based
  std::string action;                 // "first_preferences", "surplus", "exclusion",
                                      // "elect_remaining", "seat", ...
  std::vector<std::string> subjects;  // the candidates acted on
  std::vector<std::string> totals;    // per candidate, in candidate order
  std::string non_transferable;       // cumulative; empty where meaningless
  std::vector<std::string> elected;   // at this stage, in order
  std::vector<std::string> excluded;
  std::string note;
};

// A motion's tally and how the charter's rules judged it (Method::kMotion).
struct MotionTally {
  std::int64_t yes = 0;
  std::int64_t no = 0;
  std::int64_t abstain = 0;
  std::int64_t present = 0;          // yes + no + abstain
  std::int64_t members = 0;          // 0: the quorum was not checked
  std::int64_t quorum_required = 0;  // floor(members * num / den) + plus
  bool quorum_met = true;
  bool majority_met = false;
  MajorityRule rule = MajorityRule::kMajorityOfVotesCast;
};

struct CountResult {
  Method method = Method::kPlurality;
  std::int64_t seats = 0;
  std::vector<std::string> candidates;  // options / candidates in input order
  std::vector<std::string> elected;     // in order elected
  std::vector<std::pair<std::string, std::int64_t>> allocation;  // list methods
  std::vector<std::string> ranking;                              // schulze: best first
  std::vector<std::vector<std::int64_t>> pairwise;               // schulze, condorcet: d[i][j]
  std::optional<std::string> condorcet_winner;                   // condorcet
  std::optional<bool> motion_passed;                             // motion
  std::optional<MotionTally> motion;                             // motion
  std::vector<std::vector<std::int64_t>> strongest_paths;        // schulze: p[i][j]
  std::vector<std::string> divisors;  // divisor methods: 1st, 2nd, ... divisor
  std::string quota;                  // where a quota exists
  std::string valid_votes;
  std::vector<CountRound> rounds;
  std::vector<TieBreak> ties;
  std::uint64_t seed = 0;
  std::vector<std::string> notes;  // e.g. why a motion failed
};

using Ballots = std::variant<Tally, RankedBallots>;

// Loads a ballot file, choosing the format by extension and header: `.blt`
// (LoadBlt), `.csv` whose header is `option,votes` (LoadTallyCsv) or
// `ballot` (StreamBallotCsv). Anything else is kInvalidInput naming the file.
Result<Ballots> LoadBallots(const std::string& path);

// An exact non-negative decimal such as "4" or "3.25" (at most 9 decimal
// places, at most 100) as the fraction num/den; for --threshold.
Result<std::pair<std::int64_t, std::int64_t>> ParsePercent(std::string_view text);

// "majority-of-votes-cast", "absolute-majority-of-members", "two-thirds",
// "unanimity": the names `sovet count --majority` takes and JSON prints.
const char* MotionRuleName(MajorityRule rule);
Result<MajorityRule> ParseMotionRule(std::string_view name);

// Runs the count. kInvalidInput when the method and ballots do not fit
// (a ranked method on a tally, more seats than candidates, ...).
Result<CountResult> Count(const Ballots& ballots, const CountOptions& options);

// The JSON contract: {"method", "seats", "elected", "allocation", "ranking",
// "rounds", "ties", "seed", ...} (see doc/count_format.md).
std::string CountResultToJson(const CountResult& result);
// The result sheet as election officials publish it.
std::string CountResultToText(const CountResult& result);

}  // namespace sovet

#endif  // SOVET_COUNT_H_
