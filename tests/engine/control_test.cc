// Workers' control's rules (002:426–428; doc/workers_control.md) on an
// EngineState built directly, each act given the seq the journal would:
// the appeal on day 3 (in time) and day 4 (refused naming the deadline), a
// refusal recorded as a violation, a decision cancelled by the higher organ
// and then no longer appealable, organs ruling outside their subtree or
// beside the deciding organ, the organ's election by the whole workforce.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/council.h"
#include "sovet/control.h"
#include "sovet/engine.h"

namespace sovet::engine {
namespace {

using ::testing::HasSubstr;
namespace field = schema::control::field;
namespace kinds = schema::control;

const std::string kHash(64, 'a');

Charter Load(const char* file) {
  auto charter = LoadCharter(std::string(SOVET_SOURCE_DIR "/charters/") + file);
  EXPECT_TRUE(charter.has_value()) << charter.error().ToString();
  return *charter;
}

Act NewAct(const char* kind, const std::string& body, const std::string& date) {
  Act act{.kind = kind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  return act;
}

Value Texts(const std::vector<std::string>& items) {
  ValueList out;
  for (const auto& item : items) out.push_back(Value::Text(item));
  return Value::List(std::move(out));
}
Value Ints(const std::vector<std::int64_t>& items) {
  ValueList out;
  for (auto item : items) out.push_back(Value::Integer(item));
  return Value::List(std::move(out));
}

// Two enterprises: mill (in town-a: 80 workers, 15 employees, 5 technical
// staff) and dock (in town-b), under region north, under the root rsfsr.
Act Register(const std::vector<std::string>& ids, const std::vector<std::string>& units,
             std::vector<std::int64_t> workers = {}) {
  if (workers.empty()) workers.assign(ids.size(), 80);
  Act act = NewAct(kinds::kEnterpriseRegisterKind, "", "2026-01-03");
  act.fields[field::kIds] = Texts(ids);
  act.fields[field::kUnits] = Texts(units);
  act.fields[field::kNames] = Texts(std::vector<std::string>(ids.size(), "N"));
  act.fields[field::kOwners] = Texts(std::vector<std::string>(ids.size(), "Owner & Co."));
  act.fields[field::kWorkers] = Ints(workers);
  act.fields[field::kEmployees] = Ints(std::vector<std::int64_t>(ids.size(), 15));
  act.fields[field::kTechnicalStaff] = Ints(std::vector<std::int64_t>(ids.size(), 5));
  return act;
}

Act Elect(const std::string& body, std::int64_t electorate, std::int64_t present,
          const std::vector<std::string>& candidates, const std::vector<std::int64_t>& hands,
          const std::vector<std::string>& elected) {
  Act act = NewAct(kinds::kElectKind, body, "2026-01-03");
  act.fields[field::kElectorate] = Value::Integer(electorate);
  act.fields[field::kPresent] = Value::Integer(present);
  act.fields[field::kCandidates] = Texts(candidates);
  act.fields[field::kHands] = Ints(hands);
  act.fields[field::kElected] = Texts(elected);
  return act;
}

Act Request(const std::string& body, const std::string& enterprise,
            const std::vector<std::string>& items, const std::string& date = "2026-02-01") {
  Act act = NewAct(kinds::kRequestKind, body, date);
  act.fields[field::kEnterprise] = Value::Text(enterprise);
  act.fields[field::kItems] = Texts(items);
  act.fields[field::kDue] = Value::Text("2026-02-05");
  return act;
}

Act Answer(const char* kind, const std::string& body, std::int64_t request) {
  Act act = NewAct(kind, body, "2026-02-03");
  act.fields[field::kAct] = Value::Integer(request);
  if (std::string(kind) == kinds::kSubmitKind) act.fields[field::kDocuments] = Texts({kHash});
  if (std::string(kind) == kinds::kRefuseKind) {
    act.fields[field::kReason] = Value::Text("commercial secret");
  }
  return act;
}

Act Decide(const std::string& body, const std::string& enterprise, const std::string& published,
           const std::string& until) {
  Act act = NewAct(kinds::kDecideKind, body, "2026-03-01");
  act.fields[field::kEnterprise] = Value::Text(enterprise);
  act.fields[field::kTitle] = Value::Text("no dismissals without the committee");
  act.fields[field::kTextSha256] = Value::Text(kHash);
  act.fields[field::kPublishedOn] = Value::Text(published);
  act.fields[field::kAppealUntil] = Value::Text(until);
  return act;
}

Act Appeal(const std::string& to, std::int64_t decision, const std::string& date) {
  Act act = NewAct(kinds::kAppealKind, to, date);
  act.fields[field::kAct] = Value::Integer(decision);
  return act;
}

Act Rule(const std::string& by, std::int64_t decision, const std::string& result,
         const std::string& date = "2026-03-10") {
  Act act = NewAct(kinds::kRuleKind, by, date);
  act.fields[field::kAct] = Value::Integer(decision);
  act.fields[field::kResult] = Value::Text(result);
  return act;
}

class ControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Act units = RollUnitsAct("2026-01-01", {"town-a", "town-b"},
                             {{"rsfsr", ""}, {"north", "rsfsr"}, {"town-a", "north"},
                              {"town-b", "north"}});
    ASSERT_TRUE(CheckRollAct(state_.roll, charter_, units).has_value());
    state_.roll.Apply(units);
    Ok(Register({"mill", "dock"}, {"town-a", "town-b"}));
    Ok(Elect("control_organ:mill", 100, 51, {"ada", "boris"}, {40, 30}, {"ada", "boris"}));
    Ok(Elect("control_organ:dock", 100, 51, {"chen"}, {51}, {"chen"}));
  }
  Result<void> Run(const Act& act) {
    SOVET_CHECK_OK(CheckCouncilAct(state_, charter_, act));
    state_.ledger.control.current_seq = ++seq_;
    ApplyCouncilAct(state_, charter_, act);
    return {};
  }
  // Runs `act` and returns its seq.
  std::int64_t Ok(const Act& act) {
    auto done = Run(act);
    EXPECT_TRUE(done.has_value()) << act.kind << ": " << done.error().message();
    return seq_;
  }
  void Refused(const Act& act, const std::string& rule,
               StatusCode code = StatusCode::kInvalidInput) {
    auto done = Run(act);
    ASSERT_FALSE(done.has_value()) << act.kind << " " << act.body;
    EXPECT_EQ(done.error().code(), code) << done.error().message();
    EXPECT_THAT(done.error().message(), HasSubstr(rule));
  }

  Charter charter_ = Load("rsfsr-1918.toml");
  EngineState state_;
  std::int64_t seq_ = 100;
};

// 002:428 "three days' grace": publication is day 0, day 3 is in time.
TEST_F(ControlTest, AnAppealOnDayThreeIsInTimeAndBindingStays) {
  const std::int64_t decision =
      Ok(Decide("control_organ:mill", "mill", "2026-03-01", "2026-03-04"));
  const std::int64_t appeal = Ok(Appeal("local_control_council:town-a", decision, "2026-03-04"));
  const ControlDecision& held = state_.ledger.control.decisions.at(decision);
  EXPECT_EQ(held.appeal, appeal);
  // Non-suspensive (002:426 Art. 8): still in force while the appeal is heard.
  EXPECT_EQ(held.status, ControlDecisionStatus::kInForce);
  Refused(Appeal("control_council:rsfsr", decision, "2026-03-04"), "already under appeal",
          StatusCode::kAlreadyExists);
}

TEST_F(ControlTest, AnAppealOnDayFourIsRefusedNamingTheDeadline) {
  const std::int64_t decision =
      Ok(Decide("control_organ:mill", "mill", "2026-03-01", "2026-03-04"));
  Refused(Appeal("local_control_council:town-a", decision, "2026-03-05"),
          "past the deadline 2026-03-04");
  Refused(Appeal("local_control_council:town-a", decision, "2026-03-05"), "002:428");
}

TEST_F(ControlTest, AnAppealBeforePublicationAndAWrongDeadlineAreRefused) {
  Refused(Decide("control_organ:mill", "mill", "2026-03-02", "2026-03-04"),
          "appeal_until 2026-03-04 is not the deadline: 2026-03-05");
  const std::int64_t decision =
      Ok(Decide("control_organ:mill", "mill", "2026-03-02", "2026-03-05"));
  Refused(Appeal("local_control_council:town-a", decision, "2026-03-01"), "published on");
}

TEST_F(ControlTest, ARefusalIsAViolationOnTheRecord) {
  const std::int64_t request = Ok(Request("control_organ:mill", "mill", {"books", "correspondence"}));
  Ok(Answer(kinds::kRefuseKind, "control_organ:mill", request));
  EXPECT_EQ(state_.ledger.control.violations, 1);
  EXPECT_EQ(state_.ledger.control.requests.at(request).stage, RequestStage::kRefused);
  Refused(Answer(kinds::kSubmitKind, "control_organ:mill", request), "already answered",
          StatusCode::kAlreadyExists);
  const std::int64_t second =
      Ok(Request("control_organ:mill", "mill", {"accounts"}, "2026-02-03"));
  Ok(Answer(kinds::kSubmitKind, "control_organ:mill", second));
  EXPECT_EQ(state_.ledger.control.requests.at(second).stage, RequestStage::kSubmitted);
  EXPECT_EQ(state_.ledger.control.violations, 1);
}

TEST_F(ControlTest, RequestsFollowTheCharterAndTheOrgansSubtree) {
  Refused(Request("control_organ:mill", "mill", {"trade_secrets"}), "control.information");
  Refused(Request("control_organ:mill", "dock", {"books"}), "does not stand over");
  Refused(Request("local_control_council:town-b", "mill", {"books"}), "does not stand over");
  Refused(Request("control_organ:nowhere", "mill", {"books"}), "not registered");
  Refused(Request("soviet:town-a", "mill", {"books"}), "not a control organ of the charter");
  Refused(Request("control_council:north", "mill", {"books"}), "census's root");
  Ok(Request("local_control_council:north", "mill", {"books"}));
  Ok(Request("control_council:rsfsr", "mill", {"books"}));
  const std::int64_t request = Ok(Request("control_organ:mill", "mill", {"books"}));
  Refused(Answer(kinds::kSubmitKind, "control_organ:dock", request), "recorded on the requesting");
  Refused(Answer(kinds::kSubmitKind, "control_organ:mill", 5), "not a control.request");
}

TEST_F(ControlTest, TheHigherOrganCancelsADecisionAndTheAppealIsAnswered) {
  const std::int64_t decision =
      Ok(Decide("control_organ:mill", "mill", "2026-03-01", "2026-03-04"));
  const std::int64_t appeal = Ok(Appeal("local_control_council:town-a", decision, "2026-03-02"));
  Ok(Rule("local_control_council:town-a", decision, "cancelled"));
  const ControlDecision& held = state_.ledger.control.decisions.at(decision);
  EXPECT_EQ(held.status, ControlDecisionStatus::kCancelled);
  EXPECT_EQ(held.appeal, 0);
  EXPECT_EQ(state_.ledger.control.appeals.count(appeal), 0u);
  Refused(Appeal("control_council:rsfsr", decision, "2026-03-10"), "already cancelled");
  Refused(Rule("control_council:rsfsr", decision, "upheld"), "already cancelled");
}

TEST_F(ControlTest, AnUpheldDecisionMayStillBeCancelledHigherUp) {
  const std::int64_t decision =
      Ok(Decide("control_organ:mill", "mill", "2026-03-01", "2026-03-04"));
  Ok(Rule("local_control_council:north", decision, "upheld"));
  EXPECT_EQ(state_.ledger.control.decisions.at(decision).status, ControlDecisionStatus::kUpheld);
  // town-a lies inside north but is not above it: not higher than a council
  // of north; the central council is.
  Refused(Rule("local_control_council:town-a", decision, "cancelled"), "not a higher organ");
  Ok(Rule("control_council:rsfsr", decision, "cancelled"));
}

TEST_F(ControlTest, AnOrganRulingOutsideItsSubtreeIsRefused) {
  const std::int64_t decision =
      Ok(Decide("control_organ:mill", "mill", "2026-03-01", "2026-03-04"));
  for (const std::string& organ : {std::string("local_control_council:town-b"),
                                   std::string("control_organ:dock"),
                                   std::string("control_organ:mill")}) {
    Refused(Rule(organ, decision, "cancelled"), "is not a higher organ");
    Refused(Appeal(organ, decision, "2026-03-02"), "is not a higher organ");
  }
  const std::int64_t central =
      Ok(Decide("control_council:rsfsr", "mill", "2026-03-10", "2026-03-13"));
  Refused(Appeal("local_control_council:north", central, "2026-03-11"), "is not a higher organ");
  EXPECT_EQ(state_.ledger.control.decisions.at(decision).status, ControlDecisionStatus::kInForce);
}

TEST_F(ControlTest, TheOrganIsElectedByTheWholeWorkforce) {
  Ok(Register({"bakery"}, {"town-a"}, {10}));  // 10 + 15 + 5 = 30
  Refused(Request("control_organ:bakery", "bakery", {"books"}), "not elected yet");
  Refused(Elect("control_organ:bakery", 10, 10, {"d"}, {10}, {"d"}),
          "electorate 10 is not the enterprise's: 30");
  Refused(Elect("control_organ:bakery", 30, 15, {"d"}, {15}, {"d"}), "quorum of 16");
  Refused(Elect("control_organ:bakery", 30, 31, {"d"}, {15}, {"d"}), "at most the electorate");
}

TEST_F(ControlTest, TheOrgansCountIsAMajorityOfThosePresent) {
  Ok(Register({"bakery"}, {"town-a"}, {10}));
  Refused(Elect("control_organ:bakery", 30, 16, {"d", "e"}, {8, 8}, {}), "no candidate");
  Refused(Elect("control_organ:bakery", 30, 16, {"d", "e"}, {9, 8}, {"d", "e"}),
          "is not the count: [d]");
  Ok(Elect("control_organ:bakery", 30, 16, {"d", "e"}, {9, 8}, {"d"}));
  Refused(Elect("local_control_council:town-a", 30, 16, {"d"}, {9}, {"d"}),
          "not an enterprise's organ");
}

TEST_F(ControlTest, EnterprisesAreRegisteredOnceInAKnownUnit) {
  Refused(Register({"mill"}, {"town-a"}), "already registered", StatusCode::kAlreadyExists);
  Refused(Register({"x", "x"}, {"town-a", "town-a"}), "already registered",
          StatusCode::kAlreadyExists);
  Refused(Register({"y"}, {"atlantis"}), "not a unit of the register's census tree");
  Refused(Register({"z"}, {"town-a"}, {-1}), "expected a head count");
}

TEST(ControlCharterTest, ACharterWithoutControlRefusesEveryControlAct) {
  const Charter charter = Load("rsfsr-1918-constitution.toml");
  ASSERT_FALSE(charter.control.defined);
  EngineState state;
  auto done = CheckCouncilAct(state, charter, Register({"mill"}, {"town-a"}));
  ASSERT_FALSE(done.has_value());
  EXPECT_THAT(done.error().message(), HasSubstr("no [control] section"));
}

TEST(ControlCharterTest, TheShippedChartersDefineTheHierarchy) {
  const Charter rsfsr = Load("rsfsr-1918.toml");
  EXPECT_EQ(rsfsr.control.appeal_days, 3);
  EXPECT_FALSE(rsfsr.control.appeal_suspends);
  EXPECT_EQ(rsfsr.control.central.label, "All-Russian Council of Workers' Control");
  EXPECT_EQ(rsfsr.control.electorate,
            (std::vector<std::string>{"workers", "employees", "technical_staff"}));
  const Charter federation = Load("federation.toml");
  EXPECT_EQ(federation.control.enterprise.kind, "works_control");
  std::ifstream in(SOVET_SOURCE_DIR "/charters/federation.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string electorate = "electorate = [\"workers\", \"employees\", \"technical_staff\"]";
  ASSERT_NE(text.find(electorate), std::string::npos);
  text.replace(text.find(electorate), electorate.size(), "electorate = [\"owners\"]");
  auto bad = ParseCharter(text, "bad.toml");
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(bad.error().ToString(), HasSubstr("control.electorate"));
}

}  // namespace
}  // namespace sovet::engine
