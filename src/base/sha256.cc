#include "base/sha256.h"

#include <openssl/evp.h>
#include <sodium.h>

namespace sovet {

bool Sha256Into(std::string_view bytes, unsigned char* out) {
  // The digest algorithm is fetched once and each thread keeps its context,
  // so a hash allocates nothing.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                               &EVP_MD_CTX_free);
  unsigned int length = 0;
  if (kSha256 != nullptr && context != nullptr &&
      EVP_DigestInit_ex2(context.get(), kSha256, nullptr) == 1 &&
      EVP_DigestUpdate(context.get(), bytes.data(), bytes.size()) == 1 &&
      EVP_DigestFinal_ex(context.get(), out, &length) == 1 && length == kSha256Size) {
    return true;
  }
  // OpenSSL unusable (no default provider): the portable implementation.
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return true;
}

std::string Sha256(std::string_view bytes) {
  std::string digest(kSha256Size, '\0');
  Sha256Into(bytes, reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

std::string Sha256Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string digest = Sha256(bytes);
  std::string hex;
  hex.reserve(2 * digest.size());
  for (unsigned char byte : digest) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0x0F];
  }
  return hex;
}

// The incremental digest keeps libsodium's streaming state (the same digest;
// it hashes a state dump once per replay, where speed does not matter).
struct Sha256Hasher::State {
  crypto_hash_sha256_state sodium;
};

Sha256Hasher::Sha256Hasher() : state_(std::make_unique<State>()) {
  crypto_hash_sha256_init(&state_->sodium);
}

Sha256Hasher::~Sha256Hasher() = default;

void Sha256Hasher::Update(std::string_view bytes) {
  crypto_hash_sha256_update(&state_->sodium, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
}

std::string Sha256Hasher::Final() {
  std::string digest(kSha256Size, '\0');
  crypto_hash_sha256_final(&state_->sodium, reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

}  // namespace sovet
