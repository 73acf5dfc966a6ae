// `sovet report` and `sovet trace` over the journal's state tables. The
// tables are the journal's (src/journal/projection_cycle.cc); this reads
// them through the journal's SQL connection, live prefix `state_`.
#include <fmt/format.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "journal/sql.h"
#include "sovet/cycle_report.h"
#include "sovet/journal.h"
#include "sovet/register.h"

namespace sovet {
namespace {

using journal::SqlConnection;
using journal::SqlRow;
using nlohmann::json;

std::int64_t Int(const SqlValue& value) { return std::get<std::int64_t>(value); }
const std::string& Text(const SqlValue& value) { return std::get<std::string>(value); }

std::string FactionLabel(const std::string& key) {
  Faction faction;
  return ParseFactionKey(key, &faction) ? FactionName(faction) : key;
}

Result<std::unique_ptr<SqlConnection>> OpenState(const std::string& url_text) {
  SOVET_TRY(StoreUrl url, ParseStoreUrl(url_text));
  if (url.kind == StoreUrl::Kind::kSqlite) return journal::OpenSqlite(url.target, false);
  return journal::OpenPostgres(url.target);
}

Result<void> RequireCycle(SqlConnection& sql, const std::string& url) {
  auto rows = sql.Query("SELECT COUNT(*) FROM state_cycle_acts");
  if (!rows || (*rows)[0].empty() || Int((*rows)[0][0]) == 0) {
    return Error(Status::FailedPrecondition(
        fmt::format("{} records no council cycle (run `sovet demo --db {}` first)", url, url),
        SourceLocation{.field = "--db"}));
  }
  return {};
}

std::string Kind(const std::string& body_id) { return body_id.substr(0, body_id.find(':')); }

Result<std::string> Overview(SqlConnection& sql, ReportFormat format) {
  SOVET_TRY(auto bodies, sql.Query("SELECT body, seats FROM state_bodies ORDER BY body"));
  SOVET_TRY(auto held, sql.Query("SELECT body, COUNT(*) FROM state_cycle_mandates GROUP BY body"));
  std::map<std::string, std::int64_t> held_of;
  for (const SqlRow& row : held) held_of[Text(row[0])] = Int(row[1]);
  struct KindTotals {
    std::int64_t bodies = 0, seats = 0, held = 0;
  };
  std::map<std::string, KindTotals> kinds;
  for (const SqlRow& row : bodies) {
    KindTotals& totals = kinds[Kind(Text(row[0]))];
    ++totals.bodies;
    totals.seats += Int(row[1]);
    totals.held += held_of[Text(row[0])];
  }
  SOVET_TRY(auto rejected, sql.Query("SELECT reason, COUNT(*) FROM state_cycle_rejections "
                                     "GROUP BY reason ORDER BY reason"));
  if (format == ReportFormat::kJson) {
    json out = {{"kinds", json::array()}, {"rejections", json::object()}};
    for (const auto& [kind, totals] : kinds) {
      out["kinds"].push_back({{"kind", kind},
                              {"bodies", totals.bodies},
                              {"seats", totals.seats},
                              {"held", totals.held}});
    }
    for (const SqlRow& row : rejected) out["rejections"][Text(row[0])] = Int(row[1]);
    return out.dump() + "\n";
  }
  std::string text = fmt::format("{:<22} {:>9} {:>10} {:>10}\n", "kind", "bodies", "seats", "held");
  for (const auto& [kind, totals] : kinds) {
    text +=
        fmt::format("{:<22} {:>9} {:>10} {:>10}\n", kind, totals.bodies, totals.seats, totals.held);
  }
  if (!rejected.empty()) {
    text += "mandates rejected by the mandates commissions:\n";
    for (const SqlRow& row : rejected)
      text += fmt::format("  {:<28} {}\n", Text(row[0]), Int(row[1]));
  }
  text += "see one body with --body KIND:UNIT_ID (e.g. congress:rsfsr)\n";
  return text;
}

}  // namespace

Result<ReportFormat> ParseReportFormat(const std::string& name) {
  if (name == "text") return ReportFormat::kText;
  if (name == "json") return ReportFormat::kJson;
  return Error(Status::InvalidInput(fmt::format("unknown format '{}'; expected text or json", name),
                                    SourceLocation{.field = "--format"}));
}

Result<std::string> ReportCycle(const std::string& url, const std::string& body,
                                ReportFormat format) {
  SOVET_TRY(std::unique_ptr<SqlConnection> sql, OpenState(url));
  SOVET_CHECK_OK(RequireCycle(*sql, url));
  if (body.empty()) return Overview(*sql, format);
  SOVET_TRY(auto seats_rows, sql->Query("SELECT seats FROM state_bodies WHERE body = $1", {body}));
  if (seats_rows.empty()) {
    return Error(Status::NotFound(fmt::format("{} has no body '{}'", url, body),
                                  SourceLocation{.field = "--body"}));
  }
  const std::int64_t seats = Int(seats_rows[0][0]);
  SOVET_TRY(auto members,
            sql->Query("SELECT m.seat, p.name, p.faction, m.portfolio, m.election, m.person "
                       "FROM state_cycle_mandates m JOIN state_cycle_persons p "
                       "ON p.person = m.person WHERE m.body = $1 ORDER BY m.seat",
                       {body}));
  SOVET_TRY(auto received, sql->Query("SELECT s.body, COUNT(*) FROM state_cycle_mandates m "
                                      "JOIN state_cycle_mandates s ON s.mandate = m.source "
                                      "WHERE m.body = $1 GROUP BY s.body ORDER BY s.body",
                                      {body}));
  SOVET_TRY(auto sent, sql->Query("SELECT m.body, COUNT(*) FROM state_cycle_mandates m "
                                  "JOIN state_cycle_mandates s ON s.mandate = m.source "
                                  "WHERE s.body = $1 GROUP BY m.body ORDER BY m.body",
                                  {body}));
  SOVET_TRY(auto rejected,
            sql->Query("SELECT r.act, p.name, r.reason, r.detail, r.person, r.election "
                       "FROM state_cycle_rejections r "
                       "JOIN state_cycle_persons p ON p.person = r.person "
                       "WHERE r.body = $1 ORDER BY r.act, r.position",
                       {body}));
  std::map<std::string, std::int64_t> by_faction;
  for (const SqlRow& row : members) ++by_faction[Text(row[2])];
  const auto held = static_cast<std::int64_t>(members.size());

  if (format == ReportFormat::kJson) {
    json out = {{"body", body}, {"seats", seats}, {"held", held}};
    out["factions"] = json::object();
    for (const auto& [faction, count] : by_faction) out["factions"][faction] = count;
    out["members"] = json::array();
    for (const SqlRow& row : members) {
      json member = {{"seat", Int(row[0])},
                     {"person", Int(row[5])},
                     {"name", Text(row[1])},
                     {"faction", Text(row[2])},
                     {"election_act", Int(row[4])}};
      if (!Text(row[3]).empty()) member["portfolio"] = Text(row[3]);
      out["members"].push_back(std::move(member));
    }
    out["delegations_received"] = json::array();
    for (const SqlRow& row : received) {
      out["delegations_received"].push_back({{"from", Text(row[0])}, {"seats", Int(row[1])}});
    }
    out["delegations_sent"] = json::array();
    for (const SqlRow& row : sent) {
      out["delegations_sent"].push_back({{"to", Text(row[0])}, {"seats", Int(row[1])}});
    }
    out["rejected"] = json::array();
    for (const SqlRow& row : rejected) {
      out["rejected"].push_back({{"verification_act", Int(row[0])},
                                 {"election_act", Int(row[5])},
                                 {"person", Int(row[4])},
                                 {"name", Text(row[1])},
                                 {"reason", Text(row[2])},
                                 {"detail", Text(row[3])}});
    }
    return out.dump() + "\n";
  }
  std::string text = fmt::format("{}: {} seats, {} held\n", body, seats, held);
  text += "by faction:\n";
  for (const auto& [faction, count] : by_faction) {
    const std::int64_t tenths = held > 0 ? (count * 2000 + held) / (2 * held) : 0;
    text += fmt::format("  {:<18} {:>6} {:>4}.{}%\n", FactionLabel(faction), count, tenths / 10,
                        tenths % 10);
  }
  if (!received.empty()) {
    text += "delegations received:\n";
    for (const SqlRow& row : received)
      text += fmt::format("  {:<44} {:>5}\n", Text(row[0]), Int(row[1]));
  }
  if (!sent.empty()) {
    text += "delegations sent:\n";
    for (const SqlRow& row : sent)
      text += fmt::format("  {:<44} {:>5}\n", Text(row[0]), Int(row[1]));
  }
  if (!rejected.empty()) {
    text += "mandates rejected by the mandates commission:\n";
    for (const SqlRow& row : rejected) {
      text += fmt::format("  act {:<8} {:<26} {}: {}\n", Int(row[0]), Text(row[1]), Text(row[2]),
                          Text(row[3]));
    }
  }
  text += "members:\n";
  for (const SqlRow& row : members) {
    text += fmt::format("  {:>5}  {:<26} {:<18} {}\n", Int(row[0]), Text(row[1]),
                        FactionLabel(Text(row[2])), Text(row[3]));
  }
  return text;
}

Result<std::string> TraceSeat(const std::string& url, const std::string& body, std::int64_t seat,
                              ReportFormat format) {
  SOVET_TRY(std::unique_ptr<SqlConnection> sql, OpenState(url));
  SOVET_CHECK_OK(RequireCycle(*sql, url));
  OpenOptions open;
  open.url = url;
  SOVET_TRY(std::unique_ptr<Journal> journal, Journal::Open(open));

  SOVET_TRY(auto start, sql->Query("SELECT mandate FROM state_cycle_mandates "
                                   "WHERE body = $1 AND seat = $2",
                                   {body, seat}));
  if (start.empty()) {
    return Error(
        Status::NotFound(fmt::format("{}: no mandate holds seat {} of '{}'", url, seat, body),
                         SourceLocation{.field = "--seat"}));
  }
  auto person_of = [&](std::int64_t person) -> Result<std::pair<std::string, std::string>> {
    SOVET_TRY(
        auto rows,
        sql->Query("SELECT name, faction FROM state_cycle_persons WHERE person = $1", {person}));
    if (rows.empty())
      return Error(Status::IntegrityViolation(fmt::format("person {} is not registered", person)));
    return std::make_pair(Text(rows[0][0]), Text(rows[0][1]));
  };
  auto entry_of = [&](std::int64_t act) -> Result<Entry> {
    SOVET_TRY(auto rows, sql->Query("SELECT seq FROM state_cycle_acts WHERE act = $1", {act}));
    if (rows.empty()) {
      return Error(
          Status::IntegrityViolation(fmt::format("cycle act {} is not in the journal", act)));
    }
    SOVET_TRY(auto entries, journal->Read(Int(rows[0][0]), 1));
    if (entries.empty()) {
      return Error(
          Status::IntegrityViolation(fmt::format("journal entry {} is missing", Int(rows[0][0]))));
    }
    return std::move(entries.front());
  };

  json links = json::array();
  std::string text;
  std::int64_t mandate = Int(start[0][0]);
  for (int depth = 0; mandate >= 0; ++depth) {
    if (depth > 64) return Error(Status::IntegrityViolation("the chain of mandates loops"));
    SOVET_TRY(auto rows, sql->Query("SELECT body, seat, person, election, verification, source, "
                                    "portfolio FROM state_cycle_mandates WHERE mandate = $1",
                                    {mandate}));
    if (rows.empty()) {
      return Error(
          Status::IntegrityViolation(fmt::format("mandate {} is not in the state", mandate)));
    }
    const SqlRow& row = rows[0];
    SOVET_TRY(auto person, person_of(Int(row[2])));
    SOVET_TRY(Entry election, entry_of(Int(row[3])));
    SOVET_TRY(Entry verification, entry_of(Int(row[4])));
    const ValueMap& fields = election.payload;
    const ValueList& candidates = fields.at("candidates").list();
    const ValueList& votes = fields.at("votes").list();
    const ValueList& elected = fields.at("elected").list();
    std::int64_t own_votes = 0;
    for (std::size_t slot = 0; slot < candidates.size(); ++slot) {
      if (candidates[slot].integer() == Int(row[2])) own_votes = votes[slot].integer();
    }
    const std::string electing = fields.at("electing_body").text();
    const bool base = electing.empty();
    json link = {{"mandate", mandate},
                 {"body", Text(row[0])},
                 {"seat", Int(row[1])},
                 {"person", Int(row[2])},
                 {"name", person.first},
                 {"faction", person.second},
                 {"election",
                  {{"act", Int(row[3])},
                   {"seq", election.seq},
                   {"kind", fields.at("election").text()},
                   {"method", fields.at("method").text()},
                   {"open", fields.at("open").boolean()},
                   {"electing_body", electing},
                   {"seats", fields.at("seats").integer()},
                   {"electors", fields.at("electors").integer()},
                   {"present", fields.at("present").integer()},
                   {"votes", own_votes}}},
                 {"verification", {{"act", Int(row[4])}, {"seq", verification.seq}}}};
    if (!Text(row[6]).empty()) link["portfolio"] = Text(row[6]);
    text += fmt::format("{}{} seat {}: {} ({}){}\n", std::string(2 * depth, ' '), Text(row[0]),
                        Int(row[1]), person.first, FactionLabel(person.second),
                        Text(row[6]).empty() ? "" : fmt::format(", {}", Text(row[6])));
    const std::string pad(2 * depth + 2, ' ');
    text += fmt::format(
        "{}elected: journal entry {} (cycle act {}), {} {} by {} ({}), {} of {} {} "
        "present; {} votes\n",
        pad, election.seq, Int(row[3]), fields.at("election").text(), base ? "election" : "vote",
        fields.at("method").text(), fields.at("open").boolean() ? "open" : "secret",
        fields.at("present").integer(), fields.at("electors").integer(),
        base ? "electors" : fmt::format("members of {}", electing), own_votes);
    text += fmt::format("{}verified: journal entry {} (cycle act {}) by the mandates commission\n",
                        pad, verification.seq, Int(row[4]));
    if (base) {
      // The base election's counts: every candidate, as the count recorded them.
      json counts = json::array();
      text += fmt::format("{}the count of {} (seats {}):\n", pad, election.body,
                          fields.at("seats").integer());
      for (std::size_t slot = 0; slot < candidates.size(); ++slot) {
        bool won = false;
        for (const Value& elected_slot : elected) {
          if (elected_slot.integer() == static_cast<std::int64_t>(slot)) won = true;
        }
        SOVET_TRY(auto candidate, person_of(candidates[slot].integer()));
        text += fmt::format("{}  {:>9}  {:<26} {:<18} {}\n", pad, votes[slot].integer(),
                            candidate.first, FactionLabel(candidate.second), won ? "elected" : "");
        counts.push_back({{"person", candidates[slot].integer()},
                          {"name", candidate.first},
                          {"faction", candidate.second},
                          {"votes", votes[slot].integer()},
                          {"elected", won}});
      }
      link["election"]["counts"] = std::move(counts);
    }
    links.push_back(std::move(link));
    mandate = Int(row[5]);
  }
  if (format == ReportFormat::kJson) {
    return json{{"body", body}, {"seat", seat}, {"chain", std::move(links)}}.dump() + "\n";
  }
  return text;
}

}  // namespace sovet
