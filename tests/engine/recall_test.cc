// The recall family's rules on an EngineState built directly (seats set in
// the ledger as election.verify would): each boundary of doc/operating.md
// "Recall" — the threshold exactly and one signature short, signers off the
// roll, twice or under age, the cascade two tiers up, a petition lapsing
// when its deputy loses the seat otherwise, a tie.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/council.h"
#include "sovet/engine.h"

namespace sovet::engine {
namespace {

using ::testing::HasSubstr;
namespace field = schema::council::field;

Date D(const char* text) { return Date::Parse(text).value(); }

Charter Rsfsr() {
  auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  EXPECT_TRUE(charter.has_value());
  return *charter;
}

Act Units() {
  return RollUnitsAct("2026-01-01", {"town-a", "town-b"},
                      {{"fed", ""}, {"north", "fed"}, {"town-a", "north"}, {"town-b", "north"}});
}

Act Enter(const std::string& unit, const std::vector<std::pair<std::string, std::string>>& who) {
  std::vector<Entrant> entrants;
  for (const auto& [id, birth] : who) entrants.push_back({id, "N", birth, "", ""});
  return RollEnterAct("2026-01-01", unit, entrants);
}

SeatHolder Holder(const std::string& person, const std::string& source_body = "",
                  std::int64_t source_seat = 0) {
  return SeatHolder{.person = person,
                    .election = "e1",
                    .seated = D("2026-01-05"),
                    .term_ends = source_body.empty() ? std::optional<Date>(D("2026-04-05"))
                                                     : std::nullopt,
                    .source_body = source_body,
                    .source_seat = source_seat};
}

Act Open(const std::string& petition, const std::string& body, std::int64_t seat,
         const std::string& person, std::int64_t roll, std::int64_t needed,
         const std::string& date = "2026-02-01", const std::string& by_body = "") {
  Act act{.kind = schema::council::kRecallOpenKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kPetition] = Value::Text(petition);
  act.fields[field::kSeat] = Value::Integer(seat);
  act.fields[field::kPerson] = Value::Text(person);
  act.fields[field::kRoll] = Value::Integer(roll);
  act.fields[field::kNeeded] = Value::Integer(needed);
  if (!by_body.empty()) act.fields[field::kByBody] = Value::Text(by_body);
  return act;
}

Act Sign(const std::string& petition, const std::string& body, std::vector<std::string> persons,
         const std::string& date = "2026-02-02") {
  Act act{.kind = schema::council::kRecallSignKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kPetition] = Value::Text(petition);
  ValueList list;
  for (auto& person : persons) list.push_back(Value::Text(person));
  act.fields[field::kPersons] = Value::List(std::move(list));
  return act;
}

Act Vote(const std::string& petition, const std::string& body, std::int64_t votes_for,
         std::int64_t votes_against, const std::string& result,
         const std::string& by_election = "", const std::string& date = "2026-02-10") {
  Act act{.kind = schema::council::kRecallVoteKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kPetition] = Value::Text(petition);
  act.fields[field::kFor] = Value::Integer(votes_for);
  act.fields[field::kAgainst] = Value::Integer(votes_against);
  act.fields[field::kResult] = Value::Text(result);
  if (!by_election.empty()) act.fields[field::kByElection] = Value::Text(by_election);
  return act;
}

class RecallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ApplyRoll(Units());
    // town-a: eight electors (a1..a8) and a9, 18 on 2026-02-03;
    // town-b: b1 (an elector elsewhere in the same region).
    std::vector<std::pair<std::string, std::string>> town_a;
    for (int idx = 1; idx <= 8; ++idx) town_a.push_back({"a" + std::to_string(idx), "1980-01-01"});
    town_a.push_back({"a9", "2008-02-03"});
    ApplyRoll(Enter("town-a", town_a));
    ApplyRoll(Enter("town-b", {{"b1", "1980-01-01"}}));
    auto& bodies = state_.ledger.bodies;
    bodies["soviet:town-a"].seats = {Holder("a1"), Holder("a2"), Holder("a3")};
    bodies["congress:north"].seats = {Holder("a1", "soviet:town-a", 1),
                                      Holder("a2", "soviet:town-a", 2)};
    bodies["congress:fed"].seats = {Holder("a1", "congress:north", 1)};
  }
  void ApplyRoll(const Act& act) {
    ASSERT_TRUE(CheckRollAct(state_.roll, charter_, act).has_value());
    state_.roll.Apply(act);
  }
  Result<void> Run(const Act& act) {
    SOVET_CHECK_OK(CheckCouncilAct(state_, charter_, act));
    ApplyCouncilAct(state_, charter_, act);
    return {};
  }
  void Ok(const Act& act) {
    auto done = Run(act);
    ASSERT_TRUE(done.has_value()) << done.error().message();
  }
  void Refused(const Act& act, const std::string& rule,
               StatusCode code = StatusCode::kInvalidInput) {
    auto done = Run(act);
    ASSERT_FALSE(done.has_value()) << "accepted, expected: " << rule;
    EXPECT_THAT(done.error().message(), HasSubstr(rule));
    EXPECT_EQ(done.error().code(), code) << done.error().message();
  }
  PetitionStage Stage(const std::string& id) { return state_.ledger.petitions.at(id).stage; }

  Charter charter_ = Rsfsr();
  EngineState state_;
};

TEST_F(RecallTest, TheRollOfEightNeedsTwoSignaturesAndOneIsShort) {
  // 1/4 of 8 is 2: 1 × 4 < 8, 2 × 4 = 8 (recall.petition_num/den).
  Ok(Open("p", "soviet:town-a", 1, "a1", 8, 2));
  Ok(Sign("p", "soviet:town-a", {"a4"}));
  EXPECT_EQ(Stage("p"), PetitionStage::kOpen);
  Refused(Vote("p", "soviet:town-a", 5, 1, "recalled", "by-1"), "1 signatures of the 2 needed");
  Ok(Sign("p", "soviet:town-a", {"a5"}));
  EXPECT_EQ(Stage("p"), PetitionStage::kVoteDue);
}

TEST_F(RecallTest, TheRollOfNineNeedsThreeSignaturesAndTwoAreShort) {
  // a9 turns 18 on 2026-02-03: the roll of that day is 9 (9/4 → 3).
  Refused(Open("p", "soviet:town-a", 1, "a1", 8, 2, "2026-02-03"), "is 9 and the signatures needed 3");
  Ok(Open("p", "soviet:town-a", 1, "a1", 9, 3, "2026-02-03"));
  Ok(Sign("p", "soviet:town-a", {"a4", "a5"}, "2026-02-03"));
  EXPECT_EQ(Stage("p"), PetitionStage::kOpen);
  Ok(Sign("p", "soviet:town-a", {"a9"}, "2026-02-03"));
  EXPECT_EQ(Stage("p"), PetitionStage::kVoteDue);
}

TEST_F(RecallTest, ASignerOffTheRollTwiceOrUnderAgeIsRefusedByName) {
  Ok(Open("p", "soviet:town-a", 1, "a1", 8, 2));
  Refused(Sign("p", "soviet:town-a", {"a4", "b1"}), "person \"b1\" is not an elector on the roll");
  Refused(Sign("p", "soviet:town-a", {"nobody"}), "not registered");
  // Under age the day before the 18th birthday, an elector on it.
  Refused(Sign("p", "soviet:town-a", {"a9"}, "2026-02-02"), "under the voting age of 18");
  Refused(Sign("p", "soviet:town-a", {"a4", "a4"}), "person \"a4\" is named twice",
          StatusCode::kAlreadyExists);
  Ok(Sign("p", "soviet:town-a", {"a4"}));
  Refused(Sign("p", "soviet:town-a", {"a6", "a4"}), "person \"a4\" has already signed",
          StatusCode::kAlreadyExists);
  EXPECT_EQ(state_.ledger.petitions.at("p").signers.size(), 1u);  // nothing of a refusal
  Ok(Sign("p", "soviet:town-a", {"a9"}, "2026-02-03"));
}

TEST_F(RecallTest, ARecalledDeputyLosesTheDelegateSeatsTwoTiersUp) {
  Ok(Open("p", "soviet:town-a", 1, "a1", 8, 2));
  Ok(Sign("p", "soviet:town-a", {"a4", "a5"}));
  Refused(Vote("p", "soviet:town-a", 4, 3, "recalled"), "give by_election");
  Ok(Vote("p", "soviet:town-a", 4, 3, "recalled", "by-a-1"));
  EXPECT_EQ(Stage("p"), PetitionStage::kRecalled);
  auto& bodies = state_.ledger.bodies;
  EXPECT_FALSE(bodies["soviet:town-a"].seats[0]);
  EXPECT_FALSE(bodies["congress:north"].seats[0]);
  EXPECT_FALSE(bodies["congress:fed"].seats[0]);
  EXPECT_TRUE(bodies["soviet:town-a"].seats[1]);
  EXPECT_TRUE(bodies["congress:north"].seats[1]);
  const CouncilElection& by = state_.ledger.elections.at("by-a-1");
  EXPECT_EQ(by.kind, CouncilElectionKind::kByElection);
  EXPECT_EQ(by.stage, CouncilElectionStage::kCalled);
  EXPECT_EQ(by.body, "soviet:town-a");
  EXPECT_EQ(by.seats, std::vector<std::int64_t>{1});
  EXPECT_EQ(by.called, D("2026-02-10"));
  Refused(Vote("p", "soviet:town-a", 4, 3, "recalled", "by-a-2"), "was decided",
          StatusCode::kAlreadyExists);
}

TEST_F(RecallTest, ATieIsNoMajorityOfVotesCast) {
  Ok(Open("p", "soviet:town-a", 1, "a1", 8, 2));
  Ok(Sign("p", "soviet:town-a", {"a4", "a5"}));
  Refused(Vote("p", "soviet:town-a", 3, 3, "recalled", "by-1"), "give \"retained\"");
  Refused(Vote("p", "soviet:town-a", 3, 3, "retained", "by-1"), "give no by_election");
  // The roll of the vote's day: a9 has come of age since the petition opened.
  Refused(Vote("p", "soviet:town-a", 6, 4, "recalled", "by-1"), "exceed the 9 electors");
  Ok(Vote("p", "soviet:town-a", 3, 3, "retained"));
  EXPECT_EQ(Stage("p"), PetitionStage::kRetained);
  EXPECT_TRUE(state_.ledger.bodies["soviet:town-a"].seats[0]);
  Refused(Sign("p", "soviet:town-a", {"a6"}, "2026-02-10"), "was decided",
          StatusCode::kAlreadyExists);
}

TEST_F(RecallTest, APetitionLapsesWhenItsDeputyLosesTheSeatOtherwise) {
  // A petition against a1 as deputy, and one of the sending body against
  // a1 as its delegate in the congress above.
  Ok(Open("p", "soviet:town-a", 1, "a1", 8, 2));
  Ok(Open("q", "congress:north", 1, "a1", 3, 0, "2026-02-01", "soviet:town-a"));
  Ok(Open("r", "soviet:town-a", 2, "a2", 8, 2));
  Ok(Sign("r", "soviet:town-a", {"a4", "a5"}));
  Ok(Vote("r", "soviet:town-a", 4, 1, "recalled", "by-2"));
  // The by-election for seat 2 seats a6 while petition p against a1 stays
  // open; then seat 1 is vacated another way (as a term's end does): p
  // lapses, and so does q, whose delegate seat stood on seat 1.
  state_.ledger.bodies["soviet:town-a"].seats[1] = Holder("a6");  // by-2 verified
  EXPECT_EQ(Stage("p"), PetitionStage::kOpen);
  VacateSeat(state_, "soviet:town-a", 1);
  EXPECT_EQ(Stage("p"), PetitionStage::kLapsed);
  EXPECT_EQ(Stage("q"), PetitionStage::kLapsed);  // the cascade took the delegate seat too
  Refused(Sign("p", "soviet:town-a", {"a4"}, "2026-02-11"), "petition \"p\" has lapsed");
  // The by-election seats a new deputy: a petition against them is new.
  state_.ledger.bodies["soviet:town-a"].seats[0] = Holder("a7");
  Refused(Open("p2", "soviet:town-a", 1, "a1", 9, 3, "2026-02-11"), "is held by \"a7\", not \"a1\"");
  Ok(Open("p2", "soviet:town-a", 1, "a7", 9, 3, "2026-02-11"));
}

TEST_F(RecallTest, APetitionAgainstTheOldHolderLapsesWhenAByElectionSeatsAnother) {
  Ok(Open("p", "soviet:town-a", 3, "a3", 8, 2));
  // The seat passes to another without VacateSeat (an election writing
  // the seat): the petition lapses all the same.
  state_.ledger.bodies["soviet:town-a"].seats[2] = Holder("a8");
  EXPECT_EQ(EffectiveStage(state_.ledger, state_.ledger.petitions.at("p"), D("2026-02-02")),
            PetitionStage::kLapsed);
  Refused(Sign("p", "soviet:town-a", {"a4"}), "has lapsed");
  Refused(Vote("p", "soviet:town-a", 1, 0, "recalled", "x"), "has lapsed");
}

TEST_F(RecallTest, APetitionLapsesAtTheEndOfTheTerm) {
  Ok(Open("p", "soviet:town-a", 1, "a1", 8, 2));
  Ok(Sign("p", "soviet:town-a", {"a4"}, "2026-04-04"));
  Refused(Sign("p", "soviet:town-a", {"a5"}, "2026-04-05"), "has lapsed");
}

TEST_F(RecallTest, ADelegateIsRecalledByAMotionOfTheSendingBody) {
  Refused(Open("q", "congress:north", 1, "a1", 3, 0), "give by_body \"soviet:town-a\"");
  Refused(Open("q", "congress:north", 1, "a1", 3, 0, "2026-02-01", "soviet:town-b"),
          "not of \"soviet:town-b\"");
  Refused(Open("q", "soviet:town-a", 1, "a1", 3, 0, "2026-02-01", "soviet:town-a"),
          "by direct election");
  Refused(Open("q", "congress:north", 1, "a1", 8, 2, "2026-02-01", "soviet:town-a"),
          "members of \"soviet:town-a\" on 2026-02-01 is 3");
  Ok(Open("q", "congress:north", 1, "a1", 3, 0, "2026-02-01", "soviet:town-a"));
  EXPECT_EQ(Stage("q"), PetitionStage::kVoteDue);
  Refused(Sign("q", "congress:north", {"a4"}), "takes no signatures");
  Refused(Vote("q", "congress:north", 3, 1, "recalled", "by-q"), "exceed the 3 seated members");
  Ok(Vote("q", "congress:north", 2, 1, "recalled", "by-q"));
  auto& bodies = state_.ledger.bodies;
  EXPECT_TRUE(bodies["soviet:town-a"].seats[0]);  // still a deputy of the soviet
  EXPECT_FALSE(bodies["congress:north"].seats[0]);
  EXPECT_FALSE(bodies["congress:fed"].seats[0]);
  EXPECT_EQ(state_.ledger.elections.at("by-q").electing_body, "soviet:town-a");
}

TEST_F(RecallTest, OpeningRefusesAVacantSeatAnotherHolderARepeatAndASecondPetition) {
  Refused(Open("p", "soviet:town-a", 4, "a1", 8, 2), "seat 4 of soviet:town-a is not held");
  Refused(Open("p", "soviet:nowhere", 1, "a1", 8, 2), "is not held");
  Refused(Open("p", "soviet:town-a", 1, "a2", 8, 2), "is held by \"a1\", not \"a2\"");
  Ok(Open("p", "soviet:town-a", 1, "a1", 8, 2));
  Refused(Open("p", "soviet:town-a", 2, "a2", 8, 2), "already opened", StatusCode::kAlreadyExists);
  Refused(Open("p-2", "soviet:town-a", 1, "a1", 8, 2), "one petition against a deputy at a time");
  Refused(Sign("p", "soviet:town-b", {"a4"}), "the act's body must be");
  Refused(Sign("nope", "soviet:town-a", {"a4"}), "is not opened");
  Refused(Open("p3", "soviet:town-a", 2, "a2", 8, 2, "2026-01-31"), "before the journal's latest");
}

TEST_F(RecallTest, TheRollOfAnInnerUnitIsTheUnionOfItsLeaves) {
  state_.ledger.bodies["soviet:north"].seats = {Holder("b1")};
  Ok(Open("p", "soviet:north", 1, "b1", 9, 3));  // a1..a8 and b1
  Ok(Sign("p", "soviet:north", {"a1", "b1", "a2"}));
  EXPECT_EQ(Stage("p"), PetitionStage::kVoteDue);
}

}  // namespace
}  // namespace sovet::engine
