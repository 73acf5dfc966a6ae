// RunCycle: the council cycle of SYSTEM.md §7, bottom-up (doc/cycle.md),
// every act a command to the engine.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <unordered_map>
#include <unordered_set>

#include "sim/constituent.h"
#include "sim/election.h"
#include "sim/electorate.h"
#include "sim/random.h"
#include "sovet/count.h"
#include "sovet/sim.h"

namespace sovet {
namespace {

using sim::Electorate;
using sim::Key;
using sim::Rng;

// A by-election is held until every seat is filled; each attempt draws a
// fresh meeting. More attempts than this means no candidate can be found.
constexpr int kMaxAttempts = 8;

std::int64_t RoundHalfUp(std::int64_t num, std::int64_t den) {
  return den == 0 ? 0 : (2 * num + den) / (2 * den);
}

// The body that elects `body` (a rule with elected_by: the All-Russian
// Executive, the Commissars, the executive committee of every congress and
// town soviet): the apportionment records it as the body's one delegation,
// found on the same unit or the nearest enclosing one (sovet/apportion.h),
// so no search over the bodies is needed. -1 when the body has no seats.
BodyIndex ElectingBodyOf(const Apportionment& apportionment, BodyIndex body) {
  const ApportionedBody& apportioned = apportionment.bodies[body];
  return apportioned.delegations.empty() ? BodyIndex{-1} : apportioned.delegations.front().from;
}

class Driver {
 public:
  Driver(const Charter& charter, const Census& census, const Apportionment& apportionment,
         const CycleOptions& options, Engine& engine)
      : charter_(charter),
        census_(census),
        apportionment_(apportionment),
        options_(options),
        engine_(engine),
        persons_(engine.persons()),
        electorate_(census, options.seed, *options.model) {
    if (options.model->comparison) voters_by_unit_.assign(census.size(), SlateCounts{});
  }

  Result<CycleRecord> Run();

 private:
  struct Fault {
    RejectReason reason;
    BodyIndex body = -1;
  };

  std::int64_t Quorum(std::int64_t members) const {
    const Decisions& decisions = charter_.decisions;
    return std::min(members,
                    members * decisions.quorum_num / decisions.quorum_den + decisions.quorum_plus);
  }
  // Creates every apportioned body in the engine, in order.
  Result<void> CreateBodies();
  // Issues the command that records `act` (registration or election).
  Result<ActIndex> Push(CycleAct act);
  const std::vector<CycleAct>& acts() const { return engine_.state().acts; }
  const CouncilState& state() const { return engine_.state().council; }
  void Report(const std::string& stage, std::int64_t done, std::int64_t total);

  Result<void> PlanFaults(const std::vector<BodyIndex>& direct_bodies);
  bool Planted(RejectReason reason, BodyIndex body) const {
    for (const Fault& fault : planned_)
      if (fault.reason == reason && fault.body == body) return true;
    return false;
  }

  Result<void> ElectSoviet(BodyIndex body, const BodyRule& rule);
  ElectionAct OpenSovietMeeting(BodyIndex body, const BodyRule& rule, const sim::Shares& shares,
                                std::int64_t vacancies, int attempt, bool* no_quorum);
  void NominateToSoviet(BodyIndex body, UnitIndex unit, std::int64_t vacancies, int attempt,
                        const ElectionAct& election, std::vector<PersonIndex>& standing);
  void PlantCandidateFaults(BodyIndex body, UnitIndex unit, ElectionAct& election);
  std::vector<PresentedMandate> PresentSovietMandates(BodyIndex body, int attempt, bool no_quorum,
                                                      const ElectionAct& election,
                                                      ActIndex election_idx);
  std::vector<PersonIndex> StandAgain(const std::vector<PersonIndex>& standing,
                                      std::unordered_set<PersonIndex>& rejected,
                                      bool no_quorum) const;
  // Elects `seats` seats of `body` from the seated members of `electing`
  // (a delegation, the Executive or the Commissars) and has them verified.
  Result<void> ElectFromBody(BodyIndex body, const BodyRule& rule, BodyIndex electing,
                             std::int64_t seats, ElectionKind kind,
                             std::unordered_set<PersonIndex>& in_body);
  std::size_t SlateCount() const { return options_.model->slates.size(); }
  // Enters the model's slates in the register (the first registration
  // declares them, in the file's order).
  Result<void> DeclareSlates();
  struct Available {
    std::vector<std::vector<MandateIndex>> by_slate;
    std::int64_t count = 0;
  };
  std::vector<MandateIndex> MembersOf(BodyIndex body) const;
  ElectionAct OpenBodyMeeting(BodyIndex body, const BodyRule& rule, BodyIndex electing,
                              ElectionKind kind, int attempt, std::int64_t member_count,
                              const SlateCounts& by_slate);
  Available AvailableMembers(const std::vector<MandateIndex>& members,
                             const std::unordered_set<PersonIndex>& in_body,
                             const std::unordered_set<PersonIndex>& refused) const;
  void NominateMembers(const Available& available, const SlateCounts& by_slate,
                       ElectionAct& election) const;
  Result<void> PlantOutsider(BodyIndex body, const SlateCounts& by_slate, ElectionAct& election);
  std::vector<PresentedMandate> PresentMembers(ElectionAct& election,
                                               const std::vector<std::string>& portfolios,
                                               const std::vector<std::string>& open_portfolios,
                                               bool planted_outsider, ActIndex election_idx);
  Result<std::int64_t> VerifyAndSeat(BodyIndex body, ActIndex election,
                                     const std::vector<PresentedMandate>& presented);

  const Charter& charter_;
  const Census& census_;
  const Apportionment& apportionment_;
  const CycleOptions& options_;
  Engine& engine_;
  PersonRegister& persons_;  // the engine's register, where nominees are staged
  Electorate electorate_;
  CycleRecord record_;
  std::vector<SlateCounts> voters_by_unit_;  // with a comparison only
  std::vector<Fault> planned_;
  bool delegation_fault_pending_ = false;
  std::chrono::steady_clock::time_point last_report_{};
};

Result<void> Driver::CreateBodies() {
  if (!engine_.state().body_ids.empty()) {
    return Error(Status::Internal("RunCycle: the engine given already holds bodies"));
  }
  for (const ApportionedBody& body : apportionment_.bodies) {
    SOVET_TRY(BodyIndex created, engine_.CreateBody(body.id, body.seats));
    (void)created;
  }
  return {};
}

Result<void> Driver::DeclareSlates() {
  if (!persons_.slates.empty() || persons_.size() != 0) {
    return Error(Status::Internal("RunCycle: the engine given already holds a register"));
  }
  for (const SimSlate& slate : options_.model->slates) persons_.AddSlate(slate.key, slate.name);
  return {};
}

Result<ActIndex> Driver::Push(CycleAct act) {
  if (auto* registration = std::get_if<RegistrationAct>(&act)) {
    return engine_.Register(registration->unit);
  }
  return engine_.RecordElection(std::move(std::get<ElectionAct>(act)));
}

void Driver::Report(const std::string& stage, std::int64_t done, std::int64_t total) {
  if (!options_.progress) return;
  const auto now = std::chrono::steady_clock::now();
  if (done != total && done != 0 && now - last_report_ < std::chrono::milliseconds(200)) return;
  last_report_ = now;
  options_.progress(Progress{stage, done, total});
}

Result<void> Driver::PlanFaults(const std::vector<BodyIndex>& direct_bodies) {
  // Faults go to distinct soviets with at least 3 seats, chosen by the seed
  // (doc/cycle.md, "Fault injection").
  std::vector<BodyIndex> eligible;
  for (BodyIndex body : direct_bodies) {
    if (apportionment_.bodies[body].seats >= 3) eligible.push_back(body);
  }
  const RejectReason soviet_faults[] = {RejectReason::kSeatedTwice, RejectReason::kIneligible,
                                        RejectReason::kNoQuorum, RejectReason::kNotElected};
  if (eligible.size() < std::size(soviet_faults)) {
    return Error(Status::InvalidInput(
        fmt::format("--inject-faults needs at least {} soviets with 3 or more seats; the census "
                    "gives {}",
                    std::size(soviet_faults), eligible.size()),
        SourceLocation{.field = "--inject-faults"}));
  }
  Rng rng(Key(options_.seed, sim::kTagFault));
  for (RejectReason reason : soviet_faults) {
    const std::size_t pick = rng.Below(eligible.size());
    planned_.push_back(Fault{reason, eligible[pick]});
    eligible.erase(eligible.begin() + static_cast<std::ptrdiff_t>(pick));
  }
  delegation_fault_pending_ = true;
  return {};
}

Result<std::int64_t> Driver::VerifyAndSeat(BodyIndex body, ActIndex election,
                                           const std::vector<PresentedMandate>& presented) {
  SOVET_TRY(const VerificationAct* verdicts, engine_.VerifyMandates(body, election, presented));
  std::int64_t seated = 0;
  for (const MandateCheck& check : verdicts->checks) {
    if (check.reason == RejectReason::kNone) ++seated;
  }
  return seated;
}

// One soviet's elections: the base election, then by-elections until every
// seat is filled (doc/cycle.md "Lifecycle of an election").
Result<void> Driver::ElectSoviet(BodyIndex body, const BodyRule& rule) {
  const ApportionedBody& apportioned = apportionment_.bodies[body];
  const UnitIndex unit = apportioned.unit;
  const sim::Shares shares = electorate_.LocalShares(unit, rule.rural);
  std::int64_t vacancies = apportioned.seats;
  std::vector<PersonIndex> standing;  // nominees not (yet) seated or rejected
  std::unordered_set<PersonIndex> rejected;

  for (int attempt = 0; vacancies > 0; ++attempt) {
    if (attempt >= kMaxAttempts) {
      return Error(Status::Internal(fmt::format("{}: {} seats still vacant after {} elections",
                                                apportioned.id, vacancies, attempt)));
    }
    bool no_quorum = false;
    ElectionAct election = OpenSovietMeeting(body, rule, shares, vacancies, attempt, &no_quorum);
    const PersonIndex first = static_cast<PersonIndex>(persons_.size());
    NominateToSoviet(body, unit, vacancies, attempt, election, standing);
    election.candidates = standing;
    if (attempt == 0) PlantCandidateFaults(body, unit, election);
    const std::int32_t registered = static_cast<std::int32_t>(persons_.size()) - first;
    if (registered > 0) {
      SOVET_TRY(ActIndex unused, Push(RegistrationAct{unit, first, registered}));
      (void)unused;
    }
    election.candidate_source.assign(election.candidates.size(), kNoMandate);
    election.count_seed =
        Key(options_.seed, sim::kTagCount, static_cast<std::uint64_t>(acts().size()));
    SOVET_CHECK_OK(sim::CountElection(persons_, election));
    const ActIndex election_idx = static_cast<ActIndex>(acts().size());
    const std::vector<PresentedMandate> presented =
        PresentSovietMandates(body, attempt, no_quorum, election, election_idx);
    SOVET_TRY(ActIndex pushed, Push(std::move(election)));
    (void)pushed;
    SOVET_TRY(std::int64_t seated, VerifyAndSeat(body, election_idx, presented));
    vacancies -= seated;
    standing = StandAgain(standing, rejected, no_quorum);
  }
  return {};
}

// The meeting of the unit's electors: attendance (never below the quorum
// unless a fault is planted) and the voters present by slate.
ElectionAct Driver::OpenSovietMeeting(BodyIndex body, const BodyRule& rule,
                                      const sim::Shares& shares, std::int64_t vacancies,
                                      int attempt, bool* no_quorum) {
  const UnitIndex unit = apportionment_.bodies[body].unit;
  const std::int64_t electors = census_.electors[unit];
  const std::int64_t quorum = Quorum(electors);
  ElectionAct election;
  election.kind = attempt == 0 ? ElectionKind::kBase : ElectionKind::kByElection;
  election.body = body;
  election.method = rule.election.method;
  election.open = rule.election.open;
  election.seats = vacancies;
  election.electors = electors;
  election.present = electorate_.Present(unit, electors, quorum, attempt);
  *no_quorum = attempt == 0 && Planted(RejectReason::kNoQuorum, body);
  if (*no_quorum && quorum > 0) election.present = quorum - 1;
  election.voters_by_slate = electorate_.DrawVoters(unit, election.present, shares, attempt);
  if (attempt == 0 && !voters_by_unit_.empty()) voters_by_unit_[unit] = election.voters_by_slate;
  return election;
}

void Driver::NominateToSoviet(BodyIndex body, UnitIndex unit, std::int64_t vacancies, int attempt,
                              const ElectionAct& election, std::vector<PersonIndex>& standing) {
  // Nominations: each slate puts up candidates in proportion to its
  // voters present (doc/demo_model.md), new persons entering the register.
  const SimModel& model = electorate_.model();
  const std::size_t slate_count = SlateCount();
  std::int64_t nominees = static_cast<std::int64_t>(standing.size());
  // A by-election tops the standing nominees up to this many.
  const std::int64_t wanted = 1 + vacancies * model.nominees_num / model.nominees_den;
  for (std::size_t slate = 0; slate < slate_count && election.present > 0; ++slate) {
    if (attempt > 0 && nominees >= wanted) break;
    std::int64_t count = std::min(
        vacancies, RoundHalfUp(election.voters_by_slate[slate] * vacancies * model.nominees_num,
                               election.present * model.nominees_den));
    for (std::int64_t nominee_idx = 0; nominee_idx < count; ++nominee_idx) {
      const std::uint64_t key = sim::PersonKey(
          options_.seed, sim::NomineeIdentity(options_.seed, static_cast<std::uint64_t>(body),
                                              slate, static_cast<std::uint64_t>(nominee_idx),
                                              static_cast<std::uint64_t>(attempt)));
      standing.push_back(electorate_.Nominate(persons_, unit, static_cast<SlateIndex>(slate), key));
      ++nominees;
    }
  }
  // An election is contested: at least one more candidate than seats, the
  // extra nominees of the independent slate (slot: the slate count).
  for (std::int64_t extra = 0; nominees <= vacancies; ++extra, ++nominees) {
    const std::uint64_t key = sim::PersonKey(
        options_.seed, sim::NomineeIdentity(options_.seed, static_cast<std::uint64_t>(body),
                                            slate_count, static_cast<std::uint64_t>(extra),
                                            static_cast<std::uint64_t>(attempt)));
    standing.push_back(
        electorate_.Nominate(persons_, unit, static_cast<SlateIndex>(model.independent), key));
  }
}

// Planted irregular candidates (an under-age nominee, one person nominated
// twice), popular with the strongest slate present.
void Driver::PlantCandidateFaults(BodyIndex body, UnitIndex unit, ElectionAct& election) {
  // Strongest slate present: where planted faults take their candidate.
  std::size_t leading = 0;
  for (std::size_t slate = 1; slate < SlateCount(); ++slate) {
    if (election.voters_by_slate[slate] > election.voters_by_slate[leading]) leading = slate;
  }
  if (Planted(RejectReason::kIneligible, body)) {
    // A minor nominated and popular enough to be elected.
    const PersonIndex minor = electorate_.Nominate(
        persons_, unit, static_cast<SlateIndex>(leading),
        sim::PersonKey(options_.seed,
                       Key(options_.seed, sim::kTagFault, static_cast<std::uint64_t>(body), 1)));
    // Below the charter's voting age (16 under the 1918 charters' 18).
    persons_.age[minor] =
        static_cast<std::int16_t>(std::max<std::int64_t>(0, charter_.franchise.voting_age - 2));
    persons_.appeal[minor] = 1024;
    persons_.cross_appeal[minor] = 51;
    election.candidates.push_back(minor);
    record_.faults.push_back(
        PlantedFault{RejectReason::kIneligible, kNoAct, body, minor,
                     "an ineligible candidate (under the voting age) elected"});
  }
  if (Planted(RejectReason::kSeatedTwice, body)) {
    // One person nominated twice; both nominations top the poll.
    const PersonIndex twice = electorate_.Nominate(
        persons_, unit, static_cast<SlateIndex>(leading),
        sim::PersonKey(options_.seed,
                       Key(options_.seed, sim::kTagFault, static_cast<std::uint64_t>(body), 2)));
    persons_.appeal[twice] = 1024;
    persons_.cross_appeal[twice] = 51;
    election.candidates.push_back(twice);
    election.candidates.push_back(twice);
    record_.faults.push_back(PlantedFault{RejectReason::kSeatedTwice, kNoAct, body, twice,
                                          "a candidate returned for two seats of one soviet"});
  }
}

// The mandates presented to the commission: the count's returns, and any
// planted irregular return whatever the count said.
std::vector<PresentedMandate> Driver::PresentSovietMandates(BodyIndex body, int attempt,
                                                            bool no_quorum,
                                                            const ElectionAct& election,
                                                            ActIndex election_idx) {
  std::vector<PresentedMandate> presented;
  for (std::int32_t slot : election.elected) {
    presented.push_back(PresentedMandate{election.candidates[slot], slot, kNoMandate, {}});
  }
  if (attempt == 0) {
    // Planted irregular returns are presented whatever the count said.
    for (const PlantedFault& fault : record_.faults) {
      if (fault.body != body || fault.election != kNoAct) continue;
      for (std::size_t slot = 0; slot < election.candidates.size(); ++slot) {
        if (election.candidates[slot] != fault.person) continue;
        const bool returned = std::any_of(
            presented.begin(), presented.end(),
            [&](const PresentedMandate& m) { return m.slot == static_cast<std::int32_t>(slot); });
        if (!returned) {
          presented.push_back(
              PresentedMandate{fault.person, static_cast<std::int32_t>(slot), kNoMandate, {}});
        }
      }
    }
  }
  if (no_quorum) {
    record_.faults.push_back(PlantedFault{RejectReason::kNoQuorum, election_idx, body, kNoPerson,
                                          "an election held without its quorum"});
  }
  if (attempt == 0 && Planted(RejectReason::kNotElected, body)) {
    // A mandate presented for the best-placed candidate the count passed over.
    std::int32_t loser = -1;
    for (std::size_t slot = 0; slot < election.candidates.size(); ++slot) {
      if (std::find(election.elected.begin(), election.elected.end(), slot) !=
          election.elected.end()) {
        continue;
      }
      if (loser < 0 || election.votes[slot] > election.votes[loser]) {
        loser = static_cast<std::int32_t>(slot);
      }
    }
    if (loser >= 0) {
      presented.push_back(PresentedMandate{election.candidates[loser], loser, kNoMandate, {}});
      record_.faults.push_back(PlantedFault{RejectReason::kNotElected, election_idx, body,
                                            election.candidates[loser],
                                            "a mandate for a candidate the count did not elect"});
    }
  }
  for (PlantedFault& fault : record_.faults) {
    if (fault.body == body && fault.election == kNoAct) fault.election = election_idx;
  }
  return presented;
}

// Who stands again at a by-election: nominees neither seated nor rejected
// (after an inquorate meeting, every nominee not seated).
std::vector<PersonIndex> Driver::StandAgain(const std::vector<PersonIndex>& standing,
                                            std::unordered_set<PersonIndex>& rejected,
                                            bool no_quorum) const {
  // Who stands again at a by-election: nominees neither seated nor rejected.
  const auto& verdicts = std::get<VerificationAct>(acts().back());
  std::unordered_set<PersonIndex> done;
  for (const MandateCheck& check : verdicts.checks) {
    done.insert(check.person);
    if (check.reason == RejectReason::kIneligible) rejected.insert(check.person);
  }
  std::vector<PersonIndex> still;
  for (PersonIndex person : standing) {
    if (done.count(person) == 0 && rejected.count(person) == 0) still.push_back(person);
  }
  // After a failed meeting every nominee not seated stands again.
  if (no_quorum) still = standing;
  return still;
}

// Elects `seats` seats of `body` from the seated members of `electing`,
// then by-elections until they are filled (doc/cycle.md "Lifecycle of a
// delegation").
Result<void> Driver::ElectFromBody(BodyIndex body, const BodyRule& rule, BodyIndex electing,
                                   std::int64_t seats, ElectionKind kind,
                                   std::unordered_set<PersonIndex>& in_body) {
  const ApportionedBody& target = apportionment_.bodies[body];
  const std::vector<MandateIndex> members = MembersOf(electing);
  SlateCounts by_slate(SlateCount(), 0);
  for (MandateIndex mandate : members) {
    ++by_slate[persons_.slate[state().mandates[mandate].person]];
  }
  std::vector<std::string> portfolios;
  if (kind == ElectionKind::kCommissars && rule.elected_by)
    portfolios = rule.elected_by->portfolios;
  std::vector<std::string> open_portfolios = portfolios;

  // A quota open to some slates only (body.quota.slates, 004:160): the
  // others' members vote but do not stand, and the planted outsider is
  // popular with a slate that may stand.
  std::vector<MandateIndex> eligible = members;
  SlateCounts standing_by_slate = by_slate;
  if (const Quota* quota = rule.QuotaFrom(apportionment_.bodies[electing].kind);
      quota != nullptr && !quota->slates.empty()) {
    std::vector<bool> may_stand(SlateCount(), false);
    for (std::size_t slate = 0; slate < SlateCount(); ++slate) {
      may_stand[slate] = std::find(quota->slates.begin(), quota->slates.end(),
                                   persons_.slates[slate].key) != quota->slates.end();
      if (!may_stand[slate]) standing_by_slate[slate] = 0;
    }
    std::erase_if(eligible, [&](MandateIndex mandate) {
      return !may_stand[persons_.slate[state().mandates[mandate].person]];
    });
  }
  std::int64_t vacancies = seats;
  std::unordered_set<PersonIndex> refused;  // rejected once: not nominated again
  for (int attempt = 0; vacancies > 0; ++attempt) {
    if (attempt >= kMaxAttempts) {
      return Error(Status::Internal(fmt::format("{}: {} seats from {} still vacant after {} votes",
                                                target.id, vacancies,
                                                apportionment_.bodies[electing].id, attempt)));
    }
    ElectionAct election = OpenBodyMeeting(body, rule, electing, kind, attempt,
                                           static_cast<std::int64_t>(members.size()), by_slate);
    const Available available = AvailableMembers(eligible, in_body, refused);
    election.seats = std::min(vacancies, available.count);
    if (election.seats == 0) {
      return Error(Status::Internal(fmt::format("{}: {} has no member left to send", target.id,
                                                apportionment_.bodies[electing].id)));
    }
    NominateMembers(available, by_slate, election);
    bool planted_outsider = false;
    if (attempt == 0 && kind == ElectionKind::kDelegation && delegation_fault_pending_) {
      SOVET_CHECK_OK(PlantOutsider(body, standing_by_slate, election));
      planted_outsider = true;
    }
    election.count_seed =
        Key(options_.seed, sim::kTagCount, static_cast<std::uint64_t>(acts().size()));
    SOVET_CHECK_OK(sim::CountElection(persons_, election));
    const ActIndex election_idx = static_cast<ActIndex>(acts().size());
    const std::vector<PresentedMandate> presented =
        PresentMembers(election, portfolios, open_portfolios, planted_outsider, election_idx);
    SOVET_TRY(ActIndex pushed, Push(std::move(election)));
    (void)pushed;
    SOVET_TRY(std::int64_t seated, VerifyAndSeat(body, election_idx, presented));
    vacancies -= seated;
    const auto& verdicts = std::get<VerificationAct>(acts().back());
    for (const MandateCheck& check : verdicts.checks) {
      if (check.reason == RejectReason::kNone)
        in_body.insert(check.person);
      else
        refused.insert(check.person);
    }
    // Portfolios of rejected commissars go to the by-election, in order.
    for (const MandateCheck& check : verdicts.checks) {
      if (check.reason != RejectReason::kNone) continue;
      auto filled = std::find(open_portfolios.begin(), open_portfolios.end(), check.portfolio);
      if (filled != open_portfolios.end()) open_portfolios.erase(filled);
    }
  }
  return {};
}

std::vector<MandateIndex> Driver::MembersOf(BodyIndex body) const {
  std::vector<MandateIndex> members;
  for (std::int64_t seat = 1; seat <= state().Seats(body); ++seat) {
    const MandateIndex mandate = state().At(body, seat);
    if (mandate != kNoMandate) members.push_back(mandate);
  }
  return members;
}

// The electing body's meeting: each slate's attendance (doc/demo_model.md),
// and, below the quorum, the absent members of the first slates first.
ElectionAct Driver::OpenBodyMeeting(BodyIndex body, const BodyRule& rule, BodyIndex electing,
                                    ElectionKind kind, int attempt, std::int64_t member_count,
                                    const SlateCounts& by_slate) {
  Rng rng(Key(options_.seed, sim::kTagMembersPresent,
              static_cast<std::uint64_t>(body) * 1000003 + static_cast<std::uint64_t>(electing),
              static_cast<std::uint64_t>(attempt)));
  ElectionAct election;
  election.kind = attempt == 0 ? kind : ElectionKind::kByElection;
  election.body = body;
  election.electing_body = electing;
  election.method = rule.MethodFrom(apportionment_.bodies[electing].kind);
  election.open = rule.election.open;
  election.electors = member_count;
  election.voters_by_slate.assign(SlateCount(), 0);
  for (std::size_t slate = 0; slate < SlateCount(); ++slate) {
    const std::int64_t attendance =
        rng.Between(electorate_.model().attendance_low, electorate_.model().attendance_high);
    election.voters_by_slate[slate] = by_slate[slate] * attendance / 1000;
    election.present += election.voters_by_slate[slate];
  }
  const std::int64_t quorum = Quorum(member_count);
  if (election.present < quorum) {
    // The meeting waits for its quorum: the absent members of the slates
    // arrive in the file's order.
    for (std::size_t slate = 0; slate < SlateCount() && election.present < quorum; ++slate) {
      const std::int64_t more =
          std::min(by_slate[slate] - election.voters_by_slate[slate], quorum - election.present);
      election.voters_by_slate[slate] += more;
      election.present += more;
    }
  }
  return election;
}

// Who may stand: seated members not yet in the target body nor refused
// once, by slate, best standing first.
Driver::Available Driver::AvailableMembers(const std::vector<MandateIndex>& members,
                                           const std::unordered_set<PersonIndex>& in_body,
                                           const std::unordered_set<PersonIndex>& refused) const {
  const CouncilState& state = this->state();
  Available available;
  available.by_slate.resize(SlateCount());
  for (MandateIndex mandate : members) {
    const PersonIndex person = state.mandates[mandate].person;
    if (in_body.count(person) != 0 || refused.count(person) != 0) continue;
    available.by_slate[persons_.slate[person]].push_back(mandate);
  }
  for (auto& list : available.by_slate) {
    std::stable_sort(list.begin(), list.end(), [&](MandateIndex a, MandateIndex b) {
      return persons_.appeal[state.mandates[a].person] > persons_.appeal[state.mandates[b].person];
    });
    available.count += static_cast<std::int64_t>(list.size());
  }
  return available;
}

// Each slate nominates in proportion to its members present, at least
// one more nominee than seats where the members allow it.
void Driver::NominateMembers(const Available& available, const SlateCounts& by_slate,
                             ElectionAct& election) const {
  const CouncilState& state = this->state();
  const std::int64_t available_count = available.count;
  const SimModel& model = electorate_.model();
  const std::size_t slate_count = SlateCount();
  std::vector<std::size_t> taken(slate_count, 0);
  std::int64_t nominees = 0;
  for (std::size_t slate = 0; slate < slate_count && election.present > 0; ++slate) {
    const std::int64_t count = std::min<std::int64_t>(
        static_cast<std::int64_t>(available.by_slate[slate].size()),
        RoundHalfUp(election.voters_by_slate[slate] * election.seats * model.nominees_num,
                    election.present * model.nominees_den));
    taken[slate] = static_cast<std::size_t>(count);
    nominees += count;
  }
  // At least one more nominee than seats where the members allow it: the
  // largest slates put up more.
  while (nominees < std::min(election.seats + 1, available_count)) {
    std::size_t best = slate_count;
    for (std::size_t slate = 0; slate < slate_count; ++slate) {
      if (taken[slate] >= available.by_slate[slate].size()) continue;
      if (best == slate_count || by_slate[slate] > by_slate[best]) best = slate;
    }
    ++taken[best];
    ++nominees;
  }
  for (std::size_t slate = 0; slate < slate_count; ++slate) {
    for (std::size_t pos = 0; pos < taken[slate]; ++pos) {
      const MandateIndex mandate = available.by_slate[slate][pos];
      election.candidates.push_back(state.mandates[mandate].person);
      election.candidate_source.push_back(mandate);
    }
  }
}

// A delegate who is no member of the sending body: a new person, popular
// with the body's largest slate (the planted `not_member_of_sending_body`).
Result<void> Driver::PlantOutsider(BodyIndex body, const SlateCounts& by_slate,
                                   ElectionAct& election) {
  const ApportionedBody& target = apportionment_.bodies[body];
  // A delegate who is no member of the sending body: a new person,
  // popular with the body's largest slate.
  std::size_t leading = 0;
  for (std::size_t slate = 1; slate < by_slate.size(); ++slate) {
    if (by_slate[slate] > by_slate[leading]) leading = slate;
  }
  const PersonIndex first = static_cast<PersonIndex>(persons_.size());
  const PersonIndex outsider = electorate_.Nominate(
      persons_, target.unit, static_cast<SlateIndex>(leading),
      sim::PersonKey(options_.seed,
                     Key(options_.seed, sim::kTagFault, static_cast<std::uint64_t>(body), 3)));
  persons_.appeal[outsider] = 1024;
  persons_.cross_appeal[outsider] = 51;
  SOVET_TRY(ActIndex unused, Push(RegistrationAct{target.unit, first, 1}));
  (void)unused;
  election.candidates.push_back(outsider);
  election.candidate_source.push_back(kNoMandate);
  delegation_fault_pending_ = false;
  record_.faults.push_back(PlantedFault{RejectReason::kNotMemberOfSendingBody, kNoAct, body,
                                        outsider,
                                        "a delegate who holds no seat in the sending body"});
  return {};
}

// The returns presented to the commission, with their portfolios, and the
// planted outsider whatever the count said.
std::vector<PresentedMandate> Driver::PresentMembers(
    ElectionAct& election, const std::vector<std::string>& portfolios,
    const std::vector<std::string>& open_portfolios, bool planted_outsider, ActIndex election_idx) {
  std::vector<PresentedMandate> presented;
  std::size_t portfolio_idx = 0;
  for (std::int32_t slot : election.elected) {
    PresentedMandate mandate{election.candidates[slot], slot, election.candidate_source[slot], {}};
    if (portfolio_idx < open_portfolios.size())
      mandate.portfolio = open_portfolios[portfolio_idx++];
    presented.push_back(std::move(mandate));
  }
  if (!portfolios.empty()) {
    for (const PresentedMandate& mandate : presented)
      election.portfolios.push_back(mandate.portfolio);
  }
  if (planted_outsider) {
    record_.faults.back().election = election_idx;
    const auto outsider_slot = static_cast<std::int32_t>(election.candidates.size() - 1);
    if (std::find(election.elected.begin(), election.elected.end(), outsider_slot) ==
        election.elected.end()) {
      presented.push_back(
          PresentedMandate{election.candidates[outsider_slot], outsider_slot, kNoMandate, {}});
    }
  }
  return presented;
}

Result<CycleRecord> Driver::Run() {
  using Clock = std::chrono::steady_clock;
  // Bodies grouped by kind, kinds in the charter's dependency order.
  std::vector<std::size_t> kind_order = charter_.body_order;
  if (kind_order.empty()) {
    for (std::size_t rule_idx = 0; rule_idx < charter_.bodies.size(); ++rule_idx) {
      kind_order.push_back(rule_idx);
    }
  }
  std::unordered_map<std::string, std::size_t> rule_of_kind;
  for (std::size_t rule_idx = 0; rule_idx < charter_.bodies.size(); ++rule_idx) {
    rule_of_kind[charter_.bodies[rule_idx].kind] = rule_idx;
  }
  std::vector<std::vector<BodyIndex>> bodies_of_rule(charter_.bodies.size());
  for (BodyIndex body = 0; body < static_cast<BodyIndex>(apportionment_.bodies.size()); ++body) {
    auto found = rule_of_kind.find(apportionment_.bodies[body].kind);
    if (found == rule_of_kind.end()) {
      return Error(Status::InvalidInput(fmt::format(
          "apportioned body {} is of kind '{}', which charter {} does not define",
          apportionment_.bodies[body].id, apportionment_.bodies[body].kind, charter_.id)));
    }
    bodies_of_rule[found->second].push_back(body);
  }
  std::vector<BodyIndex> direct_bodies;
  for (std::size_t rule_idx = 0; rule_idx < charter_.bodies.size(); ++rule_idx) {
    if (charter_.bodies[rule_idx].direct) {
      direct_bodies.insert(direct_bodies.end(), bodies_of_rule[rule_idx].begin(),
                           bodies_of_rule[rule_idx].end());
    }
  }
  std::sort(direct_bodies.begin(), direct_bodies.end());
  if (direct_bodies.empty()) {
    // The charter may well elect bodies directly, on units this census
    // lacks (a census of only the root): then the census is at fault.
    std::vector<std::string> direct_units;
    for (const BodyRule& rule : charter_.bodies) {
      if (!rule.direct) continue;
      direct_units.insert(direct_units.end(), rule.units.begin(), rule.units.end());
    }
    if (!direct_units.empty()) {
      return Error(Status::InvalidInput(
          fmt::format("the census has no unit on which charter {} elects a body directly "
                      "(units of kind {}); expected a census with such units under its root",
                      charter_.id, fmt::join(direct_units, ", ")),
          SourceLocation{.file = census_.source_file}));
    }
    return Error(Status::InvalidInput(
        fmt::format("charter {} has no directly elected body to start the cycle from", charter_.id),
        SourceLocation{.file = charter_.source_file, .field = "body.direct"}));
  }
  if (options_.inject_faults) SOVET_CHECK_OK(PlanFaults(direct_bodies));
  SOVET_CHECK_OK(CreateBodies());
  SOVET_CHECK_OK(DeclareSlates());

  for (std::size_t rule_idx : kind_order) {
    const BodyRule& rule = charter_.bodies[rule_idx];
    const std::vector<BodyIndex>& bodies = bodies_of_rule[rule_idx];
    const auto started = Clock::now();
    const std::string stage =
        rule.direct ? fmt::format("elect {}", rule.kind) : fmt::format("compose {}", rule.kind);
    std::int64_t done = 0;
    const auto total = static_cast<std::int64_t>(bodies.size());
    Report(stage, 0, total);
    for (BodyIndex body : bodies) {
      const ApportionedBody& apportioned = apportionment_.bodies[body];
      if (rule.direct) {
        if (apportioned.seats > 0) SOVET_CHECK_OK(ElectSoviet(body, rule));
      } else if (rule.elected_by) {
        const BodyIndex electing = ElectingBodyOf(apportionment_, body);
        if (electing < 0 && apportioned.seats > 0) {
          return Error(Status::InvalidInput(fmt::format(
              "{} is elected by a {} of its unit or one enclosing it, and there is none",
              apportioned.id, rule.elected_by->body)));
        }
        std::unordered_set<PersonIndex> in_body;
        const ElectionKind kind = rule.elected_by->portfolios.empty() ? ElectionKind::kExecutive
                                                                      : ElectionKind::kCommissars;
        // "At the maximum" (001:144): a body elected from among the members
        // of another cannot have more seats than it has members; the seats
        // beyond stay unfilled (ElectedSeats).
        const std::int64_t seats = electing < 0 ? 0 : FilledSeats(charter_, apportionment_, body);
        if (seats > 0) {
          SOVET_CHECK_OK(ElectFromBody(body, rule, electing, seats, kind, in_body));
        }
      } else {
        std::unordered_set<PersonIndex> in_body;
        for (const Delegation& delegation : apportioned.delegations) {
          if (delegation.seats <= 0) continue;
          const std::int64_t seats =
              std::min(delegation.seats, FilledSeats(charter_, apportionment_, delegation.from));
          SOVET_CHECK_OK(ElectFromBody(body, rule, delegation.from, seats,
                                       ElectionKind::kDelegation, in_body));
        }
      }
      Report(stage, ++done, total);
    }
    record_.stage_times.push_back(StageTime{
        stage,
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count()});
  }
  if (options_.model->comparison) {
    const Comparison& comparison = *options_.model->comparison;
    const std::string stage = fmt::format("count the {}", comparison.name);
    const auto started = Clock::now();
    Report(stage, 0, 1);
    SOVET_TRY(record_.constituent,
              sim::CountComparison(census_, voters_by_unit_, comparison, options_.seed));
    Report(stage, 1, 1);
    record_.stage_times.push_back(StageTime{
        stage,
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count()});
  }
  return std::move(record_);
}

}  // namespace

Result<CycleRecord> RunCycle(const Charter& charter, const Census& census,
                             const Apportionment& apportionment, const CycleOptions& options) {
  if (options.model == nullptr || options.model->slates.empty()) {
    return Error(Status::InvalidInput(
        "the simulation needs its slates (a <charter stem>.sim.toml file, doc/demo_model.md)",
        SourceLocation{.field = "--slates"}));
  }
  if (options.engine != nullptr) {
    Driver driver(charter, census, apportionment, options, *options.engine);
    return driver.Run();
  }
  Engine engine(charter, EngineOptions{.unit_ids = census.id});
  Driver driver(charter, census, apportionment, options, engine);
  SOVET_TRY(CycleRecord record, driver.Run());
  EngineState state = engine.Release();
  record.persons = std::move(state.persons);
  record.acts = std::move(state.acts);
  record.state = std::move(state.council);
  return record;
}

}  // namespace sovet
