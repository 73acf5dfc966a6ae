// Plumbing shared by the command files (src/cli/cmd_*.cc): the --db option
// every journal command takes, and binding a command's flags to its action.
#ifndef SOVET_CLI_CLI_UTIL_H_
#define SOVET_CLI_CLI_UTIL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "cli/command.h"

namespace sovet::cli {

// The journal a command opens when --db is not given.
inline constexpr char kDefaultDb[] = "sqlite:sovet.db";

// Adds --db to `sub`, bound to `db`, its default shown in --help; `help`
// says what the command does with the store (sqlite:PATH or
// postgresql://...). Returns the option, for excludes() and the like.
CLI::Option* AddDbOption(CLI::App* sub, std::string& db, const std::string& help);

// Adds --format text|json to `sub`, bound to `format` (its default shown).
void AddFormatOption(CLI::App* sub, std::string& format);

// Where a read command reads: `--replica URL` (a PostgreSQL standby of the
// --db primary; reads only, a read command never writes), and with
// `--after-seq N` it first waits, at most `--wait SECONDS`, until that store
// holds journal entry N (read-your-writes after an append that returned N).
struct ReadFlags {
  std::string replica;
  std::int64_t after_seq = -1;
  std::int64_t wait_ms = 5000;
};
void AddReadOptions(CLI::App* sub, ReadFlags& read);
// The URL to read from: the replica if given, else `db`; after waiting for
// --after-seq (kUnavailable, exit 1, when the store stays behind).
Result<std::string> ReadUrl(const std::string& db, const ReadFlags& read);

// How the user invoked sovet (argv[0], e.g. "build/sovet"), for advice
// lines that should run as printed; "sovet" until SetProgramName is called.
void SetProgramName(std::string name);
const std::string& ProgramName();

// Makes every integer option of `app` and its subcommands refuse a value
// outside its type's range, instead of CLI11's conversion clamping it
// (strtoll gives INT64_MAX for 2^64) or wrapping it (strtoull reads -1 as
// 2^64-1): a refused value is a usage error (exit 2) naming the flag and
// the accepted range. Call once, after every option is added.
void RefuseOutOfRangeIntegers(CLI::App& app);

// A validator for an integer flag with a narrower documented range:
// `->check(IntegerRange(1, 1024))`; its message states the range.
CLI::Validator IntegerRange(std::int64_t min, std::int64_t max);

// Creates the flags of subcommand `sub` and makes `run(flags)` the action
// when `sub` is chosen. Bind the subcommand's options to the returned flags;
// the action shares them, so it sees the parsed values.
template <typename Flags>
std::shared_ptr<Flags> BindFlags(CLI::App* sub, Action& action, Result<void> (*run)(const Flags&)) {
  auto flags = std::make_shared<Flags>();
  sub->callback([flags, run, &action] { action = [flags, run] { return run(*flags); }; });
  return flags;
}

// The number of single-character insertions, deletions, substitutions and
// transpositions of adjacent characters that turn `a` into `b`.
std::size_t EditDistance(std::string_view a, std::string_view b);

// For a command line CLI11 refused: the first word that names no command or
// flag where it stands, with the nearest valid spelling when one is close
// ("unknown command 'aportion'; did you mean 'apportion'?", "unknown flag
// '--cenus' for 'sovet census check'; did you mean '--census'?"). Empty when
// every command and flag is known (the error is then another: a missing
// value, a missing required flag), so the caller shows CLI11's own message.
std::string DiagnoseUnknownWord(CLI::App& app, int argc, const char* const* argv);

}  // namespace sovet::cli

#endif  // SOVET_CLI_CLI_UTIL_H_
