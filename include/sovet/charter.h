// Charters: the rules of a council system, as data.
//
// A charter is a TOML file (toml++) validated strictly: an unknown key, a
// value of the wrong type, or an impossible value (min > max, per <= 0, a
// source kind that no body has, a unit kind that no rule defines) is a
// kInvalidInput Status naming file, line:column and the key path. Loading is
// all or nothing.
//
// The schema and its meaning are documented in doc/charter_format.md; every
// rule in a shipped charter cites its source (seed line or outside fact).
//
// Thread-safety: a loaded Charter is immutable and may be shared by threads.
#ifndef SOVET_CHARTER_H_
#define SOVET_CHARTER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/count_names.h"  // Method and MajorityRule names (owned by count)
#include "sovet/oversight_rules.h"
#include "sovet/status.h"

namespace sovet {

// What a seat count is proportional to (SYSTEM.md §5 "Basis kinds").
enum class Basis : std::uint8_t {
  kInhabitants,       // inhabitants of the unit
  kRuralInhabitants,  // inhabitants of the unit's rural leaf units (see BodyRule::rural)
  kElectors,          // electors of the unit
  kMembers,           // seats of the source body
};

enum class Rounding : std::uint8_t {
  kHalfUp,  // SYSTEM.md §5: round_half_up(basis / per), the default
  kDown,
  kUp,
};

// A condition on a unit's figures: `inhabitants_at_least <= inhabitants <
// inhabitants_below`, each bound optional.
struct UnitCondition {
  std::optional<std::int64_t> inhabitants_at_least;
  std::optional<std::int64_t> inhabitants_below;

  bool Holds(std::int64_t inhabitants) const {
    return (!inhabitants_at_least || inhabitants >= *inhabitants_at_least) &&
           (!inhabitants_below || inhabitants < *inhabitants_below);
  }
};

// A kind of place the census may hold under a parent kind, optionally only
// when a condition holds (a town under a volost must be small: SYSTEM.md §5).
struct ParentRule {
  std::string kind;
  UnitCondition when;
};

// A kind of unit in the census tree ([units.<name>] in TOML).
struct UnitKind {
  std::string name;
  std::string label;  // for people: "gubernia (province)"; defaults to name
  // Kinds this kind may sit under; empty for the root kind (exactly one).
  std::vector<ParentRule> parents;
  // Leaf kinds carry the figures (villages, towns); inner units' figures are
  // sums over the leaves beneath them.
  bool carries_figures = false;
  SourceLocation where;  // of its [units.<name>] table
};

// seats = clamp(round(basis / per), min, max) for a directly elected body.
struct DirectSeats {
  Basis basis = Basis::kInhabitants;
  std::int64_t per = 1;
  std::int64_t min = 0;
  std::optional<std::int64_t> max;
  Rounding rounding = Rounding::kHalfUp;
};

// One term of a composed body: delegations from every body of kind `source`
// whose unit lies inside this body's unit (SYSTEM.md §5 steps 1-5).
struct CompositionTerm {
  std::string source;  // a body kind
  Basis basis = Basis::kInhabitants;
  std::int64_t per = 1;
  std::int64_t min_per_source = 0;
  std::string cite;  // seed line or outside source
  SourceLocation where;
};

// A body chosen by another body (the All-Russian Executive, the Council of
// People's Commissars, the executive committee of every congress and town
// soviet, 001:144, 001:148, 001:150), either of a fixed size (`seats`) or
// "at the maximum" `max` (001:144): then it has as many seats as the
// electing body has persons eligible to sit on it (BodyRule::eligible), up
// to `max` — never a seat vacant by construction.
struct ElectedBy {
  std::string body;  // the electing body's kind
  std::int64_t seats = 0;               // the fixed size, or the cap when `up_to` is set
  bool up_to = false;                   // true: `max = N` in the file; false: `seats = N`
  std::vector<std::string> portfolios;  // named seats, if any (commissars)
};

// How a quota is divided among the several bodies of its sources (a kind
// with many bodies: "the trade unions", "the Peasant Soviets", 004:160).
enum class QuotaDivision : std::uint8_t {
  kLargestRemainder,  // Hamilton on the sources' basis (SYSTEM.md §5 step 4's rule)
  kDhondt,            // highest averages basis / (seats + 1), exact cross-multiplication
};

// One quota of a body of fixed quotas ([[body.quota]]): `seats` seats from
// the bodies of the kinds `sources` on the body's unit or inside it
// (optionally only those on the units named in `units`: a named group of
// bodies), divided among them by `divide` on `basis`; each source body
// elects its share by `method` (the body's election.method when empty) —
// "plurality" its own open vote, "dhondt" proportionally among the slates
// of its members; with `slates`, only members standing for those slates
// may be sent ("seventy Socialist members of the municipal Duma", 004:160).
// Kiev Rada 213 + 132 + 100 (002:94); Council of the Nation
// 150 + 75 + 80 + 40 + 70 (004:160).
struct Quota {
  std::vector<std::string> sources;  // body kinds, at least one
  std::vector<std::string> units;    // unit ids; empty: every unit
  std::int64_t seats = 0;            // >= 1
  QuotaDivision divide = QuotaDivision::kLargestRemainder;
  Basis basis = Basis::kInhabitants;
  std::string method;  // empty: BodyRule::election.method
  std::vector<std::string> slates;  // slate keys ([a-z0-9_]+); empty: any member
  std::string label;   // for people: "peasant representatives"; defaults to the sources
  std::string cite;
  SourceLocation where;
};

// Who may be elected to a body by another body (SYSTEM.md §7.2, the key
// `eligible`): a seated member of the sending (electing) body, as 001:148's
// delegations of soviets' members, or any elector of the sending body's unit.
enum class Eligible : std::uint8_t {
  kMembers,   // "members": holds a seat in the sending body
  kElectors,  // "electors": any elector of the sending body's unit
};

// True when `name` is a counting method a body may elect by (SYSTEM.md §6):
// one of sovet/count_names.h's kMethodNames, which the count module owns.
bool IsElectionMethod(const std::string& name);

// How a body's seats are filled ([[body]] election = { method, open }): for a
// directly elected soviet, how its electors vote; for a composed or elected
// body, how each electing body chooses its delegation.
struct ElectionRule {
  std::string method = "plurality";
  // true: open vote (show of hands, roll call: 001:152); false: secret ballot.
  bool open = false;
};

// [[body]]: how many seats a body of this kind has, and where they come from.
// Exactly one of `direct`, `terms` (non-empty), `elected_by` or `quotas`
// (non-empty) is set.
struct BodyRule {
  std::string kind;
  std::string name;                // for people: "All-Russian Congress of Soviets"
  std::vector<std::string> units;  // unit kinds that have a body of this kind
  UnitCondition when;              // on the unit's inhabitants
  // The inhabitants of units whose body is of this kind count as rural
  // (village soviets: SYSTEM.md §4 Decisions, "rural inhabitants").
  bool rural = false;
  std::optional<DirectSeats> direct;
  std::vector<CompositionTerm> terms;
  std::optional<std::int64_t> min;  // composed bodies: floor on the total
  std::optional<std::int64_t> max;  // composed bodies: cap on the total
  Rounding rounding = Rounding::kHalfUp;
  std::optional<ElectedBy> elected_by;
  // A body of fixed quotas: its declared size (`size`, the sum of the
  // quotas' seats, checked on loading) and its quotas in file order.
  std::vector<Quota> quotas;
  std::int64_t size = 0;
  // Composed and elected bodies: who the electing bodies may send or choose
  // (the key `eligible`, default "members").
  Eligible eligible = Eligible::kMembers;
  // For a composed or elected body, `election.method` is how each electing
  // body chooses (SYSTEM.md §7.2): "plurality" — its open vote, each seat to
  // the most hands; "dhondt" — proportionally among the slates of its
  // members (the count module's list PR). Any counting method is accepted.
  ElectionRule election;
  std::string cite;
  SourceLocation where;

  // How a delegation from a body of kind `source_kind` is elected: the
  // method of the quota drawing on that kind if it names one, else
  // `election.method`.
  const std::string& MethodFrom(const std::string& source_kind) const;
  // The quota drawing on bodies of kind `source_kind`, or null (a body
  // without quotas, or a kind none of its quotas names).
  const Quota* QuotaFrom(std::string_view source_kind) const;
};

// The decisions of SYSTEM.md §4 as explicit keys; later issues add sections
// (competences, appeals, ration categories of 001:16–23) beside these.
struct Franchise {
  std::int64_t voting_age = 18;
  std::vector<std::string> excluded_categories;  // historical charter only
};

struct Decisions {
  // Quorum: present members >= floor(members * num / den) + plus.
  std::int64_t quorum_num = 1;
  std::int64_t quorum_den = 2;
  std::int64_t quorum_plus = 1;
  MajorityRule majority = MajorityRule::kMajorityOfVotesCast;
};

struct Recall {
  // A petition of num/den of the electors (or delegating members) triggers
  // a recall vote, which passes by `majority`.
  std::int64_t petition_num = 1;
  std::int64_t petition_den = 4;
  MajorityRule majority = MajorityRule::kMajorityOfVotesCast;
  bool by_election_at_once = true;
};

// When a composed body other than the root congress must meet (SYSTEM.md
// §7.2 decision for the 1918 local congresses): at least `sessions` times in
// every `months` months, and, if `before` names a body kind, once before each
// session of that body so that the delegations it sends are fresh.
struct LocalConvocation {
  std::vector<std::string> bodies;  // composed body kinds
  std::int64_t sessions = 1;
  std::int64_t months = 3;
  // `months = "soviet_term"` in the file: terms.soviet_deputy_months.
  bool every_soviet_term = false;
  std::string before;  // a body kind, or empty
  std::string cite;
  SourceLocation where;
};

struct Convocation {
  // The root congress (the All-Russian Congress, 001:144).
  std::int64_t congress_sessions_per_year = 2;
  // Extraordinary congress on the demand of bodies whose territories hold
  // at least num/den of the republic's inhabitants.
  std::int64_t extraordinary_share_num = 1;
  std::int64_t extraordinary_share_den = 3;
  // [[convocation.local]]: in file order; a body kind appears in one at most.
  std::vector<LocalConvocation> local;
  // The convocation rule of this body kind, or nullptr.
  const LocalConvocation* LocalFor(const std::string& kind) const;
};

struct Terms {
  std::int64_t soviet_deputy_months = 3;
  // Congress delegates serve for their congress; executives until their
  // congress next meets (SYSTEM.md §4) — stated as keys so charters can differ.
  std::string congress_delegate = "congress";
  std::string executive = "next_congress";
};

// [amendment]: who amends the charter (001:146: the Congress alone). An
// empty `body` means the root congress (sovet/charter_history.h
// AmendingBodyKind).
struct AmendmentRule {
  std::string body;  // a body kind, or empty
  SourceLocation where;
};

// Workers' control ([control], doc/workers_control.md; 002:426–428): the
// organ each enterprise elects, the local councils of workers' control on
// the units above it and the all-country council at the census's root, what
// an organ may demand to see, and the owner's appeal. A charter without the
// section has no workers' control: every control.* act is refused.
struct ControlOrgan {
  std::string kind;   // the body kind in ids "KIND:ENTERPRISE" or "KIND:UNIT"
  std::string label;  // for people: "factory committee", "works council"
  std::string cite;
};
struct ControlRules {
  bool defined = false;
  ControlOrgan enterprise;  // elected by the enterprise's electorate (002:426 Art. 2)
  ControlOrgan local;       // on any unit of the census below the root (002:428)
  ControlOrgan central;     // on the census's root (002:428)
  // The enterprise record's columns whose sum is the organ's electorate:
  // workers, employees, technical_staff (002:426 Art. 2: all three).
  std::vector<std::string> electorate;
  // What an organ may request (002:426 Art. 7: books, accounts, correspondence).
  std::vector<std::string> information;
  std::int64_t appeal_days = 3;   // calendar days after publication (002:428)
  bool appeal_suspends = false;   // 002:426 Art. 8: binding until cancelled
  std::string cite;
};

// What a body may decide (doc/charter_format.md "Motions and competences";
// SYSTEM.md §7.3). [motions.<kind>]: a kind of motion (decree, resolution,
// instruction, appointment, approval, ...) and the rule it passes by
// (001:62, 004:21, 004:36, 002:265); [[competence]]: which body kinds may
// adopt which motion kinds, always over their own unit's subtree. A kind
// `reserved_to` some body kinds may be adopted by those alone, whatever the
// competences say (amending the charter, ratifying peace: the Congress
// only, 001:146).
struct MotionKind {
  std::string name;
  std::string label;  // for people; defaults to the name
  MajorityRule majority = MajorityRule::kMajorityOfVotesCast;
  // Unanimity only: whether a member may abstain without breaking it
  // (004:36 "unanimously except for ... eight abstentions").
  bool abstentions_allowed = true;
  // Takes effect only on the higher organ's approval (001:144).
  bool essential = false;
  std::vector<std::string> reserved_to;  // body kinds; empty: not reserved
  std::string cite;
  SourceLocation where;
};

struct Competence {
  std::vector<std::string> bodies;   // body kinds
  std::vector<std::string> motions;  // motion kinds
  std::string cite;
  std::size_t index = 0;  // its place among [[competence]], for the key in messages
  SourceLocation where;
};

struct Competences {
  std::vector<MotionKind> motion_kinds;  // in file order
  std::vector<Competence> rules;         // in file order
  const MotionKind* FindMotionKind(const std::string& name) const;
  // The first rule letting a body of `body_kind` adopt `motion_kind`, or nullptr.
  const Competence* Allowing(const std::string& body_kind, const std::string& motion_kind) const;
};

// [rationing] (001:16–23; doc/charter_format.md "Rationing"): the ration
// categories, the items rationed, the dated tables of a ration per category
// per period, and how a cut divides an item short of its demand. Parsed by
// src/charter/rationing_rules.cc; used by the issuing ledger
// (sovet/rations.h). Quantities are integers in the item's unit.
enum class RationUnit : std::uint8_t { kGrams, kPieces };
enum class RationCut : std::uint8_t {
  kProportional,  // each category's ration scaled by supply/demand, largest remainder
  kPriority,      // the categories in `priority` order, each in full while it lasts
};
struct RationCategory {
  std::string id;
  std::string label;  // for people: "Heavy physical labour"
  std::string rule;   // the rule in words (who belongs here), cited
  // The part of the rule the register decides (franchise-like): a person
  // whose register status is one of `statuses`, or whose workplace is
  // absent when `no_workplace`, is placed here; a category with neither is
  // assigned by the food organ (from occupation records).
  std::vector<std::string> statuses;
  bool no_workplace = false;
  std::string source;
  SourceLocation where;
};
struct RationItem {
  std::string id;
  std::string label;
  RationUnit unit = RationUnit::kGrams;
  RationCut cut = RationCut::kProportional;
  std::vector<std::size_t> priority;  // category indices, for kPriority: all of them
  std::string source;
  SourceLocation where;
};
struct RationTable {
  std::string id;
  std::string from;  // ISO 8601: the first day of the period it was set for
  std::int64_t days = 1;  // the period's length
  // quantities[category][item] per person for the period, in the item's unit.
  std::vector<std::vector<std::int64_t>> quantities;
  std::string source;
  SourceLocation where;
};
struct Rationing {
  std::vector<std::string> organs;  // body kinds that may act as food organs
  std::vector<RationCategory> categories;  // in file order: category 1 first
  std::vector<RationItem> items;
  std::vector<RationTable> tables;
  std::string cite;
  // Indices; -1 when unknown.
  int FindCategory(std::string_view id) const;
  int FindItem(std::string_view id) const;
  const RationTable* FindTable(std::string_view id) const;
};

struct Charter {
  std::string id;  // [charter] id, e.g. "rsfsr-1918"
  std::string title;
  std::string cite;  // where the rules come from, as a whole
  // What the census figures mean under this charter, for people: for a
  // federation of workplaces "workforce" and "members".
  std::string inhabitants_label = "inhabitants";
  std::string electors_label = "electors";
  std::string source_file;
  std::string sha256_hex;  // of the file's bytes, for the journal's genesis
  std::vector<UnitKind> unit_kinds;
  std::vector<BodyRule> bodies;  // in file order
  // Indices into `bodies` such that every body comes after the bodies it is
  // composed of or elected by (the dependency graph is acyclic: validated).
  std::vector<std::size_t> body_order;
  Franchise franchise;
  Decisions decisions;
  Recall recall;
  Convocation convocation;
  Terms terms;
  AmendmentRule amendment;
  ControlRules control;
  Competences competences;  // [motions.*] and [[competence]] (competence_rules.cc)
  OversightRules oversight;  // [[oversight]], [[appeal]] (sovet/oversight_rules.h)
  Rationing rationing;  // [rationing]; empty when the charter has none

  const UnitKind* FindUnitKind(const std::string& name) const;
  const BodyRule* FindBody(const std::string& kind) const;
};

// Stable spellings used in charter files and JSON ("rural_inhabitants",
// "half_up", "majority_of_votes_cast").
const char* BasisName(Basis basis);
const char* RoundingName(Rounding rounding);
const char* MajorityRuleName(MajorityRule rule);
const char* EligibleName(Eligible eligible);  // "members", "electors"
const char* QuotaDivisionName(QuotaDivision division);  // "largest_remainder", "dhondt"

// Reads and validates a charter file.
Result<Charter> LoadCharter(const std::string& path);
// Validates TOML text; `file_name` is used in messages.
Result<Charter> ParseCharter(const std::string& toml_text, const std::string& file_name);

}  // namespace sovet

#endif  // SOVET_CHARTER_H_
