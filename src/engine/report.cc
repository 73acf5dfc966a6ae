// `sovet report` and `sovet trace` over the engine's state tables, read
// through the state API (sovet/state.h); table and field names from
// sovet/cycle_schema.h. A damaged row is an integrity error naming it.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "sovet/cycle_report.h"
#include "sovet/cycle_schema.h"
#include "sovet/journal.h"
#include "sovet/state.h"

namespace sovet {
namespace {

namespace field = schema::field;
namespace table = schema::table;
using nlohmann::json;

// The record's slates (cycle_slates): each key's name and place in the
// order of declaration. A key the record does not declare (a journal
// written before slates were declared) is named by itself and placed after
// the declared ones.
struct SlateLabels {
  std::map<std::string, std::pair<std::int64_t, std::string>> by_key;

  std::string Name(const std::string& key) const {
    auto found = by_key.find(key);
    return found != by_key.end() ? found->second.second : key;
  }
  std::int64_t Rank(const std::string& key) const {
    auto found = by_key.find(key);
    return found != by_key.end() ? found->second.first : INT64_MAX;
  }
};

Result<SlateLabels> ReadSlates(StateReader& state) {
  SlateLabels labels;
  SOVET_TRY(bool declared, state.HasTable(table::kSlates));
  if (!declared) return labels;
  SOVET_TRY(StateRows rows,
            state.Query(table::kSlates, fmt::format("SELECT slate_key, name FROM {} ORDER BY act, "
                                                    "position",
                                                    fmt::format("{{p}}{}", table::kSlates))));
  for (std::size_t row = 0; row < rows.size(); ++row) {
    SOVET_TRY(std::string key, rows.Text(row, 0));
    SOVET_TRY(std::string name, rows.Text(row, 1));
    labels.by_key.emplace(key, std::make_pair(static_cast<std::int64_t>(row), std::move(name)));
  }
  return labels;
}

// `{p}TABLE` for a state query.
std::string T(const char* name) { return fmt::format("{{p}}{}", name); }

Result<void> RequireCycle(StateReader& state, const std::string& url) {
  std::int64_t count = 0;
  SOVET_TRY(bool projected, state.HasTable(table::kActs));
  if (projected) {
    SOVET_TRY(StateRows rows,
              state.Query(table::kActs, fmt::format("SELECT COUNT(*) FROM {}", T(table::kActs))));
    SOVET_TRY(count, rows.Int(0, 0));
  } else {
    // A journal initialised without the engine's tables: it holds no cycle
    // unless the journal's own count of acts by kind says otherwise (then
    // the table was dropped, and Query names it).
    SOVET_TRY(StateRows rows,
              state.Query("acts", "SELECT COUNT(*) FROM {p}acts WHERE kind LIKE 'cycle.%'"));
    SOVET_TRY(std::int64_t recorded, rows.Int(0, 0));
    if (recorded > 0) {
      SOVET_TRY(StateRows missing, state.Query(table::kActs, "SELECT 1"));
      (void)missing;
    }
  }
  if (count == 0) {
    return Error(Status::FailedPrecondition(
        fmt::format("{} records no council cycle. A demo writes one into a new journal: `sovet "
                    "demo --charter charters/rsfsr-1918.toml --scale small --db "
                    "sqlite:demo.db`, then `sovet report --db sqlite:demo.db`; or record the "
                    "cycle's acts here with `sovet journal append`",
                    url),
        SourceLocation{.field = "--db"}));
  }
  return {};
}

std::string Kind(const std::string& body_id) { return body_id.substr(0, body_id.find(':')); }

Result<std::string> Overview(StateReader& state, ReportFormat format) {
  SOVET_TRY(StateRows bodies, state.Query(table::kBodies, fmt::format("SELECT body, seats FROM {} "
                                                                      "ORDER BY body",
                                                                      T(table::kBodies))));
  SOVET_TRY(StateRows held,
            state.Query(table::kMandates, fmt::format("SELECT body, COUNT(*) FROM {} GROUP BY body",
                                                      T(table::kMandates))));
  std::map<std::string, std::int64_t> held_of;
  for (std::size_t row = 0; row < held.size(); ++row) {
    SOVET_TRY(std::string body, held.Text(row, 0));
    SOVET_TRY(held_of[body], held.Int(row, 1));
  }
  struct KindTotals {
    std::int64_t bodies = 0, seats = 0, held = 0;
    std::string example;  // a body of the kind
  };
  std::map<std::string, KindTotals> kinds;
  for (std::size_t row = 0; row < bodies.size(); ++row) {
    SOVET_TRY(std::string body, bodies.Text(row, 0));
    SOVET_TRY(std::int64_t seats, bodies.Int(row, 1));
    if (seats < 0) return Error(bodies.Damaged(row, "a negative number of seats"));
    KindTotals& totals = kinds[Kind(body)];
    if (totals.example.empty()) totals.example = body;
    ++totals.bodies;
    totals.seats += seats;
    totals.held += held_of[body];
  }
  SOVET_TRY(
      StateRows rejected,
      state.Query(table::kRejections,
                  fmt::format("SELECT reason, COUNT(*) FROM {} GROUP BY reason ORDER BY reason",
                              T(table::kRejections))));
  if (format == ReportFormat::kJson) {
    json out = {{"kinds", json::array()}, {"rejections", json::object()}};
    for (const auto& [kind, totals] : kinds) {
      out["kinds"].push_back({{"kind", kind},
                              {"bodies", totals.bodies},
                              {"seats", totals.seats},
                              {"held", totals.held}});
    }
    for (std::size_t row = 0; row < rejected.size(); ++row) {
      SOVET_TRY(std::string reason, rejected.Text(row, 0));
      SOVET_TRY(out["rejections"][reason], rejected.Int(row, 1));
    }
    return out.dump() + "\n";
  }
  std::string text = fmt::format("{:<22} {:>9} {:>10} {:>10}\n", "kind", "bodies", "seats", "held");
  // The example body: the one body of its kind with the most seats held
  // among kinds of a single body (the top congress), else any body.
  std::string example;
  std::int64_t example_seats = -1;
  for (const auto& [kind, totals] : kinds) {
    text +=
        fmt::format("{:<22} {:>9} {:>10} {:>10}\n", kind, totals.bodies, totals.seats, totals.held);
    if (totals.bodies == 1 && totals.held > example_seats) {
      example = totals.example;
      example_seats = totals.held;
    }
  }
  if (example.empty() && !kinds.empty()) example = kinds.begin()->second.example;
  if (!rejected.empty()) {
    text += "mandates rejected by the mandates commissions:\n";
    for (std::size_t row = 0; row < rejected.size(); ++row) {
      SOVET_TRY(std::string reason, rejected.Text(row, 0));
      SOVET_TRY(std::int64_t count, rejected.Int(row, 1));
      text += fmt::format("  {:<28} {}\n", reason, count);
    }
  }
  text += fmt::format("see one body with --body KIND:UNIT_ID (e.g. {})\n", example);
  return text;
}

// A payload field of a journal entry the state points to.
Result<const Value*> PayloadField(const Entry& entry, const char* name, bool (Value::*is)() const) {
  auto found = entry.payload.find(name);
  if (found == entry.payload.end() || !(found->second.*is)()) {
    return Error(Status::IntegrityViolation(
        fmt::format("journal entry {} ({}): field \"{}\" is missing or of the wrong type; run "
                    "sovet verify",
                    entry.seq, entry.kind, name)));
  }
  return &found->second;
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
  SOVET_TRY(std::unique_ptr<StateReader> state, StateReader::Open(url));
  SOVET_CHECK_OK(RequireCycle(*state, url));
  if (body.empty()) return Overview(*state, format);
  SOVET_TRY(const SlateLabels slates, ReadSlates(*state));
  SOVET_TRY(
      StateRows seats_rows,
      state->Query(table::kBodies,
                   fmt::format("SELECT body, seats FROM {} WHERE body = $1", T(table::kBodies)),
                   {body}));
  if (seats_rows.empty()) {
    return Error(Status::NotFound(fmt::format("{} has no body '{}'", url, body),
                                  SourceLocation{.field = "--body"}));
  }
  SOVET_TRY(const std::int64_t seats, seats_rows.Int(0, 1));
  SOVET_TRY(StateRows members,
            state->Query(table::kMandates,
                         fmt::format("SELECT m.seat, p.name, p.faction, m.portfolio, m.election, "
                                     "m.person FROM {} m JOIN {} p ON p.person = m.person WHERE "
                                     "m.body = $1 ORDER BY m.seat",
                                     T(table::kMandates), T(table::kPersons)),
                         {body}));
  SOVET_TRY(StateRows received,
            state->Query(table::kMandates,
                         fmt::format("SELECT s.body, COUNT(*) FROM {0} m JOIN {0} s ON s.mandate = "
                                     "m.source WHERE m.body = $1 GROUP BY s.body ORDER BY s.body",
                                     T(table::kMandates)),
                         {body}));
  SOVET_TRY(StateRows sent,
            state->Query(table::kMandates,
                         fmt::format("SELECT m.body, COUNT(*) FROM {0} m JOIN {0} s ON s.mandate = "
                                     "m.source WHERE s.body = $1 GROUP BY m.body ORDER BY m.body",
                                     T(table::kMandates)),
                         {body}));
  SOVET_TRY(StateRows rejected,
            state->Query(table::kRejections,
                         fmt::format("SELECT r.act, p.name, r.reason, r.detail, r.person, "
                                     "r.election FROM {} r JOIN {} p ON p.person = r.person WHERE "
                                     "r.body = $1 ORDER BY r.act, r.position",
                                     T(table::kRejections), T(table::kPersons)),
                         {body}));

  struct Member {
    std::int64_t seat, election, person;
    std::string name, faction, portfolio;
  };
  std::vector<Member> member_list;
  std::map<std::string, std::int64_t> by_faction;
  for (std::size_t row = 0; row < members.size(); ++row) {
    Member member;
    SOVET_TRY(member.seat, members.Int(row, 0));
    SOVET_TRY(member.name, members.Text(row, 1));
    SOVET_TRY(member.faction, members.Text(row, 2));
    SOVET_TRY(member.portfolio, members.Text(row, 3));
    SOVET_TRY(member.election, members.Int(row, 4));
    SOVET_TRY(member.person, members.Int(row, 5));
    ++by_faction[member.faction];
    member_list.push_back(std::move(member));
  }
  struct Count {
    std::string body;
    std::int64_t seats;
  };
  auto counts = [](const StateRows& rows) -> Result<std::vector<Count>> {
    std::vector<Count> out;
    for (std::size_t row = 0; row < rows.size(); ++row) {
      Count count;
      SOVET_TRY(count.body, rows.Text(row, 0));
      SOVET_TRY(count.seats, rows.Int(row, 1));
      out.push_back(std::move(count));
    }
    return out;
  };
  SOVET_TRY(std::vector<Count> received_list, counts(received));
  SOVET_TRY(std::vector<Count> sent_list, counts(sent));
  struct Rejection {
    std::int64_t act, person, election;
    std::string name, reason, detail;
  };
  std::vector<Rejection> rejections;
  for (std::size_t row = 0; row < rejected.size(); ++row) {
    Rejection rejection;
    SOVET_TRY(rejection.act, rejected.Int(row, 0));
    SOVET_TRY(rejection.name, rejected.Text(row, 1));
    SOVET_TRY(rejection.reason, rejected.Text(row, 2));
    SOVET_TRY(rejection.detail, rejected.Text(row, 3));
    SOVET_TRY(rejection.person, rejected.Int(row, 4));
    SOVET_TRY(rejection.election, rejected.Int(row, 5));
    rejections.push_back(std::move(rejection));
  }
  const auto held = static_cast<std::int64_t>(member_list.size());
  // The composition in the record's slate order.
  std::vector<std::pair<std::string, std::int64_t>> composition(by_faction.begin(),
                                                                by_faction.end());
  std::stable_sort(composition.begin(), composition.end(), [&](const auto& a, const auto& b) {
    return slates.Rank(a.first) < slates.Rank(b.first);
  });

  if (format == ReportFormat::kJson) {
    json out = {{"body", body}, {"seats", seats}, {"held", held}};
    out["factions"] = json::object();
    for (const auto& [faction, count] : by_faction) out["factions"][faction] = count;
    // The same counts as a list in the record's slate order, with names.
    out["slates"] = json::array();
    for (const auto& [faction, count] : composition) {
      out["slates"].push_back(
          {{"slate", faction}, {"name", slates.Name(faction)}, {"members", count}});
    }
    out["members"] = json::array();
    for (const Member& member : member_list) {
      json item = {{"seat", member.seat},
                   {"person", member.person},
                   {"name", member.name},
                   {"faction", member.faction},
                   {"slate_name", slates.Name(member.faction)},
                   {"election_act", member.election}};
      if (!member.portfolio.empty()) item["portfolio"] = member.portfolio;
      out["members"].push_back(std::move(item));
    }
    out["delegations_received"] = json::array();
    for (const Count& count : received_list) {
      out["delegations_received"].push_back({{"from", count.body}, {"seats", count.seats}});
    }
    out["delegations_sent"] = json::array();
    for (const Count& count : sent_list) {
      out["delegations_sent"].push_back({{"to", count.body}, {"seats", count.seats}});
    }
    out["rejected"] = json::array();
    for (const Rejection& rejection : rejections) {
      out["rejected"].push_back({{"verification_act", rejection.act},
                                 {"election_act", rejection.election},
                                 {"person", rejection.person},
                                 {"name", rejection.name},
                                 {"reason", rejection.reason},
                                 {"detail", rejection.detail}});
    }
    return out.dump() + "\n";
  }
  std::string text = fmt::format("{}: {} seats, {} held\n", body, seats, held);
  text += "by slate:\n";
  for (const auto& [faction, count] : composition) {
    const std::int64_t tenths = held > 0 ? (count * 2000 + held) / (2 * held) : 0;
    text += fmt::format("  {:<18} {:>6} {:>4}.{}%\n", slates.Name(faction), count, tenths / 10,
                        tenths % 10);
  }
  if (!received_list.empty()) {
    text += "delegations received:\n";
    for (const Count& count : received_list)
      text += fmt::format("  {:<44} {:>5}\n", count.body, count.seats);
  }
  if (!sent_list.empty()) {
    text += "delegations sent:\n";
    for (const Count& count : sent_list)
      text += fmt::format("  {:<44} {:>5}\n", count.body, count.seats);
  }
  if (!rejections.empty()) {
    text += "mandates rejected by the mandates commission:\n";
    for (const Rejection& rejection : rejections) {
      text += fmt::format("  act {:<8} {:<26} {}: {}\n", rejection.act, rejection.name,
                          rejection.reason, rejection.detail);
    }
  }
  text += "members:\n";
  for (const Member& member : member_list) {
    text += fmt::format("  {:>5}  {:<26} {:<18} {}\n", member.seat, member.name,
                        slates.Name(member.faction), member.portfolio);
  }
  return text;
}

Result<std::string> TraceSeat(const std::string& url, const std::string& body, std::int64_t seat,
                              ReportFormat format) {
  SOVET_TRY(std::unique_ptr<StateReader> state, StateReader::Open(url));
  SOVET_CHECK_OK(RequireCycle(*state, url));
  SOVET_TRY(const SlateLabels slates, ReadSlates(*state));

  SOVET_TRY(StateRows start,
            state->Query(table::kMandates,
                         fmt::format("SELECT mandate FROM {} WHERE body = $1 AND seat = $2",
                                     T(table::kMandates)),
                         {body, seat}));
  if (start.empty()) {
    return Error(
        Status::NotFound(fmt::format("{}: no mandate holds seat {} of '{}'", url, seat, body),
                         SourceLocation{.field = "--seat"}));
  }
  auto person_of = [&](std::int64_t person) -> Result<std::pair<std::string, std::string>> {
    SOVET_TRY(StateRows rows,
              state->Query(table::kPersons,
                           fmt::format("SELECT person, name, faction FROM {} WHERE person = $1",
                                       T(table::kPersons)),
                           {person}));
    if (rows.empty()) {
      return Error(Status::IntegrityViolation(
          fmt::format("state table state_{}: person {} is not registered (run sovet replay)",
                      table::kPersons, person)));
    }
    SOVET_TRY(std::string name, rows.Text(0, 1));
    SOVET_TRY(std::string faction, rows.Text(0, 2));
    return std::make_pair(name, faction);
  };
  // The journal entry of a cycle act, which must be of `kind`.
  auto entry_of = [&](std::int64_t act, const char* kind) -> Result<Entry> {
    SOVET_TRY(StateRows rows,
              state->Query(table::kActs,
                           fmt::format("SELECT act, seq FROM {} WHERE act = $1", T(table::kActs)),
                           {act}));
    if (rows.empty()) {
      return Error(Status::IntegrityViolation(fmt::format(
          "state table state_{}: cycle act {} is missing (run sovet replay)", table::kActs, act)));
    }
    SOVET_TRY(std::int64_t seq, rows.Int(0, 1));
    SOVET_TRY(auto entries, state->ReadEntries(seq, 1));
    if (entries.empty() || entries.front().seq != seq || entries.front().kind != kind) {
      return Error(rows.Damaged(
          0, fmt::format("it points cycle act {} to journal entry {}, which is not a {} act", act,
                         seq, kind)));
    }
    auto act_field = entries.front().payload.find(field::kAct);
    if (act_field == entries.front().payload.end() || !act_field->second.is_integer() ||
        act_field->second.integer() != act) {
      return Error(rows.Damaged(0, fmt::format("journal entry {} is not cycle act {}", seq, act)));
    }
    return std::move(entries.front());
  };

  json links = json::array();
  std::string text;
  SOVET_TRY(std::int64_t mandate, start.Int(0, 0));
  for (int depth = 0; mandate >= 0; ++depth) {
    if (depth > 64) return Error(Status::IntegrityViolation("the chain of mandates loops"));
    SOVET_TRY(StateRows rows,
              state->Query(table::kMandates,
                           fmt::format("SELECT mandate, body, seat, person, election, "
                                       "verification, source, portfolio FROM {} WHERE mandate = $1",
                                       T(table::kMandates)),
                           {mandate}));
    if (rows.empty()) {
      return Error(Status::IntegrityViolation(
          fmt::format("state table state_{}: mandate {} is missing (run sovet replay)",
                      table::kMandates, mandate)));
    }
    SOVET_TRY(std::string link_body, rows.Text(0, 1));
    SOVET_TRY(std::int64_t link_seat, rows.Int(0, 2));
    SOVET_TRY(std::int64_t link_person, rows.Int(0, 3));
    SOVET_TRY(std::int64_t election_act, rows.Int(0, 4));
    SOVET_TRY(std::int64_t verification_act, rows.Int(0, 5));
    SOVET_TRY(std::int64_t source, rows.Int(0, 6));
    SOVET_TRY(std::string portfolio, rows.Text(0, 7));
    SOVET_TRY(auto person, person_of(link_person));
    SOVET_TRY(Entry election, entry_of(election_act, schema::kElectionKind));
    SOVET_TRY(Entry verification, entry_of(verification_act, schema::kVerificationKind));
    SOVET_TRY(const Value* candidates_value,
              PayloadField(election, field::kCandidates, &Value::is_list));
    SOVET_TRY(const Value* votes_value, PayloadField(election, field::kVotes, &Value::is_list));
    SOVET_TRY(const Value* elected_value, PayloadField(election, field::kElected, &Value::is_list));
    SOVET_TRY(const Value* electing_value,
              PayloadField(election, field::kElectingBody, &Value::is_text));
    SOVET_TRY(const Value* kind_value, PayloadField(election, field::kElection, &Value::is_text));
    SOVET_TRY(const Value* method_value, PayloadField(election, field::kMethod, &Value::is_text));
    SOVET_TRY(const Value* open_value, PayloadField(election, field::kOpen, &Value::is_boolean));
    SOVET_TRY(const Value* seats_value, PayloadField(election, field::kSeats, &Value::is_integer));
    SOVET_TRY(const Value* electors_value,
              PayloadField(election, field::kElectors, &Value::is_integer));
    SOVET_TRY(const Value* present_value,
              PayloadField(election, field::kPresent, &Value::is_integer));
    const ValueList& candidates = candidates_value->list();
    const ValueList& votes = votes_value->list();
    const ValueList& elected = elected_value->list();
    if (votes.size() != candidates.size()) {
      return Error(Status::IntegrityViolation(
          fmt::format("journal entry {}: {} votes for {} candidates; run sovet verify",
                      election.seq, votes.size(), candidates.size())));
    }
    for (std::size_t slot = 0; slot < candidates.size(); ++slot) {
      if (!candidates[slot].is_integer() || !votes[slot].is_integer()) {
        return Error(Status::IntegrityViolation(
            fmt::format("journal entry {}: candidates and votes must be integers; run sovet verify",
                        election.seq)));
      }
    }
    std::int64_t own_votes = 0;
    for (std::size_t slot = 0; slot < candidates.size(); ++slot) {
      if (candidates[slot].integer() == link_person) own_votes = votes[slot].integer();
    }
    const std::string electing = electing_value->text();
    const bool base = electing.empty();
    json link = {{"mandate", mandate},
                 {"body", link_body},
                 {"seat", link_seat},
                 {"person", link_person},
                 {"name", person.first},
                 {"faction", person.second},
                 {"slate_name", slates.Name(person.second)},
                 {"election",
                  {{"act", election_act},
                   {"seq", election.seq},
                   {"kind", kind_value->text()},
                   {"method", method_value->text()},
                   {"open", open_value->boolean()},
                   {"electing_body", electing},
                   {"seats", seats_value->integer()},
                   {"electors", electors_value->integer()},
                   {"present", present_value->integer()},
                   {"votes", own_votes}}},
                 {"verification", {{"act", verification_act}, {"seq", verification.seq}}}};
    if (!portfolio.empty()) link["portfolio"] = portfolio;
    text += fmt::format("{}{} seat {}: {} ({}){}\n", std::string(2 * depth, ' '), link_body,
                        link_seat, person.first, slates.Name(person.second),
                        portfolio.empty() ? "" : fmt::format(", {}", portfolio));
    const std::string pad(2 * depth + 2, ' ');
    text += fmt::format(
        "{}elected: journal entry {} (cycle act {}), {} {} by {} ({}), {} of {} {} "
        "present; {} votes\n",
        pad, election.seq, election_act, kind_value->text(), base ? "election" : "vote",
        method_value->text(), open_value->boolean() ? "open" : "secret", present_value->integer(),
        electors_value->integer(), base ? "electors" : fmt::format("members of {}", electing),
        own_votes);
    text += fmt::format("{}verified: journal entry {} (cycle act {}) by the mandates commission\n",
                        pad, verification.seq, verification_act);
    if (base) {
      // The base election's count: every candidate, most votes first (ties
      // by name), as the count recorded them.
      struct Line {
        std::int64_t person, votes;
        std::string name, faction;
        bool won;
      };
      std::vector<Line> lines;
      for (std::size_t slot = 0; slot < candidates.size(); ++slot) {
        bool won = false;
        for (const Value& elected_slot : elected) {
          if (elected_slot.is_integer() &&
              elected_slot.integer() == static_cast<std::int64_t>(slot))
            won = true;
        }
        SOVET_TRY(auto candidate, person_of(candidates[slot].integer()));
        lines.push_back(Line{candidates[slot].integer(), votes[slot].integer(), candidate.first,
                             candidate.second, won});
      }
      std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
        if (a.votes != b.votes) return a.votes > b.votes;
        return a.name < b.name;
      });
      json counts = json::array();
      text += fmt::format("{}the count of {} (seats {}):\n", pad, election.body,
                          seats_value->integer());
      for (const Line& line : lines) {
        text += fmt::format("{}  {:>9}  {:<26} {:<18} {}\n", pad, line.votes, line.name,
                            slates.Name(line.faction), line.won ? "elected" : "");
        counts.push_back({{"person", line.person},
                          {"name", line.name},
                          {"faction", line.faction},
                          {"slate_name", slates.Name(line.faction)},
                          {"votes", line.votes},
                          {"elected", line.won}});
      }
      link["election"]["counts"] = std::move(counts);
    }
    links.push_back(std::move(link));
    mandate = source;
  }
  if (format == ReportFormat::kJson) {
    return json{{"body", body}, {"seat", seat}, {"chain", std::move(links)}}.dump() + "\n";
  }
  return text;
}

}  // namespace sovet
