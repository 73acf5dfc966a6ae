// Benchmark: a Congress of 1,164 members (001:62 "1,164 delegates were
// present") votes 1,000 motions by roll call, every member's vote recorded,
// end to end on SQLite (doc/decisions.md "Speed"). The Congress opens a
// sitting, all its members are recorded present, and for each motion:
// motion.put, one motion.vote carrying the whole roll-call sheet as the
// secretary records it (for, against, abstain: 1,164 names), motion.close.
// Every act goes the engine's way — its rules against the state
// (CheckCouncilAct: each voter present, still seated, voting once), then
// the state applied — and is handed to the journal, whose writer commits
// groups of acts (entries and their projection: a row per vote in
// council_votes) with one flush each; the time ends when the last act is
// durable. Target: < 5 s.
//
// Reproduce:
//   scripts/build bench_roll_call
//   build/bench/bench_roll_call [MEMBERS] [MOTIONS] [IN_FLIGHT]
// (defaults 1164, 1000 and 64). Wall times are measured on a shared
// machine: other load shows.
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
#include "sovet/cycle_schema.h"
#include "sovet/decisions.h"
#include "sovet/engine.h"
#include "sovet/journal.h"

namespace {

using namespace sovet;  // NOLINT: a benchmark program
namespace field = schema::council::field;

std::string MemberId(std::int64_t idx) { return fmt::format("delegate-{:04d}", idx); }

int Fail(const std::string& what, const Status& status) {
  std::fprintf(stderr, "bench_roll_call: %s: %s\n", what.c_str(), status.message().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t members = argc > 1 ? std::max<std::int64_t>(3, std::atoll(argv[1])) : 1164;
  const std::int64_t motions = argc > 2 ? std::max<std::int64_t>(1, std::atoll(argv[2])) : 1000;
  const int in_flight = argc > 3 ? std::max(1, std::atoi(argv[3])) : 64;
  auto charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  if (!charter) return Fail("charter", charter.error());

  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("sovet-bench-roll-call-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string url = "sqlite:" + (dir / "roll.db").string();
  const std::string key = (dir / "roll.key").string();
  auto genesis = Journal::Init({.url = url,
                                .key_path = key,
                                .charter = CharterIdentity{charter->id, charter->sha256_hex},
                                .projector = &EngineProjector()});
  if (!genesis) return Fail("init", genesis.error());
  auto journal = Journal::Open(
      {.url = url, .writable = true, .key_path = key, .projector = &EngineProjector()});
  if (!journal) return Fail("open", journal.error());

  // The Congress and its seats, in the engine's memory (seats are written
  // by election.verify, measured elsewhere; here set as it would).
  const std::string body = "congress:rsfsr";
  EngineState state;
  state.body_index.emplace(body, 0);
  state.body_ids.push_back(body);
  auto& seats = state.ledger.bodies[body].seats;
  for (std::int64_t idx = 0; idx < members; ++idx) {
    seats.push_back(SeatHolder{.person = MemberId(idx),
                               .election = "e",
                               .seated = Date::Parse("1918-07-01").value(),
                               .term_ends = std::nullopt,
                               .source_body = "",
                               .source_seat = 0});
  }
  Act create{.kind = schema::kBodyCreateKind, .body = body, .fields = {}};
  create.fields["seats"] = Value::Integer(members);
  auto created = (*journal)->Append(create);
  if (!created) return Fail("append body.create", created.error());
  std::int64_t seq = created->seq;

  const Date date = Date::Parse("1918-07-04").value();
  const std::string date_text = date.ToString();
  std::int64_t sitting = 0;
  std::int64_t motion = 0;
  std::int64_t adopted = 0;
  std::int64_t step = 0;  // 0 open, 1 attend, then put / vote / close per motion
  std::int64_t votes_recorded = 0;
  std::atomic<bool> failed{false};
  double rules_seconds = 0;
  const std::string sha(64, '0');

  auto next_act = [&]() -> std::optional<Act> {
    if (failed || step >= 2 + 3 * motions) return std::nullopt;
    const auto rules_start = bench::Clock::now();
    Act act{.kind = "", .body = body, .fields = {}};
    act.fields[field::kDate] = Value::Text(date_text);
    if (step == 0) {
      auto open = SessionOpenAct(state, *charter, body, date);
      if (!open) {
        Fail("session.open", open.error());
        failed = true;
        return std::nullopt;
      }
      act = std::move(*open);
    } else if (step == 1) {
      act.kind = schema::council::kSessionAttendKind;
      act.fields[field::kSitting] = Value::Integer(sitting);
      ValueList present;
      for (std::int64_t idx = 0; idx < members; ++idx) present.push_back(Value::Text(MemberId(idx)));
      act.fields[field::kPersons] = Value::List(std::move(present));
    } else if ((step - 2) % 3 == 0) {
      act.kind = schema::council::kMotionPutKind;
      act.fields[field::kSitting] = Value::Integer(sitting);
      act.fields[field::kMotionKind] = Value::Text("decree");
      act.fields[field::kTitle] = Value::Text(fmt::format("Decree no. {}", (step - 2) / 3 + 1));
      act.fields[field::kTextSha256] = Value::Text(sha);
      act.fields[field::kScope] = Value::List({Value::Text("rsfsr")});
    } else if ((step - 2) % 3 == 1) {
      // The roll-call sheet: the majority shifts from motion to motion.
      act.kind = schema::council::kMotionVoteKind;
      act.fields[field::kMotion] = Value::Integer(motion);
      const std::int64_t number = (step - 2) / 3;
      const std::int64_t yes = (members * (40 + number % 30)) / 100;
      const std::int64_t abstain = members / 10;
      ValueList votes_for, votes_against, abstentions;
      for (std::int64_t idx = 0; idx < members; ++idx) {
        (idx < yes ? votes_for : idx < members - abstain ? votes_against : abstentions)
            .push_back(Value::Text(MemberId(idx)));
      }
      votes_recorded += members;
      act.fields[field::kFor] = Value::List(std::move(votes_for));
      act.fields[field::kAgainst] = Value::List(std::move(votes_against));
      act.fields[field::kAbstain] = Value::List(std::move(abstentions));
    } else {
      auto close = MotionCloseAct(state, *charter, motion, date);
      if (!close) {
        Fail("motion.close", close.error());
        failed = true;
        return std::nullopt;
      }
      act = std::move(*close);
    }
    if (auto ok = engine::CheckCouncilAct(state, *charter, act); !ok) {
      Fail(act.kind, ok.error());
      failed = true;
      return std::nullopt;
    }
    state.seq = ++seq;  // the journal numbers the acts in this order
    engine::ApplyCouncilAct(state, *charter, act);
    if (step == 0) sitting = seq;
    if (step >= 2 && (step - 2) % 3 == 0) motion = seq;
    if (step >= 2 && (step - 2) % 3 == 2 &&
        state.ledger.decisions.motions.at(motion).stage == MotionStage::kAdopted) {
      ++adopted;
    }
    ++step;
    rules_seconds += bench::SecondsSince(rules_start);
    return act;
  };

  fmt::print("roll call on SQLite (synchronous=FULL): {} members, {} motions, {} acts in flight\n",
             members, motions, in_flight);
  std::atomic<std::int64_t> last_seq{0};
  const auto start = bench::Clock::now();
  bench::SubmitKeepingInFlight(**journal, in_flight, next_act, [&](Result<Appended> appended) {
    if (!appended) {
      if (!failed.exchange(true)) Fail("append", appended.error());
      return;
    }
    if (appended->seq > last_seq) last_seq = appended->seq;
  });
  const double seconds = bench::SecondsSince(start);
  if (failed) return 1;
  if (last_seq != seq) {
    std::fprintf(stderr, "bench_roll_call: the journal numbered the last act %lld, expected %lld\n",
                 static_cast<long long>(last_seq.load()), static_cast<long long>(seq));
    return 1;
  }
  fmt::print("  {} votes recorded in {} acts, {} motions adopted: {:.2f} s ({:.0f} votes/s); "
             "the engine's rules {:.0f}% of it\n",
             votes_recorded, 2 + 3 * motions, adopted, seconds,
             static_cast<double>(votes_recorded) / seconds, 100.0 * rules_seconds / seconds);
  fmt::print("  peak resident memory {:.0f} MiB; journal {:.1f} MiB\n", bench::PeakMiB(),
             static_cast<double>(std::filesystem::file_size(dir / "roll.db")) / 1048576.0);
  journal->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
