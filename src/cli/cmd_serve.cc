// `sovet serve`: the journal's pages and HTTP API on one address
// (include/sovet/server.h); runs until SIGINT or SIGTERM, then lets the
// requests in flight finish.
#include <fmt/format.h>
#include <signal.h>

#include "cli/cli_util.h"
#include "cli/command.h"
#include "sovet/server.h"

namespace sovet::cli {
namespace {

struct ServeFlags {
  std::string db = kDefaultDb;
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  std::string key;
  bool secure_cookies = false;
};

Result<void> RunServe(const ServeFlags& flags) {
  ServeOptions options;
  options.db = flags.db;
  options.threads = flags.threads;
  options.key_path = flags.key;
  options.secure_cookies = flags.secure_cookies;
  SOVET_CHECK_OK(ParseListen(flags.listen, options));
  // The serving threads inherit this mask, so the signals reach only the
  // sigwait below, which then stops the server in an orderly way.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  SOVET_TRY(auto server, WebServer::Start(options));
  fmt::print("sovet serve: {} on {}\n", flags.db, server->address());
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
}

CommandRegistrar registrar(70, &SetupServe);

}  // namespace
}  // namespace sovet::cli
