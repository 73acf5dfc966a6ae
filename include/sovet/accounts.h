// Operator accounts: who may sign in to `sovet serve` (SYSTEM.md §10,
// doc/web.md "Accounts, roles and sessions").
//
// An account is a name and an Argon2id password hash (libsodium's
// crypto_pwhash_str, with its interactive limits). Credentials are not
// public, so accounts are not acts: they live in the store's `accounts`
// table, beside the journal but outside it and outside the projection (no
// state table, no replay digest, no export). What an account may do is
// public and is in the journal: `role.grant` / `role.revoke` acts
// (sovet/roles.h). An account name is 1-64 characters of [a-z0-9_.-],
// starting with a letter or digit.
//
// Effects: Add writes one row in its own transaction; nothing else writes.
// Ownership: an AccountStore owns its connection.
// Thread-safety: an AccountStore is used by one thread at a time; the free
// functions may run concurrently.
#ifndef SOVET_ACCOUNTS_H_
#define SOVET_ACCOUNTS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/status.h"

namespace sovet {

struct Account {
  std::string name;
  std::string password_hash;  // crypto_pwhash_str's "$argon2id$..." string
  std::int64_t created_ns = 0;
};

// kInvalidInput naming `field` unless `name` is a valid account name.
Result<void> CheckAccountName(std::string_view name, std::string_view field = "name");

// Argon2id hash of `password` (8-1024 bytes, else kInvalidInput naming
// "password"). Slow by design (tens of milliseconds, 64 MiB).
Result<std::string> HashPassword(std::string_view password);
// Whether `password` matches `hash`; false for any malformed hash.
bool CheckPassword(std::string_view hash, std::string_view password);

class AccountStore {
 public:
  // Opens the store at a --db URL (sqlite:PATH or postgresql://...) and
  // creates the `accounts` table if it lacks one. kNotFound when a SQLite
  // file does not exist (sovet init first).
  static Result<std::unique_ptr<AccountStore>> Open(const std::string& url);
  ~AccountStore();
  AccountStore(const AccountStore&) = delete;
  AccountStore& operator=(const AccountStore&) = delete;

  // kAlreadyExists when the name is taken.
  Result<void> Add(const Account& account);
  Result<std::optional<Account>> Find(std::string_view name);
  // Every account, by name (hashes included; callers print names only).
  Result<std::vector<Account>> List();

  class Impl;

 private:
  explicit AccountStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sovet

#endif  // SOVET_ACCOUNTS_H_
