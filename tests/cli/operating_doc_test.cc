// doc/operating.md runs as written: every ```sh block, in order, in one
// scratch directory where `charters` and `data` point into the source tree
// and `sovet` is the built binary on the PATH. A block exits 0, or 2 when
// its first line is `# exits 2` (a refusal the walkthrough shows). New
// sections add blocks; the runner takes whatever the document holds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_support.h"

namespace sovet::cli_test {
namespace {

struct Block {
  int line = 0;  // of the opening fence in the document
  std::string text;
};

std::vector<Block> ShellBlocks(const std::string& markdown) {
  std::vector<Block> blocks;
  std::istringstream in(markdown);
  std::string line;
  int number = 0;
  bool inside = false;
  Block block;
  while (std::getline(in, line)) {
    ++number;
    if (!inside && line == "```sh") {
      inside = true;
      block = Block{number, ""};
    } else if (inside && line.rfind("```", 0) == 0) {
      inside = false;
      blocks.push_back(block);
    } else if (inside) {
      block.text += line + "\n";
    }
  }
  EXPECT_FALSE(inside) << "doc/operating.md: a ```sh block is not closed";
  return blocks;
}

TEST(OperatingDocTest, EveryShellBlockRunsAsWritten) {
  const std::string doc = ReadText(SourcePath("doc/operating.md"));
  ASSERT_FALSE(doc.empty());
  const std::vector<Block> blocks = ShellBlocks(doc);
  ASSERT_GE(blocks.size(), 10u);
  ScopedTempDir dir("sovet-operating-doc");
  const std::filesystem::path root = dir.path();
  std::filesystem::create_directory(root / "bin");
  std::filesystem::create_symlink(SOVET_BINARY, root / "bin" / "sovet");
  std::filesystem::create_symlink(SourcePath("charters"), root / "charters");
  std::filesystem::create_symlink(SourcePath("data"), root / "data");
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    const Block& block = blocks[k];
    const bool refused = block.text.rfind("# exits 2\n", 0) == 0;
    const std::string script = dir.Write("block.sh", block.text);
    const std::string command = "cd " + ShellQuote(root.string()) + " && PATH=" +
                                ShellQuote((root / "bin").string()) +
                                ":\"$PATH\" sh -e block.sh >block.out 2>block.err";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    const int code = WEXITSTATUS(status);
    ASSERT_EQ(code, refused ? 2 : 0)
        << "doc/operating.md:" << block.line << ": block " << k + 1 << "\n"
        << block.text << "--- stdout\n"
        << ReadText(root / "block.out") << "--- stderr\n"
        << ReadText(root / "block.err");
    if (refused) {
      EXPECT_THAT(ReadText(root / "block.err"), ::testing::HasSubstr("error"))
          << "doc/operating.md:" << block.line;
    }
  }
}

}  // namespace
}  // namespace sovet::cli_test
