// Benchmark: journal verification throughput in MB/s beside `sha256sum` of
// the same exported bytes, measured in the same run. Target (issue 4):
// verification at no less than half of sha256sum's speed.
//
// Reproduce:
//   BUILD_DIR=build scripts/build --target bench_journal_verify
//   build/bench/bench_journal_verify [ENTRIES]
//
// Builds a SQLite journal of ENTRIES acts (default 200,000; not timed) with
// 16 appending threads, as a busy node would, exports it, then times:
//   - VerifyExport on the export's bytes in memory (decode every entry,
//     SHA-256 every entry, check every link, verify every seal's Ed25519
//     signature; on all cores),
//   - Journal::Verify reading the same entries from the SQLite database,
//   - `sha256sum FILE` of the export (the file is read once first, so both
//     run from the page cache).
// A signature covers a commit group's last entry, whose hash chains every
// entry before it (doc/journal_format.md §4): the signatures checked per
// entry are printed, since they are the cost that depends on load.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "journal/crypto.h"
#include "sovet/journal.h"

namespace {

using sovet::bench::Clock;

[[noreturn]] void Die(const sovet::Status& status) {
  fmt::print(stderr, "bench: {}\n", status.ToString());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t entries = argc > 1 ? std::atoll(argv[1]) : 200'000;
  if (entries < 1) entries = 200'000;
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              fmt::format("sovet_bench_journal_verify_{}", ::getpid());
  std::filesystem::create_directories(dir);
  std::string url = "sqlite:" + (dir / "j.db").string();
  std::string key = (dir / "j.key").string();
  if (auto init = sovet::Journal::Init({.url = url, .key_path = key}); !init) Die(init.error());
  auto journal = sovet::Journal::Open({.url = url, .writable = true, .key_path = key});
  if (!journal) Die(journal.error());

  // 16 threads each keeping 4 appends in flight: groups of a few dozen.
  std::atomic<std::int64_t> next{0};
  auto worker = [&] {
    sovet::bench::SubmitKeepingInFlight(
        **journal, 4,
        [&]() -> std::optional<sovet::Act> {
          std::int64_t n = next++;
          if (n >= entries) return std::nullopt;
          return sovet::Act{"bench.verify",
                            fmt::format("village_soviet:v{}", n % 130000),
                            {{"seats", sovet::Value::Integer(3 + n % 48)},
                             {"electors", sovet::Value::Integer(100 + n)},
                             {"note", sovet::Value::Text("elected by show of hands (001:152)")}}};
        },
        [&](sovet::Result<sovet::Appended> result) {
          if (!result) Die(result.error());
        });
  };
  std::vector<std::thread> pool;
  for (int idx = 0; idx < 16; ++idx) pool.emplace_back(worker);
  for (auto& thread : pool) thread.join();

  std::string exported;
  if (auto done = (*journal)->Export([&](std::string_view bytes) -> sovet::Result<void> {
        exported.append(bytes);
        return {};
      });
      !done) {
    Die(done.error());
  }
  std::string export_path = (dir / "journal.export").string();
  std::ofstream(export_path, std::ios::binary) << exported;
  double megabytes = static_cast<double>(exported.size()) / 1e6;

  Clock::time_point start = Clock::now();
  auto report = sovet::VerifyExport(exported);
  double export_seconds = sovet::bench::SecondsSince(start);
  start = Clock::now();
  auto single = sovet::VerifyExport(exported, sovet::VerifyOptions{.threads = 1});
  double single_seconds = sovet::bench::SecondsSince(start);
  // The floor: one SHA-256 pass over the export as sovet hashes (OpenSSL),
  // one thread.
  start = Clock::now();
  unsigned char digest[sovet::kHashSize];
  sovet::journal::Sha256Into(exported, digest);
  double floor_seconds = sovet::bench::SecondsSince(start);
  if (!report || !report->ok || !single || !single->ok) {
    fmt::print(stderr, "bench: the export does not verify\n");
    return 1;
  }
  start = Clock::now();
  auto db_report = (*journal)->Verify();
  double db_seconds = sovet::bench::SecondsSince(start);
  if (!db_report || !db_report->ok) {
    fmt::print(stderr, "bench: the database does not verify\n");
    return 1;
  }
  // Warm the page cache, then time sha256sum of the same bytes.
  std::string command = fmt::format("sha256sum '{}' >/dev/null", export_path);
  if (std::system(command.c_str()) != 0) {
    fmt::print(stderr, "bench: sha256sum failed\n");
    return 1;
  }
  start = Clock::now();
  if (std::system(command.c_str()) != 0) return 1;
  double sha_seconds = sovet::bench::SecondsSince(start);

  double verify_rate = megabytes / export_seconds;
  double sha_rate = megabytes / sha_seconds;
  fmt::print(
      "bench_journal_verify: {} entries, export {:.1f} MB, {} signatures ({:.3f} per entry), "
      "{} cores\n",
      report->entries, megabytes, report->sealed,
      static_cast<double>(report->sealed) / static_cast<double>(report->entries),
      std::thread::hardware_concurrency());
  fmt::print("  sovet verify --export  {:>8.1f} MB/s  ({:.3f} s)\n", verify_rate, export_seconds);
  fmt::print("  ... on one thread      {:>8.1f} MB/s  ({:.3f} s)\n", megabytes / single_seconds,
             single_seconds);
  fmt::print("  one SHA-256 pass       {:>8.1f} MB/s  ({:.3f} s, OpenSSL, one thread: the floor)\n",
             megabytes / floor_seconds, floor_seconds);
  fmt::print("  sovet verify --db      {:>8.1f} MB/s  ({:.3f} s, SQLite reads included)\n",
             megabytes / db_seconds, db_seconds);
  fmt::print("  sha256sum              {:>8.1f} MB/s  ({:.3f} s)\n", sha_rate, sha_seconds);
  fmt::print("  verify/sha256sum       {:.2f} (export), {:.2f} (database); target >= 0.50\n",
             verify_rate / sha_rate, megabytes / db_seconds / sha_rate);
  fmt::print(
      "reproduce: BUILD_DIR=build scripts/build --target bench_journal_verify && "
      "build/bench/bench_journal_verify {}\n",
      entries);
  journal->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
