// Sign-in state of `sovet serve` (doc/web.md "Sessions"): sessions in
// memory, keyed by random 256-bit tokens, each with its own CSRF token (a
// synchronizer token: every form and every API write must carry it), and
// the rate limit on sign-in attempts per account and per address.
//
// Sessions live in the server's memory only: a restart signs everyone out,
// and a session token is never written to disk or to the journal.
//
// Thread-safety: every method may be called from any thread at once.
#ifndef SOVET_SERVER_AUTH_H_
#define SOVET_SERVER_AUTH_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sovet::server {

using Clock = std::chrono::steady_clock;

// 32 random bytes (libsodium's randombytes_buf) as 64 hex digits.
std::string RandomToken();
// Constant-time comparison (sodium_memcmp); false when the sizes differ.
bool SameToken(std::string_view a, std::string_view b);

struct Session {
  std::string account;
  std::string csrf;
  Clock::time_point expires;
};

class Sessions {
 public:
  explicit Sessions(std::chrono::seconds ttl) : ttl_(ttl) {}
  // A new session for `account`; returns its token.
  std::string Create(const std::string& account);
  // The live session of `token` (an expired one is removed).
  std::optional<Session> Find(std::string_view token);
  void Remove(std::string_view token);
  std::chrono::seconds ttl() const { return ttl_; }

 private:
  std::chrono::seconds ttl_;
  std::mutex mutex_;
  std::map<std::string, Session, std::less<>> sessions_;
};

// At most `limit` failed sign-ins per key (an account name, an address)
// within `window`; a key over it is refused, even with the right password,
// until its oldest failure leaves the window.
class LoginLimiter {
 public:
  LoginLimiter(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}
  // Seconds until `key` may try again; 0 when it may now.
  std::int64_t RetryAfter(const std::string& key);
  void Fail(const std::string& key);
  void Succeed(const std::string& key);

 private:
  int limit_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::map<std::string, std::vector<Clock::time_point>> failures_;
};

}  // namespace sovet::server

#endif  // SOVET_SERVER_AUTH_H_
