// The session.* family's rules at their boundaries, against an EngineState
// built directly (no journal): a demand holding exactly 1/3 of the
// inhabitants convenes and one inhabitant short does not (001:144);
// overlapping demands count a unit inside another demander's once; the
// recorded census figures are checked against the charter and fixed; terms
// end on the day a session opens; `due` on the exact day a term ends; the
// seat history follows a cascade.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/council.h"
#include "sovet/charter.h"
#include "sovet/engine.h"
#include "sovet/person_roll.h"
#include "sovet/sessions.h"

namespace sovet {
namespace {

using ::testing::HasSubstr;

Date D(const char* text) { return *Date::Parse(text); }

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
    ASSERT_TRUE(charter.has_value()) << charter.error().ToString();
    charter_ = std::move(*charter);
    for (const char* body : {"congress:R", "executive:R", "gubernia_congress:G",
                             "gubernia_congress:H", "town_soviet:T", "village_soviet:V",
                             "uyezd_congress:U"}) {
      state_.body_index[body] = static_cast<BodyIndex>(state_.body_ids.size());
      state_.body_ids.push_back(body);
    }
  }

  static Act Demand(const std::string& by, std::int64_t inhabitants, const std::string& kind,
                    std::vector<std::string> within, const std::string& date,
                    std::int64_t root = 90000) {
    Act act{.kind = schema::council::kDemandKind, .body = "congress:R", .fields = {}};
    act.fields["date"] = Value::Text(date);
    act.fields["by"] = Value::Text(by);
    act.fields["inhabitants"] = Value::Integer(inhabitants);
    act.fields["unit_kind"] = Value::Text(kind);
    ValueList list;
    for (const std::string& unit : within) list.push_back(Value::Text(unit));
    act.fields["within"] = Value::List(std::move(list));
    act.fields["root_inhabitants"] = Value::Integer(root);
    return act;
  }

  Act Convene(const std::string& body, const std::string& date, const std::string& opens,
              const std::string& session = "regular", const std::string& initiative = "",
              const std::string& by = "", bool demands = false) {
    Act act{.kind = schema::council::kConveneKind, .body = body, .fields = {}};
    act.fields["date"] = Value::Text(date);
    act.fields["opens"] = Value::Text(opens);
    act.fields["session"] = Value::Text(session);
    if (!initiative.empty()) act.fields["initiative"] = Value::Text(initiative);
    if (!by.empty()) act.fields["by"] = Value::Text(by);
    if (demands) {
      ValueList named;
      for (const auto& [demander, when] : state_.ledger.demands[body]) {
        named.push_back(Value::Text(demander));
      }
      act.fields["demanded_by"] = Value::List(std::move(named));
    }
    return act;
  }

  Result<void> Run(const Act& act) {
    SOVET_CHECK_OK(engine::CheckCouncilAct(state_, charter_, act));
    engine::ApplyCouncilAct(state_, charter_, act);
    return {};
  }

  Result<void> ConveneOnDemands(const std::string& date) {
    return Run(Convene("congress:R", date, date, "extraordinary", "demands", "", true));
  }

  std::vector<DueItem> Due(const char* on, const std::string& what) {
    std::vector<DueItem> out;
    for (DueItem& item : DueOn(state_, charter_, D(on))) {
      if (item.what == what) out.push_back(std::move(item));
    }
    return out;
  }

  void Seat(const std::string& body, std::int64_t seats, std::int64_t seat, const std::string& who,
            const char* seated, std::optional<Date> ends, const std::string& source = "",
            std::int64_t source_seat = 0) {
    auto& list = state_.ledger.bodies[body].seats;
    if (static_cast<std::int64_t>(list.size()) < seats) list.resize(seats);
    list[seat - 1] = SeatHolder{.person = who,
                                .election = "e-" + body,
                                .seated = D(seated),
                                .term_ends = ends,
                                .source_body = source,
                                .source_seat = source_seat};
  }

  Charter charter_;
  EngineState state_;
};

TEST_F(SessionTest, ExactlyOneThirdOfTheInhabitantsConvenes) {
  ASSERT_TRUE(Run(Demand("gubernia_congress:G", 30000, "gubernia", {"R"}, "1918-03-01")));
  const auto share = ShareOfDemands(state_.ledger, charter_, "congress:R", {"gubernia_congress:G"});
  EXPECT_EQ(share.counted, 30000);
  EXPECT_EQ(share.total, 90000);
  EXPECT_TRUE(share.enough);
  ASSERT_EQ(Due("1918-03-01", "extraordinary_session").size(), 1u);
  auto done = ConveneOnDemands("1918-03-02");
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_TRUE(state_.ledger.demands["congress:R"].empty());  // the demands are met
  ASSERT_EQ(state_.ledger.sessions.size(), 1u);
  EXPECT_TRUE(state_.ledger.sessions[0].extraordinary);
  EXPECT_EQ(state_.ledger.sessions[0].demanded_by,
            std::vector<std::string>{"gubernia_congress:G"});
}

TEST_F(SessionTest, OneInhabitantShortOfOneThirdIsRefusedNamingTheRule) {
  ASSERT_TRUE(Run(Demand("gubernia_congress:G", 29999, "gubernia", {"R"}, "1918-03-01")));
  EXPECT_TRUE(Due("1918-03-01", "extraordinary_session").empty());
  auto refused = ConveneOnDemands("1918-03-02");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(refused.error().message(), HasSubstr("29999 of 90000"));
  EXPECT_THAT(refused.error().message(), HasSubstr("001:144"));
  EXPECT_THAT(refused.error().message(), HasSubstr("extraordinary_share_num/den"));
  EXPECT_TRUE(state_.ledger.sessions.empty());
}

TEST_F(SessionTest, ATownInsideADemandingGuberniaIsCountedOnce) {
  ASSERT_TRUE(Run(Demand("gubernia_congress:G", 20000, "gubernia", {"R"}, "1918-03-01")));
  ASSERT_TRUE(Run(Demand("town_soviet:T", 15000, "town", {"R", "G"}, "1918-03-02")));
  auto share = ShareOfDemands(state_.ledger, charter_, "congress:R",
                              {"gubernia_congress:G", "town_soviet:T"});
  EXPECT_EQ(share.counted, 20000);  // not 35000
  EXPECT_FALSE(share.enough);
  EXPECT_FALSE(ConveneOnDemands("1918-03-03"));
  // A second gubernia, disjoint: 20,000 + 10,000 = 30,000 = 1/3.
  ASSERT_TRUE(Run(Demand("gubernia_congress:H", 10000, "gubernia", {"R"}, "1918-03-04")));
  auto done = ConveneOnDemands("1918-03-05");
  EXPECT_TRUE(done) << done.error().ToString();
}

TEST_F(SessionTest, DemandsNamedAreTheStandingOnesAndAreNotRepeated) {
  ASSERT_TRUE(Run(Demand("gubernia_congress:G", 30000, "gubernia", {"R"}, "1918-03-01")));
  auto repeat = Run(Demand("gubernia_congress:G", 30000, "gubernia", {"R"}, "1918-03-02"));
  ASSERT_FALSE(repeat);
  EXPECT_EQ(repeat.error().code(), StatusCode::kAlreadyExists);
  Act convene = Convene("congress:R", "1918-03-02", "1918-03-09", "extraordinary", "demands");
  convene.fields["demanded_by"] = Value::List({Value::Text("gubernia_congress:H")});
  auto refused = Run(convene);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message(), HasSubstr("the demands on record are"));
}

TEST_F(SessionTest, RecordedFiguresAreCheckedAgainstTheCharterAndTheJournal) {
  // A town soviet sits in a town of at least 10,000 (charter [[body]] when).
  auto small = Run(Demand("town_soviet:T", 5000, "town", {"R", "G"}, "1918-03-01"));
  ASSERT_FALSE(small);
  EXPECT_THAT(small.error().message(), HasSubstr("when"));
  auto kind = Run(Demand("gubernia_congress:G", 30000, "volost", {"R"}, "1918-03-01"));
  ASSERT_FALSE(kind);
  EXPECT_THAT(kind.error().message(), HasSubstr("[[body]] units"));
  auto outside = Run(Demand("gubernia_congress:G", 30000, "gubernia", {"X"}, "1918-03-01"));
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().where().field, "within");
  ASSERT_TRUE(Run(Demand("gubernia_congress:G", 20000, "gubernia", {"R"}, "1918-03-01")));
  // Another root figure, or a town larger than its gubernia, is refused.
  auto root = Run(Demand("gubernia_congress:H", 10000, "gubernia", {"R"}, "1918-03-02", 60000));
  ASSERT_FALSE(root);
  EXPECT_THAT(root.error().message(), HasSubstr("90000"));
  auto larger = Run(Demand("town_soviet:T", 25000, "town", {"R", "G"}, "1918-03-02"));
  ASSERT_FALSE(larger);
  EXPECT_THAT(larger.error().message(), HasSubstr("no more"));
  // A local congress is not demanded of.
  Act local = Demand("town_soviet:T", 15000, "town", {"R", "G"}, "1918-03-02");
  local.body = "gubernia_congress:G";
  EXPECT_FALSE(Run(local));
}

TEST_F(SessionTest, TheUnitsWithinFollowTheRegistersCensusTree) {
  Act units{.kind = "register.units", .body = "", .fields = {}};
  units.fields["date"] = Value::Text("1918-01-01");
  units.fields["units"] = Value::List({Value::Text("V1"), Value::Text("T")});
  units.fields["parents"] = Value::Map(ValueMap{{"V1", Value::Text("W")},
                                                {"W", Value::Text("U")},
                                                {"U", Value::Text("G")},
                                                {"T", Value::Text("G")},
                                                {"G", Value::Text("R")},
                                                {"R", Value::Text("")}});
  ASSERT_TRUE(CheckRollAct(state_.roll, charter_, units).has_value());
  state_.roll.Apply(units);
  auto wrong = Run(Demand("town_soviet:T", 15000, "town", {"R"}, "1918-03-01"));
  ASSERT_FALSE(wrong);
  EXPECT_THAT(wrong.error().message(), HasSubstr("census tree puts T inside [R, G]"));
  EXPECT_TRUE(Run(Demand("town_soviet:T", 15000, "town", {"R", "G"}, "1918-03-01")));
}

TEST_F(SessionTest, TheExecutiveConvenesOnItsOwnInitiative) {
  auto other = Run(Convene("congress:R", "1918-03-01", "1918-03-10", "extraordinary", "executive",
                           "gubernia_congress:G"));
  ASSERT_FALSE(other);
  EXPECT_THAT(other.error().message(), HasSubstr("001:144"));
  EXPECT_TRUE(Run(Convene("congress:R", "1918-03-01", "1918-03-10", "extraordinary", "executive",
                          "executive:R")));
  // Local congresses meet by their rule only; soviets are not convened.
  EXPECT_FALSE(Run(Convene("gubernia_congress:G", "1918-03-02", "1918-03-05", "extraordinary",
                           "executive", "gubernia_executive:G")));
  EXPECT_FALSE(Run(Convene("village_soviet:V", "1918-03-02", "1918-03-05")));
  EXPECT_TRUE(Run(Convene("gubernia_congress:G", "1918-03-02", "1918-03-05")));
  // Sessions of a body open in date order, one a day; none opens before its convocation.
  auto same = Run(Convene("congress:R", "1918-03-03", "1918-03-10"));
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().code(), StatusCode::kAlreadyExists);
  EXPECT_FALSE(Run(Convene("congress:R", "1918-03-20", "1918-03-19")));
}

// congress_sessions_per_year = 2 is a minimum (001:144 "at least twice a
// year"): a second regular session in the same half is lawful, and the
// other half still needs its own.
TEST_F(SessionTest, ASecondRegularCongressInTheSameHalfIsLawfulAndTheOtherHalfStillDue) {
  // The root congress and the three local congresses, none of which has met.
  ASSERT_EQ(Due("1918-01-15", "regular_session").size(), 4u);
  auto congress_due = [&](const char* on) {
    auto items = Due(on, "regular_session");
    return std::count_if(items.begin(), items.end(),
                         [](const DueItem& item) { return item.body == "congress:R"; });
  };
  EXPECT_EQ(congress_due("1918-01-15"), 1);
  ASSERT_TRUE(Run(Convene("congress:R", "1918-01-20", "1918-03-01")));
  EXPECT_EQ(congress_due("1918-01-20"), 0);
  auto second = Run(Convene("congress:R", "1918-03-05", "1918-06-30"));
  EXPECT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(congress_due("1918-06-30"), 0);
  EXPECT_EQ(congress_due("1918-07-01"), 1);
  auto items = Due("1918-07-01", "regular_session");
  auto root = std::find_if(items.begin(), items.end(),
                           [](const DueItem& item) { return item.body == "congress:R"; });
  ASSERT_NE(root, items.end());
  EXPECT_EQ(root->by, D("1918-12-31"));
  EXPECT_THAT(root->rule, HasSubstr("congress_sessions_per_year = 2"));
}

// [[convocation.local]] before = "congress": a local congress meets between
// the convocation of the congress and its opening, so its delegations are
// fresh (SYSTEM.md §7.2); an extraordinary session does not stand for a
// regular one.
TEST_F(SessionTest, LocalCongressesMeetBeforeTheCongressAndExtraordinaryIsNotRegular) {
  for (const char* body : {"gubernia_congress:G", "gubernia_congress:H", "uyezd_congress:U"}) {
    ASSERT_TRUE(Run(Convene(body, "1918-01-02", "1918-01-05")));
  }
  ASSERT_TRUE(Run(Convene("congress:R", "1918-01-20", "1918-02-15", "extraordinary", "executive",
                          "executive:R")));
  auto items = Due("1918-02-01", "regular_session");
  // The three local congresses must meet again before 15 February (by the
  // 14th), and the congress's regular session of the half is still due.
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].by, D("1918-02-14"));
  EXPECT_THAT(items[0].detail, HasSubstr("before congress:R"));
  EXPECT_EQ(items[3].body, "congress:R");
  EXPECT_EQ(items[3].by, D("1918-06-30"));
  ASSERT_TRUE(Run(Convene("gubernia_congress:G", "1918-02-01", "1918-02-10")));
  EXPECT_EQ(Due("1918-02-01", "regular_session").size(), 3u);
}

TEST_F(SessionTest, AnExecutivesTermEndsOnTheDayTheCongressNextOpens) {
  Seat("executive:R", 2, 1, "x1", "1918-01-10", std::nullopt);
  Seat("executive:R", 2, 2, "x2", "1918-01-10", std::nullopt);
  Seat("congress:R", 2, 1, "d1", "1918-01-05", std::nullopt, "gubernia_congress:G", 1);
  Seat("congress:R", 2, 2, "d2", "1918-01-05", std::nullopt, "town_soviet:T", 3);
  ASSERT_TRUE(Run(Convene("congress:R", "1918-06-01", "1918-07-04")));
  // The day before the session: the delegations to refresh, not yet the executive.
  auto delegations = Due("1918-07-03", "delegation");
  ASSERT_EQ(delegations.size(), 2u);
  EXPECT_EQ(delegations[0].body, "gubernia_congress:G");
  EXPECT_EQ(delegations[0].by, D("1918-07-04"));
  EXPECT_THAT(delegations[0].rule, HasSubstr("terms.congress_delegate"));
  EXPECT_TRUE(Due("1918-07-03", "election").empty());
  // The day it opens: the executive's term has ended.
  auto elections = Due("1918-07-04", "election");
  ASSERT_EQ(elections.size(), 1u);
  EXPECT_EQ(elections[0].body, "executive:R");
  EXPECT_EQ(elections[0].seats, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(elections[0].by, D("1918-07-04"));
  EXPECT_THAT(elections[0].rule, HasSubstr("terms.executive"));
}

TEST_F(SessionTest, DueOnTheExactDayATermEnds) {
  Seat("village_soviet:V", 3, 1, "p1", "1918-01-10", D("1918-04-10"));
  EXPECT_TRUE(Due("1918-04-09", "election").empty());
  auto due = Due("1918-04-10", "election");
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].by, D("1918-04-10"));
  EXPECT_THAT(due[0].rule, HasSubstr("terms.soviet_deputy_months = 3 (001:150)"));
  // The seats never filled are vacancies to fill.
  auto vacant = Due("1918-04-09", "by_election");
  ASSERT_EQ(vacant.size(), 1u);
  EXPECT_EQ(vacant[0].seats, (std::vector<std::int64_t>{2, 3}));
  // A recall petition that reached its threshold.
  state_.ledger.petitions["p"] = RecallPetition{.id = "p", .body = "village_soviet:V", .seat = 1,
                                                .person = "p1", .opened = D("1918-02-01"),
                                                .roll = 8, .signers = {},
                                                .stage = PetitionStage::kVoteDue};
  auto votes = Due("1918-02-02", "recall_vote");
  ASSERT_EQ(votes.size(), 1u);
  EXPECT_EQ(votes[0].person, "p1");
}

TEST_F(SessionTest, TheHistoryFollowsSeatsAndTheirCascade) {
  Act act{.kind = "election.verify", .body = "village_soviet:V", .fields = {}};
  Seat("village_soviet:V", 1, 1, "p1", "1918-01-10", D("1918-04-10"));
  engine::ObserveCouncilSeats(state_, act, D("1918-01-10"));
  Act up{.kind = "election.verify", .body = "congress:R", .fields = {}};
  Seat("congress:R", 1, 1, "p1", "1918-02-01", std::nullopt, "village_soviet:V", 1);
  engine::ObserveCouncilSeats(state_, up, D("1918-02-01"));
  // Recall vacates the soviet seat and the delegate seat standing on it.
  state_.ledger.bodies["village_soviet:V"].seats[0].reset();
  state_.ledger.bodies["congress:R"].seats[0].reset();
  Act recall{.kind = "recall.vote", .body = "village_soviet:V", .fields = {}};
  engine::ObserveCouncilSeats(state_, recall, D("1918-03-01"));
  const auto history = BodyHistory(state_.ledger, "congress:R");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].person, "");
  EXPECT_EQ(history[1].act, "recall.vote");
  EXPECT_EQ(history[1].on, D("1918-03-01"));
  EXPECT_EQ(HoldersOn(state_.ledger, "", D("1918-01-31")).size(), 1u);
  EXPECT_EQ(HoldersOn(state_.ledger, "", D("1918-02-28")).size(), 2u);
  EXPECT_EQ(HoldersOn(state_.ledger, "", D("1918-03-01")).size(), 0u);
}

}  // namespace
}  // namespace sovet
