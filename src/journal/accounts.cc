// Operator accounts (sovet/accounts.h): a table beside the journal, never
// part of it, written through the journal's SQL layer so that SQLite and
// PostgreSQL share one implementation.
#include "sovet/accounts.h"

#include <fmt/format.h>
#include <sodium.h>

#include <chrono>

#include "journal/sql.h"
#include "sovet/journal.h"

namespace sovet {

namespace {

constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMinPassword = 8;
constexpr std::size_t kMaxPassword = 1024;

// Not prefixed `state_`: the projection neither dumps nor replays it.
constexpr char kCreate[] =
    "CREATE TABLE IF NOT EXISTS accounts (name TEXT NOT NULL PRIMARY KEY, "
    "password_hash TEXT NOT NULL, created_ns BIGINT NOT NULL)";

Result<Account> RowToAccount(const journal::SqlRow& row) {
  const auto* name = row.size() == 3 ? std::get_if<std::string>(&row[0]) : nullptr;
  const auto* hash = row.size() == 3 ? std::get_if<std::string>(&row[1]) : nullptr;
  const auto* created = row.size() == 3 ? std::get_if<std::int64_t>(&row[2]) : nullptr;
  if (name == nullptr || hash == nullptr || created == nullptr) {
    return Error(Status::IntegrityViolation(
        "table accounts: a row is not (name TEXT, password_hash TEXT, created_ns BIGINT); it was "
        "changed outside sovet"));
  }
  return Account{*name, *hash, *created};
}

}  // namespace

Result<void> CheckAccountName(std::string_view name, std::string_view field) {
  bool ok = !name.empty() && name.size() <= kMaxName;
  for (std::size_t idx = 0; ok && idx < name.size(); ++idx) {
    const char c = name[idx];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    ok = alnum || (idx > 0 && (c == '_' || c == '.' || c == '-'));
  }
  if (!ok) {
    return Error(Status::InvalidInput(
        fmt::format("account name: expected 1-{} characters of a-z, 0-9, '_', '.', '-', starting "
                    "with a letter or digit",
                    kMaxName),
        SourceLocation{.field = std::string(field)}));
  }
  return {};
}

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < kMinPassword || password.size() > kMaxPassword) {
    return Error(Status::InvalidInput(
        fmt::format("a password has {} to {} bytes", kMinPassword, kMaxPassword),
        SourceLocation{.field = "password"}));
  }
  if (sodium_init() < 0) return Error(Status::Internal("libsodium failed to initialise"));
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Error(Status::Internal("Argon2id ran out of memory hashing the password"));
  }
  return std::string(out);
}

bool CheckPassword(std::string_view hash, std::string_view password) {
  if (sodium_init() < 0 || hash.size() >= crypto_pwhash_STRBYTES) return false;
  char stored[crypto_pwhash_STRBYTES] = {};
  hash.copy(stored, hash.size());
  return crypto_pwhash_str_verify(stored, password.data(), password.size()) == 0;
}

class AccountStore::Impl {
 public:
  explicit Impl(std::unique_ptr<journal::SqlConnection> sql) : sql_(std::move(sql)) {}
  std::unique_ptr<journal::SqlConnection> sql_;
};

AccountStore::AccountStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AccountStore::~AccountStore() = default;

Result<std::unique_ptr<AccountStore>> AccountStore::Open(const std::string& url) {
  SOVET_TRY(StoreUrl store, ParseStoreUrl(url));
  std::unique_ptr<journal::SqlConnection> sql;
  if (store.kind == StoreUrl::Kind::kSqlite) {
    SOVET_TRY(sql, journal::OpenSqlite(store.target, /*create=*/false));
  } else {
    SOVET_TRY(sql, journal::OpenPostgres(store.target));
  }
  SOVET_CHECK_OK(sql->Exec(kCreate));
  return std::unique_ptr<AccountStore>(new AccountStore(std::make_unique<Impl>(std::move(sql))));
}

Result<void> AccountStore::Add(const Account& account) {
  SOVET_CHECK_OK(CheckAccountName(account.name));
  journal::SqlConnection& sql = *impl_->sql_;
  SOVET_CHECK_OK(sql.BeginWrite());
  auto done = [&]() -> Result<void> {
    SOVET_TRY(auto rows, sql.Query("SELECT name FROM accounts WHERE name = $1", {account.name}));
    if (!rows.empty()) {
      return Error(Status::AlreadyExists(
          fmt::format("account \"{}\" already exists in {}", account.name, sql.display_url()),
          SourceLocation{.field = "name"}));
    }
    const std::int64_t created =
        account.created_ns != 0
            ? account.created_ns
            : std::chrono::duration_cast<std::chrono::nanoseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
    SOVET_CHECK_OK(
        sql.Exec("INSERT INTO accounts (name, password_hash, created_ns) VALUES ($1, $2, $3)",
                 {account.name, account.password_hash, created}));
    return sql.Commit();
  }();
  if (!done) sql.Rollback();
  return done;
}

Result<std::optional<Account>> AccountStore::Find(std::string_view name) {
  SOVET_TRY(auto rows,
            impl_->sql_->Query("SELECT name, password_hash, created_ns FROM accounts WHERE name = $1",
                               {std::string(name)}));
  if (rows.empty()) return std::optional<Account>();
  SOVET_TRY(Account account, RowToAccount(rows.front()));
  return std::optional<Account>(std::move(account));
}

Result<std::vector<Account>> AccountStore::List() {
  SOVET_TRY(auto rows, impl_->sql_->Query(
                           "SELECT name, password_hash, created_ns FROM accounts ORDER BY name"));
  std::vector<Account> accounts;
  for (const auto& row : rows) {
    SOVET_TRY(Account account, RowToAccount(row));
    accounts.push_back(std::move(account));
  }
  return accounts;
}

}  // namespace sovet
