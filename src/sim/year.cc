// A year of the republic (sim/year.h; doc/demo_model.md "A year"): the
// simulated country through the operator act families, month by month.
#include "sim/year.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <unordered_map>

#include "sim/electorate.h"
#include "sim/random.h"
#include "sovet/council.h"
#include "sovet/person_roll.h"
#include "sovet/sessions.h"

namespace sovet {
namespace {

namespace cf = schema::council::field;
using sim::Key;
using sim::Rng;

// Purpose tags of the year's draws (random.h Key): numbers of their own,
// apart from the cycle's (random.h Tag), so the cycle's draws are unchanged.
constexpr std::uint64_t kTagYearDrift = 40;     // a slate's national drift
constexpr std::uint64_t kTagYearNational = 41;  // its month-to-month wobble
constexpr std::uint64_t kTagYearLocal = 42;     // a unit's own drift per slate and month
constexpr std::uint64_t kTagYearOpinion = 43;   // an elector's slate in a month
constexpr std::uint64_t kTagYearPerson = 44;    // a registered elector's name and birth day
constexpr std::uint64_t kTagYearOrder = 45;     // who is nominated first
constexpr std::uint64_t kTagYearTurnout = 46;   // electors (members) present
constexpr std::uint64_t kTagYearHands = 47;     // a candidate's appeal
constexpr std::uint64_t kTagYearSign = 48;      // whether an elector signs a petition
constexpr std::uint64_t kTagYearPetition = 49;  // whether a petition is raised

// The drift of opinion (doc/demo_model.md "A year"), per mille a month.
// Calibration: the Bolsheviks polled 25% of the Constituent Assembly's vote
// in November 1917 (9,023,963 of 36,262,560, 002:191-209) and held 773 of
// the Fifth Congress's 1,164 delegates (66%) in July 1918 (001:62): ×2.65
// in eight months, +130 per mille a month — the largest movement the seeds
// record, so a slate's national drift is drawn within ±130.
constexpr std::int64_t kDriftSpan = 130;
constexpr std::int64_t kNationalWobble = 20;
// A constituency's own drift per slate and month, on top: ±100 per mille.
constexpr std::int64_t kLocalSpan = 100;
// Recall: the electors turn on a deputy whose slate has lost a fifth of its
// share in the constituency since the deputy's election and holds under
// half of it now; in one such soviet in two (keyed) a petition is raised
// that month against one deputy; an elector of another slate signs it with
// this chance.
constexpr std::int64_t kRecallDrop = 200;
constexpr std::int64_t kRecallBelow = 500;
constexpr std::int64_t kPetitionPerMille = 500;
constexpr std::int64_t kSignPerMille = 600;
// The register is a sample of about this many electors (below).
constexpr std::int64_t kRegisterTarget = 20000;
// Hands: a candidate draws appeal/1024 of their slate's present voters and
// cross/1024 of the others'.
constexpr std::int64_t kAppealLow = 700, kAppealHigh = 1023, kCrossHigh = 40;

std::int64_t RoundHalfUp(std::int64_t num, std::int64_t den) {
  return den == 0 ? 0 : (2 * num + den) / (2 * den);
}

Value TextList(const std::vector<std::string>& items) {
  ValueList list;
  list.reserve(items.size());
  for (const std::string& item : items) list.push_back(Value::Text(item));
  return Value::List(std::move(list));
}

Value IntList(const std::vector<std::int64_t>& items) {
  ValueList list;
  list.reserve(items.size());
  for (std::int64_t item : items) list.push_back(Value::Integer(item));
  return Value::List(std::move(list));
}

// FNV-1a: a text's key, the same on every machine (std::hash is not).
std::uint64_t TextKey(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char byte : text) {
    hash = (hash ^ static_cast<unsigned char>(byte)) * 0x100000001b3ULL;
  }
  return hash;
}

std::uint64_t DayKey(Date date) { return static_cast<std::uint32_t>(date.days()); }

Act CouncilAct(const char* kind, const std::string& body, Date date) {
  Act act{.kind = kind, .body = body, .fields = {}};
  act.fields[cf::kDate] = Value::Text(date.ToString());
  return act;
}

// What the simulation knows of a held soviet seat: the slate its deputy
// stood for and that slate's share of the constituency on the election day.
struct SeatOpinion {
  SlateIndex slate = 0;
  std::int64_t share = 0;  // parts of sim::kShareDen
};

class YearDriver {
 public:
  YearDriver(const Charter& charter, const Census& census, const Apportionment& apportionment,
             const SimModel& model, std::uint64_t seed, int months, Engine& engine)
      : charter_(charter),
        census_(census),
        apportionment_(apportionment),
        model_(model),
        seed_(seed),
        months_(months),
        engine_(engine),
        electorate_(census, seed, model) {}

  Result<YearRecord> Run();

 private:
  const CouncilLedger& ledger() const { return engine_.state().ledger; }
  Result<void> Do(const Act& act) { return engine_.ExecuteRecorded(act); }
  std::size_t Slates() const { return model_.slates.size(); }
  static std::string PersonId(std::int64_t person) { return fmt::format("p{:07}", person); }
  static std::int64_t PersonIndexOf(const std::string& id) { return std::stoll(id.substr(1)); }
  Date Day(int month, int day) const { return start_.AddMonths(month).AddDays(day - 1); }
  std::int64_t Quorum(std::int64_t members) const {
    const Decisions& decisions = charter_.decisions;
    return std::min(members,
                    members * decisions.quorum_num / decisions.quorum_den + decisions.quorum_plus);
  }

  Result<void> Found(Date date);
  Result<void> Register(Date date);
  const sim::Shares& SharesOf(UnitIndex unit, int month);
  SlateIndex OpinionOf(std::int64_t person, int month);
  std::int64_t FirstPerson(UnitIndex unit) const { return first_person_[unit]; }
  std::int64_t EndPerson(UnitIndex unit) const { return first_person_[census_.subtree_end[unit]]; }
  bool HasSeatOutside(const std::string& body, const std::string& person,
                      const std::vector<std::int64_t>& seats) const;
  std::vector<std::string> MembersOf(const std::string& body) const;

  // A soviet's election by its electors (regular or a by-election); `called`:
  // the by-election a recall vote called already.
  Result<void> ElectSoviet(BodyIndex body, std::vector<std::int64_t> seats, Date date, int month,
                           bool by_election, const std::string& called);
  // A body's election from the seated members of `electing`.
  Result<void> ElectFromBody(const std::string& body, const std::string& electing,
                             std::vector<std::int64_t> seats, const char* kind, Date date);
  Result<void> RecordAndVerify(const std::string& election, const std::string& body,
                               const std::vector<std::string>& nominees,
                               const std::vector<SlateIndex>& slates, const SlateCounts& voters,
                               std::int64_t present, Date date, std::uint64_t key);
  // Every seat of every body above the soviets elected afresh, tier by tier
  // (`vacant_only`: only the vacant seats, after recalls).
  Result<void> Refresh(Date date, bool vacant_only, bool convene_local);
  Result<void> Term(int month);
  // The regular elections of the seats whose term has ended by `day`, or
  // that are vacant (a by-elected deputy serves a term of their own).
  Result<bool> ElectDue(int month, Date day);
  Result<void> ConveneRoot(Date date, Date opens);
  Result<void> Extraordinary(int month);
  Result<void> Recalls(int month);
  void NoteSession(YearSession session);

  const Charter& charter_;
  const Census& census_;
  const Apportionment& apportionment_;
  const SimModel& model_;
  std::uint64_t seed_;
  int months_;
  Engine& engine_;
  sim::Electorate electorate_;
  Date start_ = *Date::FromCivil(1918, 1, 1);
  YearRecord record_;
  std::vector<std::int64_t> first_person_;  // per unit (census order), plus one past the end
  std::vector<UnitIndex> person_unit_;
  std::vector<bool> rural_;                                 // per unit: its soviet is rural
  std::vector<std::vector<std::int64_t>> national_;         // per month 0..12, per slate: ×10^6
  std::unordered_map<std::int64_t, sim::Shares> shares_;    // by unit × 16 + month
  std::unordered_map<std::int64_t, SlateIndex> stood_for_;  // by person index
  std::map<std::pair<BodyIndex, std::int64_t>, SeatOpinion> seat_opinion_;
  std::map<std::pair<BodyIndex, std::int64_t>, std::string> last_petition_;  // by seat
  std::vector<BodyIndex> direct_;        // the directly elected soviets, in order
  std::vector<std::size_t> kind_order_;  // the charter's body rules, dependency order
  std::vector<std::vector<BodyIndex>> bodies_of_rule_;
  std::string congress_;
  std::int64_t recalls_ = 0;
  std::map<UnitIndex, std::int64_t> recalls_in_;  // by unit one level below the root
};

const sim::Shares& YearDriver::SharesOf(UnitIndex unit, int month) {
  const std::int64_t key = static_cast<std::int64_t>(unit) * 16 + month;
  if (auto found = shares_.find(key); found != shares_.end()) return found->second;
  const sim::Shares base = electorate_.LocalShares(unit, rural_[unit]);
  std::vector<std::int64_t> weight(Slates(), 0);
  std::int64_t total = 0;
  for (std::size_t slate = 0; slate < Slates(); ++slate) {
    std::int64_t local = 1000000;
    for (int past = 0; past < month; ++past) {
      Rng rng(Key(seed_, kTagYearLocal, static_cast<std::uint64_t>(unit) * 64 + slate,
                  static_cast<std::uint64_t>(past)));
      local = local * (1000 + rng.Between(-kLocalSpan, kLocalSpan)) / 1000;
    }
    // base (≤ 2^20) × national (≤ ~10^7) / 10^6 × local (≤ ~10^7) / 10^6:
    // well inside 64 bits.
    weight[slate] = base[slate] * national_[month][slate] / 1000000 * local / 1000000;
    total += weight[slate];
  }
  sim::Shares shares(Slates(), 0);
  std::int64_t given = 0;
  std::size_t largest = 0;
  for (std::size_t slate = 0; slate < Slates(); ++slate) {
    shares[slate] = total == 0 ? 0 : weight[slate] * sim::kShareDen / total;
    given += shares[slate];
    if (weight[slate] > weight[largest]) largest = slate;
  }
  shares[largest] += sim::kShareDen - given;  // the remainder to the largest
  return shares_.emplace(key, std::move(shares)).first->second;
}

SlateIndex YearDriver::OpinionOf(std::int64_t person, int month) {
  const sim::Shares& shares = SharesOf(person_unit_[static_cast<std::size_t>(person)], month);
  const std::int64_t draw =
      static_cast<std::int64_t>(Key(seed_, kTagYearOpinion, static_cast<std::uint64_t>(person),
                                    static_cast<std::uint64_t>(month)) %
                                static_cast<std::uint64_t>(sim::kShareDen));
  std::int64_t cumulative = 0;
  for (std::size_t slate = 0; slate < shares.size(); ++slate) {
    cumulative += shares[slate];
    if (draw < cumulative) return static_cast<SlateIndex>(slate);
  }
  return static_cast<SlateIndex>(shares.size() - 1);
}

bool YearDriver::HasSeatOutside(const std::string& body, const std::string& person,
                                const std::vector<std::int64_t>& seats) const {
  auto found = ledger().bodies.find(body);
  if (found == ledger().bodies.end()) return false;
  for (std::size_t idx = 0; idx < found->second.seats.size(); ++idx) {
    const auto& holder = found->second.seats[idx];
    if (holder && holder->person == person &&
        std::find(seats.begin(), seats.end(), static_cast<std::int64_t>(idx) + 1) == seats.end()) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> YearDriver::MembersOf(const std::string& body) const {
  std::vector<std::string> members;
  auto found = ledger().bodies.find(body);
  if (found == ledger().bodies.end()) return members;
  for (const auto& holder : found->second.seats) {
    if (holder) members.push_back(holder->person);
  }
  return members;
}

// The bodies, their delegations, and the register.
Result<void> YearDriver::Found(Date date) {
  for (const ApportionedBody& body : apportionment_.bodies) {
    SOVET_TRY(BodyIndex created, engine_.CreateBody(body.id, body.seats));
    (void)created;
  }
  for (const ApportionedBody& body : apportionment_.bodies) {
    const BodyRule* rule = charter_.FindBody(body.kind);
    if (body.delegations.empty() || rule == nullptr ||
        (rule->terms.empty() && rule->quotas.empty())) {
      continue;
    }
    std::vector<std::string> sources;
    std::vector<std::int64_t> counts;
    for (const Delegation& delegation : body.delegations) {
      sources.push_back(apportionment_.bodies[delegation.from].id);
      counts.push_back(delegation.seats);
    }
    Act act = CouncilAct(schema::council::kElectionDelegationsKind, body.id, date);
    act.fields[cf::kSources] = TextList(sources);
    act.fields[cf::kSeats] = IntList(counts);
    SOVET_CHECK_OK(Do(act));
  }
  return Register(date);
}

// The register of the simulated year is a sample of the census's electors
// (doc/demo_model.md "A year"): one registered elector for every
// `electors_per_person` of a unit, but never fewer than three per seat of
// its soviet and eight more (so that every election is contested), and
// never more than the unit's electors.
Result<void> YearDriver::Register(Date date) {
  const std::size_t units = census_.size();
  std::vector<std::int64_t> soviet_seats(units, 0);
  rural_.assign(units, false);
  for (BodyIndex body : direct_) {
    const ApportionedBody& apportioned = apportionment_.bodies[body];
    soviet_seats[apportioned.unit] = std::max(soviet_seats[apportioned.unit], apportioned.seats);
    const BodyRule* rule = charter_.FindBody(apportioned.kind);
    if (rule != nullptr && rule->rural) rural_[apportioned.unit] = true;
  }
  const std::int64_t per =
      std::max<std::int64_t>(1, (census_.electors[0] + kRegisterTarget - 1) / kRegisterTarget);
  record_.electors_per_person = per;
  std::vector<std::string> leaves;
  std::map<std::string, std::string> parents;
  for (std::size_t unit = 0; unit < units; ++unit) {
    parents[census_.id[unit]] =
        census_.parent[unit] == kNoUnit ? std::string() : census_.id[census_.parent[unit]];
    if (census_.subtree_end[unit] == static_cast<UnitIndex>(unit) + 1) {
      leaves.push_back(census_.id[unit]);
    }
  }
  SOVET_CHECK_OK(Do(RollUnitsAct(date.ToString(), leaves, parents)));
  first_person_.assign(units + 1, 0);
  std::int64_t next = 0;
  for (std::size_t unit = 0; unit < units; ++unit) {
    first_person_[unit] = next;
    if (census_.subtree_end[unit] != static_cast<UnitIndex>(unit) + 1) continue;
    const std::int64_t electors = census_.electors[unit];
    const std::int64_t count =
        std::min(electors, std::max((electors + per - 1) / per, 3 * soviet_seats[unit] + 8));
    std::vector<Entrant> entrants;
    entrants.reserve(static_cast<std::size_t>(count));
    for (std::int64_t k = 0; k < count; ++k) {
      const std::int64_t person = next++;
      person_unit_.push_back(static_cast<UnitIndex>(unit));
      Rng rng(Key(seed_, kTagYearPerson, static_cast<std::uint64_t>(person)));
      std::string name = fmt::format("Elector {}", person);
      if (!model_.given_names.empty() && !model_.surnames.empty()) {
        const std::size_t given = rng.Below(model_.given_names.size());
        std::string surname = model_.surnames[rng.Below(model_.surnames.size())];
        if (given >= model_.feminine_from) surname += model_.feminine_suffix;
        name = fmt::format("{} {}", model_.given_names[given], surname);
      }
      // Of age on every day of the year: born 20 to 64 years before it.
      const std::int64_t year = 1918 - 20 - rng.Between(0, 44);
      const Date birth = *Date::FromCivil(year, static_cast<int>(rng.Between(1, 12)),
                                          static_cast<int>(rng.Between(1, 28)));
      entrants.push_back(Entrant{PersonId(person), std::move(name), birth.ToString(), "", ""});
    }
    if (!entrants.empty()) {
      SOVET_CHECK_OK(Do(RollEnterAct(date.ToString(), census_.id[unit], entrants)));
    }
  }
  first_person_[units] = next;
  record_.persons = next;
  return {};
}

Result<void> YearDriver::RecordAndVerify(const std::string& election, const std::string& body,
                                         const std::vector<std::string>& nominees,
                                         const std::vector<SlateIndex>& slates,
                                         const SlateCounts& voters, std::int64_t present, Date date,
                                         std::uint64_t key) {
  const BodyRule* rule = charter_.FindBody(BodyKindOf(body));
  std::vector<std::int64_t> hands(nominees.size(), 0);
  for (std::size_t k = 0; k < nominees.size(); ++k) {
    Rng rng(Key(seed_, kTagYearHands, key, k));
    const std::int64_t own = voters[static_cast<std::size_t>(slates[k])];
    hands[k] = std::min(present, own * rng.Between(kAppealLow, kAppealHigh) / 1024 +
                                     (present - own) * rng.Between(0, kCrossHigh) / 1024);
  }
  Act act = CouncilAct(schema::council::kElectionRecordKind, body, date);
  act.fields[cf::kElection] = Value::Text(election);
  act.fields[cf::kCandidates] = TextList(nominees);
  act.fields[cf::kSeed] = Value::Integer(static_cast<std::int64_t>(key >> 2));
  if (rule == nullptr || rule->election.open) {
    act.fields[cf::kVote] = Value::Text("open");
    act.fields[cf::kPresent] = Value::Integer(present);
    act.fields[cf::kHands] = IntList(hands);
  } else {
    // A secret ballot: each slate's voters rank its own candidates first,
    // the rest after, each group by the hands they would have drawn.
    std::vector<std::string> ballots;
    for (std::size_t slate = 0; slate < voters.size(); ++slate) {
      if (voters[slate] <= 0) continue;
      std::vector<std::size_t> order(nominees.size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const bool own_a = static_cast<std::size_t>(slates[a]) == slate;
        const bool own_b = static_cast<std::size_t>(slates[b]) == slate;
        if (own_a != own_b) return own_a;
        return hands[a] > hands[b];
      });
      std::string ballot = fmt::format("{}", voters[slate]);
      for (std::size_t k : order) ballot += fmt::format(" {}", k + 1);
      ballots.push_back(std::move(ballot));
    }
    act.fields[cf::kVote] = Value::Text("secret");
    act.fields[cf::kBallots] = TextList(ballots);
  }
  auto called = ledger().elections.find(election);
  if (called == ledger().elections.end()) {
    return Error(Status::Internal(fmt::format("year: election {} is not called", election)));
  }
  SOVET_TRY(std::vector<std::string> elected, CountElectionRecord(charter_, called->second, act));
  act.fields[cf::kElected] = TextList(elected);
  SOVET_CHECK_OK(Do(act));
  SOVET_TRY(Act verify, MandatesCommissionAct(engine_.state(), charter_, election, date));
  return Do(verify);
}

Result<void> YearDriver::ElectSoviet(BodyIndex body, std::vector<std::int64_t> seats, Date date,
                                     int month, bool by_election, const std::string& called) {
  const ApportionedBody& apportioned = apportionment_.bodies[body];
  const UnitIndex unit = apportioned.unit;
  std::string id = called;
  if (id.empty()) {
    id = fmt::format("{}@{}{}", apportioned.id, date.ToString(), by_election ? "/by" : "");
    Act call = CouncilAct(schema::council::kElectionCallKind, apportioned.id, date);
    call.fields[cf::kElection] = Value::Text(id);
    call.fields[cf::kHeldOn] = Value::Text(date.ToString());
    call.fields[cf::kKind] = Value::Text(by_election ? "by-election" : "regular");
    call.fields[cf::kSeats] = IntList(seats);
    SOVET_CHECK_OK(Do(call));
    ++record_.elections;
  }
  const std::uint64_t key =
      Key(seed_, kTagYearOrder, static_cast<std::uint64_t>(body), DayKey(date));
  // Nominations: each slate in proportion to its share, three for two seats,
  // at least one more nominee than seats (doc/demo_model.md).
  const sim::Shares& shares = SharesOf(unit, month);
  const auto wanted_seats = static_cast<std::int64_t>(seats.size());
  std::vector<std::int64_t> quota(Slates(), 0);
  for (std::size_t slate = 0; slate < Slates(); ++slate) {
    quota[slate] = RoundHalfUp(shares[slate] * wanted_seats * model_.nominees_num,
                               sim::kShareDen * model_.nominees_den);
  }
  std::vector<std::pair<std::uint64_t, std::int64_t>> order;
  for (std::int64_t person = FirstPerson(unit); person < EndPerson(unit); ++person) {
    if (HasSeatOutside(apportioned.id, PersonId(person), seats)) continue;
    order.emplace_back(Key(key, static_cast<std::uint64_t>(person)), person);
  }
  std::sort(order.begin(), order.end());
  std::vector<std::string> nominees;
  std::vector<SlateIndex> nominee_slates;
  std::vector<bool> taken(order.size(), false);
  for (std::size_t pos = 0; pos < order.size(); ++pos) {
    const SlateIndex slate = OpinionOf(order[pos].second, month);
    if (quota[static_cast<std::size_t>(slate)] <= 0) continue;
    --quota[static_cast<std::size_t>(slate)];
    taken[pos] = true;
    nominees.push_back(PersonId(order[pos].second));
    nominee_slates.push_back(slate);
  }
  for (std::size_t pos = 0;
       pos < order.size() && static_cast<std::int64_t>(nominees.size()) <= wanted_seats; ++pos) {
    if (taken[pos]) continue;
    nominees.push_back(PersonId(order[pos].second));
    nominee_slates.push_back(OpinionOf(order[pos].second, month));
  }
  if (nominees.empty()) return {};
  Act nominate = CouncilAct(schema::council::kElectionNominateKind, apportioned.id, date);
  nominate.fields[cf::kElection] = Value::Text(id);
  nominate.fields[cf::kPersons] = TextList(nominees);
  SOVET_CHECK_OK(Do(nominate));
  for (std::size_t k = 0; k < nominees.size(); ++k) {
    stood_for_[PersonIndexOf(nominees[k])] = nominee_slates[k];
  }
  // The meeting: the roll is the register's sample of the unit.
  const std::int64_t roll = EndPerson(unit) - FirstPerson(unit);
  Rng rng(Key(seed_, kTagYearTurnout, static_cast<std::uint64_t>(body), DayKey(date)));
  const std::int64_t present =
      std::max(Quorum(roll), roll * rng.Between(model_.turnout_low, model_.turnout_high) / 1000);
  const SlateCounts voters =
      electorate_.DrawVoters(unit, present, shares, 16 + month * 8 + static_cast<int>(by_election));
  SOVET_CHECK_OK(
      RecordAndVerify(id, apportioned.id, nominees, nominee_slates, voters, present, date, key));
  for (std::int64_t seat : seats) {
    const SeatHolder* holder = ledger().Holder(apportioned.id, seat);
    if (holder == nullptr) continue;
    const SlateIndex slate = stood_for_[PersonIndexOf(holder->person)];
    seat_opinion_[{body, seat}] = SeatOpinion{slate, shares[static_cast<std::size_t>(slate)]};
  }
  return {};
}

Result<void> YearDriver::ElectFromBody(const std::string& body, const std::string& electing,
                                       std::vector<std::int64_t> seats, const char* kind,
                                       Date date) {
  const std::vector<std::string> members = MembersOf(electing);
  if (members.empty()) return {};
  // Who may stand: members of the electing body holding no other seat of
  // this body; the strongest slates of the electing body first.
  SlateCounts by_slate(Slates(), 0);
  for (const std::string& person : members) ++by_slate[stood_for_[PersonIndexOf(person)]];
  const std::uint64_t key =
      Key(seed_, kTagYearOrder, TextKey(body) ^ DayKey(date), TextKey(electing));
  std::vector<std::tuple<std::int64_t, std::uint64_t, std::string>> available;
  for (const std::string& person : members) {
    if (HasSeatOutside(body, person, seats)) continue;
    const SlateIndex slate = stood_for_[PersonIndexOf(person)];
    available.emplace_back(-by_slate[slate],
                           Key(key, static_cast<std::uint64_t>(PersonIndexOf(person))), person);
  }
  if (available.empty()) return {};
  std::sort(available.begin(), available.end());
  if (static_cast<std::int64_t>(available.size()) < static_cast<std::int64_t>(seats.size())) {
    seats.resize(available.size());  // the seats beyond stay vacant
  }
  const auto wanted = static_cast<std::size_t>(std::max<std::int64_t>(
      static_cast<std::int64_t>(seats.size()) + 1,
      RoundHalfUp(static_cast<std::int64_t>(seats.size()) * model_.nominees_num,
                  model_.nominees_den)));
  std::vector<std::string> nominees;
  std::vector<SlateIndex> slates;
  for (std::size_t k = 0; k < available.size() && nominees.size() < wanted; ++k) {
    nominees.push_back(std::get<2>(available[k]));
    slates.push_back(stood_for_[PersonIndexOf(nominees.back())]);
  }
  const std::string id = fmt::format("{}<{}@{}", body, electing, date.ToString());
  Act call = CouncilAct(schema::council::kElectionCallKind, body, date);
  call.fields[cf::kElection] = Value::Text(id);
  call.fields[cf::kHeldOn] = Value::Text(date.ToString());
  call.fields[cf::kKind] = Value::Text(kind);
  call.fields[cf::kSeats] = IntList(seats);
  call.fields[cf::kElectingBody] = Value::Text(electing);
  SOVET_CHECK_OK(Do(call));
  ++record_.elections;
  Act nominate = CouncilAct(schema::council::kElectionNominateKind, body, date);
  nominate.fields[cf::kElection] = Value::Text(id);
  nominate.fields[cf::kPersons] = TextList(nominees);
  SOVET_CHECK_OK(Do(nominate));
  // The members present, slate by slate (model attendance), never below
  // the quorum.
  Rng rng(Key(seed_, kTagYearTurnout, key));
  SlateCounts voters(Slates(), 0);
  std::int64_t present = 0;
  for (std::size_t slate = 0; slate < Slates(); ++slate) {
    voters[slate] =
        by_slate[slate] * rng.Between(model_.attendance_low, model_.attendance_high) / 1000;
    present += voters[slate];
  }
  const std::int64_t quorum = Quorum(static_cast<std::int64_t>(members.size()));
  for (std::size_t slate = 0; slate < Slates() && present < quorum; ++slate) {
    const std::int64_t more = std::min(by_slate[slate] - voters[slate], quorum - present);
    voters[slate] += more;
    present += more;
  }
  return RecordAndVerify(id, body, nominees, slates, voters, present, date, key);
}

Result<void> YearDriver::Refresh(Date date, bool vacant_only, bool convene_local) {
  for (std::size_t rule_idx : kind_order_) {
    const BodyRule& rule = charter_.bodies[rule_idx];
    if (rule.direct) continue;
    for (BodyIndex body : bodies_of_rule_[rule_idx]) {
      const ApportionedBody& apportioned = apportionment_.bodies[body];
      if (apportioned.seats <= 0) continue;
      if (rule.elected_by) {
        if (apportioned.delegations.empty()) continue;
        const std::string electing = apportionment_.bodies[apportioned.delegations.front().from].id;
        const std::int64_t filled = std::min<std::int64_t>(
            apportioned.seats, static_cast<std::int64_t>(MembersOf(electing).size()));
        std::vector<std::int64_t> seats;
        for (std::int64_t seat = 1; seat <= filled; ++seat) {
          if (!vacant_only || ledger().Holder(apportioned.id, seat) == nullptr) {
            seats.push_back(seat);
          }
        }
        if (seats.empty()) continue;
        const char* kind = rule.elected_by->portfolios.empty() ? "executive" : "commissars";
        SOVET_CHECK_OK(ElectFromBody(apportioned.id, electing, seats, kind, date));
        continue;
      }
      if (convene_local && charter_.convocation.LocalFor(rule.kind) != nullptr &&
          apportioned.id != congress_) {
        Act convene = CouncilAct(schema::council::kConveneKind, apportioned.id, date);
        convene.fields[cf::kOpens] = Value::Text(date.ToString());
        convene.fields[cf::kSession] = Value::Text("regular");
        SOVET_CHECK_OK(Do(convene));
      }
      auto ranges = ledger().delegations.find(apportioned.id);
      if (ranges == ledger().delegations.end()) continue;
      const std::vector<DelegationSeats> delegations = ranges->second;
      for (const DelegationSeats& range : delegations) {
        std::vector<std::int64_t> seats;
        for (std::int64_t seat = range.first; seat < range.first + range.count; ++seat) {
          if (!vacant_only || ledger().Holder(apportioned.id, seat) == nullptr) {
            seats.push_back(seat);
          }
        }
        if (seats.empty()) continue;
        SOVET_CHECK_OK(ElectFromBody(apportioned.id, range.source, seats, "delegation", date));
      }
    }
  }
  return {};
}

void YearDriver::NoteSession(YearSession session) {
  session.composition.assign(Slates(), 0);
  for (const std::string& person : MembersOf(congress_)) {
    ++session.composition[stood_for_[PersonIndexOf(person)]];
    ++session.delegates;
  }
  record_.sessions.push_back(std::move(session));
}

Result<void> YearDriver::ConveneRoot(Date date, Date opens) {
  Act convene = CouncilAct(schema::council::kConveneKind, congress_, date);
  convene.fields[cf::kOpens] = Value::Text(opens.ToString());
  convene.fields[cf::kSession] = Value::Text("regular");
  return Do(convene);
}

// A soviet term (001:150): every soviet elected on the 4th, then every body
// above refreshed — the local congresses meeting first ([[convocation.local]])
// — and in the first month of each half-year the root congress in regular
// session (001:144), convened on the 1st to open on the election day.
Result<bool> YearDriver::ElectDue(int month, Date day) {
  bool any = false;
  for (BodyIndex body : direct_) {
    const ApportionedBody& apportioned = apportionment_.bodies[body];
    std::vector<std::int64_t> due;
    for (std::int64_t seat = 1; seat <= apportioned.seats; ++seat) {
      const SeatHolder* holder = ledger().Holder(apportioned.id, seat);
      if (holder == nullptr || (holder->term_ends && *holder->term_ends <= day)) {
        due.push_back(seat);
      }
    }
    if (due.empty()) continue;
    SOVET_CHECK_OK(ElectSoviet(body, due, day, month, false, ""));
    any = true;
  }
  return any;
}

Result<void> YearDriver::Term(int month) {
  const Date called = Day(month, 1);
  const Date day = Day(month, 4);
  const bool session = month % 6 == 0;
  if (session) SOVET_CHECK_OK(ConveneRoot(called, day));
  record_.term_days.push_back(day.ToString());
  SOVET_TRY(bool elected, ElectDue(month, day));
  (void)elected;
  SOVET_CHECK_OK(Refresh(day, false, true));
  if (session) NoteSession(YearSession{.convened = called.ToString(), .opens = day.ToString()});
  return {};
}

// The extraordinary congress (001:144): the congresses one level below the
// root where the most deputies were recalled demand it, one after another
// (the most inhabitants first among equals), until their territories hold
// extraordinary_share_num/den of the inhabitants; it is convened on their
// demands and its delegations refreshed when it opens.
Result<void> YearDriver::Extraordinary(int month) {
  const Date demanded = Day(month, 8);
  const Date convened = Day(month, 10);
  const Date opens = Day(month, 12);
  struct Candidate {
    std::int64_t recalls, inhabitants;
    std::string body;
    UnitIndex unit;
  };
  std::vector<Candidate> candidates;
  for (const ApportionedBody& body : apportionment_.bodies) {
    const BodyRule* rule = charter_.FindBody(body.kind);
    if (rule == nullptr || rule->direct || rule->elected_by || body.seats <= 0 || body.unit == 0 ||
        census_.parent[body.unit] != 0) {
      continue;
    }
    auto recalls = recalls_in_.find(body.unit);
    candidates.push_back(Candidate{recalls == recalls_in_.end() ? 0 : recalls->second,
                                   census_.inhabitants[body.unit], body.id, body.unit});
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.recalls != b.recalls) return a.recalls > b.recalls;
    if (a.inhabitants != b.inhabitants) return a.inhabitants > b.inhabitants;
    return a.body < b.body;
  });
  const std::int64_t root = census_.inhabitants[0];
  const Convocation& convocation = charter_.convocation;
  YearSession session{
      .convened = convened.ToString(), .opens = opens.ToString(), .extraordinary = true};
  std::map<UnitIndex, bool> counted;
  for (const Candidate& candidate : candidates) {
    if (session.demand_inhabitants * convocation.extraordinary_share_den >=
        root * convocation.extraordinary_share_num) {
      break;
    }
    if (counted[candidate.unit]) continue;  // one level below the root: disjoint
    counted[candidate.unit] = true;
    Act demand = CouncilAct(schema::council::kDemandKind, congress_, demanded);
    demand.fields[cf::kBy] = Value::Text(candidate.body);
    demand.fields[cf::kInhabitants] = Value::Integer(census_.inhabitants[candidate.unit]);
    demand.fields[cf::kUnitKind] = Value::Text(census_.kind[candidate.unit]);
    demand.fields[cf::kWithin] = TextList({census_.id[0]});
    demand.fields[cf::kRootInhabitants] = Value::Integer(root);
    SOVET_CHECK_OK(Do(demand));
    session.demand_inhabitants += census_.inhabitants[candidate.unit];
  }
  if (session.demand_inhabitants * convocation.extraordinary_share_den <
      root * convocation.extraordinary_share_num) {
    return Error(
        Status::Internal("year: the congresses below the root hold too few inhabitants "
                         "to demand an extraordinary session (001:144)"));
  }
  for (const auto& [by, when] : ledger().demands.at(congress_)) session.demanded_by.push_back(by);
  Act convene = CouncilAct(schema::council::kConveneKind, congress_, convened);
  convene.fields[cf::kOpens] = Value::Text(opens.ToString());
  convene.fields[cf::kSession] = Value::Text("extraordinary");
  convene.fields[cf::kInitiative] = Value::Text("demands");
  convene.fields[cf::kDemandedBy] = TextList(session.demanded_by);
  SOVET_CHECK_OK(Do(convene));
  SOVET_CHECK_OK(Refresh(opens, false, true));
  NoteSession(std::move(session));
  return {};
}

// The month's recalls (001:152): petitions opened on the 15th, signed on
// the 16th, voted on the 20th where they reached the threshold, the
// by-elections held on the 27th, and the seats above that fell with a
// recalled deputy filled the same day by the bodies that send them.
Result<void> YearDriver::Recalls(int month) {
  const Date opened = Day(month, 15);
  const Date signed_on = Day(month, 16);
  const Date voted = Day(month, 20);
  const Date by_day = Day(month, 27);
  std::vector<std::size_t> raised;
  for (BodyIndex body : direct_) {
    const ApportionedBody& apportioned = apportionment_.bodies[body];
    const UnitIndex unit = apportioned.unit;
    const sim::Shares& now = SharesOf(unit, month);
    for (std::int64_t seat = 1; seat <= apportioned.seats; ++seat) {
      const SeatHolder* holder = ledger().Holder(apportioned.id, seat);
      auto opinion = seat_opinion_.find({body, seat});
      if (holder == nullptr || opinion == seat_opinion_.end()) continue;
      // One petition at a time against a deputy (doc/operating.md "Recall"):
      // an earlier one short of its signatures stands until the term ends.
      if (auto last = last_petition_.find({body, seat}); last != last_petition_.end()) {
        auto live = ledger().petitions.find(last->second);
        if (live != ledger().petitions.end()) {
          const PetitionStage stage = EffectiveStage(ledger(), live->second, opened);
          if (stage == PetitionStage::kOpen || stage == PetitionStage::kVoteDue) continue;
        }
      }
      const std::int64_t share = now[static_cast<std::size_t>(opinion->second.slate)];
      if (share * 1000 >= opinion->second.share * (1000 - kRecallDrop) ||
          share * 1000 >= sim::kShareDen * kRecallBelow) {
        continue;
      }
      Rng rng(Key(seed_, kTagYearPetition, static_cast<std::uint64_t>(body),
                  static_cast<std::uint64_t>(month)));
      if (rng.Between(0, 999) >= kPetitionPerMille) break;
      YearPetition petition;
      petition.id = fmt::format("{}#{}@{}", apportioned.id, seat, opened.ToString());
      petition.body = apportioned.id;
      petition.seat = seat;
      petition.person = holder->person;
      petition.opened = opened.ToString();
      petition.roll = EndPerson(unit) - FirstPerson(unit);
      petition.needed = RecallSignaturesNeeded(charter_, petition.roll);
      Act open = CouncilAct(schema::council::kRecallOpenKind, apportioned.id, opened);
      open.fields[cf::kPetition] = Value::Text(petition.id);
      open.fields[cf::kSeat] = Value::Integer(seat);
      open.fields[cf::kPerson] = Value::Text(petition.person);
      open.fields[cf::kRoll] = Value::Integer(petition.roll);
      open.fields[cf::kNeeded] = Value::Integer(petition.needed);
      SOVET_CHECK_OK(Do(open));
      last_petition_[{body, seat}] = petition.id;
      record_.petitions.push_back(std::move(petition));
      raised.push_back(record_.petitions.size() - 1);
      break;  // one petition a soviet a month
    }
  }
  // Signatures: the electors now of another slate than the deputy's, each
  // with the chance kSignPerMille; the vote: the electors present, for and
  // against as they now lean.
  std::vector<std::size_t> due;
  std::vector<std::int64_t> opposed_of;
  for (std::size_t index : raised) {
    YearPetition& petition = record_.petitions[index];
    const BodyIndex body = engine_.state().FindBody(petition.body);
    const UnitIndex unit = apportionment_.bodies[body].unit;
    const SlateIndex slate = seat_opinion_[{body, petition.seat}].slate;
    std::vector<std::string> signers;
    std::int64_t opposed = 0;
    for (std::int64_t person = FirstPerson(unit); person < EndPerson(unit); ++person) {
      if (OpinionOf(person, month) == slate) continue;
      ++opposed;
      Rng rng(Key(seed_, kTagYearSign, static_cast<std::uint64_t>(person), TextKey(petition.id)));
      if (PersonId(person) != petition.person && rng.Between(0, 999) < kSignPerMille) {
        signers.push_back(PersonId(person));
      }
    }
    petition.signatures = static_cast<std::int64_t>(signers.size());
    for (std::size_t first = 0; first < signers.size(); first += 1024) {
      const std::size_t last = std::min(signers.size(), first + 1024);
      Act sign = CouncilAct(schema::council::kRecallSignKind, petition.body, signed_on);
      sign.fields[cf::kPetition] = Value::Text(petition.id);
      sign.fields[cf::kPersons] =
          TextList(std::vector<std::string>(signers.begin() + static_cast<std::ptrdiff_t>(first),
                                            signers.begin() + static_cast<std::ptrdiff_t>(last)));
      SOVET_CHECK_OK(Do(sign));
    }
    opposed_of.push_back(opposed);
  }
  for (std::size_t pos = 0; pos < raised.size(); ++pos) {
    YearPetition& petition = record_.petitions[raised[pos]];
    const std::size_t index = raised[pos];
    const std::int64_t opposed = opposed_of[pos];
    const UnitIndex unit = apportionment_.bodies[engine_.state().FindBody(petition.body)].unit;
    if (petition.signatures < petition.needed) continue;
    Rng rng(Key(seed_, kTagYearTurnout, TextKey(petition.id)));
    const std::int64_t turnout = rng.Between(model_.turnout_low, model_.turnout_high);
    petition.votes_for = opposed * turnout / 1000;
    petition.votes_against = (petition.roll - opposed) * turnout / 1000;
    petition.voted = true;
    petition.recalled =
        RecallPasses(charter_, petition.votes_for, petition.votes_against, petition.roll);
    Act vote = CouncilAct(schema::council::kRecallVoteKind, petition.body, voted);
    vote.fields[cf::kPetition] = Value::Text(petition.id);
    vote.fields[cf::kFor] = Value::Integer(petition.votes_for);
    vote.fields[cf::kAgainst] = Value::Integer(petition.votes_against);
    vote.fields[cf::kResult] = Value::Text(petition.recalled ? "recalled" : "retained");
    if (petition.recalled && charter_.recall.by_election_at_once) {
      petition.by_election = petition.id + "/by";
      vote.fields[cf::kByElection] = Value::Text(petition.by_election);
      vote.fields[cf::kByElectionOn] = Value::Text(by_day.ToString());
    }
    SOVET_CHECK_OK(Do(vote));
    if (petition.recalled) {
      due.push_back(index);
      ++recalls_;
      UnitIndex top = unit;
      while (top != kNoUnit && census_.parent[top] != 0 && census_.parent[top] != kNoUnit) {
        top = census_.parent[top];
      }
      ++recalls_in_[top];
    }
  }
  for (std::size_t index : due) {
    YearPetition& petition = record_.petitions[index];
    const BodyIndex body = engine_.state().FindBody(petition.body);
    SOVET_CHECK_OK(ElectSoviet(body, {petition.seat}, by_day, month, true, petition.by_election));
    if (const SeatHolder* holder = ledger().Holder(petition.body, petition.seat)) {
      petition.seated = holder->person;
    }
  }
  if (!due.empty()) SOVET_CHECK_OK(Refresh(by_day, true, false));
  return {};
}

Result<YearRecord> YearDriver::Run() {
  record_.months = months_;
  record_.start = start_.ToString();
  kind_order_ = charter_.body_order;
  if (kind_order_.empty()) {
    for (std::size_t rule_idx = 0; rule_idx < charter_.bodies.size(); ++rule_idx) {
      kind_order_.push_back(rule_idx);
    }
  }
  bodies_of_rule_.assign(charter_.bodies.size(), {});
  for (BodyIndex body = 0; body < static_cast<BodyIndex>(apportionment_.bodies.size()); ++body) {
    for (std::size_t rule_idx = 0; rule_idx < charter_.bodies.size(); ++rule_idx) {
      if (charter_.bodies[rule_idx].kind == apportionment_.bodies[body].kind) {
        bodies_of_rule_[rule_idx].push_back(body);
        if (charter_.bodies[rule_idx].direct) direct_.push_back(body);
      }
    }
  }
  std::sort(direct_.begin(), direct_.end());
  const BodyRule* root = RootCongress(charter_);
  for (const ApportionedBody& body : apportionment_.bodies) {
    if (root != nullptr && body.kind == root->kind && body.unit == 0) congress_ = body.id;
  }
  if (congress_.empty() || direct_.empty()) {
    return Error(Status::InvalidInput(
        fmt::format("--months: charter {} needs a root congress ([convocation], 001:144) and "
                    "directly elected soviets for a year of the republic",
                    charter_.id),
        SourceLocation{.field = "--months"}));
  }
  record_.congress = congress_;
  record_.root_inhabitants = census_.inhabitants[0];
  // The national drift: a slate's trend drawn once within ±kDriftSpan, a
  // month's wobble within ±kNationalWobble on top.
  national_.assign(kYearMaxMonths + 1, std::vector<std::int64_t>(Slates(), 1000000));
  for (std::size_t slate = 0; slate < Slates(); ++slate) {
    Rng trend(Key(seed_, kTagYearDrift, slate));
    const std::int64_t drift = trend.Between(-kDriftSpan, kDriftSpan);
    record_.drift.push_back(drift);
    for (int month = 1; month <= kYearMaxMonths; ++month) {
      Rng wobble(Key(seed_, kTagYearNational, slate, static_cast<std::uint64_t>(month)));
      national_[month][slate] = national_[month - 1][slate] *
                                (1000 + drift + wobble.Between(-kNationalWobble, kNationalWobble)) /
                                1000;
    }
  }
  SOVET_CHECK_OK(Found(start_));
  for (int month = 0; month < months_; ++month) {
    if (month % 3 == 0) {
      SOVET_CHECK_OK(Term(month));
    } else {
      const Date day = Day(month, 4);
      SOVET_TRY(bool elected, ElectDue(month, day));
      if (elected) SOVET_CHECK_OK(Refresh(day, true, false));
    }
    if (month == 4) SOVET_CHECK_OK(Extraordinary(month));
    SOVET_CHECK_OK(Recalls(month));
  }
  record_.end = Day(months_ - 1, 27).ToString();
  return std::move(record_);
}

}  // namespace

Result<YearRun> RunYear(const DemoOptions& options, int months) {
  using Clock = std::chrono::steady_clock;
  if (months < 1 || months > kYearMaxMonths) {
    return Error(
        Status::InvalidInput(fmt::format("--months {}: expected 1 to {} (a year of the republic)",
                                         months, kYearMaxMonths),
                             SourceLocation{.field = "--months"}));
  }
  if (options.inject_faults) {
    return Error(Status::InvalidInput(
        "--inject-faults plants irregular mandates in the single cycle; the year plants none",
        SourceLocation{.field = "--inject-faults"}));
  }
  YearRun run;
  auto lap = [&, last = Clock::now()](const std::string& stage) mutable {
    const auto now = Clock::now();
    run.times.push_back(StageTime{
        stage, std::chrono::duration_cast<std::chrono::microseconds>(now - last).count()});
    last = now;
  };
  if (options.scale.empty() == options.census_path.empty()) {
    return Error(
        Status::InvalidInput("give exactly one of --scale small|medium|full or --census FILE",
                             SourceLocation{.field = "--scale"}));
  }
  SOVET_TRY(run.charter, LoadCharter(options.charter_path));
  const std::string slates_path =
      options.slates_path.empty() ? SimModelPathFor(options.charter_path) : options.slates_path;
  SOVET_TRY(run.model, LoadSimModel(slates_path));
  if (!options.scale.empty()) {
    SOVET_TRY(CensusScale scale, ParseCensusScale(options.scale));
    SOVET_TRY(std::string csv, GenerateCensusCsv(scale, options.seed));
    SOVET_TRY(run.census,
              ParseCensus(csv, fmt::format("generated-{}-{}.csv", options.scale, options.seed),
                          run.charter));
  } else {
    SOVET_TRY(run.census, LoadCensus(options.census_path, run.charter));
  }
  SOVET_TRY(run.apportionment, Apportion(run.charter, run.census));
  lap("census and apportion");
  const CharterIdentity identity{run.charter.id, run.charter.sha256_hex};
  SOVET_TRY(Entry genesis, Journal::Init(InitOptions{.url = options.db,
                                                     .key_path = options.key_path,
                                                     .charter = identity,
                                                     .projector = &EngineProjector()}));
  (void)genesis;
  SOVET_TRY(std::unique_ptr<Journal> journal,
            Journal::Open(OpenOptions{.url = options.db,
                                      .writable = true,
                                      .key_path = options.key_path,
                                      .charter = identity,
                                      .projector = &EngineProjector()}));
  Engine engine(
      run.charter,
      EngineOptions{.journal = journal.get(), .pipelined = true, .unit_ids = run.census.id});
  YearDriver driver(run.charter, run.census, run.apportionment, run.model, options.seed, months,
                    engine);
  SOVET_TRY(run.record, driver.Run());
  lap("the year");
  SOVET_CHECK_OK(engine.Finish());
  lap("journal: last acknowledgement");
  run.acts_written = engine.acts_written() + 1;
  return run;
}

}  // namespace sovet
