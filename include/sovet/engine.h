// The council engine (SYSTEM.md §7.1): commands in, acts out. Every client —
// `sovet journal append`, the simulation of `sovet demo`, `sovet verify`,
// and later the web server — changes the council's state only through it.
//
//   command ──Check(state, charter, act)──► refused: Status naming the rule,
//      │                                     nothing written
//      └─ accepted ──► one act: applied to the in-memory state, then
//                      appended to the journal (durable before Execute
//                      returns; in order, acknowledged by Finish, when
//                      pipelined) and projected to the state tables by the
//                      projector of EngineProjector().
//
// The rules of each act kind live in one function, CheckAct (engine.cc),
// used by every command and by the audit of `sovet verify`, which feeds a
// recorded journal through the same engine (ExecuteRecorded) and names the
// first act it refuses. What the rules need travels in the journal itself:
// the seats of each body (`body.create`), the register (`cycle.register`:
// age and franchise category), each election's roll, attendance and count
// (`cycle.election`), so the journal and the charter suffice to audit it.
//
// Commands and their rules (doc/cycle.md draws the lifecycles):
//   CreateBody      body.create: the body's kind is a body of the charter;
//                   the id is new; seats >= 0.
//   Register        cycle.register: the persons staged in persons() since
//                   the last registration, for one unit, and the slates
//                   staged in persons().slates since then (declared by this
//                   act); each person's slate is a declared one.
//   RecordElection  cycle.election: the body exists; an election by a body
//                   names an existing electing body; candidates are
//                   registered; the count elected only candidates, each
//                   once, no more than the seats; present <= electors.
//   VerifyMandates  cycle.verification: the mandates commission's verdicts
//                   (RejectReason) on the mandates an election conferred;
//                   a recorded verification must equal the verdicts the
//                   commission gives on the same record.
//   register.*      the register of persons, with dates (sovet/person_roll.h:
//                   CheckRollAct); recorded through ExecuteRecorded.
//   RecordAnnex     an act the engine only numbers (the simulation's
//                   Constituent Assembly count).
// Every cycle act carries its place among the cycle's acts (`act`): any
// other than the next — an act appended twice — is refused (kAlreadyExists
// or kInvalidInput, exit 2).
//
// Acts will carry dates, and recall, convocation, sessions, motions and
// appeals will be further commands: each adds a CycleAct alternative, a
// Check function and a projection, nothing else.
//
// Thread-safety: an Engine is used by one thread (its commands are
// ordered); the journal acknowledges pipelined acts on its writer thread.
#ifndef SOVET_ENGINE_H_
#define SOVET_ENGINE_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "sovet/charter.h"
#include "sovet/charter_history.h"
#include "sovet/council.h"
#include "sovet/cycle.h"
#include "sovet/journal.h"
#include "sovet/person_roll.h"
#include "sovet/projection.h"
#include "sovet/rations.h"
#include "sovet/register.h"
#include "sovet/roles.h"
#include "sovet/status.h"

namespace sovet {

// The projector of every act kind the engine writes: the journal's own
// (body.create, body.seats) and the cycle's tables (sovet/cycle_schema.h).
// Pass it in OpenOptions/InitOptions of every journal the engine writes.
const Projector& EngineProjector();

// The engine's projected state, in memory: what the checks read.
struct EngineState {
  std::vector<std::string> body_ids;  // by BodyIndex, in creation order
  std::unordered_map<std::string, BodyIndex> body_index;
  std::vector<std::string> unit_ids;                      // by UnitIndex
  std::unordered_map<std::string, UnitIndex> unit_index;  // built on first use
  PersonRegister persons;  // registered persons, then any staged ones
  PersonIndex registered = 0;
  SlateIndex declared_slates = 0;  // persons.slates declared by recorded acts
  std::vector<CycleAct> acts;
  CouncilState council;
  MandateIndex next_mandate = 0;
  RollState roll;     // the register of persons (sovet/person_roll.h)
  RoleGrants roles;   // role.grant / role.revoke (sovet/roles.h)
  CouncilLedger ledger;  // elections, recall, sessions (sovet/council.h)
  // The journal seq of the act last accepted (being applied, inside an
  // applier): the journal's own when appended synchronously or loaded,
  // else counted on from the last known (acts are named by their seq,
  // sovet/decisions.h).
  std::int64_t seq = 0;
  // The charter in force by date: the engine's charter and the amendments
  // recorded (sovet/charter_history.h); every dated act is checked against
  // charters.For(act).
  CharterTimeline charters;
  RationLedger rations;  // ration.* (sovet/rations.h)

  BodyIndex FindBody(const std::string& id) const;
};

// The rules of one act kind against the state before it (see above).
// `act` must be of the journal's decoded form (DecodeCycleAct) or built by a
// client; verification acts are recomputed by the commission and compared.
Result<void> CheckAct(const EngineState& state, const Charter& charter, const CycleAct& act);

// The journal form of a cycle act and back (payloads: doc/cycle.md "In the
// journal"; names: sovet/cycle_schema.h).
Result<Act> EncodeCycleAct(const EngineState& state, const CycleAct& act, ActIndex act_index);
// The same, numbering the mandates a verification seats from `first_mandate`.
Result<Act> EncodeCycleActAt(const EngineState& state, const CycleAct& act, ActIndex act_index,
                             MandateIndex first_mandate);
// Decodes a recorded act of the engine's kinds against the state (body and
// unit ids to indices). Malformed fields are kInvalidInput naming them.
Result<CycleAct> DecodeCycleAct(const EngineState& state, const Act& act);
// Whether `kind` is one of the engine's kinds (body.create, cycle.*).
bool IsEngineKind(std::string_view kind);

struct EngineOptions {
  // Where accepted acts go; null: checked and applied only (an audit, a test).
  Journal* journal = nullptr;
  // Pipelined: commands return once the act is queued for the journal (in
  // batches, in order); Finish() hands over the rest and waits for every
  // acknowledgement. Otherwise each command
  // returns after its act is durable.
  bool pipelined = false;
  // Census unit ids by UnitIndex (a client that knows the census); the
  // engine interns unknown ids from recorded acts.
  std::vector<std::string> unit_ids;
};

class Engine {
 public:
  Engine(const Charter& charter, EngineOptions options);
  ~Engine();  // waits for pipelined acts
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Commands (see the header comment for their rules).
  Result<BodyIndex> CreateBody(const std::string& id, std::int64_t seats);
  Result<ActIndex> Register(UnitIndex unit);
  Result<ActIndex> RecordElection(ElectionAct election);
  // Presents mandates to the commission of `body` for the election act;
  // records its verdicts as one act and returns them.
  Result<const VerificationAct*> VerifyMandates(BodyIndex body, ActIndex election,
                                                std::span<const PresentedMandate> presented);
  Result<ActIndex> RecordAnnex(Act act);

  // A recorded or hand-written act in its journal form (journal append,
  // the audit of verify): decoded, checked by the same rules, applied, and
  // appended when a journal is attached. Acts of other kinds are kInvalidInput.
  Result<void> ExecuteRecorded(const Act& act);

  // Rebuilds the state from a journal's acts of the engine's kinds, each
  // through the same rules (the engine must be fresh and have no journal
  // attached). The first act refused is kIntegrityViolation naming its seq
  // and the rule. Returns the number of acts loaded.
  Result<std::int64_t> LoadJournal(Journal& journal);

  // Attaches the journal accepted acts go to from now on (after an audit
  // of the journal's existing acts has rebuilt the state).
  void AttachJournal(Journal* journal);

  // Waits until every pipelined act is acknowledged; the first error.
  Result<void> Finish();

  const EngineState& state() const { return state_; }
  // Ends the engine's use (after Finish): hands its state over.
  EngineState Release() { return std::move(state_); }
  // Persons are staged here (added to the register) before Register makes
  // them part of the record.
  PersonRegister& persons() { return state_.persons; }
  // The register of persons' memory, for RollState::Reserve before a large
  // import (its acts are recorded through ExecuteRecorded).
  RollState& roll() { return state_.roll; }
  const Charter& charter() const { return charter_; }
  std::int64_t acts_written() const { return written_; }
  // The entry the last synchronous command appended.
  const Appended& last_appended() const { return last_appended_; }

 private:
  Result<void> CheckBody(const std::string& id, std::int64_t seats) const;
  Result<BodyIndex> AcceptBody(Act act, std::int64_t seats);
  Result<void> Accept(CycleAct act);  // apply + write, no check
  Result<void> Write(Act act);
  Result<void> WaitBelow(std::int64_t outstanding);
  Result<void> Flush();  // hands the batch to the journal, in order

  static constexpr std::int64_t kMaxOutstanding = 32768;
  static constexpr std::size_t kBatch = 8192;
  // An act queued for the journal: given (`act`), or the cycle act
  // `act_index`, encoded at hand-over with its first mandate number.
  struct Pending {
    Act act;
    ActIndex act_index = kNoAct;
    MandateIndex first_mandate = kNoMandate;
  };
  std::vector<Pending> batch_;
  const Charter& charter_;
  EngineOptions options_;
  EngineState state_;
  std::int64_t written_ = 0;
  Appended last_appended_;
  std::mutex mutex_;
  std::condition_variable acknowledged_;
  std::int64_t outstanding_ = 0;
  std::optional<Status> error_;
};

// The charter a journal is bound to (its genesis records the charter's id
// and sha256). With `path`, that file, which must have the recorded hash
// (else kFailedPrecondition naming both). Without, the shipped charter with
// that hash, looked for in ./charters and in the source tree's charters/
// (kNotFound naming the id, the hash and where it looked: give --charter).
// nullopt when the journal records no charter.
Result<std::optional<Charter>> FindJournalCharter(const Entry& genesis, const std::string& path);

// Audits a journal: every act of the engine's kinds, in order, through the
// engine's rules. The first act refused is kIntegrityViolation naming its
// seq and the rule; `checked` (if given) receives how many acts passed.
Result<void> AuditJournal(Journal& journal, const Charter& charter, std::int64_t* checked);

// What `sovet verify`, the web's verify page and /api/v1/verify find on a
// store: the chain and signatures, then (when they hold and the charter is
// found) the lawfulness of every act.
struct JournalVerdict {
  std::string source;  // the store, credentials masked
  VerifyReport integrity;
  std::int64_t lawful_acts = -1;  // acts that passed the engine's rules; -1: not checked
  std::string lawful_note;        // why lawfulness was not checked
};

// Verifies the journal at `url`: Journal::Verify, then FindJournalCharter
// (`charter_path` may be empty) and AuditJournal. A broken chain is a
// verdict with integrity.ok false, not an error; an unlawful act is
// kIntegrityViolation naming it and the rule; a charter file given that is
// not the journal's is kFailedPrecondition.
Result<JournalVerdict> VerifyJournal(const std::string& url, const std::string& charter_path,
                                     const VerifyOptions& options = {});

// The verdict as `sovet verify --format json` prints it (`indent` < 0:
// compact); bytes that are not UTF-8 become U+FFFD.
std::string VerdictJson(const JournalVerdict& verdict, int indent);

}  // namespace sovet

#endif  // SOVET_ENGINE_H_
