// Fuzz target: an entry body through DecodeEntryBody, and the same bytes as
// a value through DecodeValue. The encoding is canonical (doc/journal_format.md
// §2, §3): whatever decodes must encode back to exactly the bytes read, or
// two byte strings would hash differently for one entry.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_support.h"
#include "sovet/journal.h"
#include "sovet/value.h"

namespace sovet::fuzz {

int JournalEntry(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes = sovet::fuzz::AsText(data, size);
  auto entry = sovet::DecodeEntryBody(bytes);
  if (entry) {
    auto again = sovet::EncodeEntryBody(entry->seq, entry->time_ns, entry->sealed,
                                        entry->prev_hash, entry->kind, entry->body,
                                        entry->payload);
    if (!again || *again != bytes) std::abort();
  }
  auto value = sovet::DecodeValue(bytes);
  if (value) {
    auto again = sovet::EncodeValue(*value);
    if (!again || *again != bytes) std::abort();
  }
  return 0;
}

}  // namespace sovet::fuzz

SOVET_FUZZ_ENTRY(JournalEntry)
