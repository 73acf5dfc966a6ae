// The names of the council cycle's record, declared once: the act kinds the
// engine writes to the journal, their payload fields, and the state tables
// their projection keeps (doc/cycle.md "In the journal"). The engine's
// codec, its projection, the state read API and the reports use these
// constants; the journal itself knows none of them.
//
// A name here is part of the journal's public format: a third party reading
// a journal with only doc/cycle.md must find the same names. Never rename
// one; add a new one.
#ifndef SOVET_CYCLE_SCHEMA_H_
#define SOVET_CYCLE_SCHEMA_H_

namespace sovet::schema {

// Act kinds, in the order a cycle records them. `body.create` (the seats
// of an apportioned body) is the journal's built-in kind.
inline constexpr const char* kBodyCreateKind = "body.create";
inline constexpr const char* kRegisterKind = "cycle.register";
inline constexpr const char* kElectionKind = "cycle.election";
inline constexpr const char* kVerificationKind = "cycle.verification";
// The simulation's comparison count (src/sim), recorded beside the cycle.
inline constexpr const char* kConstituentKind = "cycle.constituent_assembly";
// Roles of accounts on bodies (sovet/roles.h); not cycle acts: no kAct.
inline constexpr const char* kRoleGrantKind = "role.grant";
inline constexpr const char* kRoleRevokeKind = "role.revoke";

// Payload fields. Every cycle act carries kAct, its 0-based place among
// the cycle's acts: the engine refuses any other than the next.
namespace field {
inline constexpr const char* kAct = "act";
inline constexpr const char* kSeats = "seats";  // body.create, election, constituent
// cycle.register
inline constexpr const char* kUnit = "unit";
inline constexpr const char* kFirst = "first";
inline constexpr const char* kNames = "names";
inline constexpr const char* kFactions = "factions";  // per person: a declared slate label
inline constexpr const char* kAges = "ages";
inline constexpr const char* kExcluded = "excluded";
// cycle.register, optional: the slates the act declares (keys, and the
// names output gives them), each new to the record.
inline constexpr const char* kSlates = "slates";
inline constexpr const char* kSlateNames = "slate_names";
// cycle.election
inline constexpr const char* kElection = "election";  // the election's kind; in a
                                                      // verification: the election act
inline constexpr const char* kElectingBody = "electing_body";
inline constexpr const char* kMethod = "method";
inline constexpr const char* kOpen = "open";
inline constexpr const char* kElectors = "electors";
inline constexpr const char* kPresent = "present";
inline constexpr const char* kVoters = "voters";
inline constexpr const char* kCandidates = "candidates";
inline constexpr const char* kSources = "sources";
inline constexpr const char* kVotes = "votes";
inline constexpr const char* kElected = "elected";
inline constexpr const char* kPortfolios = "portfolios";
inline constexpr const char* kCountSeed = "count_seed";
inline constexpr const char* kFinal = "final";
// cycle.verification
inline constexpr const char* kPersons = "persons";
inline constexpr const char* kSlots = "slots";
inline constexpr const char* kMandates = "mandates";
inline constexpr const char* kReasons = "reasons";
inline constexpr const char* kDetails = "details";
// cycle.constituent_assembly
inline constexpr const char* kLists = "lists";
inline constexpr const char* kWon = "won";
inline constexpr const char* kDistricts = "districts";
inline constexpr const char* kInhabitants = "inhabitants";
inline constexpr const char* kName = "name";  // optional: the comparison's name
// role.grant, role.revoke (the act's body is the body the role is on)
inline constexpr const char* kAccount = "account";
inline constexpr const char* kRole = "role";
inline constexpr const char* kBy = "by";  // the granting account; "" for the operator
}  // namespace field

// State tables (without the live `state_` / rebuilt `replay_` prefix).
namespace table {
inline constexpr const char* kBodies = "bodies";  // the journal's built-in table
inline constexpr const char* kActs = "cycle_acts";
inline constexpr const char* kPersons = "cycle_persons";
inline constexpr const char* kMandates = "cycle_mandates";
inline constexpr const char* kRejections = "cycle_rejections";
inline constexpr const char* kSlates = "cycle_slates";
inline constexpr const char* kRoles = "roles";
}  // namespace table

}  // namespace sovet::schema

#endif  // SOVET_CYCLE_SCHEMA_H_
