// The charter's rules of oversight over decisions (doc/charter_format.md
// "Oversight and appeals"): which organs may annul, suspend or approve the
// decisions of which bodies in their subtree (001:144 "The Executive may
// annul or suspend any measure taken by the Council of People's Commissars,
// which is to submit its most essential decisions to it for approval";
// SYSTEM.md §7.3 "a congress or executive over the bodies within its
// territory, per charter"), and which decisions may be appealed, by whom, to
// which organs, within how many days and whether the appeal suspends
// (001:144 "the members of the collegium can appeal from it to the Council
// and to the Vee-Tsik Bureau").
//
// Whether a motion kind is essential (takes effect only on approval) is the
// key `essential` of its [motions.<kind>] table, which the motions' rules read;
// a decision adopted of such a kind awaits approval (sovet/decisions.h).
//
// Thread-safety: plain values, part of an immutable Charter.
#ifndef SOVET_OVERSIGHT_RULES_H_
#define SOVET_OVERSIGHT_RULES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/status.h"

namespace sovet {

// What an organ may do to a lower body's decision.
enum class OversightPower : std::uint8_t {
  kAnnul,    // the decision is void from the act's date (final)
  kSuspend,  // the decision is not in force until lifted (act.lift) or annulled
  kApprove,  // an essential decision awaiting approval comes into force
};

// "annul", "suspend", "approve": the spellings of the charter and messages.
const char* OversightPowerName(OversightPower power);

// [[oversight]]: bodies of kind `organ` hold `powers` over the decisions of
// bodies of the kinds `over` whose unit is the organ's unit or lies beneath
// it (the organ's subtree).
struct OversightRule {
  std::string organ;               // a body kind
  std::vector<std::string> over;   // body kinds, at least one
  std::vector<OversightPower> powers;
  std::string cite;
  SourceLocation where;

  bool Has(OversightPower power) const;
  bool Over(std::string_view kind) const;
};

// [[appeal]]: the decisions of bodies of the kinds `decisions_of` (of the
// motion kinds `motion_kinds`, or of every kind when empty) may be appealed
// by a person of the standing described, to an organ of one of the kinds
// `to` whose unit is the deciding body's unit or contains it, within `days`
// calendar days of the decision's adoption (its publication: day 0; the
// last day allowed is adoption + days, inclusive). `suspensive`: lodging
// the appeal suspends a decision in force until the appeal is decided.
//
// Standing: a seat, held on the day of lodging, in a body of one of the
// kinds `seat_in` whose unit is the deciding body's unit or contains it; or,
// when `electors` is true, a place on the roll of the deciding body's unit.
struct AppealRule {
  std::string id;                         // unique among the [[appeal]] rules
  std::vector<std::string> decisions_of;  // body kinds, at least one
  std::vector<std::string> motion_kinds;  // empty: every motion kind
  std::string standing;                   // for people: "a member of a collegium"
  std::vector<std::string> seat_in;       // body kinds
  bool electors = false;
  std::vector<std::string> to;  // organ body kinds, at least one
  std::int64_t days = 0;        // 0..3660
  bool suspensive = false;
  std::string cite;
  SourceLocation where;

  bool AppliesTo(std::string_view body_kind, std::string_view motion_kind) const;
  bool GoesTo(std::string_view organ_kind) const;
  bool SeatIn(std::string_view body_kind) const;
};

struct OversightRules {
  std::vector<OversightRule> rules;   // [[oversight]] in file order
  std::vector<AppealRule> appeals;    // [[appeal]] in file order

  // The first rule giving bodies of kind `organ` `power` over decisions of
  // bodies of kind `over`; nullptr when none does.
  const OversightRule* Find(std::string_view organ, std::string_view over,
                            OversightPower power) const;
  // Whether some rule gives an organ the power to approve decisions of
  // bodies of kind `body_kind`: a decision of an essential motion kind
  // awaits approval only then (a body no organ approves, the Congress,
  // decides with effect at once).
  bool Approvable(std::string_view body_kind) const;
  // The appeal rule of that id, or nullptr.
  const AppealRule* FindAppeal(std::string_view id) const;
};

}  // namespace sovet

#endif  // SOVET_OVERSIGHT_RULES_H_
