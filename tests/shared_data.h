// The real elections the counting tests reproduce live in
// ../shared/data/elections, beside the repository, not in it. A checkout
// without that directory skips those tests with a message naming it; under
// CI (CI set in the environment) the directory must be there, so a missing
// dataset fails rather than passes silently.
#ifndef SOVET_TESTS_SHARED_DATA_H_
#define SOVET_TESTS_SHARED_DATA_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#define SOVET_SKIP_WITHOUT_SHARED_ELECTIONS()                                                 \
  do {                                                                                        \
    const std::filesystem::path sovet_elections =                                             \
        std::filesystem::path(SOVET_SHARED_DIR) / "data" / "elections";                       \
    if (!std::filesystem::is_directory(sovet_elections) && std::getenv("CI") == nullptr) {    \
      GTEST_SKIP() << sovet_elections.string()                                                \
                   << " is absent (the shared data set beside the repository); under CI it " \
                      "is required";                                                          \
    }                                                                                         \
  } while (false)

#endif  // SOVET_TESTS_SHARED_DATA_H_
