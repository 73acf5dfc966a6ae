// `sovet serve`: the journal's pages and HTTP API on one address
// (include/sovet/server.h); runs until SIGINT or SIGTERM, then lets the
// requests in flight finish.
#include <fmt/format.h>
#include <signal.h>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "sovet/journal.h"
#include "sovet/server.h"

namespace sovet::cli {
namespace {

struct ServeFlags {
  std::string db = kDefaultDb;
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  std::string key;
  bool secure_cookies = false;
  std::string replica;
  double read_wait = 5;
};

Result<void> RunServe(const ServeFlags& flags) {
  ServeOptions options;
  options.db = flags.db;
  options.threads = flags.threads;
  options.key_path = flags.key;
  options.secure_cookies = flags.secure_cookies;
  options.replica = flags.replica;
  options.read_wait = std::chrono::milliseconds(static_cast<std::int64_t>(flags.read_wait * 1000));
  SOVET_CHECK_OK(ParseListen(flags.listen, options));
  // The serving threads inherit this mask, so the signals reach only the
  // sigwait below, which then stops the server in an orderly way.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  SOVET_TRY(auto server, WebServer::Start(options));
  fmt::print("sovet serve: {}{} on {}\n", RedactStoreUrl(flags.db),
             flags.replica.empty() ? "" : ", reading from " + RedactStoreUrl(flags.replica),
             server->address());
  fmt::print("open {} in a browser (Ctrl-C stops)\n", server->address());
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  fmt::print(stderr, "sovet serve: {}, finishing the requests in flight\n",
             received == SIGINT ? "interrupted" : "terminated");
  server->Stop();
  return {};
}

void SetupServe(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand(
      "serve", "the journal on the web: pages, the hemicycle of every body, the HTTP API");
  auto flags = BindFlags(sub, action, &RunServe);
  AddDbOption(sub, flags->db, "journal: sqlite:PATH or postgresql://...");
  sub->add_option("--listen", flags->listen, "address to listen on, HOST:PORT (port 0: any free)")
      ->capture_default_str();
  sub->add_option("--threads", flags->threads, "connections served at once (default 64)");
  sub->add_option("--key", flags->key,
                  "node key that signs acts written from the web (default: beside a SQLite "
                  "journal, else $SOVET_KEY)");
  sub->add_flag("--secure-cookies", flags->secure_cookies,
                "mark session cookies Secure: give it when a TLS proxy serves this address");
  sub->add_option("--replica", flags->replica,
                  "read from this store (a PostgreSQL standby of --db); --db stays the primary");
  sub->add_option("--read-wait", flags->read_wait,
                  "how long a request with after_seq=N waits for the store to hold entry N, in "
                  "seconds")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
}

CommandRegistrar registrar(70, &SetupServe);

}  // namespace
}  // namespace sovet::cli
