#include "server/auth.h"

#include <sodium.h>

#include <algorithm>
#include <vector>

#include "sovet/journal.h"

namespace sovet::server {

std::string RandomToken() {
  if (sodium_init() < 0) std::abort();  // no randomness: nothing safe to hand out
  std::string bytes(32, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return HexEncode(bytes);
}

bool SameToken(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Sessions::Create(const std::string& account) {
  std::string token = RandomToken();
  std::lock_guard lock(mutex_);
  // Expired sessions are dropped as new ones are made, so the map stays
  // bounded by the sign-ins of one lifetime.
  const auto now = Clock::now();
  std::erase_if(sessions_, [now](const auto& item) { return item.second.expires <= now; });
  sessions_[token] = Session{account, RandomToken(), now + ttl_};
  return token;
}

std::optional<Session> Sessions::Find(std::string_view token) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires <= Clock::now()) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void Sessions::Remove(std::string_view token) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(token);
  if (it != sessions_.end()) sessions_.erase(it);
}

std::int64_t LoginLimiter::RetryAfter(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  const auto now = Clock::now();
  std::erase_if(it->second, [&](Clock::time_point at) { return at + window_ <= now; });
  if (static_cast<int>(it->second.size()) < limit_) return 0;
  const auto wait = it->second.front() + window_ - now;
  return std::max<std::int64_t>(1, std::chrono::ceil<std::chrono::seconds>(wait).count());
}

void LoginLimiter::Fail(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (failures_.size() > 100000) failures_.clear();  // a flood of names: start over
  auto& list = failures_[key];
  list.push_back(Clock::now());
  if (list.size() > static_cast<std::size_t>(limit_)) list.erase(list.begin());
}

void LoginLimiter::Succeed(const std::string& key) {
  std::lock_guard lock(mutex_);
  failures_.erase(key);
}

}  // namespace sovet::server
