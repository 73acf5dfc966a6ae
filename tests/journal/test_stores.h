// Fresh stores for journal tests: a SQLite file in a temporary directory,
// or a schema of its own in the PostgreSQL server named by
// SOVET_TEST_PG_URL (so tests never interfere and may run in parallel).
// Without that variable PostgreSQL tests skip — unless SOVET_REQUIRE_PG=1,
// when they fail.
#ifndef SOVET_TESTS_JOURNAL_TEST_STORES_H_
#define SOVET_TESTS_JOURNAL_TEST_STORES_H_

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "raw_sql.h"

namespace sovet::testing {

inline std::string PgBaseUrl() {
  const char* url = std::getenv("SOVET_TEST_PG_URL");
  return url == nullptr ? std::string() : std::string(url);
}

inline bool PgRequired() {
  const char* required = std::getenv("SOVET_REQUIRE_PG");
  return required != nullptr && std::string(required) == "1";
}

inline std::string UniqueName(const std::string& stem) {
  static std::atomic<int> counter{0};
  std::random_device random;
  return fmt::format("{}_{}_{}_{:x}", stem, ::getpid(), counter++, random());
}

// A temporary directory removed with the object.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() / UniqueName("sovet_journal_test");
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A schema of its own on the test server, dropped with the object; url()
// selects it through libpq's `options` (search_path).
class PgSchema {
 public:
  PgSchema() {
    base_ = PgBaseUrl();
    if (base_.empty()) return;
    name_ = UniqueName("t");
    error_ = RawPostgres(base_, fmt::format("CREATE SCHEMA {}", name_));
  }
  ~PgSchema() {
    if (!base_.empty() && error_.empty())
      RawPostgres(base_, fmt::format("DROP SCHEMA {} CASCADE", name_));
  }
  bool available() const { return !base_.empty() && error_.empty(); }
  const std::string& error() const { return error_; }
  std::string url() const {
    return fmt::format("{}{}options=-csearch_path%3D{}", base_,
                       base_.find('?') == std::string::npos ? "?" : "&", name_);
  }

 private:
  std::string base_;
  std::string name_;
  std::string error_;
};

// In a test body: skip (or fail under SOVET_REQUIRE_PG=1) without a server.
#define SOVET_REQUIRE_PG_OR_SKIP(schema)                                                   \
  do {                                                                                     \
    if (!(schema).available()) {                                                           \
      if (::sovet::testing::PgRequired()) {                                                \
        FAIL() << "SOVET_REQUIRE_PG=1 but no PostgreSQL: SOVET_TEST_PG_URL="               \
               << ::sovet::testing::PgBaseUrl() << " " << (schema).error();                \
      }                                                                                    \
      GTEST_SKIP() << "PostgreSQL tests skipped: SOVET_TEST_PG_URL is not set (start one " \
                      "with scripts/pg-test-server)";                                      \
    }                                                                                      \
  } while (0)

}  // namespace sovet::testing

#endif  // SOVET_TESTS_JOURNAL_TEST_STORES_H_
