// The state both oversight tests start from: a small republic under the
// 1918 charter (or the federation's), its bodies created and seated
// directly, and decisions placed in the DecisionLedger as motion.close would
// have adopted them.
#ifndef SOVET_TESTS_ENGINE_OVERSIGHT_FIXTURE_H_
#define SOVET_TESTS_ENGINE_OVERSIGHT_FIXTURE_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/council.h"
#include "sovet/decisions.h"
#include "sovet/engine.h"
#include "sovet/oversight.h"

namespace sovet::engine::oversight_test {

namespace field = schema::oversight::field;

inline Date D(const char* text) { return Date::Parse(text).value(); }

inline Charter Load(const char* name) {
  auto charter = LoadCharter(std::string(SOVET_SOURCE_DIR "/charters/") + name);
  EXPECT_TRUE(charter.has_value()) << charter.error().ToString();
  return *charter;
}

inline Act OrganAct(const char* kind, const std::string& organ, std::int64_t decision,
                    const std::string& date) {
  Act act{.kind = kind, .body = organ, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kAct] = Value::Integer(decision);
  return act;
}

inline Act Lodge(const std::string& appeal, std::int64_t decision, const std::string& organ,
                 const std::string& appellant, const std::string& standing,
                 const std::string& date, const std::string& deadline, bool suspends = false,
                 const std::string& rule = "collegium") {
  Act act{.kind = schema::oversight::kLodgeKind, .body = organ, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kAppeal] = Value::Text(appeal);
  act.fields[field::kAct] = Value::Integer(decision);
  act.fields[field::kRule] = Value::Text(rule);
  act.fields[field::kAppellant] = Value::Text(appellant);
  act.fields[field::kStanding] = Value::Text(standing);
  act.fields[field::kDeadline] = Value::Text(deadline);
  act.fields[field::kSuspends] = Value::Boolean(suspends);
  return act;
}

inline Act Decide(const std::string& appeal, const std::string& organ, const std::string& outcome,
                  const std::string& date, const std::string& text_sha256 = "") {
  Act act{.kind = schema::oversight::kDecideKind, .body = organ, .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kAppeal] = Value::Text(appeal);
  act.fields[field::kOutcome] = Value::Text(outcome);
  if (!text_sha256.empty()) act.fields[field::kTextSha256] = Value::Text(text_sha256);
  return act;
}

inline SeatHolder Seat(const std::string& person) {
  return SeatHolder{.person = person, .election = "e", .seated = D("2026-01-05")};
}

class OversightFixture : public ::testing::Test {
 protected:
  explicit OversightFixture(const char* charter = "rsfsr-1918.toml") : charter_(Load(charter)) {}

  // The census tree the register records (register.units), and the bodies.
  void Tree(const std::vector<std::string>& leaves,
            const std::map<std::string, std::string>& parents,
            const std::vector<std::string>& bodies) {
    const Act units = RollUnitsAct("2026-01-01", leaves, parents);
    auto checked = CheckRollAct(state_.roll, charter_, units);
    ASSERT_TRUE(checked.has_value()) << checked.error().ToString();
    state_.roll.Apply(units);
    for (const std::string& body : bodies) {
      state_.body_index[body] = static_cast<BodyIndex>(state_.body_ids.size());
      state_.body_ids.push_back(body);
    }
  }
  // A decision as motion.close adopts it.
  void Adopt(std::int64_t act, const std::string& body, const std::string& kind,
             const char* adopted_on, DecisionStatus status = DecisionStatus::kInForce) {
    Decision decision;
    decision.act = act;
    decision.body = body;
    decision.motion_kind = kind;
    decision.number = act;
    decision.adopted_on = D(adopted_on);
    decision.title = "decision " + std::to_string(act);
    decision.text_sha256 = std::string(64, 'a');
    decision.status = status;
    state_.ledger.decisions.decisions[act] = decision;
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
    EXPECT_THAT(done.error().message(), ::testing::HasSubstr(rule));
    EXPECT_EQ(done.error().code(), code) << done.error().message();
  }
  const Decision& Of(std::int64_t act) { return state_.ledger.decisions.decisions.at(act); }
  DecisionStatus StatusOf(std::int64_t act) { return Of(act).status; }

  Charter charter_;
  EngineState state_;
};

}  // namespace sovet::engine::oversight_test

#endif  // SOVET_TESTS_ENGINE_OVERSIGHT_FIXTURE_H_
