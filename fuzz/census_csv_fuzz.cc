// Fuzz target: census CSV through ParseCensus against the 1918 charter's unit
// kinds; a census or a located error, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>

#include "fuzz_support.h"
#include "sovet/census.h"
#include "sovet/charter.h"

namespace {
const sovet::Charter& CensusCharter() {
  static const sovet::Charter charter = [] {
    auto loaded = sovet::LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
    if (!loaded) std::abort();
    return *std::move(loaded);
  }();
  return charter;
}
}  // namespace

namespace sovet::fuzz {

int CensusCsv(const std::uint8_t* data, std::size_t size) {
  auto census = sovet::ParseCensus(sovet::fuzz::AsText(data, size), "fuzz.csv", CensusCharter());
  (void)census;
  return 0;
}

}  // namespace sovet::fuzz

SOVET_FUZZ_ENTRY(CensusCsv)
