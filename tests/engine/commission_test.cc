// The mandates commission on hand-built records: each check of
// doc/cycle.md "Lifecycle of a mandate", one at a time.
#include "engine/commission.h"

#include <gtest/gtest.h>

#include "sovet/cycle.h"

namespace sovet::engine {
namespace {

class CommissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ApportionedBody soviet;
    soviet.id = "village_soviet:a";
    soviet.kind = "village_soviet";
    soviet.unit = 1;
    soviet.seats = 3;
    ApportionedBody congress;
    congress.id = "volost_congress:x";
    congress.kind = "volost_congress";
    congress.unit = 0;
    congress.seats = 2;
    congress.delegations = {Delegation{0, 2}};
    apportionment_.bodies = {soviet, congress};
    state_ = CouncilState::ForApportionment(apportionment_);
    const SlateIndex slate = persons_.AddSlate("slate", "A slate");
    for (int person_idx = 0; person_idx < 5; ++person_idx) {
      persons_.Add("Person " + std::to_string(person_idx), 1, slate, person_idx == 3 ? 16 : 30, -1,
                   900, 10);
    }
    ElectionAct election;
    election.body = 0;
    election.method = "plurality";
    election.seats = 3;
    election.electors = 100;
    election.present = 60;
    election.candidates = {0, 1, 2, 3, 4};
    election.candidate_source.assign(5, kNoMandate);
    election.votes = {50, 40, 30, 35, 10};
    election.elected = {0, 1, 3};
    acts_.push_back(election);
  }

  VerificationAct Verify(BodyIndex body, ActIndex election,
                         std::vector<PresentedMandate> presented) {
    return VerifyMandates(charter_, persons_, acts_, state_, body, election, presented);
  }

  Charter charter_;  // defaults: voting age 18, quorum half plus one
  Apportionment apportionment_;
  CouncilState state_;
  PersonRegister persons_;
  std::vector<CycleAct> acts_;
};

TEST_F(CommissionTest, SeatsARegularReturnInTheLowestVacantSeats) {
  VerificationAct verdicts = Verify(0, 0, {{0, 0, kNoMandate, {}}, {1, 1, kNoMandate, {}}});
  ASSERT_EQ(verdicts.checks.size(), 2u);
  EXPECT_EQ(verdicts.checks[0].reason, RejectReason::kNone);
  EXPECT_EQ(verdicts.checks[0].seat, 1);
  EXPECT_EQ(verdicts.checks[1].seat, 2);
}

TEST_F(CommissionTest, RejectsEachIrregularity) {
  // Quorum: 100 electors need 51 present.
  std::get<ElectionAct>(acts_[0]).present = 50;
  EXPECT_EQ(Verify(0, 0, {{0, 0, kNoMandate, {}}}).checks[0].reason, RejectReason::kNoQuorum);
  std::get<ElectionAct>(acts_[0]).present = 51;
  EXPECT_EQ(Verify(0, 0, {{0, 0, kNoMandate, {}}}).checks[0].reason, RejectReason::kNone);
  // Person 3 is 16.
  EXPECT_EQ(Verify(0, 0, {{3, 2, kNoMandate, {}}}).checks[0].reason, RejectReason::kIneligible);
  // Slot 4 lost the count; slot 1 belongs to person 1, not 2.
  EXPECT_EQ(Verify(0, 0, {{4, 4, kNoMandate, {}}}).checks[0].reason, RejectReason::kNotElected);
  EXPECT_EQ(Verify(0, 0, {{2, 1, kNoMandate, {}}}).checks[0].reason, RejectReason::kNotElected);
  // The same person returned twice: the second is refused.
  auto twice = Verify(0, 0, {{0, 0, kNoMandate, {}}, {0, 0, kNoMandate, {}}});
  EXPECT_EQ(twice.checks[0].reason, RejectReason::kNone);
  EXPECT_EQ(twice.checks[1].reason, RejectReason::kSeatedTwice);
  // No such act; an act of another body; an act not final.
  EXPECT_EQ(Verify(0, 7, {{0, 0, kNoMandate, {}}}).checks[0].reason, RejectReason::kNoElectionAct);
  EXPECT_EQ(Verify(1, 0, {{0, 0, kNoMandate, {}}}).checks[0].reason, RejectReason::kNoElectionAct);
  std::get<ElectionAct>(acts_[0]).final = false;
  EXPECT_EQ(Verify(0, 0, {{0, 0, kNoMandate, {}}}).checks[0].reason, RejectReason::kNotFinal);
}

TEST_F(CommissionTest, ADelegateMustSitInTheSendingBody) {
  VerificationAct seated = Verify(0, 0, {{0, 0, kNoMandate, {}}, {1, 1, kNoMandate, {}}});
  acts_.push_back(seated);
  ASSERT_TRUE(state_.Apply(1, acts_[1]));
  ElectionAct delegation;
  delegation.kind = ElectionKind::kDelegation;
  delegation.body = 1;
  delegation.electing_body = 0;
  delegation.method = "plurality";
  delegation.seats = 2;
  delegation.electors = 2;
  delegation.present = 2;
  delegation.candidates = {0, 4, 1};
  delegation.candidate_source = {0, kNoMandate, 0};
  delegation.votes = {2, 2, 1};
  delegation.elected = {0, 1, 2};
  acts_.push_back(delegation);
  auto verdicts = Verify(1, 2, {{0, 0, 0, {}}, {4, 1, kNoMandate, {}}, {1, 2, 0, {}}});
  EXPECT_EQ(verdicts.checks[0].reason, RejectReason::kNone);
  // Person 4 holds no seat at all; person 1 presents person 0's mandate.
  EXPECT_EQ(verdicts.checks[1].reason, RejectReason::kNotMemberOfSendingBody);
  EXPECT_EQ(verdicts.checks[2].reason, RejectReason::kNotMemberOfSendingBody);
}

}  // namespace
}  // namespace sovet::engine
