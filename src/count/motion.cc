// Motions: yes / no / abstain, with the quorum and majority rule of the
// charter's decisions (SYSTEM.md §4, §6; charter.h Decisions).
//
// Present = yes + no + abstain: a member who abstains is present and
// counts towards the quorum, but not among the votes cast. When the body's
// membership is known (members > 0) the quorum is present ≥ floor(members ×
// quorum_num / quorum_den) + quorum_plus; a meeting without quorum decides
// nothing (the motion fails). Majority rules:
//   majority of votes cast (001:62; 002:265, the Assembly chose its
//     chairman "by a majority of votes cast"): yes > no;
//   absolute majority of members: yes > members / 2, i.e. 2·yes > members;
//   two-thirds of votes cast (004:21): 3·yes ≥ 2·(yes + no), and yes > 0
//     (a motion with no vote for it does not pass);
//   unanimity with abstentions allowed (004:36): no = 0 and yes > 0.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "count/methods.h"

namespace sovet {

Result<CountResult> CountMotion(const Tally& tally, const CountOptions& options) {
  CountResult result = StartResult(Method::kMotion, options.seats, options.seed, tally.options);
  MotionTally motion;
  motion.rule = options.decisions.majority;
  motion.members = options.members;
  const SourceLocation where{.file = tally.source_file, .field = "option"};
  for (std::size_t opt_idx = 0; opt_idx < tally.options.size(); ++opt_idx) {
    std::string name = tally.options[opt_idx];
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::int64_t votes = tally.votes[opt_idx];
    if (name == "yes") {
      motion.yes = votes;
    } else if (name == "no") {
      motion.no = votes;
    } else if (name == "abstain") {
      motion.abstain = votes;
    } else {
      return Error(
          Status::InvalidInput(fmt::format("option '{}' in a motion; expected yes, no or abstain",
                                           tally.options[opt_idx]),
                               where));
    }
  }
  motion.present = motion.yes + motion.no + motion.abstain;  // ≤ tally.total, no overflow
  if (options.members < 0) {
    return Error(Status::InvalidInput("negative number of members; expected >= 0",
                                      SourceLocation{.field = "--members"}));
  }
  if (options.members > 0) {
    if (motion.present > options.members) {
      return Error(Status::InvalidInput(
          fmt::format("{} members voted or abstained but the body has {} members; expected "
                      "at most {}",
                      motion.present, options.members, options.members),
          SourceLocation{.file = tally.source_file, .field = "--members"}));
    }
    const Decisions& decisions = options.decisions;
    if (decisions.quorum_den <= 0 || decisions.quorum_num < 0) {
      return Error(Status::InvalidInput("quorum fraction must be num/den with den > 0",
                                        SourceLocation{.field = "quorum"}));
    }
    motion.quorum_required = static_cast<std::int64_t>(
        static_cast<__int128>(options.members) * decisions.quorum_num / decisions.quorum_den +
        decisions.quorum_plus);
    motion.quorum_met = motion.present >= motion.quorum_required;
  }
  const __int128 yes = motion.yes;
  const __int128 no = motion.no;
  switch (motion.rule) {
    case MajorityRule::kMajorityOfVotesCast:
      motion.majority_met = yes > no;
      break;
    case MajorityRule::kAbsoluteMajorityOfMembers:
      if (options.members <= 0) {
        return Error(Status::InvalidInput(
            "an absolute majority of members needs the number of members; expected "
            "--members N",
            SourceLocation{.field = "--members"}));
      }
      motion.majority_met = 2 * yes > options.members;
      break;
    case MajorityRule::kTwoThirds:
      motion.majority_met = yes > 0 && 3 * yes >= 2 * (yes + no);
      break;
    case MajorityRule::kUnanimity:
      motion.majority_met = no == 0 && yes > 0;
      break;
  }
  const bool passed = motion.quorum_met && motion.majority_met;
  result.motion_passed = passed;
  result.valid_votes = IntText(yes + no);
  if (!motion.quorum_met) {
    result.notes.push_back(fmt::format("no quorum: {} present, {} required of {} members",
                                       motion.present, motion.quorum_required, motion.members));
  }
  if (!motion.majority_met) {
    result.notes.push_back(fmt::format("the {} rule is not met: {} yes, {} no, {} abstain",
                                       MotionRuleName(motion.rule), motion.yes, motion.no,
                                       motion.abstain));
  }
  CountRound round;
  round.number = 1;
  round.action = "tally";
  for (std::int64_t votes : tally.votes) round.totals.push_back(IntText(votes));
  round.note = passed ? "carried" : "not carried";
  result.rounds.push_back(std::move(round));
  result.motion = motion;
  return result;
}

}  // namespace sovet
