// `sovet init`: creates a journal — its schema, the node key and the signed
// genesis entry recording the charter (doc/journal_format.md §3.2).
#include <fmt/format.h>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "journal/charter_identity.h"
#include "sovet/journal.h"

namespace sovet::cli {
namespace {

struct InitFlags {
  std::string db = kDefaultDb;
  std::string charter;
  std::string key;
};

Result<void> RunInit(const InitFlags& flags) {
  InitOptions options;
  options.url = flags.db;
  options.key_path = flags.key;
  SOVET_TRY(options.charter, journal::LoadCharterIdentity(flags.charter));
  SOVET_TRY(StoreUrl url, ParseStoreUrl(flags.db));
  std::string key_path = flags.key;
  if (key_path.empty()) {
    SOVET_TRY(key_path, DefaultKeyPath(url));
  }
  SOVET_TRY(Entry genesis, Journal::Init(options));
  fmt::print("initialised {}\n", RedactStoreUrl(flags.db));
  fmt::print("  genesis  {}\n", HexEncode(genesis.hash));
  fmt::print("  signer   ed25519:{}\n", HexEncode(genesis.payload.at("node_public_key").bytes()));
  fmt::print("  key      {} (mode 0600; keep it private)\n", key_path);
  if (options.charter) {
    fmt::print("  charter  {} (sha256 {})\n", options.charter->id, options.charter->sha256_hex);
  } else {
    fmt::print("  charter  none\n");
  }
  return {};
}

void SetupInit(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand(
      "init",
      "create a journal: its database schema, the node's signing key and the genesis entry");
  auto flags = BindFlags(sub, action, &RunInit);
  AddDbOption(sub, flags->db, "store URL: sqlite:PATH or postgresql://...");
  sub->add_option("--charter", flags->charter, "charter file the journal is bound to");
  sub->add_option("--key", flags->key,
                  "node key file to create (default: PATH.key beside a SQLite database, or "
                  "$SOVET_KEY; required for PostgreSQL)");
}

CommandRegistrar registrar(20, &SetupInit);

}  // namespace
}  // namespace sovet::cli
