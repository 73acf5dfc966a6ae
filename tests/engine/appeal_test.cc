// Appeals at their boundaries (doc/oversight.md; the charter's [[appeal]],
// 001:144). Dates are calendar dates with no time zone; the decision's
// adoption (publication) is day 0 and the last day allowed is adoption +
// `days`, included: under the 1918 charter's collegium rule (days = 7) a
// decree adopted on 2026-03-01 may be appealed on 2026-03-08, not on
// 2026-03-09. Standing, the organ, one pending appeal at a time, the
// organ's decision (upheld, annulled, amended with a new text), a
// suspensive appeal (the federation's) and an appeal lapsing when the
// decision is annulled otherwise.
#include "oversight_fixture.h"

namespace sovet::engine::oversight_test {
namespace {

namespace kinds = schema::oversight;

const std::string kNewText(64, 'b');

class AppealTest : public OversightFixture {
 protected:
  void SetUp() override {
    Tree({"klin"}, {{"rsfsr", ""}, {"moscow-gub", "rsfsr"}, {"klin", "moscow-gub"}},
         {"executive:rsfsr", "commissars:rsfsr", "gubernia_executive:moscow-gub"});
    state_.ledger.bodies["executive:rsfsr"].seats = {Seat("e1"), Seat("e2")};
    state_.ledger.bodies["commissars:rsfsr"].seats = {Seat("c1")};
    state_.ledger.bodies["gubernia_executive:moscow-gub"].seats = {Seat("g1")};
    Adopt(101, "commissars:rsfsr", "decree", "2026-03-01");
    Adopt(102, "commissars:rsfsr", "decree", "2026-03-01");
    Adopt(103, "gubernia_executive:moscow-gub", "resolution", "2026-03-01");
  }
  const Appeal& AppealOf(const std::string& id) { return state_.ledger.oversight.appeals.at(id); }
};

TEST_F(AppealTest, OnTheLastDayAllowedAndOnTheDayAfter) {
  Ok(Lodge("a1", 101, "commissars:rsfsr", "e1", "executive:rsfsr", "2026-03-08", "2026-03-08"));
  EXPECT_EQ(AppealOf("a1").stage, AppealStage::kPending);
  EXPECT_EQ(StatusOf(101), DecisionStatus::kInForce);  // collegium appeals do not suspend
  Refused(Lodge("a2", 102, "executive:rsfsr", "e2", "executive:rsfsr", "2026-03-09",
                "2026-03-08"),
          "the deadline to appeal decision 102 of commissars:rsfsr was 2026-03-08: adopted "
          "(published) on 2026-03-01, day 0, and appealed within 7 calendar days, the last day "
          "included");
  EXPECT_EQ(state_.ledger.oversight.appeals.count("a2"), 0u);
}

TEST_F(AppealTest, TheActRecordsTheRulesDeadlineAndWhetherItSuspends) {
  Refused(Lodge("a1", 101, "commissars:rsfsr", "e1", "executive:rsfsr", "2026-03-02",
                "2026-03-09"),
          "deadline 2026-03-09 is not the rule's: 2026-03-08");
  Refused(Lodge("a1", 101, "commissars:rsfsr", "e1", "executive:rsfsr", "2026-03-02",
                "2026-03-08", /*suspends=*/true),
          "suspends must be false");
}

TEST_F(AppealTest, StandingAndTheOrganAreTheCharters) {
  // A person with no seat of the Executive or the Commissars.
  Refused(Lodge("a1", 101, "commissars:rsfsr", "g1", "executive:rsfsr", "2026-03-02",
                "2026-03-08"),
          "\"g1\" holds no seat of executive:rsfsr on 2026-03-02");
  Refused(Lodge("a1", 101, "commissars:rsfsr", "g1", "gubernia_executive:moscow-gub",
                "2026-03-02", "2026-03-08"),
          "standing \"gubernia_executive:moscow-gub\" gives no right of appeal under [[appeal]] "
          "\"collegium\"");
  Refused(Lodge("a1", 101, "commissars:rsfsr", "e1", "elector", "2026-03-02", "2026-03-08"),
          "gives electors no standing");
  Refused(Lodge("a1", 101, "gubernia_executive:moscow-gub", "e1", "executive:rsfsr", "2026-03-02",
                "2026-03-08"),
          "[[appeal]] \"collegium\" goes to commissars or executive");
  Refused(Lodge("a1", 103, "executive:rsfsr", "e1", "executive:rsfsr", "2026-03-02",
                "2026-03-08"),
          "[[appeal]] \"collegium\" covers decisions of commissars, not decision 103");
  Refused(Lodge("a1", 101, "executive:rsfsr", "e1", "executive:rsfsr", "2026-03-02", "2026-03-08",
                false, "nope"),
          "no [[appeal]] rule of the charter has id \"nope\" (the charter's: collegium)");
  Ok(Lodge("a1", 101, "executive:rsfsr", "c1", "commissars:rsfsr", "2026-03-02", "2026-03-08"));
}

TEST_F(AppealTest, OneAppealOfADecisionAtATime) {
  Ok(Lodge("a1", 101, "commissars:rsfsr", "e1", "executive:rsfsr", "2026-03-02", "2026-03-08"));
  Refused(Lodge("a1", 102, "commissars:rsfsr", "e1", "executive:rsfsr", "2026-03-02",
                "2026-03-08"),
          "appeal \"a1\" is already lodged", StatusCode::kAlreadyExists);
  Refused(Lodge("a2", 101, "executive:rsfsr", "e2", "executive:rsfsr", "2026-03-03",
                "2026-03-08"),
          "decision 101 of commissars:rsfsr already has appeal \"a1\" pending before "
          "commissars:rsfsr",
          StatusCode::kAlreadyExists);
  Ok(Decide("a1", "commissars:rsfsr", "upheld", "2026-03-04"));
  // Decided, the decision may be appealed again within the deadline, to the
  // Bureau (the Executive).
  Ok(Lodge("a2", 101, "executive:rsfsr", "e2", "executive:rsfsr", "2026-03-05", "2026-03-08"));
}

TEST_F(AppealTest, TheOrganDecidesOnceUpheldAnnulledOrAmended) {
  Ok(Lodge("a1", 101, "commissars:rsfsr", "e1", "executive:rsfsr", "2026-03-02", "2026-03-08"));
  Ok(Lodge("a2", 102, "executive:rsfsr", "e1", "executive:rsfsr", "2026-03-02", "2026-03-08"));
  Refused(Decide("a1", "executive:rsfsr", "upheld", "2026-03-03"),
          "appeal \"a1\" was lodged with commissars:rsfsr: that organ decides it");
  Refused(Decide("nope", "executive:rsfsr", "upheld", "2026-03-03"), "appeal \"nope\" is not lodged");
  Refused(Decide("a1", "commissars:rsfsr", "amended", "2026-03-03"), "64 lower-case hex digits");
  Refused(Decide("a1", "commissars:rsfsr", "upheld", "2026-03-03", kNewText),
          "no text_sha256 unless the outcome is \"amended\"");
  Refused(Decide("a1", "commissars:rsfsr", "amended", "2026-03-03", std::string(64, 'a')),
          "the amended text's SHA-256 is the decision's own");
  Ok(Decide("a1", "commissars:rsfsr", "amended", "2026-03-03", kNewText));
  EXPECT_EQ(AppealOf("a1").stage, AppealStage::kAmended);
  EXPECT_EQ(Of(101).text_sha256, kNewText);
  EXPECT_EQ(StatusOf(101), DecisionStatus::kInForce);
  ASSERT_EQ(Of(101).history.size(), 1u);
  EXPECT_EQ(Of(101).history[0].by, "commissars:rsfsr");
  Refused(Decide("a1", "commissars:rsfsr", "upheld", "2026-03-04"), "an appeal is decided once",
          StatusCode::kAlreadyExists);
  Ok(Decide("a2", "executive:rsfsr", "annulled", "2026-03-04"));
  EXPECT_EQ(StatusOf(102), DecisionStatus::kAnnulled);
  Refused(Lodge("a3", 102, "executive:rsfsr", "e2", "executive:rsfsr", "2026-03-05",
                "2026-03-08"),
          "decision 102 of commissars:rsfsr is annulled");
}

TEST_F(AppealTest, AnAppealLapsesWhenTheDecisionIsAnnulledOtherwise) {
  Ok(Lodge("a1", 101, "commissars:rsfsr", "e1", "executive:rsfsr", "2026-03-02", "2026-03-08"));
  Ok(OrganAct(kinds::kAnnulKind, "executive:rsfsr", 101, "2026-03-03"));
  EXPECT_EQ(AppealOf("a1").stage, AppealStage::kLapsed);
  Refused(Decide("a1", "commissars:rsfsr", "upheld", "2026-03-04"), "appeal \"a1\" lapsed");
}

// The federation's member appeal suspends (days = 14, suspensive = true).
class SuspensiveAppealTest : public OversightFixture {
 protected:
  SuspensiveAppealTest() : OversightFixture("federation.toml") {}
  void SetUp() override {
    Tree({"harbour"}, {{"fed", ""}, {"north", "fed"}, {"harbour", "north"}},
         {"city_council:harbour", "city_executive:harbour", "regional_council:north"});
    state_.ledger.bodies["city_council:harbour"].seats = {Seat("m1"), Seat("m2")};
    Adopt(201, "city_executive:harbour", "instruction", "2026-04-01");
  }
};

TEST_F(SuspensiveAppealTest, TheDecisionIsSuspendedUntilTheAppealIsDecided) {
  Refused(Lodge("s1", 201, "city_council:harbour", "m1", "city_council:harbour", "2026-04-16",
                "2026-04-15", true, "member"),
          "was 2026-04-15");
  Ok(Lodge("s1", 201, "city_council:harbour", "m1", "city_council:harbour", "2026-04-15",
           "2026-04-15", true, "member"));
  EXPECT_EQ(StatusOf(201), DecisionStatus::kSuspended);
  // Suspended by the appeal, not by an organ's act.suspend: not lifted.
  Refused(OrganAct(kinds::kLiftKind, "city_council:harbour", 201, "2026-04-16"),
          "suspended by the pending appeal \"s1\"");
  Ok(Decide("s1", "city_council:harbour", "upheld", "2026-04-17"));
  EXPECT_EQ(StatusOf(201), DecisionStatus::kInForce);
  ASSERT_EQ(Of(201).history.size(), 2u);
  EXPECT_EQ(Of(201).history[0].status, DecisionStatus::kSuspended);
  EXPECT_EQ(Of(201).history[1].status, DecisionStatus::kInForce);
}

TEST_F(SuspensiveAppealTest, AnAppealOfASuspendedDecisionSuspendsNothingMore) {
  Ok(OrganAct(kinds::kSuspendKind, "city_council:harbour", 201, "2026-04-02"));
  Refused(Lodge("s1", 201, "city_council:harbour", "m1", "city_council:harbour", "2026-04-03",
                "2026-04-15", true, "member"),
          "suspends must be false");
  Ok(Lodge("s1", 201, "city_council:harbour", "m1", "city_council:harbour", "2026-04-03",
           "2026-04-15", false, "member"));
  Ok(Decide("s1", "city_council:harbour", "upheld", "2026-04-04"));
  // Still suspended by the council's own act.suspend.
  EXPECT_EQ(StatusOf(201), DecisionStatus::kSuspended);
  Ok(OrganAct(kinds::kLiftKind, "city_council:harbour", 201, "2026-04-05"));
  EXPECT_EQ(StatusOf(201), DecisionStatus::kInForce);
}

}  // namespace
}  // namespace sovet::engine::oversight_test
