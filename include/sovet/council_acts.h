// The acts of the council's operators (doc/operating.md), built from what
// an operator gives and the engine's state, for every client that writes
// them: `sovet election|recall|session` on the command line and the forms
// of `sovet serve`. One builder per operation, so that a form and a command
// given the same input build the same act, and the engine's rules (checked
// when the act is executed) refuse both alike.
//
// A builder only fills in what the operator leaves to the state (the seats
// a regular election fills, the roll and the signatures a petition needs,
// the commission's count): it checks what it must to build the act (the
// election or petition exists) and leaves every rule to the engine
// (Engine::ExecuteRecorded). Errors are kInvalidInput or kNotFound naming
// the operator's field by its plain name ("seat", "initiative").
//
// Thread-safety: pure functions of their arguments.
#ifndef SOVET_COUNCIL_ACTS_H_
#define SOVET_COUNCIL_ACTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sovet/charter.h"
#include "sovet/council.h"
#include "sovet/count.h"
#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/status.h"

namespace sovet {

// election.call: `seats` empty means the default — every seat of a regular
// election, the vacant ones of a by-election, the electing body's range of
// a delegation.
struct ElectionCallRequest {
  std::string date;
  std::string body;
  std::string id;
  std::string held_on;  // empty: `date`
  std::string kind = "regular";
  std::vector<std::int64_t> seats;
  std::string electing_body;
};
Act ElectionCallAct(const EngineState& state, const ElectionCallRequest& request);

// election.record: an open vote (`hands` per nominee in nomination order and
// `present`) or a secret ballot (`ballots` in the act's compact form,
// "WEIGHT P1 P2 ..." by nomination place). The commission's count
// (CountElectionRecord) fills `elected`.
struct ElectionRecordRequest {
  std::string date;
  std::string election;
  std::int64_t seed = 0;
  bool open = true;
  std::int64_t present = -1;
  std::vector<std::int64_t> hands;
  std::vector<std::string> ballots;
};
// The election called as `id`; kNotFound naming field "election" otherwise.
Result<const CouncilElection*> FindCouncilElection(const EngineState& state, const std::string& id);
Result<Act> ElectionRecordAct(const EngineState& state, const Charter& charter,
                              const ElectionRecordRequest& request);

// election.verify: the mandates commission's act (MandatesCommissionAct)
// for the election called as `id`, on `date`; an election verified already
// is kAlreadyExists.
Result<Act> ElectionVerifyAct(const EngineState& state, const Charter& charter,
                              const std::string& id, Date date);

// The commission's count of a recorded election, every stage of it, with
// the candidates named as nominated (CountElectionRecord gives only the
// elected): what a result sheet shows.
Result<CountResult> CountElectionRecordInFull(const Charter& charter,
                                              const CouncilElection& election, const Act& act);

// recall.open: `seat` 0 means the seat `person` holds in `body`; `person`
// empty means the seat's holder. The roll and the signatures needed are the
// state's on `date` (a motion of `by_body`: its seated members, none).
struct RecallOpenRequest {
  std::string date;
  std::string petition;
  std::string body;
  std::int64_t seat = 0;
  std::string person;
  std::string by_body;
};
Result<Act> RecallOpenAct(const EngineState& state, const Charter& charter,
                          const RecallOpenRequest& request);

// recall.sign: the signatures of `persons` (the act's body is the
// petition's, empty when there is no such petition: the engine refuses it).
Act RecallSignAct(const EngineState& state, const std::string& date, const std::string& petition,
                  const std::vector<std::string>& persons);

// recall.vote: the result follows from the votes and the charter's
// recall.majority; a passing vote calls the by-election at once when the
// charter says so (id default PETITION.by-election).
struct RecallVoteRequest {
  std::string date;
  std::string petition;
  std::int64_t votes_for = 0;
  std::int64_t votes_against = 0;
  std::string by_election;
  std::string by_election_on;
};
Result<Act> RecallVoteAct(const EngineState& state, const Charter& charter,
                          const RecallVoteRequest& request);

// session.convene of `body` (empty: the root congress of the journal).
struct ConveneRequest {
  std::string date;
  std::string body;
  std::string opens;
  bool extraordinary = false;
  std::string initiative;  // "executive" or "demands" (extraordinary only)
  std::string by;          // the executive, with initiative "executive"
};
// The body of the root congress in the journal when `given` is empty.
Result<std::string> CongressBodyOf(const EngineState& state, const Charter& charter,
                                   const std::string& given);
Result<Act> ConveneAct(const EngineState& state, const Charter& charter,
                       const ConveneRequest& request);

}  // namespace sovet

#endif  // SOVET_COUNCIL_ACTS_H_
