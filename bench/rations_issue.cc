// Benchmark: one period's ration cards for a city (doc/rationing.md;
// Petrograd had about 1.5 million inhabitants, 000:29), durable on SQLite.
// The register holds the city's persons and the food organ has assigned
// each to a category (001:16), in the engine's memory as the journal's acts
// would leave it; the period's supply covers the seeds' table of 3–4 July
// 1918 (001:20–23). Then every person's card is issued, each act the
// engine's way (CheckCouncilAct: one card per person per period, no card
// twice, nothing beyond the supply; ApplyCouncilAct), handed to the
// journal, whose writer commits groups of entries (with their projection:
// a row per card in ration_cards) under one flush and one Ed25519 seal
// each. A card counts once its act's commit has returned (durable).
// Target: the city's cards in under 10 s, every card an entry.
//
// Reproduce:
//   scripts/build bench_rations_issue
//   build/bench/bench_rations_issue [PERSONS] [IN_FLIGHT]
// (defaults 1500000 and 8192). Prints, per cards per act (1: every card an
// entry; 1024: batched), the seconds, cards/s and entries/s, and the share
// of the time the engine's rules took; then the peak resident memory.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_support.h"
#include "engine/council.h"
#include "sovet/charter.h"
#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/person_roll.h"
#include "sovet/rations.h"

namespace {

using namespace sovet;  // NOLINT: a benchmark program
namespace field = schema::ration::field;

constexpr const char* kOrgan = "town_soviet:petrograd";
constexpr const char* kCategories[] = {"heavy_labour", "ordinary_labour", "intellectual_labour",
                                       "not_occupied"};

std::string PersonId(std::int64_t idx) { return fmt::format("p{:08d}", idx); }

int Fail(const std::string& what, const Status& status) {
  std::fprintf(stderr, "bench_rations_issue: %s: %s\n", what.c_str(), status.message().c_str());
  return 1;
}

Value Texts(std::vector<std::string> texts) {
  ValueList list;
  for (auto& text : texts) list.push_back(Value::Text(std::move(text)));
  return Value::List(std::move(list));
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t persons = argc > 1 ? std::max<std::int64_t>(16, std::atoll(argv[1])) : 1500000;
  const int in_flight = argc > 2 ? std::max(1, std::atoi(argv[2])) : 8192;
  auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  if (!charter) return Fail("charter", charter.error());

  EngineState state;
  state.body_index[kOrgan] = 0;
  state.body_ids.push_back(kOrgan);
  state.roll.Apply(RollUnitsAct("1918-07-01", {"petrograd"}));
  state.roll.Reserve(persons);
  for (std::int64_t first = 0; first < persons; first += 4096) {
    std::vector<Entrant> entrants;
    for (std::int64_t idx = first; idx < std::min(persons, first + 4096); ++idx) {
      entrants.push_back({PersonId(idx), "N", "1880-01-01", "", ""});
    }
    state.roll.Apply(RollEnterAct("1918-07-01", "petrograd", entrants));
  }
  // Categories in turn (person i in category i mod 4), in acts of 4096.
  for (int category = 0; category < 4; ++category) {
    for (std::int64_t first = category; first < persons; first += 4 * 4096) {
      std::vector<std::string> ids;
      for (std::int64_t idx = first; idx < std::min(persons, first + 4 * 4096); idx += 4) {
        ids.push_back(PersonId(idx));
      }
      Act assign{.kind = schema::ration::kAssignKind, .body = kOrgan, .fields = {}};
      assign.fields[field::kDate] = Value::Text("1918-07-02");
      assign.fields[field::kCategory] = Value::Text(kCategories[category]);
      assign.fields[field::kPersons] = Texts(std::move(ids));
      if (auto ok = engine::CheckCouncilAct(state, *charter, assign); !ok) {
        return Fail("ration.assign", ok.error());
      }
      engine::ApplyCouncilAct(state, *charter, assign);
    }
  }

  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("sovet-bench-rations-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string url = "sqlite:" + (dir / "rations.db").string();
  const std::string key = (dir / "rations.key").string();
  auto genesis = Journal::Init({.url = url,
                                .key_path = key,
                                .charter = CharterIdentity{charter->id, charter->sha256_hex},
                                .projector = &EngineProjector()});
  if (!genesis) return Fail("init", genesis.error());
  auto journal = Journal::Open(
      {.url = url, .writable = true, .key_path = key, .projector = &EngineProjector()});
  if (!journal) return Fail("open", journal.error());

  fmt::print("ration cards on SQLite (synchronous=FULL): {} persons, {} acts in flight\n", persons,
             in_flight);
  fmt::print("  {:>9}  {:>9}  {:>12}  {:>12}  {:>12}\n", "per act", "seconds", "cards/s",
             "entries/s", "rules share");
  int status = 0;
  for (const std::int64_t per_act : {std::int64_t{1}, std::int64_t{1024}}) {
    const std::string period = fmt::format("1918-07-03-{}", per_act);
    Act supply{.kind = schema::ration::kSupplyKind, .body = kOrgan, .fields = {}};
    supply.fields[field::kDate] = Value::Text("1918-07-02");
    supply.fields[field::kPeriod] = Value::Text(period);
    supply.fields[field::kStarts] = Value::Text("1918-07-03");
    supply.fields[field::kTable] = Value::Text("petrograd-1918-07-03");
    supply.fields[field::kItems] = Texts({"bread", "eggs", "fish", "herrings"});
    // 001:20–23 for every person, plus room.
    supply.fields[field::kQuantities] = Value::List(
        {Value::Integer(200 * persons), Value::Integer(2 * persons), Value::Integer(400 * persons),
         Value::Integer(5 * persons)});
    if (auto ok = engine::CheckCouncilAct(state, *charter, supply); !ok) {
      return Fail("ration.supply", ok.error());
    }
    engine::ApplyCouncilAct(state, *charter, supply);
    if (auto ok = (*journal)->Append(supply); !ok) return Fail("append supply", ok.error());

    std::int64_t next = 0;
    std::int64_t acts = 0;
    std::atomic<bool> failed{false};
    double rules_seconds = 0;
    const auto start = bench::Clock::now();
    bench::SubmitKeepingInFlight(
        **journal, in_flight,
        [&]() -> std::optional<Act> {
          if (next >= persons || failed) return std::nullopt;
          const auto rules_start = bench::Clock::now();
          const std::int64_t count = std::min(per_act, persons - next);
          ValueList cards, ids, categories;
          cards.reserve(static_cast<std::size_t>(count));
          ids.reserve(static_cast<std::size_t>(count));
          categories.reserve(static_cast<std::size_t>(count));
          for (std::int64_t idx = next; idx < next + count; ++idx) {
            cards.push_back(Value::Text(fmt::format("{}", idx + 1)));
            ids.push_back(Value::Text(PersonId(idx)));
            categories.push_back(Value::Text(kCategories[idx % 4]));
          }
          Act card{.kind = schema::ration::kCardKind, .body = kOrgan, .fields = {}};
          card.fields[field::kDate] = Value::Text("1918-07-02");
          card.fields[field::kPeriod] = Value::Text(period);
          card.fields[field::kCards] = Value::List(std::move(cards));
          card.fields[field::kPersons] = Value::List(std::move(ids));
          card.fields[field::kCategories] = Value::List(std::move(categories));
          next += count;
          ++acts;
          if (auto ok = engine::CheckCouncilAct(state, *charter, card); !ok) {
            Fail("ration.card", ok.error());
            failed = true;
            return std::nullopt;
          }
          engine::ApplyCouncilAct(state, *charter, card);
          rules_seconds += bench::SecondsSince(rules_start);
          return card;
        },
        [&](Result<Appended> appended) {
          if (!appended && !failed.exchange(true)) Fail("append ration.card", appended.error());
        });
    const double seconds = bench::SecondsSince(start);
    if (failed) {
      status = 1;
      break;
    }
    const RationPeriod& done = *state.rations.Period(kOrgan, period);
    if (static_cast<std::int64_t>(done.cards.size()) != persons) {
      std::fprintf(stderr, "bench_rations_issue: %zu cards, expected %lld\n", done.cards.size(),
                   static_cast<long long>(persons));
      status = 1;
      break;
    }
    fmt::print("  {:>9}  {:>9.2f}  {:>12.0f}  {:>12.0f}  {:>11.0f}%\n", per_act, seconds,
               static_cast<double>(persons) / seconds, static_cast<double>(acts) / seconds,
               100.0 * rules_seconds / seconds);
  }
  fmt::print("  peak resident memory {:.0f} MiB; journal {:.1f} MiB\n", bench::PeakMiB(),
             static_cast<double>(std::filesystem::file_size(dir / "rations.db")) / 1048576.0);
  journal->reset();
  std::filesystem::remove_all(dir);
  return status;
}
