// Fuzz target: an export through VerifyExport on one thread; a report or an
// error, never a crash. Without the signer's key a fuzzer cannot forge a
// signature, so this reaches the framing, the genesis and the decoding of
// each entry, which run before the signature check.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "sovet/journal.h"

namespace sovet::fuzz {

int JournalExport(const std::uint8_t* data, std::size_t size) {
  sovet::VerifyOptions options;
  options.threads = 1;
  auto report = sovet::VerifyExport(sovet::fuzz::AsText(data, size), options);
  (void)report;
  return 0;
}

}  // namespace sovet::fuzz

SOVET_FUZZ_ENTRY(JournalExport)
