// SHA-256 and Ed25519 (libsodium) as the journal uses them.
#ifndef SOVET_JOURNAL_CRYPTO_H_
#define SOVET_JOURNAL_CRYPTO_H_

#include <string>
#include <string_view>

#include "sovet/journal.h"

namespace sovet::journal {

// Domain separation: a journal signature can never be replayed as a
// signature over anything else the key might sign (doc/journal_format.md §4).
inline constexpr std::string_view kSignatureDomain{"sovet journal v1 seal\0", 22};

std::string Sha256(std::string_view bytes);
// Writes the 32-byte SHA-256 of `bytes` to `out`.
bool Sha256Into(std::string_view bytes, unsigned char* out);
// Signs kSignatureDomain || hash.
std::string Sign(const NodeKey& key, std::string_view hash);
bool CheckSignature(std::string_view public_key, std::string_view hash, std::string_view signature);

}  // namespace sovet::journal

#endif  // SOVET_JOURNAL_CRYPTO_H_
