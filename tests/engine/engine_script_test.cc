// The engine's commands one by one, as data: tests/data/engine/*.txt hold
// acts in the form of `sovet journal append --json`, each expected to be
// accepted (`ok`) or refused naming its rule (`refuse TEXT`). Every script
// runs through an engine without a journal, then the accepted acts through
// an engine writing a SQLite journal, which must audit clean and replay to
// the same state; a correctly signed but unlawful entry written around the
// engine must then be named by the audit.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "journal/act_input.h"
#include "journal/test_stores.h"
#include "sovet/charter.h"
#include "sovet/engine.h"

namespace sovet {
namespace {

struct Step {
  int line = 0;
  bool ok = true;
  std::string refusal;  // text the refusal must contain
  Act act;
};

struct Script {
  std::string charter_path;
  std::vector<Step> steps;
};

Script LoadScript(const std::filesystem::path& path) {
  Script script;
  std::ifstream in(path);
  std::string text;
  int line_no = 0;
  while (std::getline(in, text)) {
    ++line_no;
    if (text.empty() || text[0] == '#') continue;
    if (text.rfind("charter ", 0) == 0) {
      script.charter_path = std::string(SOVET_SOURCE_DIR "/") + text.substr(8);
      continue;
    }
    Step step;
    step.line = line_no;
    const std::size_t json_at = text.find(" {");
    EXPECT_NE(json_at, std::string::npos) << path << ":" << line_no;
    if (json_at == std::string::npos) continue;
    const std::string head = text.substr(0, json_at);
    step.ok = head == "ok";
    if (!step.ok) {
      EXPECT_EQ(head.rfind("refuse ", 0), 0u) << path << ":" << line_no << ": ok or refuse TEXT";
      step.refusal = head.substr(7);
    }
    auto act = journal::ActFromJson(nlohmann::json::parse(text.substr(json_at + 1)), "act");
    EXPECT_TRUE(act) << path << ":" << line_no << ": " << act.error().ToString();
    if (!act) continue;
    step.act = std::move(*act);
    script.steps.push_back(std::move(step));
  }
  return script;
}

std::vector<std::filesystem::path> Scripts() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry :
       std::filesystem::directory_iterator(SOVET_SOURCE_DIR "/tests/data/engine")) {
    if (entry.path().extension() == ".txt") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

class EngineScriptTest : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(EngineScriptTest, EachActIsAcceptedOrRefusedByItsRule) {
  const Script script = LoadScript(GetParam());
  auto charter = LoadCharter(script.charter_path);
  ASSERT_TRUE(charter) << charter.error().ToString();
  Engine engine(*charter, EngineOptions{});
  for (const Step& step : script.steps) {
    const std::size_t acts_before = engine.state().acts.size();
    const std::size_t bodies_before = engine.state().body_ids.size();
    auto done = engine.ExecuteRecorded(step.act);
    const std::string where = fmt::format("{}:{}", GetParam().filename().string(), step.line);
    if (step.ok) {
      EXPECT_TRUE(done) << where << ": " << done.error().ToString();
    } else {
      ASSERT_FALSE(done) << where << ": accepted, expected a refusal naming \"" << step.refusal
                         << "\"";
      EXPECT_NE(done.error().message().find(step.refusal), std::string::npos)
          << where << ": " << done.error().message();
      EXPECT_NE(ExitCode(done.error().code()), 1) << where << ": a refusal is bad input";
      // A refused command writes nothing.
      EXPECT_EQ(engine.state().acts.size(), acts_before) << where;
      EXPECT_EQ(engine.state().body_ids.size(), bodies_before) << where;
    }
  }
}

TEST_P(EngineScriptTest, AcceptedActsAreJournaledAuditedAndReplayed) {
  const Script script = LoadScript(GetParam());
  auto charter = LoadCharter(script.charter_path);
  ASSERT_TRUE(charter) << charter.error().ToString();
  testing::TempDir dir;
  const std::string url = "sqlite:" + dir.File("engine.db");
  const CharterIdentity identity{charter->id, charter->sha256_hex};
  auto genesis = Journal::Init(InitOptions{.url = url,
                                           .key_path = dir.File("node.key"),
                                           .charter = identity,
                                           .projector = &EngineProjector()});
  ASSERT_TRUE(genesis) << genesis.error().ToString();
  auto journal = Journal::Open(OpenOptions{.url = url,
                                           .writable = true,
                                           .key_path = dir.File("node.key"),
                                           .charter = identity,
                                           .projector = &EngineProjector()});
  ASSERT_TRUE(journal) << journal.error().ToString();
  {
    Engine engine(*charter, EngineOptions{.journal = journal->get()});
    for (const Step& step : script.steps) {
      auto done = engine.ExecuteRecorded(step.act);
      EXPECT_EQ(static_cast<bool>(done), step.ok) << "line " << step.line;
    }
  }
  std::int64_t checked = 0;
  auto audit = AuditJournal(**journal, *charter, &checked);
  EXPECT_TRUE(audit) << audit.error().ToString();
  EXPECT_GT(checked, 0);
  auto replay = (*journal)->Replay();
  ASSERT_TRUE(replay) << replay.error().ToString();
  EXPECT_TRUE(replay->match());

  // A correctly signed entry written around the engine: it seats, in the
  // volost congress's vacant seat, B, whom no count elected there.
  ASSERT_TRUE(AuditJournal(**journal, *charter, nullptr));
  auto entries = (*journal)->Read(0, -1);
  ASSERT_TRUE(entries);
  std::int64_t next_act = 0;
  for (const Entry& entry : *entries) {
    auto act = entry.payload.find("act");
    if (act != entry.payload.end()) next_act = act->second.integer() + 1;
  }
  if (GetParam().filename() != "commission.txt") return;
  Act smuggled{.kind = "cycle.verification", .body = "volost_congress:vol", .fields = {}};
  auto ints = [](std::vector<std::int64_t> values) {
    ValueList list;
    for (auto value : values) list.push_back(Value::Integer(value));
    return Value::List(std::move(list));
  };
  auto texts = [](std::vector<std::string> values) {
    ValueList list;
    for (auto& value : values) list.push_back(Value::Text(value));
    return Value::List(std::move(list));
  };
  smuggled.fields["act"] = Value::Integer(next_act);
  smuggled.fields["election"] = Value::Integer(9);
  smuggled.fields["persons"] = ints({1});
  smuggled.fields["slots"] = ints({0});
  smuggled.fields["seats"] = ints({2});
  smuggled.fields["sources"] = ints({1});
  smuggled.fields["mandates"] = ints({4});
  smuggled.fields["reasons"] = texts({"seated"});
  smuggled.fields["details"] = texts({""});
  smuggled.fields["portfolios"] = texts({""});
  auto appended = (*journal)->Append(smuggled);
  ASSERT_TRUE(appended) << appended.error().ToString();
  auto unlawful = AuditJournal(**journal, *charter, nullptr);
  ASSERT_FALSE(unlawful);
  EXPECT_EQ(unlawful.error().code(), StatusCode::kIntegrityViolation);
  EXPECT_NE(unlawful.error().message().find(fmt::format("entry {}", appended->seq)),
            std::string::npos)
      << unlawful.error().message();
  EXPECT_NE(unlawful.error().message().find("not_elected"), std::string::npos)
      << unlawful.error().message();
}

INSTANTIATE_TEST_SUITE_P(Scripts, EngineScriptTest, ::testing::ValuesIn(Scripts()),
                         [](const auto& info) {
                           std::string name = info.param.stem().string();
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
}  // namespace sovet
