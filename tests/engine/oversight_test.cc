// The oversight rules at their boundaries (doc/oversight.md; the charter's
// [[oversight]], 001:144): the Executive annuls, suspends, lifts and
// approves the Council of Commissars' decisions; an organ outside the
// deciding body's subtree, or without the power, is refused naming the rule;
// lifting what is not suspended, approving what awaits no approval,
// suspending a decision not yet in force and acting on an annulled one are
// refused; every change is in the decision's history.
#include "oversight_fixture.h"

namespace sovet::engine::oversight_test {
namespace {

using ::testing::HasSubstr;
namespace kinds = schema::oversight;

class OversightTest : public OversightFixture {
 protected:
  void SetUp() override {
    // rsfsr ⊃ moscow-gub ⊃ klin-uyezd ⊃ klin (a town); rsfsr ⊃ tver-gub ⊃ tver.
    Tree({"klin", "tver"},
         {{"rsfsr", ""},
          {"moscow-gub", "rsfsr"},
          {"tver-gub", "rsfsr"},
          {"klin-uyezd", "moscow-gub"},
          {"klin", "klin-uyezd"},
          {"tver", "tver-gub"}},
         {"congress:rsfsr", "executive:rsfsr", "commissars:rsfsr",
          "gubernia_executive:moscow-gub", "gubernia_executive:tver-gub",
          "uyezd_executive:klin-uyezd", "town_soviet:klin"});
    Adopt(101, "commissars:rsfsr", "decree", "2026-03-01");
    Adopt(102, "commissars:rsfsr", "decree", "2026-03-01", DecisionStatus::kAwaitingApproval);
    Adopt(103, "uyezd_executive:klin-uyezd", "resolution", "2026-03-01");
  }
};

TEST_F(OversightTest, TheExecutiveAnnulsACommissarsDecreeAndAnnulmentIsFinal) {
  Ok(OrganAct(kinds::kAnnulKind, "executive:rsfsr", 101, "2026-03-02"));
  EXPECT_EQ(StatusOf(101), DecisionStatus::kAnnulled);
  ASSERT_EQ(Of(101).history.size(), 1u);
  EXPECT_EQ(Of(101).history[0].by, "executive:rsfsr");
  EXPECT_EQ(Of(101).history[0].on, D("2026-03-02"));
  EXPECT_EQ(Of(101).history[0].status, DecisionStatus::kAnnulled);
  for (const char* kind : {kinds::kAnnulKind, kinds::kSuspendKind, kinds::kLiftKind,
                           kinds::kApproveKind}) {
    Refused(OrganAct(kind, "executive:rsfsr", 101, "2026-03-03"), "annulment is final",
            StatusCode::kAlreadyExists);
  }
}

TEST_F(OversightTest, SuspendThenLiftAndTheRefusalsBetween) {
  Refused(OrganAct(kinds::kLiftKind, "executive:rsfsr", 101, "2026-03-02"),
          "decision 101 of commissars:rsfsr is not suspended (it is in_force)");
  Ok(OrganAct(kinds::kSuspendKind, "executive:rsfsr", 101, "2026-03-02"));
  EXPECT_EQ(StatusOf(101), DecisionStatus::kSuspended);
  Refused(OrganAct(kinds::kSuspendKind, "executive:rsfsr", 101, "2026-03-03"),
          "is already suspended (suspended on 2026-03-02 by executive:rsfsr)",
          StatusCode::kAlreadyExists);
  // A suspended decision awaits no approval either.
  Refused(OrganAct(kinds::kApproveKind, "executive:rsfsr", 101, "2026-03-03"),
          "awaits no approval (it is suspended)");
  Ok(OrganAct(kinds::kLiftKind, "executive:rsfsr", 101, "2026-03-04"));
  EXPECT_EQ(StatusOf(101), DecisionStatus::kInForce);
  ASSERT_EQ(Of(101).history.size(), 2u);
  EXPECT_EQ(Of(101).history[1].status, DecisionStatus::kInForce);
  EXPECT_EQ(Of(101).history[1].on, D("2026-03-04"));
  Refused(OrganAct(kinds::kLiftKind, "executive:rsfsr", 101, "2026-03-05"), "is not suspended");
}

TEST_F(OversightTest, AnEssentialDecisionComesIntoForceOnApprovalOnly) {
  Refused(OrganAct(kinds::kSuspendKind, "executive:rsfsr", 102, "2026-03-02"),
          "awaits approval and is not in force");
  // The Congress may annul or suspend, but approval is the Executive's
  // (001:144: "submit its most essential decisions to it for approval").
  Refused(OrganAct(kinds::kApproveKind, "congress:rsfsr", 102, "2026-03-02"),
          "no [[oversight]] rule of the charter gives All-Russian Congress of Soviets (congress) "
          "the power to approve decisions of Council of People's Commissars (commissars)");
  Refused(OrganAct(kinds::kApproveKind, "executive:rsfsr", 101, "2026-03-02"),
          "awaits no approval (it is in_force): only a decision of an essential motion kind");
  Ok(OrganAct(kinds::kApproveKind, "executive:rsfsr", 102, "2026-03-02"));
  EXPECT_EQ(StatusOf(102), DecisionStatus::kInForce);
  Refused(OrganAct(kinds::kApproveKind, "executive:rsfsr", 102, "2026-03-03"),
          "awaits no approval");
}

TEST_F(OversightTest, AnOrganOutsideTheDecidingBodysSubtreeIsRefused) {
  // Tver's gubernia executive over a decision of Klin's uyezd (Moscow).
  Refused(OrganAct(kinds::kAnnulKind, "gubernia_executive:tver-gub", 103, "2026-03-02"),
          "decision 103 of uyezd_executive:klin-uyezd lies outside the subtree of "
          "gubernia_executive:tver-gub: unit \"klin-uyezd\" is not \"tver-gub\" nor beneath it");
  EXPECT_EQ(StatusOf(103), DecisionStatus::kInForce);
  Ok(OrganAct(kinds::kSuspendKind, "gubernia_executive:moscow-gub", 103, "2026-03-02"));
  Ok(OrganAct(kinds::kAnnulKind, "executive:rsfsr", 103, "2026-03-03"));
  EXPECT_EQ(StatusOf(103), DecisionStatus::kAnnulled);
  EXPECT_EQ(Of(103).history.size(), 2u);
}

TEST_F(OversightTest, AnOrganWithoutThePowerIsRefusedNamingTheCharterKey) {
  Refused(OrganAct(kinds::kAnnulKind, "uyezd_executive:klin-uyezd", 101, "2026-03-02"),
          "no [[oversight]] rule of the charter gives uyezd executive committee (uyezd_executive) "
          "the power to annul decisions of");
  // A soviet does not oversee the executive above it.
  Refused(OrganAct(kinds::kSuspendKind, "town_soviet:klin", 103, "2026-03-02"),
          "charter [[oversight]] organ/over/powers");
  // The Council of Commissars oversees nobody.
  Refused(OrganAct(kinds::kAnnulKind, "commissars:rsfsr", 103, "2026-03-02"),
          "the power to annul decisions of");
}

TEST_F(OversightTest, UnknownDecisionsAndOrgansAreRefused) {
  Refused(OrganAct(kinds::kAnnulKind, "executive:rsfsr", 999, "2026-03-02"),
          "entry 999 is no adopted decision");
  Refused(OrganAct(kinds::kAnnulKind, "executive:nowhere", 101, "2026-03-02"),
          "organ \"executive:nowhere\" is no body of this journal");
  Act bad = OrganAct(kinds::kAnnulKind, "executive:rsfsr", 101, "2026-03-02");
  bad.fields["extra"] = Value::Integer(1);
  Refused(bad, "extra");
}

TEST_F(OversightTest, ActsAreKeptInDateOrder) {
  Ok(OrganAct(kinds::kSuspendKind, "executive:rsfsr", 101, "2026-03-05"));
  Refused(OrganAct(kinds::kLiftKind, "executive:rsfsr", 101, "2026-03-04"),
          "before the journal's latest dated act");
}

}  // namespace
}  // namespace sovet::engine::oversight_test
