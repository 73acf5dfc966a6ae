// Hostile input, end to end: every case under tests/data/hostile/<case>/ runs
// one sovet command and checks its exit code and what it says; generated
// cases (deep JSON and TOML, devices and FIFOs, limits at and one past their
// value) follow. Whatever the input, sovet answers in bounded time and
// memory with exit 0, or 2 (bad input) / 3 (integrity) and a located
// message; it never crashes, and never prints a credential.
//
// A case directory holds:
//   command    the arguments after `sovet` (shell words, one line), with
//              @DIR@ the scratch directory, @CASE@ the case directory,
//              @SRC@ the repository, @J@ a journal `sqlite:@DIR@/j.db`
//              initialised (charter rsfsr-1918, key @DIR@/j.db.key) before
//              the command when the command names it;
//   setup.sql  optional: SQL run on @DIR@/j.db after it is initialised;
//   stdin      optional: the command's standard input;
//   links      optional: lines `NAME TARGET`, each a symbolic link
//              @DIR@/NAME -> TARGET made before the command (a device
//              under a name with the extension a loader expects);
//   expect     `exit N`, then any number of `err TEXT` / `out TEXT` (TEXT
//              must appear in stderr / stdout) and `absent TEXT` (TEXT must
//              appear in neither).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_support.h"
#include "raw_sql.h"

namespace sovet::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

std::string CharterPath() { return SourcePath("charters/rsfsr-1918.toml"); }

// A journal initialised in `dir` at j.db, key j.db.key; returns its URL.
std::string InitJournal(const ScopedTempDir& dir) {
  std::string url = "sqlite:" + dir.File("j.db");
  CommandOutput init = RunSovet(
      "init --db " + ShellQuote(url) + " --charter " + ShellQuote(CharterPath()), dir.path());
  EXPECT_EQ(init.exit_code, 0) << init.err;
  return url;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(SourcePath("tests/data/hostile"))) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class HostileCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(HostileCaseTest, ExitsAndSaysWhatIsExpected) {
  const std::string case_dir = SourcePath("tests/data/hostile/" + GetParam());
  ScopedTempDir dir("sovet-hostile");
  std::string command = ReadText(case_dir + "/command");
  while (!command.empty() && (command.back() == '\n' || command.back() == '\r')) {
    command.pop_back();
  }
  ASSERT_FALSE(command.empty()) << "no command in " << case_dir;
  if (command.find("@J@") != std::string::npos) {
    std::string url = InitJournal(dir);
    std::string sql = ReadText(case_dir + "/setup.sql");
    if (!sql.empty()) ASSERT_EQ(testing::RawSqlite(dir.File("j.db"), sql), "");
    command = Replace(command, "@J@", url);
  }
  std::istringstream links(ReadText(case_dir + "/links"));
  std::string link_name, link_target;
  while (links >> link_name >> link_target) {
    std::filesystem::create_symlink(link_target, dir.path() / link_name);
  }
  command = Replace(command, "@DIR@", dir.path().string());
  command = Replace(command, "@CASE@", case_dir);
  command = Replace(command, "@SRC@", SourcePath(""));
  CommandOutput run = RunSovet(command, dir.path(), {.stdin_text = ReadText(case_dir + "/stdin")});

  std::istringstream expect(ReadText(case_dir + "/expect"));
  std::string line;
  bool saw_exit = false;
  while (std::getline(expect, line)) {
    if (line.empty()) continue;
    std::size_t space = line.find(' ');
    std::string word = line.substr(0, space);
    std::string text = space == std::string::npos ? "" : line.substr(space + 1);
    if (word == "exit") {
      saw_exit = true;
      EXPECT_EQ(run.exit_code, std::stoi(text))
          << "stderr: " << run.err << "\nstdout: " << run.out.substr(0, 2000);
    } else if (word == "err") {
      EXPECT_THAT(run.err, HasSubstr(text));
    } else if (word == "out") {
      EXPECT_THAT(run.out, HasSubstr(text));
    } else if (word == "absent") {
      EXPECT_THAT(run.err, Not(HasSubstr(text)));
      EXPECT_THAT(run.out, Not(HasSubstr(text)));
    } else {
      ADD_FAILURE() << "unknown expectation '" << line << "' in " << case_dir;
    }
  }
  EXPECT_TRUE(saw_exit) << "no `exit N` in " << case_dir << "/expect";
}

INSTANTIATE_TEST_SUITE_P(Data, HostileCaseTest, ::testing::ValuesIn(CaseNames()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// Generated inputs: too big, or too regular, to keep as files.
class HostileGeneratedTest : public ::testing::Test {
 protected:
  CommandOutput Sovet(const std::string& args, const std::string& stdin_text = "") {
    return RunSovet(args, dir_.path(), {.stdin_text = stdin_text});
  }
  std::string Append(const std::string& url, const std::string& rest) {
    return "journal append --db " + ShellQuote(url) + " " + rest;
  }

  ScopedTempDir dir_{"sovet-hostile-gen"};
};

std::string Nested(int levels) { return std::string(levels, '[') + std::string(levels, ']'); }

// doc/journal_format.md §2: a field of the payload is at depth 1, so a JSON
// field of 64 nested arrays reaches depth 64 (accepted) and 65 one past.
TEST_F(HostileGeneratedTest, NestingDepthAtAndOnePastTheLimitOnEveryWritePath) {
  std::string url = InitJournal(dir_);
  // --field KEY:json=...
  CommandOutput at =
      Sovet(Append(url, "--kind note --field " + ShellQuote("a:json=" + Nested(64))));
  EXPECT_EQ(at.exit_code, 0) << at.err;
  CommandOutput past =
      Sovet(Append(url, "--kind note --field " + ShellQuote("a:json=" + Nested(65))));
  EXPECT_EQ(past.exit_code, 2) << past.err;
  EXPECT_THAT(past.err, HasSubstr("nested deeper than 64 levels"));
  // --json on standard input: "fields" is the payload (depth 0).
  std::string act_at = "{\"kind\": \"note\", \"fields\": {\"a\": " + Nested(64) + "}}\n";
  std::string act_past = "{\"kind\": \"note\", \"fields\": {\"a\": " + Nested(65) + "}}\n";
  CommandOutput json_at = Sovet(Append(url, "--json"), act_at);
  EXPECT_EQ(json_at.exit_code, 0) << json_at.err;
  CommandOutput json_past = Sovet(Append(url, "--json"), act_past);
  EXPECT_EQ(json_past.exit_code, 2) << json_past.err;
  EXPECT_THAT(json_past.err, HasSubstr("nested deeper than 64 levels"));
  // Records and maps count like lists.
  std::string deep_map = "1";
  for (int level = 0; level < 64; ++level) deep_map = "{\"k\": " + deep_map + "}";
  CommandOutput map_at =
      Sovet(Append(url, "--kind note --field " + ShellQuote("m:json=" + deep_map)));
  EXPECT_EQ(map_at.exit_code, 2) << "65 levels: 64 maps and the integer in the innermost";
  // Everything acknowledged decodes: the journal verifies and shows.
  CommandOutput verify = Sovet("verify --db " + ShellQuote(url));
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  CommandOutput show = Sovet("journal show --format json --db " + ShellQuote(url));
  EXPECT_EQ(show.exit_code, 0) << show.err;
  CommandOutput replay = Sovet("replay --db " + ShellQuote(url));
  EXPECT_EQ(replay.exit_code, 0) << replay.err;
}

TEST_F(HostileGeneratedTest, VeryDeepJsonIsRefusedWithoutRecursion) {
  std::string url = InitJournal(dir_);
  CommandOutput field =
      Sovet(Append(url, "--kind note --field " + ShellQuote("a:json=" + Nested(20000))));
  EXPECT_EQ(field.exit_code, 2) << field.err;
  EXPECT_THAT(field.err, HasSubstr("nested deeper than 64 levels"));
  std::string act = "{\"kind\": \"note\", \"fields\": {\"a\": " + Nested(100000) + "}}\n";
  CommandOutput json = Sovet(Append(url, "--json"), act);
  EXPECT_EQ(json.exit_code, 2) << json.err;
  EXPECT_THAT(json.err, HasSubstr("nested deeper than 64 levels"));
  EXPECT_EQ(Sovet("verify --db " + ShellQuote(url)).exit_code, 0);
}

TEST_F(HostileGeneratedTest, BodyIdAndKindLengthsAtAndOnePastTheLimit) {
  std::string url = InitJournal(dir_);
  std::string body_at(256, 'b');
  std::string kind_at = "k" + std::string(127, 'a');
  EXPECT_EQ(Sovet(Append(url, "--kind note --body " + body_at)).exit_code, 0);
  CommandOutput body_past = Sovet(Append(url, "--kind note --body " + body_at + "b"));
  EXPECT_EQ(body_past.exit_code, 2);
  EXPECT_THAT(body_past.err, HasSubstr("at most 256 bytes"));
  EXPECT_EQ(Sovet(Append(url, "--kind " + kind_at)).exit_code, 0);
  CommandOutput kind_past = Sovet(Append(url, "--kind " + kind_at + "a"));
  EXPECT_EQ(kind_past.exit_code, 2);
  EXPECT_THAT(kind_past.err, HasSubstr("at most 128 bytes"));
  std::string json_body_past =
      "{\"kind\": \"note\", \"body\": \"" + body_at + "b\", \"fields\": {}}\n";
  EXPECT_EQ(Sovet(Append(url, "--json"), json_body_past).exit_code, 2);
  std::string json_kind_past = "{\"kind\": \"" + kind_at + "a\", \"fields\": {}}\n";
  EXPECT_EQ(Sovet(Append(url, "--json"), json_kind_past).exit_code, 2);
  EXPECT_EQ(Sovet("verify --db " + ShellQuote(url)).exit_code, 0);
}

TEST_F(HostileGeneratedTest, DeepTomlIsRefusedBeforeTheParserRecurses) {
  std::string dotted = "a";
  for (int level = 0; level < 35000; ++level) dotted += ".a";
  std::string key_file = dir_.Write("deep-key.toml", dotted + " = 1\n");
  CommandOutput key = Sovet("apportion --charter " + key_file + " --census /dev/null");
  EXPECT_EQ(key.exit_code, 2) << key.err;
  EXPECT_THAT(key.err, HasSubstr("a charter may nest at most 64"));
  EXPECT_THAT(key.err, HasSubstr("deep-key.toml:1"));
  std::string header_file = dir_.Write("deep-header.toml", "x = 1\n[" + dotted + "]\n");
  CommandOutput header = Sovet("apportion --charter " + header_file + " --census /dev/null");
  EXPECT_EQ(header.exit_code, 2) << header.err;
  EXPECT_THAT(header.err, HasSubstr("deep-header.toml:2"));
}

// A BLT of `candidates` candidates, one ballot for each.
std::string BltOf(int candidates) {
  std::string blt = std::to_string(candidates) + " 1\n";
  for (int cand = 1; cand <= candidates; ++cand) blt += "1 " + std::to_string(cand) + " 0\n";
  blt += "0\n";
  for (int cand = 1; cand <= candidates; ++cand) blt += "\"C" + std::to_string(cand) + "\"\n";
  return blt + "\"title\"\n";
}

TEST_F(HostileGeneratedTest, CandidateLimitsOnePastAreRefusedWithTheLimit) {
  std::string file = dir_.Write("many.blt", BltOf(1001));
  for (const char* method : {"schulze", "condorcet", "stv-meek", "stv-scottish"}) {
    CommandOutput run = Sovet(std::string("count --method ") + method + " " + file);
    EXPECT_EQ(run.exit_code, 2) << method << ": " << run.err;
    EXPECT_THAT(run.err, HasSubstr("limited to 1000")) << method;
  }
  // 65,535 candidates once asked Schulze for a 34 GB matrix.
  CommandOutput huge = Sovet("count --method schulze " + dir_.Write("huge.blt", BltOf(65535)));
  EXPECT_EQ(huge.exit_code, 2) << huge.err;
  EXPECT_THAT(huge.err, HasSubstr("limited to 1000"));
  CommandOutput at = Sovet("count --method schulze " + dir_.Write("at.blt", BltOf(300)));
  EXPECT_EQ(at.exit_code, 0) << at.err;
}

TEST_F(HostileGeneratedTest, JsonOutputOfManyOptionsAndANonUtf8Path) {
  std::string tally = "option,votes\n";
  for (int opt = 0; opt < 100000; ++opt) tally += "o" + std::to_string(opt) + ",1\n";
  CommandOutput many = Sovet("count --method plurality " + dir_.Write("many.csv", tally));
  ASSERT_EQ(many.exit_code, 0) << many.err;
  EXPECT_THAT(many.out, HasSubstr("\"o99999\": \"1\""));
  // A database path that is not UTF-8 is shown with U+FFFD in JSON.
  std::string url = "sqlite:" + dir_.File("j\xff.db");
  ASSERT_EQ(Sovet("init --db " + ShellQuote(url)).exit_code, 0);
  CommandOutput json = Sovet("verify --format json --db " + ShellQuote(url));
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"ok\": true"));
}

// What a message echoes of the input is quoted and cut short: a 10 MB
// key is named by its head and its length, never printed whole.
TEST_F(HostileGeneratedTest, AHugeKeyIsEchoedShortAndQuoted) {
  const std::string huge_parent(10'000'000, 'x');
  const std::string census = "id,parent,kind,name,inhabitants,electors\nrsfsr,,republic,R,,\no1," +
                             huge_parent + ",oblast,O,,\n";
  CommandOutput run = Sovet("census check --charter " + ShellQuote(CharterPath()) + " --census " +
                            dir_.Write("census.csv", census));
  EXPECT_EQ(run.exit_code, 2) << run.err.substr(0, 2000);
  EXPECT_THAT(run.err, HasSubstr("census.csv:3: field 'parent'"));
  EXPECT_THAT(run.err, HasSubstr("(10000000 bytes)"));
  EXPECT_LT(run.err.size(), 1000u);
}

TEST_F(HostileGeneratedTest, FifosAreRefusedNotWaitedOn) {
  std::string fifo = dir_.File("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& args :
       {"count --method plurality " + fifo + ".csv", "count --method stv-meek " + fifo + ".blt",
        "verify --export " + fifo, "apportion --charter " + fifo + " --census " + fifo}) {
    std::string linked = args;
    // The count loaders choose by extension: link the FIFO under that name.
    for (const char* ext : {".csv", ".blt"}) {
      if (args.find(fifo + ext) != std::string::npos) {
        std::filesystem::remove(fifo + ext);
        std::filesystem::create_symlink(fifo, fifo + ext);
      }
    }
    CommandOutput run = Sovet(linked);
    EXPECT_EQ(run.exit_code, 2) << args << ": " << run.err;
    EXPECT_THAT(run.err, HasSubstr("FIFO")) << args;
  }
}

}  // namespace
}  // namespace sovet::cli_test
