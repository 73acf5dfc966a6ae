// Fuzz target: the two CSV ballot formats, `option,votes` (LoadTallyCsv) and
// `ballot` (StreamBallotCsv), read from a file as the count command reads
// them; a tally or a located error, never a crash. A tally that loads is
// counted by a divisor method so that the totals it promises are exercised.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "sovet/ballots.h"
#include "sovet/count.h"

namespace sovet::fuzz {

int BallotCsv(const std::uint8_t* data, std::size_t size) {
  static sovet::fuzz::MemoryFile file;
  const std::string& path = file.Write(data, size);
  auto tally = sovet::LoadTallyCsv(path);
  if (tally) {
    sovet::CountOptions options;
    options.method = sovet::Method::kDhondt;
    options.seats = 1 + static_cast<std::int64_t>(size % 7);
    auto counted = sovet::Count(sovet::Ballots{*std::move(tally)}, options);
    (void)counted;
  }
  auto streamed = sovet::StreamBallotCsv(path);
  (void)streamed;
  return 0;
}

}  // namespace sovet::fuzz

SOVET_FUZZ_ENTRY(BallotCsv)
