// SHA-256, the one implementation every module uses (the journal's chain,
// the charter's identity, the state digest of a replay).
//
// OpenSSL's SHA-256 is used where it is usable: it takes the CPU's SHA
// extensions where present, several times the speed of libsodium's portable
// code, and hashing is most of what verifying a journal does. When OpenSSL
// has no usable provider, libsodium's crypto_hash_sha256 computes the same
// digest. Thread-safe: each thread keeps its own OpenSSL context.
#ifndef SOVET_BASE_SHA256_H_
#define SOVET_BASE_SHA256_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace sovet {

inline constexpr std::size_t kSha256Size = 32;

// Writes the 32-byte digest of `bytes` to `out`. Always returns true (kept
// as a bool so that callers can fold it into a condition).
bool Sha256Into(std::string_view bytes, unsigned char* out);

// The 32-byte digest of `bytes`, as raw bytes.
std::string Sha256(std::string_view bytes);

// The digest of `bytes` as 64 lowercase hexadecimal digits.
std::string Sha256Hex(std::string_view bytes);

// An incremental digest for input fed in pieces (a state dump). Not
// copyable; one thread at a time.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(std::string_view bytes);
  // The 32-byte digest of everything fed; the hasher is spent afterwards.
  std::string Final();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace sovet

#endif  // SOVET_BASE_SHA256_H_
