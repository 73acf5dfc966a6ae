// Benchmark: durable recall signatures per second on SQLite (doc/operating.md
// "Recall"). A town of N electors in the register; a petition against a
// deputy of its soviet; then every elector signs, in recall.sign acts of K
// signatures each, with many acts in flight. Each act goes the engine's way
// (Engine::ExecuteRecorded): the recall rules against the state — the
// petition live, each signer an elector on the roll that day and not yet a
// signer — then the state applied, then the act handed to the journal,
// whose writer commits groups of acts (entries + their projection: a row
// per signature in council_recall_signatures) with one flush each. A
// signature counts only once its act's commit has returned (durable).
// Target (issue 9): at least 20,000 durable signatures/s on SQLite.
//
// Reproduce:
//   scripts/build bench_recall_sign
//   build/bench/bench_recall_sign [ELECTORS] [IN_FLIGHT]
// (defaults 200000 and 64). Prints, per act size K (1, 16, 256, 1024), the
// signatures per second, the acts per second, and the share of the time
// the engine's rules took on the main thread; then the peak resident
// memory. First, the time of RollSize (the scan recall.open makes). Wall times are measured on a shared machine: other load shows.
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

namespace {

using namespace sovet;  // NOLINT: a benchmark program
namespace field = schema::council::field;

std::string PersonId(std::int64_t idx) { return fmt::format("e{:08d}", idx); }

Act Enter(std::int64_t first, std::int64_t count) {
  std::vector<Entrant> entrants;
  for (std::int64_t idx = first; idx < first + count; ++idx) {
    entrants.push_back({PersonId(idx), "Elector", "1880-01-01", "", ""});
  }
  return RollEnterAct("1918-01-02", "town", entrants);
}

int Fail(const std::string& what, const Status& status) {
  std::fprintf(stderr, "bench_recall_sign: %s: %s\n", what.c_str(), status.message().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t electors = argc > 1 ? std::max<std::int64_t>(16, std::atoll(argv[1])) : 200000;
  const int in_flight = argc > 2 ? std::max(1, std::atoi(argv[2])) : 64;
  const std::vector<std::int64_t> sizes = {1, 16, 256, 1024};

  auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  if (!charter) return Fail("charter", charter.error());

  // The register and the seats, in the engine's memory (the register's own
  // import is measured by bench_register_import; seats are written by
  // election.verify, here set as it would).
  EngineState state;
  {
    state.roll.Apply(RollUnitsAct("1918-01-02", {"town"}));
    state.roll.Reserve(electors);
    for (std::int64_t first = 0; first < electors; first += 4096) {
      state.roll.Apply(Enter(first, std::min<std::int64_t>(4096, electors - first)));
    }
    auto& seats = state.ledger.bodies["soviet:town"].seats;
    for (std::size_t seat = 0; seat < sizes.size(); ++seat) {
      seats.push_back(SeatHolder{.person = PersonId(static_cast<std::int64_t>(seat)),
                                 .election = "e",
                                 .seated = Date::Parse("1918-01-10").value(),
                                 .term_ends = Date::Parse("1918-04-10").value(),
                                 .source_body = "",
                                 .source_seat = 0});
    }
  }

  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("sovet-bench-recall-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string url = "sqlite:" + (dir / "recall.db").string();
  const std::string key = (dir / "recall.key").string();
  auto genesis = Journal::Init({.url = url,
                                .key_path = key,
                                .charter = CharterIdentity{charter->id, charter->sha256_hex},
                                .projector = &EngineProjector()});
  if (!genesis) return Fail("init", genesis.error());
  auto journal = Journal::Open(
      {.url = url, .writable = true, .key_path = key, .projector = &EngineProjector()});
  if (!journal) return Fail("open", journal.error());

  {
    // recall.open counts the constituency's roll by a scan of the register
    // in memory: its cost per person registered.
    const auto scan_start = bench::Clock::now();
    const std::int64_t roll =
        engine::RollSize(state, *charter, "town", Date::Parse("1918-02-01").value());
    const double scan = bench::SecondsSince(scan_start);
    fmt::print("RollSize of {} electors: {:.1f} ms ({:.1f} ns per person; 60 million: {:.2f} s)\n",
               roll, scan * 1e3, scan * 1e9 / static_cast<double>(electors),
               scan * 6e7 / static_cast<double>(electors));
  }
  fmt::print("recall signatures on SQLite (synchronous=FULL): {} electors, {} acts in flight\n",
             electors, in_flight);
  fmt::print("  {:>9}  {:>14}  {:>10}  {:>9}  {:>12}\n", "per act", "signatures/s", "acts/s",
             "seconds", "rules share");
  int status = 0;
  for (std::size_t mode = 0; mode < sizes.size(); ++mode) {
    const std::int64_t per_act = sizes[mode];
    const std::string petition = fmt::format("petition-{}", per_act);
    const Date date = Date::Parse("1918-02-01").value();
    // Fewer signatures for the smallest acts: an act per signature is the
    // slowest way, and its figure settles within tens of thousands.
    const std::int64_t signers = per_act == 1 ? std::min<std::int64_t>(electors, 50000) : electors;
    Act open{.kind = schema::council::kRecallOpenKind, .body = "soviet:town", .fields = {}};
    open.fields[field::kDate] = Value::Text("1918-02-01");
    open.fields[field::kPetition] = Value::Text(petition);
    open.fields[field::kSeat] = Value::Integer(static_cast<std::int64_t>(mode) + 1);
    open.fields[field::kPerson] = Value::Text(PersonId(static_cast<std::int64_t>(mode)));
    const std::int64_t roll = engine::RollSize(state, *charter, "town", date);
    open.fields[field::kRoll] = Value::Integer(roll);
    open.fields[field::kNeeded] = Value::Integer(RecallSignaturesNeeded(*charter, roll));
    if (auto ok = engine::CheckCouncilAct(state, *charter, open); !ok) {
      return Fail("recall.open", ok.error());
    }
    engine::ApplyCouncilAct(state, *charter, open);
    if (auto ok = (*journal)->Append(open); !ok) return Fail("append recall.open", ok.error());

    std::int64_t next = 0;
    std::atomic<std::int64_t> durable{0};
    std::atomic<bool> failed{false};
    double rules_seconds = 0;
    const auto start = bench::Clock::now();
    bench::SubmitKeepingInFlight(
        **journal, in_flight,
        [&]() -> std::optional<Act> {
          if (next >= signers || failed) return std::nullopt;
          const auto rules_start = bench::Clock::now();
          const std::int64_t count = std::min(per_act, signers - next);
          Act sign{.kind = schema::council::kRecallSignKind, .body = "soviet:town", .fields = {}};
          sign.fields[field::kDate] = Value::Text("1918-02-01");
          sign.fields[field::kPetition] = Value::Text(petition);
          ValueList persons;
          persons.reserve(static_cast<std::size_t>(count));
          for (std::int64_t idx = next; idx < next + count; ++idx) {
            persons.push_back(Value::Text(PersonId(idx)));
          }
          sign.fields[field::kPersons] = Value::List(std::move(persons));
          next += count;
          if (auto ok = engine::CheckCouncilAct(state, *charter, sign); !ok) {
            Fail("recall.sign", ok.error());
            failed = true;
            return std::nullopt;
          }
          engine::ApplyCouncilAct(state, *charter, sign);
          rules_seconds += bench::SecondsSince(rules_start);
          return sign;
        },
        [&](Result<Appended> appended) {
          if (!appended) {
            if (!failed.exchange(true)) Fail("append recall.sign", appended.error());
            return;
          }
        });
    const double seconds = bench::SecondsSince(start);
    if (failed) {
      status = 1;
      break;
    }
    durable = signers;
    const RecallPetition& done = state.ledger.petitions.at(petition);
    if (static_cast<std::int64_t>(done.signers.size()) != signers) {
      std::fprintf(stderr, "bench_recall_sign: %zu signatures recorded, expected %lld\n",
                   done.signers.size(), static_cast<long long>(signers));
      status = 1;
      break;
    }
    const double acts = static_cast<double>((signers + per_act - 1) / per_act);
    fmt::print("  {:>9}  {:>14.0f}  {:>10.0f}  {:>9.2f}  {:>11.0f}%\n", per_act,
               static_cast<double>(durable) / seconds, acts / seconds, seconds,
               100.0 * rules_seconds / seconds);
  }
  fmt::print("  peak resident memory {:.0f} MiB; journal {:.1f} MiB\n", bench::PeakMiB(),
             static_cast<double>(std::filesystem::file_size(dir / "recall.db")) / 1048576.0);
  journal->reset();
  std::filesystem::remove_all(dir);
  return status;
}
