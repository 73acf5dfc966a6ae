// Benchmark: a year of workers' control on SQLite (doc/workers_control.md).
// E enterprises (100 per town, 10 towns per gubernia, under one root) are
// registered in enterprise.register acts of 512; each elects its organ
// (control.elect); then, day by day through the year, D control.decide acts
// (binding decisions, spread evenly over the days), A appeals lodged two
// days after publication (day 2 of 3) to the town's local council and each
// ruled three days later (one in two cancelled), and A requests of books
// answered the next day (one in ten refused: a violation). Every act goes
// the engine's way — CheckCouncilAct (the rules against the state), then
// ApplyCouncilAct, then handed to the journal, whose writer commits groups
// of acts (entries and their projection rows) with one flush each; an act
// counts once its commit has returned (durable). The engine is told each
// act's seq as the journal will give it (one writer: the head plus one per
// act). Then AuditJournal rebuilds the whole state from the journal through
// the same rules, with the journal's own seqs — what `sovet verify` does —
// which also proves every appeal and ruling named the right decision.
// Target (issue 10): 100,000 enterprises, 1 million decisions and 10,000
// appeals within the simulated year's 2-minute budget.
//
// Reproduce:
//   scripts/build bench_control_year
//   build/bench/bench_control_year [ENTERPRISES] [DECISIONS] [APPEALS] [IN_FLIGHT]
// (defaults 100000 1000000 10000 256). Wall times on a shared machine:
// other load shows.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bench_support.h"
#include "engine/council.h"
#include "sovet/charter.h"
#include "sovet/control.h"
#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/person_roll.h"

namespace {

using namespace sovet;  // NOLINT: a benchmark program
namespace field = schema::control::field;
namespace kinds = schema::control;

constexpr std::int64_t kPerTown = 100;
constexpr std::int64_t kTownsPerGubernia = 10;

std::string EnterpriseId(std::int64_t idx) { return fmt::format("e{:06d}", idx); }
std::string TownId(std::int64_t idx) { return fmt::format("t{:05d}", idx); }
std::string Organ(std::int64_t idx) { return "control_organ:" + EnterpriseId(idx); }
std::string Hash(std::int64_t idx) { return fmt::format("{:064x}", idx); }

int Fail(const std::string& what, const Status& status) {
  std::fprintf(stderr, "bench_control_year: %s: %s\n", what.c_str(), status.message().c_str());
  return 1;
}

Act NewAct(const char* kind, std::string body, Date date) {
  Act act{.kind = kind, .body = std::move(body), .fields = {}};
  act.fields[field::kDate] = Value::Text(date.ToString());
  return act;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t enterprises =
      argc > 1 ? std::max<std::int64_t>(kPerTown, std::atoll(argv[1])) : 100000;
  const std::int64_t decisions = argc > 2 ? std::max<std::int64_t>(365, std::atoll(argv[2])) : 1000000;
  const std::int64_t appeals = argc > 3 ? std::max<std::int64_t>(1, std::atoll(argv[3])) : 10000;
  const int in_flight = argc > 4 ? std::max(1, std::atoi(argv[4])) : 256;
  const std::int64_t towns = (enterprises + kPerTown - 1) / kPerTown;

  auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  if (!charter) return Fail("charter", charter.error());

  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("sovet-bench-control-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string url = "sqlite:" + (dir / "control.db").string();
  const std::string key = (dir / "control.key").string();
  auto genesis = Journal::Init({.url = url,
                                .key_path = key,
                                .charter = CharterIdentity{charter->id, charter->sha256_hex},
                                .projector = &EngineProjector()});
  if (!genesis) return Fail("init", genesis.error());
  auto journal = Journal::Open(
      {.url = url, .writable = true, .key_path = key, .projector = &EngineProjector()});
  if (!journal) return Fail("open", journal.error());

  EngineState state;
  const Date start_day = Date::Parse("1918-01-01").value();
  // The census tree, appended synchronously: its seq is the base of the
  // seqs predicted for the acts that follow.
  std::int64_t seq = 0;
  {
    std::vector<std::string> leaves;
    std::map<std::string, std::string> parents{{"rsfsr", ""}};
    for (std::int64_t town = 0; town < towns; ++town) {
      leaves.push_back(TownId(town));
      const std::string gubernia = fmt::format("g{:04d}", town / kTownsPerGubernia);
      parents[gubernia] = "rsfsr";
      parents[TownId(town)] = gubernia;
    }
    Act units = RollUnitsAct(start_day.ToString(), leaves, parents);
    if (auto ok = CheckRollAct(state.roll, *charter, units); !ok) return Fail("units", ok.error());
    state.roll.Apply(units);
    auto appended = (*journal)->Append(units);
    if (!appended) return Fail("append units", appended.error());
    seq = appended->seq;
  }

  // The year's acts, generated day by day as the engine accepts them.
  std::int64_t registered = 0, elected = 0, decided = 0, appealed = 0, ruled = 0;
  std::int64_t requested = 0, answered = 0;
  std::deque<std::pair<Date, std::int64_t>> to_appeal, to_rule, to_answer;
  const std::int64_t appeal_every = std::max<std::int64_t>(1, decisions / appeals);
  const std::int64_t request_every = appeal_every;
  std::int64_t day = 0;
  std::deque<Act> ready;
  auto date_of = [&](std::int64_t d) { return start_day.AddDays(d); };
  auto refill = [&]() {
    if (registered < enterprises) {
      const std::int64_t count = std::min<std::int64_t>(512, enterprises - registered);
      ValueList ids, units, names, owners, workers, employees, technical;
      for (std::int64_t idx = registered; idx < registered + count; ++idx) {
        ids.push_back(Value::Text(EnterpriseId(idx)));
        units.push_back(Value::Text(TownId(idx / kPerTown)));
        names.push_back(Value::Text("Works"));
        owners.push_back(Value::Text("Owner"));
        workers.push_back(Value::Integer(80 + idx % 400));
        employees.push_back(Value::Integer(15));
        technical.push_back(Value::Integer(5));
      }
      Act act = NewAct(kinds::kEnterpriseRegisterKind, "", start_day);
      act.fields[field::kIds] = Value::List(std::move(ids));
      act.fields[field::kUnits] = Value::List(std::move(units));
      act.fields[field::kNames] = Value::List(std::move(names));
      act.fields[field::kOwners] = Value::List(std::move(owners));
      act.fields[field::kWorkers] = Value::List(std::move(workers));
      act.fields[field::kEmployees] = Value::List(std::move(employees));
      act.fields[field::kTechnicalStaff] = Value::List(std::move(technical));
      registered += count;
      ready.push_back(std::move(act));
      return;
    }
    if (elected < enterprises) {
      const std::int64_t electorate = 80 + elected % 400 + 20;
      Act act = NewAct(kinds::kElectKind, Organ(elected), start_day.AddDays(1));
      act.fields[field::kElectorate] = Value::Integer(electorate);
      act.fields[field::kPresent] = Value::Integer(electorate);
      act.fields[field::kCandidates] = Value::List({Value::Text("a"), Value::Text("b")});
      act.fields[field::kHands] =
          Value::List({Value::Integer(electorate), Value::Integer(electorate / 2 + 1)});
      act.fields[field::kElected] = Value::List({Value::Text("a"), Value::Text("b")});
      ++elected;
      ready.push_back(std::move(act));
      return;
    }
    if (day >= 372) return;
    // One day of the year (decisions on days 1..362; appeals, rulings and
    // answers until day 372): answers, rulings, appeals due today, then the
    // day's decisions and requests.
    ++day;
    const Date today = date_of(day);
    while (!to_answer.empty() && to_answer.front().first <= today) {
      const std::int64_t request = to_answer.front().second;
      to_answer.pop_front();
      const bool refuse = answered % 10 == 0;
      Act act = NewAct(refuse ? kinds::kRefuseKind : kinds::kSubmitKind,
                       state.ledger.control.requests.at(request).body, today);
      act.fields[field::kAct] = Value::Integer(request);
      if (refuse) {
        act.fields[field::kReason] = Value::Text("commercial secret");
      } else {
        act.fields[field::kDocuments] = Value::List({Value::Text(Hash(request))});
      }
      ++answered;
      ready.push_back(std::move(act));
    }
    while (!to_rule.empty() && to_rule.front().first <= today) {
      const std::int64_t decision = to_rule.front().second;
      to_rule.pop_front();
      const ControlDecision& held = state.ledger.control.decisions.at(decision);
      const std::string unit = state.ledger.control.enterprises.at(held.enterprise).unit;
      Act act = NewAct(kinds::kRuleKind, "local_control_council:" + unit, today);
      act.fields[field::kAct] = Value::Integer(decision);
      act.fields[field::kResult] = Value::Text(ruled % 2 == 0 ? "cancelled" : "upheld");
      ++ruled;
      ready.push_back(std::move(act));
    }
    while (!to_appeal.empty() && to_appeal.front().first <= today) {
      const std::int64_t decision = to_appeal.front().second;
      to_appeal.pop_front();
      const ControlDecision& held = state.ledger.control.decisions.at(decision);
      const std::string unit = state.ledger.control.enterprises.at(held.enterprise).unit;
      Act act = NewAct(kinds::kAppealKind, "local_control_council:" + unit, today);
      act.fields[field::kAct] = Value::Integer(decision);
      ++appealed;
      ready.push_back(std::move(act));
    }
    const std::int64_t until = std::min(decisions, decisions * day / 362);
    for (; decided < until; ++decided) {
      const std::int64_t enterprise = (decided * 7919) % enterprises;
      Act act = NewAct(kinds::kDecideKind, Organ(enterprise), today);
      act.fields[field::kEnterprise] = Value::Text(EnterpriseId(enterprise));
      act.fields[field::kTitle] = Value::Text(fmt::format("decision {}", decided));
      act.fields[field::kTextSha256] = Value::Text(Hash(decided));
      act.fields[field::kPublishedOn] = Value::Text(today.ToString());
      act.fields[field::kAppealUntil] = Value::Text(today.AddDays(3).ToString());
      ready.push_back(std::move(act));
      if (decided % request_every == 0 && requested < appeals) {
        Act request = NewAct(kinds::kRequestKind, Organ(enterprise), today);
        request.fields[field::kEnterprise] = Value::Text(EnterpriseId(enterprise));
        request.fields[field::kItems] = Value::List({Value::Text("books")});
        request.fields[field::kDue] = Value::Text(today.AddDays(3).ToString());
        ++requested;
        ready.push_back(std::move(request));
      }
    }
  };
  // Each act through the engine's rules, then applied with its seq.
  std::int64_t acts = 0, applied_decisions = 0;
  bool failed_rules = false;
  double rules_seconds = 0;
  auto next_act = [&]() -> std::optional<Act> {
    if (ready.empty()) refill();
    if (ready.empty()) return std::nullopt;
    Act act = std::move(ready.front());
    ready.pop_front();
    const auto rules_start = bench::Clock::now();
    if (auto ok = engine::CheckCouncilAct(state, *charter, act); !ok) {
      Fail(act.kind, ok.error());
      failed_rules = true;
      return std::nullopt;
    }
    state.ledger.control.current_seq = ++seq;
    engine::ApplyCouncilAct(state, *charter, act);
    rules_seconds += bench::SecondsSince(rules_start);
    // What follows from it, on the days the rules allow.
    const Date date = Date::Parse(act.fields.at(field::kDate).text()).value();
    if (act.kind == kinds::kDecideKind && applied_decisions++ % appeal_every == 0 &&
        static_cast<std::int64_t>(to_appeal.size()) + appealed < appeals) {
      to_appeal.emplace_back(date.AddDays(2), seq);  // day 2 of 3
    } else if (act.kind == kinds::kAppealKind) {
      to_rule.emplace_back(date.AddDays(3), act.fields.at(field::kAct).integer());
    } else if (act.kind == kinds::kRequestKind) {
      to_answer.emplace_back(date.AddDays(1), seq);
    }
    ++acts;
    return act;
  };
  std::atomic<bool> failed{false};
  fmt::print("workers' control on SQLite (synchronous=FULL): {} enterprises in {} towns, {} "
             "decisions, {} appeals, {} acts in flight\n",
             enterprises, towns, decisions, appeals, in_flight);
  const auto start = bench::Clock::now();
  bench::SubmitKeepingInFlight(**journal, in_flight, next_act, [&](Result<Appended> appended) {
    if (!appended && !failed.exchange(true)) Fail("append", appended.error());
  });
  const double seconds = bench::SecondsSince(start);
  if (failed || failed_rules) return 1;
  const ControlLedger& ledger = state.ledger.control;
  std::int64_t cancelled = 0;
  for (const auto& [at, decision] : ledger.decisions) {
    cancelled += decision.status == ControlDecisionStatus::kCancelled;
  }
  fmt::print("  acts {} (decisions {}, appeals {}, rulings {}, requests {}, violations {}, "
             "cancelled {})\n",
             acts, ledger.decisions.size(), appealed, ruled, requested, ledger.violations,
             cancelled);
  fmt::print("  durable in {:.1f} s: {:.0f} acts/s; the engine's rules {:.1f} s ({:.0f}%)\n",
             seconds, static_cast<double>(acts) / seconds, rules_seconds,
             100.0 * rules_seconds / seconds);
  fmt::print("  peak resident memory {:.0f} MiB; journal {:.1f} MiB\n", bench::PeakMiB(),
             static_cast<double>(std::filesystem::file_size(dir / "control.db")) / 1048576.0);
  journal->reset();
  // The audit of `sovet verify`: the whole state rebuilt through the rules.
  {
    auto reader = Journal::Open({.url = url, .writable = false, .key_path = "",
                                 .projector = &EngineProjector()});
    if (!reader) return Fail("reopen", reader.error());
    const auto audit_start = bench::Clock::now();
    std::int64_t checked = 0;
    if (auto ok = AuditJournal(**reader, *charter, &checked); !ok) return Fail("audit", ok.error());
    fmt::print("  audit (verify's rebuild through the rules): {} acts in {:.1f} s\n", checked,
               bench::SecondsSince(audit_start));
  }
  fmt::print("  peak resident memory {:.0f} MiB\n", bench::PeakMiB());
  std::filesystem::remove_all(dir);
  return 0;
}
