// The core knows no slate by name: the engine, the journal, the server and
// the public headers print the labels a record declares, never the factions
// of 1917 (those live in charters/rsfsr-1918.sim.toml and src/sim's
// comments).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "base/io.h"

namespace sovet {
namespace {

TEST(CoreSlatesTest, NoFactionOf1917IsCompiledIntoTheCore) {
  int files = 0;
  for (const char* dir : {"src/engine", "src/journal", "src/server", "include"}) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(std::string(SOVET_SOURCE_DIR "/") + dir)) {
      if (!entry.is_regular_file()) continue;
      const std::string ext = entry.path().extension().string();
      if (ext != ".h" && ext != ".cc") continue;
      ++files;
      auto text = ReadFile(entry.path().string());
      ASSERT_TRUE(text) << entry.path();
      for (const char* name : {"Kadet", "Menshevik", "left_srs", "Bolshevik", "Communists",
                               "communists", "non_party"}) {
        EXPECT_EQ(text->find(name), std::string::npos) << entry.path() << " names " << name;
      }
    }
  }
  EXPECT_GT(files, 20);
}

}  // namespace
}  // namespace sovet
