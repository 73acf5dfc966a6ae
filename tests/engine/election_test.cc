// Elections run by their commissions (sovet/council.h, doc/operating.md):
// the engine's rules for election.* at their boundaries — who may be
// nominated on the election day, attendance against the roll, the lot of a
// tied open vote, the recount of a secret ballot, the mandates commission's
// seats and term ends, delegations from seated members only, the stages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "engine/council.h"
#include "sovet/council.h"
#include "sovet/engine.h"
#include "sovet/person_roll.h"

namespace sovet {
namespace {

using ::testing::HasSubstr;
namespace field = schema::council::field;

Charter Load(const char* name) {
  auto charter = LoadCharter(std::string(SOVET_SOURCE_DIR "/charters/") + name);
  EXPECT_TRUE(charter.has_value());
  return *charter;
}

Value Texts(const std::vector<std::string>& items) {
  ValueList list;
  for (const auto& item : items) list.push_back(Value::Text(item));
  return Value::List(std::move(list));
}
Value Ints(const std::vector<std::int64_t>& items) {
  ValueList list;
  for (const auto item : items) list.push_back(Value::Integer(item));
  return Value::List(std::move(list));
}

struct Person {
  std::string id, birth, status;
};

Act Units(const std::vector<std::string>& units) {
  return RollUnitsAct("2026-01-01", units);
}

Act Enter(const std::string& unit, const std::vector<Person>& persons) {
  std::vector<Entrant> entrants;
  for (const Person& person : persons) {
    entrants.push_back({person.id, "N " + person.id, person.birth, person.status, ""});
  }
  return RollEnterAct("2026-01-01", unit, entrants);
}

Act BodyCreate(const std::string& body, std::int64_t seats) {
  Act act{.kind = "body.create", .body = body, .fields = {}};
  act.fields["seats"] = Value::Integer(seats);
  return act;
}

Act Call(const std::string& body, const std::string& id, const std::string& date,
         const std::string& held_on, const std::string& kind, std::vector<std::int64_t> seats,
         const std::string& electing = "") {
  Act act{.kind = schema::council::kElectionCallKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kElection] = Value::Text(id);
  act.fields[field::kHeldOn] = Value::Text(held_on);
  act.fields[field::kKind] = Value::Text(kind);
  act.fields[field::kSeats] = Ints(seats);
  if (!electing.empty()) act.fields[field::kElectingBody] = Value::Text(electing);
  return act;
}

Act Nominate(const std::string& body, const std::string& id, const std::string& date,
             const std::vector<std::string>& persons) {
  Act act{.kind = schema::council::kElectionNominateKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kElection] = Value::Text(id);
  act.fields[field::kPersons] = Texts(persons);
  return act;
}

// An open vote's record, its `elected` as the commission counts it.
Act Hands(const Engine& engine, const std::string& id, const std::string& date,
          std::int64_t present, const std::vector<std::int64_t>& hands, std::int64_t seed) {
  const CouncilElection& election = engine.state().ledger.elections.at(id);
  Act act{.kind = schema::council::kElectionRecordKind, .body = election.body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kElection] = Value::Text(id);
  act.fields[field::kCandidates] = Texts(election.nominees);
  act.fields[field::kVote] = Value::Text("open");
  act.fields[field::kPresent] = Value::Integer(present);
  act.fields[field::kHands] = Ints(hands);
  act.fields[field::kSeed] = Value::Integer(seed);
  auto elected = CountElectionRecord(engine.charter(), election, act);
  EXPECT_TRUE(elected.has_value()) << elected.error().ToString();
  act.fields[field::kElected] = Texts(elected ? *elected : std::vector<std::string>{});
  return act;
}

Act Verify(const Engine& engine, const std::string& id, const std::string& date) {
  auto act = MandatesCommissionAct(engine.state(), engine.charter(), id, *Date::Parse(date));
  EXPECT_TRUE(act.has_value()) << act.error().ToString();
  return *act;
}

std::string Refusal(Engine& engine, const Act& act) {
  auto done = engine.ExecuteRecorded(act);
  EXPECT_FALSE(done.has_value()) << act.kind << " was accepted";
  return done ? std::string() : done.error().ToString();
}

void Accept(Engine& engine, const Act& act) {
  auto done = engine.ExecuteRecorded(act);
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
}

// The 1918 charter (voting age 18, excluded statuses, three-month terms):
// village v1 with ten electors and three persons off its roll for one
// reason each, village v2 with two electors; their soviets of 3 seats; the
// volost congress of 2 seats, one delegate from each soviet; the volost
// executive of 2 seats.
class ElectionRulesTest : public ::testing::Test {
 protected:
  ElectionRulesTest() : charter_(Load("rsfsr-1918.toml")), engine_(charter_, EngineOptions{}) {}

  void SetUp() override {
    Accept(engine_, Units({"v1", "v2"}));
    std::vector<Person> v1;
    for (int k = 1; k <= 10; ++k) v1.push_back({"a" + std::to_string(k), "1980-05-05", ""});
    v1.push_back({"eve", "2008-09-01", ""});   // 18 on 2026-09-01: the day after the election
    v1.push_back({"day", "2008-08-31", ""});   // 18 on the election day itself
    v1.push_back({"monk", "1970-01-01", "priests and monks"});  // 001:152
    Accept(engine_, Enter("v1", v1));
    Accept(engine_, Enter("v2", {{"b1", "1975-01-01", ""}, {"b2", "1975-01-01", ""}}));
    Accept(engine_, BodyCreate("village_soviet:v1", 3));
    Accept(engine_, BodyCreate("village_soviet:v2", 3));
    Accept(engine_, BodyCreate("volost_congress:vol", 2));
    Accept(engine_, BodyCreate("volost_executive:vol", 2));
    Act delegations{.kind = schema::council::kElectionDelegationsKind,
                    .body = "volost_congress:vol",
                    .fields = {}};
    delegations.fields[field::kDate] = Value::Text("2026-01-01");
    delegations.fields[field::kSources] = Texts({"village_soviet:v1", "village_soviet:v2"});
    delegations.fields[field::kSeats] = Ints({1, 1});
    Accept(engine_, delegations);
  }

  // Elects a1, a2, a3 to village_soviet:v1 on 2026-08-31.
  void ElectV1() {
    Accept(engine_, Call("village_soviet:v1", "v1", "2026-08-01", "2026-08-31", "regular",
                         {1, 2, 3}));
    Accept(engine_, Nominate("village_soviet:v1", "v1", "2026-08-02", {"a1", "a2", "a3", "a4"}));
    Accept(engine_, Hands(engine_, "v1", "2026-08-31", 9, {9, 8, 7, 1}, 0));
    verified_ = Verify(engine_, "v1", "2026-09-01");
    Accept(engine_, verified_);
  }

  // Electors of v1 on the election day: a1..a10 and "day".
  std::int64_t RollOfV1() const {
    return engine::RollSize(engine_.state(), charter_, "v1", *Date::Parse("2026-08-31"));
  }

  Charter charter_;
  Engine engine_;
  Act verified_;
};

TEST_F(ElectionRulesTest, TheRollOfTheElectionDay) { EXPECT_EQ(RollOfV1(), 11); }

TEST_F(ElectionRulesTest, NomineeOffTheRollOfTheUnitIsRefused) {
  Accept(engine_, Call("village_soviet:v1", "v1", "2026-08-01", "2026-08-31", "regular",
                       {1, 2, 3}));
  const std::string refusal =
      Refusal(engine_, Nominate("village_soviet:v1", "v1", "2026-08-02", {"a1", "b1"}));
  EXPECT_THAT(refusal, HasSubstr("b1 is not an elector on the roll of v1 on 2026-08-31"));
  EXPECT_THAT(refusal, HasSubstr("001:152"));
  EXPECT_TRUE(engine_.state().ledger.elections.at("v1").nominees.empty());  // nothing written
  EXPECT_THAT(Refusal(engine_, Nominate("village_soviet:v1", "v1", "2026-08-02", {"nobody"})),
              HasSubstr("nobody is not an elector"));
}

TEST_F(ElectionRulesTest, VotingAgeIsJudgedOnTheElectionDay) {
  Accept(engine_, Call("village_soviet:v1", "v1", "2026-08-01", "2026-08-31", "regular",
                       {1, 2, 3}));
  EXPECT_THAT(Refusal(engine_, Nominate("village_soviet:v1", "v1", "2026-08-02", {"eve"})),
              HasSubstr("franchise.voting_age 18"));
  Accept(engine_, Nominate("village_soviet:v1", "v1", "2026-08-02", {"day"}));
}

TEST_F(ElectionRulesTest, ExcludedStatusIsRefused) {
  Accept(engine_, Call("village_soviet:v1", "v1", "2026-08-01", "2026-08-31", "regular",
                       {1, 2, 3}));
  EXPECT_THAT(Refusal(engine_, Nominate("village_soviet:v1", "v1", "2026-08-02", {"monk"})),
              HasSubstr("monk is not an elector"));
}

TEST_F(ElectionRulesTest, AttendanceAboveTheRollIsRefused) {
  Accept(engine_, Call("village_soviet:v1", "v1", "2026-08-01", "2026-08-31", "regular",
                       {1, 2, 3}));
  Accept(engine_, Nominate("village_soviet:v1", "v1", "2026-08-02", {"a1", "a2", "a3"}));
  const std::int64_t roll = RollOfV1();
  EXPECT_THAT(Refusal(engine_, Hands(engine_, "v1", "2026-08-31", roll + 1, {1, 1, 1}, 0)),
              HasSubstr("cannot exceed the electors"));
  Accept(engine_, Hands(engine_, "v1", "2026-08-31", roll, {1, 1, 1}, 0));
}

TEST_F(ElectionRulesTest, HandsTieIsBrokenByTheRecordedSeedReproducibly) {
  Accept(engine_, Call("village_soviet:v1", "v1", "2026-08-01", "2026-08-31", "regular",
                       {1, 2, 3}));
  Accept(engine_, Nominate("village_soviet:v1", "v1", "2026-08-02", {"a1", "a2", "a3", "a4"}));
  // a3 and a4 tie for the third seat: the lot of the seed decides, the same
  // way every time, and each of them wins under some seed.
  std::set<std::string> thirds;
  for (std::int64_t seed = 0; seed < 16; ++seed) {
    const Act first = Hands(engine_, "v1", "2026-08-31", 9, {9, 8, 5, 5}, seed);
    const Act again = Hands(engine_, "v1", "2026-08-31", 9, {9, 8, 5, 5}, seed);
    EXPECT_EQ(first.fields.at(field::kElected), again.fields.at(field::kElected));
    thirds.insert(first.fields.at(field::kElected).list()[2].text());
  }
  EXPECT_EQ(thirds, (std::set<std::string>{"a3", "a4"}));
  // A record giving the seat to the other tied candidate than its seed's
  // lot is refused.
  Act forged = Hands(engine_, "v1", "2026-08-31", 9, {9, 8, 5, 5}, 3);
  const std::string winner = forged.fields.at(field::kElected).list()[2].text();
  forged.fields[field::kElected] = Texts({"a1", "a2", winner == "a3" ? "a4" : "a3"});
  EXPECT_THAT(Refusal(engine_, forged), HasSubstr("the recount (most hands) elects"));
}

TEST_F(ElectionRulesTest, VerifySeatsTheElectedWithTheTermEnd) {
  ElectV1();
  const auto& seats = engine_.state().ledger.bodies.at("village_soviet:v1").seats;
  ASSERT_EQ(seats.size(), 3u);
  const std::vector<std::string> expected = {"a1", "a2", "a3"};
  for (std::size_t k = 0; k < 3; ++k) {
    ASSERT_TRUE(seats[k].has_value());
    EXPECT_EQ(seats[k]->person, expected[k]);
    // 001:150: three months; elected 2026-08-31, the term ends 2026-11-30.
    EXPECT_EQ(seats[k]->term_ends->ToString(), "2026-11-30");
    EXPECT_TRUE(seats[k]->source_body.empty());
  }
  // The stages: nothing more is accepted of a verified election.
  auto again = engine_.ExecuteRecorded(verified_);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(again.error().message(), HasSubstr("already verified"));
}

TEST_F(ElectionRulesTest, ActsOfAStageOnceEachInOrder) {
  Accept(engine_, Call("village_soviet:v1", "v1", "2026-08-01", "2026-08-31", "regular",
                       {1, 2, 3}));
  auto again = engine_.ExecuteRecorded(
      Call("village_soviet:v1", "v1", "2026-08-01", "2026-08-31", "regular", {1, 2, 3}));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), StatusCode::kAlreadyExists);
  // Verification before the record: refused, not a repeat.
  EXPECT_FALSE(MandatesCommissionAct(engine_.state(), charter_, "v1", *Date::Parse("2026-09-01"))
                   .has_value());
  Accept(engine_, Nominate("village_soviet:v1", "v1", "2026-08-02", {"a1", "a2", "a3"}));
  const Act record = Hands(engine_, "v1", "2026-08-31", 9, {3, 2, 1}, 0);
  Accept(engine_, record);
  auto twice = engine_.ExecuteRecorded(record);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(Refusal(engine_, Nominate("village_soviet:v1", "v1", "2026-08-31", {"a4"})),
              HasSubstr("nominations close"));
  // A verification that does not follow the commission's rules: refused.
  Act forged = Verify(engine_, "v1", "2026-09-01");
  forged.fields[field::kSeats] = Ints({3, 2, 1});
  EXPECT_THAT(Refusal(engine_, forged), HasSubstr("mandates commission"));
  Accept(engine_, Verify(engine_, "v1", "2026-09-01"));
}

TEST_F(ElectionRulesTest, RegularElectionWaitsForTheTermToEnd) {
  ElectV1();
  // Terms end 2026-11-30: an election held the day before is refused...
  EXPECT_THAT(Refusal(engine_, Call("village_soviet:v1", "v1b", "2026-11-01", "2026-11-29",
                                    "regular", {1, 2, 3})),
              HasSubstr("terms.soviet_deputy_months, 001:150"));
  // ...and a by-election of held seats too.
  EXPECT_THAT(Refusal(engine_, Call("village_soviet:v1", "v1b", "2026-11-01", "2026-11-29",
                                    "by-election", {2})),
              HasSubstr("a by-election fills vacant seats"));
  // On the day the terms end it is lawful, and verification replaces the
  // old holders.
  Accept(engine_, Call("village_soviet:v1", "v1b", "2026-11-01", "2026-11-30", "regular",
                       {1, 2, 3}));
  Accept(engine_, Nominate("village_soviet:v1", "v1b", "2026-11-02", {"a4", "a5", "a1"}));
  Accept(engine_, Hands(engine_, "v1b", "2026-11-30", 9, {7, 6, 5}, 0));
  Accept(engine_, Verify(engine_, "v1b", "2026-12-01"));
  const auto& seats = engine_.state().ledger.bodies.at("village_soviet:v1").seats;
  EXPECT_EQ(seats[0]->person, "a4");
  EXPECT_EQ(seats[2]->person, "a1");
  EXPECT_EQ(seats[2]->election, "v1b");
  EXPECT_EQ(seats[2]->term_ends->ToString(), "2027-02-28");  // clamped: no 2027-02-30
}

TEST_F(ElectionRulesTest, DelegateMustBeSeatedInTheSendingBody) {
  ElectV1();
  Accept(engine_, Call("volost_congress:vol", "d1", "2026-09-02", "2026-09-05", "delegation",
                       {1}, "village_soviet:v1"));
  // a4 was nominated and not elected to the soviet: not a member.
  EXPECT_THAT(Refusal(engine_, Nominate("volost_congress:vol", "d1", "2026-09-03", {"a4"})),
              HasSubstr("holds no seat in village_soviet:v1"));
  // The delegation's seat is v1's share (election.delegations), not v2's.
  EXPECT_THAT(Refusal(engine_, Call("volost_congress:vol", "d2", "2026-09-02", "2026-09-05",
                                    "delegation", {2}, "village_soviet:v1")),
              HasSubstr("not of village_soviet:v1's delegation"));
  Accept(engine_, Nominate("volost_congress:vol", "d1", "2026-09-03", {"a2"}));
  // The roll of a body's vote is its seated members: 3.
  EXPECT_THAT(Refusal(engine_, Hands(engine_, "d1", "2026-09-05", 4, {3}, 0)),
              HasSubstr("seated members of village_soviet:v1"));
  Accept(engine_, Hands(engine_, "d1", "2026-09-05", 3, {3}, 0));
  Accept(engine_, Verify(engine_, "d1", "2026-09-05"));
  const auto& seat = engine_.state().ledger.bodies.at("volost_congress:vol").seats[0];
  ASSERT_TRUE(seat.has_value());
  EXPECT_EQ(seat->person, "a2");
  EXPECT_EQ(seat->source_body, "village_soviet:v1");
  EXPECT_EQ(seat->source_seat, 2);
  EXPECT_FALSE(seat->term_ends.has_value());  // a delegate serves for the congress
  // The executive: elected by the congress of its unit, from its members.
  EXPECT_THAT(Refusal(engine_, Call("volost_executive:vol", "x1", "2026-09-06", "2026-09-06",
                                    "executive", {1, 2}, "village_soviet:v1")),
              HasSubstr("elected_by.body"));
  Accept(engine_, Call("volost_executive:vol", "x1", "2026-09-06", "2026-09-06", "executive",
                       {1, 2}, "volost_congress:vol"));
  Accept(engine_, Nominate("volost_executive:vol", "x1", "2026-09-06", {"a2"}));
  Accept(engine_, Hands(engine_, "x1", "2026-09-06", 1, {1}, 0));
  Accept(engine_, Verify(engine_, "x1", "2026-09-06"));
  EXPECT_EQ(engine_.state().ledger.bodies.at("volost_executive:vol").seats[0]->source_seat, 1);
}

TEST_F(ElectionRulesTest, NoQuorumSeatsNoOne) {
  Accept(engine_, Call("village_soviet:v1", "v1", "2026-08-01", "2026-08-31", "regular",
                       {1, 2, 3}));
  Accept(engine_, Nominate("village_soviet:v1", "v1", "2026-08-02", {"a1", "a2", "a3"}));
  const std::int64_t roll = RollOfV1();
  const std::int64_t quorum = roll / 2 + 1;  // decisions.quorum: half plus one
  Accept(engine_, Hands(engine_, "v1", "2026-08-31", quorum - 1, {1, 1, 1}, 0));
  const Act verify = Verify(engine_, "v1", "2026-09-01");
  EXPECT_EQ(verify.fields.at(field::kVerdicts).list()[0].text(), "no_quorum");
  Accept(engine_, verify);
  const auto& seats = engine_.state().ledger.bodies.at("village_soviet:v1").seats;
  for (const auto& seat : seats) EXPECT_FALSE(seat.has_value());
}

// The federation's works council votes by secret ballot, counted by STV.
TEST(ElectionSecretBallotTest, RecordWhoseElectedDiffersFromTheRecountIsRefused) {
  const Charter charter = Load("federation.toml");
  Engine engine(charter, EngineOptions{});
  Accept(engine, Units({"rw"}));
  std::vector<Person> persons;
  for (int k = 1; k <= 12; ++k) persons.push_back({"p" + std::to_string(k), "1990-01-01", ""});
  Accept(engine, Enter("rw", persons));
  Accept(engine, BodyCreate("works_council:rw", 2));
  Accept(engine, Call("works_council:rw", "e", "2026-02-01", "2026-02-20", "regular", {1, 2}));
  Accept(engine, Nominate("works_council:rw", "e", "2026-02-02", {"p1", "p2", "p3"}));
  Act record{.kind = schema::council::kElectionRecordKind, .body = "works_council:rw",
             .fields = {}};
  record.fields[field::kDate] = Value::Text("2026-02-20");
  record.fields[field::kElection] = Value::Text("e");
  record.fields[field::kCandidates] = Texts({"p1", "p2", "p3"});
  record.fields[field::kVote] = Value::Text("secret");
  record.fields[field::kBallots] = Texts({"4 1 2", "3 3 2", "1 2"});
  record.fields[field::kSeed] = Value::Integer(0);
  const CouncilElection& election = engine.state().ledger.elections.at("e");
  auto elected = CountElectionRecord(charter, election, record);
  ASSERT_TRUE(elected.has_value()) << elected.error().ToString();
  EXPECT_EQ(*elected, (std::vector<std::string>{"p1", "p3"}));
  // The commission's sheet says p2: the recount by stv-meek does not.
  record.fields[field::kElected] = Texts({"p1", "p2"});
  EXPECT_THAT(Refusal(engine, record), HasSubstr("stv-meek, election.method) elects [p1, p3]"));
  // Hands are not how this body votes (election.open = false).
  Act open = record;
  open.fields.erase(field::kBallots);
  open.fields[field::kVote] = Value::Text("open");
  open.fields[field::kPresent] = Value::Integer(8);
  open.fields[field::kHands] = Ints({4, 3, 1});
  EXPECT_THAT(Refusal(engine, open), HasSubstr("election.open = false"));
  // A malformed ballot names the rule.
  Act bad = record;
  bad.fields[field::kBallots] = Texts({"4 1 1"});
  EXPECT_THAT(Refusal(engine, bad), HasSubstr("distinct candidates 1..3"));
  record.fields[field::kElected] = Texts(*elected);
  Accept(engine, record);
  EXPECT_EQ(engine.state().ledger.elections.at("e").present, 8);
}

}  // namespace
}  // namespace sovet
