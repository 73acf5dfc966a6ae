// Terms, sessions and what is due (SYSTEM.md §4, §7.2; doc/operating.md
// "Terms, sessions and what is due"): the reads of the session.* family
// over the engine's state (sovet/engine.h EngineState, rebuilt from the
// journal through the same rules as every command).
//
//   DueOn          what the charter requires by a date: seats whose term
//                  ends, delegations to refresh before a convened session,
//                  regular sessions due, extraordinary sessions demanded by
//                  enough, recall votes due, vacant seats to fill.
//   DemandShare    the inhabitants held by the union of demanding bodies'
//                  territories, nothing counted twice (001:144).
//   HoldersOn      who held each seat on a day (`sovet report --at`).
//   BodyHistory    a body's seat changes in journal order (`sovet history`).
//
// Effects: none; every function reads the state it is given. Thread-safety:
// as the state (read-only use from several threads is safe).
#ifndef SOVET_SESSIONS_H_
#define SOVET_SESSIONS_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sovet/charter.h"
#include "sovet/council.h"
#include "sovet/date.h"

namespace sovet {

struct EngineState;

// One thing the charter requires. `what` is one of: "election" (seats whose
// term ends), "delegation" (a sending body's seats in a convened body, to be
// re-elected before it opens), "regular_session", "extraordinary_session",
// "recall_vote", "by_election".
struct DueItem {
  std::string what;
  std::string body;                 // the body that must act or meet
  std::vector<std::int64_t> seats;  // the seats concerned, if any
  std::string person;               // recall_vote: the deputy
  Date by;                          // the deadline (on or before the day asked)
  std::string rule;                 // charter key and seed line
  std::string detail;               // for people
};

// Everything due on `on`, ordered by deadline, kind and body.
std::vector<DueItem> DueOn(const EngineState& state, const Charter& charter, Date on);

// The inhabitants counted for the demands of `demanders` on a root congress:
// each demander's unit once, a unit inside another demander's unit not at
// all; `total` is the root unit's. Figures are those session.demand
// recorded (CouncilLedger::units).
struct DemandShare {
  std::int64_t counted = 0;
  std::int64_t total = 0;
  // counted / total >= convocation.extraordinary_share_num / den, exactly.
  bool enough = false;
};
DemandShare ShareOfDemands(const CouncilLedger& ledger, const Charter& charter,
                           const std::string& congress, const std::vector<std::string>& demanders);

// The holder of each seat on `on` (the last change dated on or before it),
// by (body, seat); vacant seats are absent. `body` empty: every body.
std::map<std::pair<std::string, std::int64_t>, SeatChange> HoldersOn(const CouncilLedger& ledger,
                                                                     const std::string& body,
                                                                     Date on);

// The seat changes of `body`, in journal order.
std::vector<SeatChange> BodyHistory(const CouncilLedger& ledger, const std::string& body);

// The root congress's body kind (the composed body of the root unit kind),
// or nullptr when the charter has none.
const BodyRule* RootCongress(const Charter& charter);

}  // namespace sovet

#endif  // SOVET_SESSIONS_H_
