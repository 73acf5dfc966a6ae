// The names of the counting methods and of the majority rules (SYSTEM.md
// §6), owned by the count module (sovet/count.h parses and prints them).
//
// Header-only, with no dependency beyond the standard library, because the
// charter validates `election.method` and `majority` against these same
// tables while the count module itself depends on the charter (for
// Decisions): charter → count_names ← count, with no cycle.
//
// Thread-safety: constant data.
#ifndef SOVET_COUNT_NAMES_H_
#define SOVET_COUNT_NAMES_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

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

// The spelling `sovet count --method` and a charter's `election.method`
// take, in the enum's order.
inline constexpr std::array<std::pair<Method, std::string_view>, 13> kMethodNames{{
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

// How a motion passes (SYSTEM.md §4 Decisions: a majority of votes cast
// unless the charter names a stronger rule).
enum class MajorityRule : std::uint8_t {
  kMajorityOfVotesCast,        // more yes than no
  kAbsoluteMajorityOfMembers,  // yes > members / 2
  kTwoThirds,                  // yes >= 2/3 of votes cast (yes + no)
  kUnanimity,                  // no == 0, abstentions allowed
};

struct MajorityRuleSpelling {
  MajorityRule rule;
  std::string_view charter;  // charter files and JSON: "majority_of_votes_cast"
  std::string_view flag;     // `sovet count --majority` and result sheets
};

inline constexpr std::array<MajorityRuleSpelling, 4> kMajorityRuleNames{{
    {MajorityRule::kMajorityOfVotesCast, "majority_of_votes_cast", "majority-of-votes-cast"},
    {MajorityRule::kAbsoluteMajorityOfMembers, "absolute_majority_of_members",
     "absolute-majority-of-members"},
    {MajorityRule::kTwoThirds, "two_thirds", "two-thirds"},
    {MajorityRule::kUnanimity, "unanimity", "unanimity"},
}};

// The method named `name` (charter and flag spelling), or nullopt.
constexpr std::optional<Method> FindMethod(std::string_view name) {
  for (const auto& [method, known] : kMethodNames) {
    if (known == name) return method;
  }
  return std::nullopt;
}

// The rule named `name` in either spelling, or nullopt.
constexpr std::optional<MajorityRule> FindMajorityRule(std::string_view name) {
  for (const MajorityRuleSpelling& spelling : kMajorityRuleNames) {
    if (spelling.charter == name || spelling.flag == name) return spelling.rule;
  }
  return std::nullopt;
}

}  // namespace sovet

#endif  // SOVET_COUNT_NAMES_H_
