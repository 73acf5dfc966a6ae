#include "server/cycle_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sovet/cycle_report.h"
#include "sovet/cycle_schema.h"

namespace sovet::server {
namespace {

Result<nlohmann::json> ParseContract(const Result<std::string>& text) {
  if (!text) return Error(text.error());
  nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded()) {
    return Error(Status::Internal("the report's JSON contract did not parse"));
  }
  return json;
}

}  // namespace

CycleSource::~CycleSource() = default;

Result<std::unique_ptr<CycleSource>> CycleSource::Open(const std::string& url) {
  std::unique_ptr<CycleSource> source(new CycleSource(url));
  SOVET_TRY(auto journal, Journal::Open(OpenOptions{.url = url}));
  (void)journal;
  SOVET_CHECK_OK(source->Head());
  return source;
}

void CycleSource::ReaderReturn::operator()(StateReader* reader) const {
  std::unique_ptr<StateReader> owned(reader);
  std::lock_guard lock(source->pool_mutex_);
  if (source->pool_.size() < kPoolSize) source->pool_.push_back(std::move(owned));
}

Result<CycleSource::PooledReader> CycleSource::Connect() {
  for (;;) {
    std::unique_ptr<StateReader> reader;
    {
      std::lock_guard lock(pool_mutex_);
      if (pool_.empty()) break;
      reader = std::move(pool_.back());
      pool_.pop_back();
    }
    // A connection the server closed since (a restart) is dropped here.
    if (reader->Head()) return PooledReader(reader.release(), ReaderReturn{this});
  }
  SOVET_TRY(auto reader, StateReader::Open(url_));
  return PooledReader(reader.release(), ReaderReturn{this});
}

Result<nlohmann::json> CycleSource::Overview() {
  return ParseContract(ReportCycle(url_, "", ReportFormat::kJson));
}

Result<nlohmann::json> CycleSource::Body(const std::string& body) {
  if (body.empty())
    return Error(Status::InvalidInput("expected a body id KIND:UNIT_ID", {.field = "body"}));
  return ParseContract(ReportCycle(url_, body, ReportFormat::kJson));
}

Result<nlohmann::json> CycleSource::Trace(const std::string& body, std::int64_t seat) {
  return ParseContract(TraceSeat(url_, body, seat, ReportFormat::kJson));
}

Result<std::vector<BodyRow>> CycleSource::BodiesOfKind(const std::string& kind, std::int64_t from,
                                                       std::int64_t limit) {
  SOVET_TRY(auto sql, Connect());
  // Body ids are "KIND:UNIT_ID". A prefix compared with substr, not LIKE
  // (whose '_' is a wildcard) nor a range (locale collations skip ':').
  const std::string prefix = kind + ":";
  SOVET_TRY(auto rows,
            sql->Query(schema::table::kBodies,
                       "SELECT body, seats FROM {p}bodies WHERE substr(body, 1, CAST($1 AS INTEGER)) "
                       "= $2 ORDER BY body LIMIT $3 OFFSET $4",
                       {static_cast<std::int64_t>(prefix.size()), prefix, limit, from}));
  std::vector<BodyRow> out;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    SOVET_TRY(std::string body, rows.Text(row, 0));
    SOVET_TRY(std::int64_t seats, rows.Int(row, 1));
    out.push_back({std::move(body), seats});
  }
  return out;
}

Result<std::map<std::int64_t, std::int64_t>> CycleSource::ActSeqs(std::int64_t first,
                                                                  std::int64_t last) {
  SOVET_TRY(auto sql, Connect());
  SOVET_TRY(auto rows, sql->Query(schema::table::kActs,
                                  "SELECT act, seq FROM {p}cycle_acts WHERE act >= $1 AND "
                                  "act <= $2",
                                  {first, last}));
  std::map<std::int64_t, std::int64_t> out;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    SOVET_TRY(std::int64_t act, rows.Int(row, 0));
    SOVET_TRY(out[act], rows.Int(row, 1));
  }
  return out;
}

Result<std::optional<Entry>> CycleSource::ConstituentAssembly() {
  SOVET_TRY(auto sql, Connect());
  SOVET_TRY(auto rows, sql->Query(schema::table::kActs,
                                  "SELECT seq FROM {p}cycle_acts WHERE kind = $1 "
                                  "ORDER BY seq DESC LIMIT 1",
                                  {std::string(schema::kConstituentKind)}));
  if (rows.empty()) return std::optional<Entry>();
  SOVET_TRY(std::int64_t seq, rows.Int(0, 0));
  SOVET_TRY(auto entries, Read(seq, 1));
  if (entries.empty()) return std::optional<Entry>();
  return std::optional<Entry>(std::move(entries.front()));
}

Result<std::vector<RoleRow>> CycleSource::Roles(const std::string& body,
                                                const std::string& account) {
  SOVET_TRY(auto sql, Connect());
  // A journal that never recorded a role, opened only for reading, has no
  // table yet: no roles.
  SOVET_TRY(bool has, sql->HasTable(schema::table::kRoles));
  if (!has) return std::vector<RoleRow>();
  SOVET_TRY(auto rows, sql->Query(schema::table::kRoles,
                                  "SELECT account, role, body, seq, by_account FROM {p}roles "
                                  "WHERE ($1 = '' OR body = $1) AND ($2 = '' OR account = $2) "
                                  "ORDER BY body, role, account",
                                  {body, account}));
  std::vector<RoleRow> out;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    RoleRow role;
    SOVET_TRY(role.account, rows.Text(row, 0));
    SOVET_TRY(role.role, rows.Text(row, 1));
    SOVET_TRY(role.body, rows.Text(row, 2));
    SOVET_TRY(role.seq, rows.Int(row, 3));
    SOVET_TRY(role.by, rows.Text(row, 4));
    out.push_back(std::move(role));
  }
  return out;
}

Result<bool> CycleSource::HoldsRole(const std::string& account, const std::string& role,
                                    const std::string& body) {
  SOVET_TRY(auto sql, Connect());
  SOVET_TRY(bool has, sql->HasTable(schema::table::kRoles));
  if (!has) return false;
  SOVET_TRY(auto rows, sql->Query(schema::table::kRoles,
                                  "SELECT seq FROM {p}roles WHERE account = $1 AND role = $2 AND "
                                  "body = $3",
                                  {account, role, body}));
  return !rows.empty();
}

Result<JournalHead> CycleSource::Head() {
  std::lock_guard lock(head_mutex_);
  if (!head_reader_) {
    SOVET_TRY(head_reader_, StateReader::Open(url_));
  }
  auto head = head_reader_->Head();
  if (!head) {
    head_reader_.reset();  // reconnect next time (a PostgreSQL restart)
    return Error(head.error());
  }
  return JournalHead{head->seq, HexEncode(head->hash)};
}

Result<JournalHead> CycleSource::WaitForSeq(std::int64_t seq, std::chrono::milliseconds timeout) {
  SOVET_TRY(auto reader, Connect());
  SOVET_TRY(Appended head, reader->WaitForSeq(seq, timeout));
  return JournalHead{head.seq, HexEncode(head.hash)};
}

Result<std::vector<Entry>> CycleSource::Read(std::int64_t from, std::int64_t limit) {
  SOVET_TRY(auto reader, Connect());
  return reader->ReadEntries(from, limit);
}

Result<JournalVerdict> CycleSource::Verify() { return VerifyJournal(url_, "", {}); }

}  // namespace sovet::server

namespace sovet::server {
namespace {

using nlohmann::json;

// Persons by index from the register's state table.
Result<std::map<std::int64_t, json>> PersonsById(StateReader& sql,
                                                 const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, json> out;
  if (ids.empty()) return out;
  const auto [low, high] = std::minmax_element(ids.begin(), ids.end());
  SOVET_TRY(auto rows, sql.Query(schema::table::kPersons,
                                 "SELECT person, name, unit, faction, age FROM {p}cycle_persons "
                                 "WHERE person >= $1 AND person <= $2",
                                 {*low, *high}));
  const std::set<std::int64_t> wanted(ids.begin(), ids.end());
  for (std::size_t row = 0; row < rows.size(); ++row) {
    SOVET_TRY(std::int64_t person, rows.Int(row, 0));
    if (!wanted.count(person)) continue;
    SOVET_TRY(std::string name, rows.Text(row, 1));
    SOVET_TRY(std::string unit, rows.Text(row, 2));
    SOVET_TRY(std::string faction, rows.Text(row, 3));
    SOVET_TRY(std::int64_t age, rows.Int(row, 4));
    out[person] = json{{"person", person}, {"name", name}, {"unit", unit}, {"faction", faction},
                       {"age", age}};
  }
  return out;
}

// The record's slate names by key (cycle_slates), empty for a record that
// declares none.
Result<std::map<std::string, std::string>> SlateNames(StateReader& sql) {
  std::map<std::string, std::string> out;
  SOVET_TRY(bool declared, sql.HasTable(schema::table::kSlates));
  if (!declared) return out;
  SOVET_TRY(auto rows, sql.Query(schema::table::kSlates, "SELECT slate_key, name FROM {p}cycle_slates"));
  for (std::size_t row = 0; row < rows.size(); ++row) {
    SOVET_TRY(std::string key, rows.Text(row, 0));
    SOVET_TRY(out[key], rows.Text(row, 1));
  }
  return out;
}

// act index → journal seq for the given cycle acts.
Result<std::map<std::int64_t, std::int64_t>> SeqsOf(StateReader& sql,
                                                    const std::set<std::int64_t>& acts) {
  std::map<std::int64_t, std::int64_t> out;
  for (std::int64_t act : acts) {
    SOVET_TRY(auto rows, sql.Query(schema::table::kActs,
                                   "SELECT seq FROM {p}cycle_acts WHERE act = $1", {act}));
    if (!rows.empty()) {
      SOVET_TRY(out[act], rows.Int(0, 0));
    }
  }
  return out;
}

const Value* PayloadField(const Entry& entry, const char* name) {
  auto it = entry.payload.find(name);
  return it == entry.payload.end() ? nullptr : &it->second;
}

}  // namespace

Result<nlohmann::json> CycleSource::Person(std::int64_t person) {
  SOVET_TRY(auto sql, Connect());
  SOVET_TRY(auto persons, PersonsById(*sql, {person}));
  if (!persons.count(person)) {
    return Error(Status::NotFound(fmt::format("{} registers no person {}", url_, person),
                                  {.field = "person"}));
  }
  json out = persons.at(person);
  SOVET_TRY(auto slate_names, SlateNames(*sql));
  if (slate_names.count(out.at("faction"))) out["slate_name"] = slate_names.at(out.at("faction"));
  SOVET_TRY(auto rows, sql->Query(schema::table::kMandates,
                                  "SELECT mandate, body, seat, election, verification, portfolio "
                                  "FROM {p}cycle_mandates WHERE person = $1 ORDER BY mandate",
                                  {person}));
  std::set<std::int64_t> acts;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    SOVET_TRY(std::int64_t election, rows.Int(row, 3));
    SOVET_TRY(std::int64_t verification, rows.Int(row, 4));
    acts.insert(election);
    acts.insert(verification);
  }
  SOVET_TRY(auto rejections,
            sql->Query(schema::table::kRejections,
                       "SELECT act, body, election, reason, detail FROM {p}cycle_rejections "
                       "WHERE person = $1 ORDER BY act, position",
                       {person}));
  for (std::size_t row = 0; row < rejections.size(); ++row) {
    SOVET_TRY(std::int64_t act, rejections.Int(row, 0));
    SOVET_TRY(std::int64_t election, rejections.Int(row, 2));
    acts.insert(act);
    acts.insert(election);
  }
  SOVET_TRY(auto seqs, SeqsOf(*sql, acts));
  auto seq_of = [&seqs](std::int64_t act) -> std::int64_t {
    auto it = seqs.find(act);
    return it == seqs.end() ? -1 : it->second;
  };
  json seats = json::array();
  for (std::size_t row = 0; row < rows.size(); ++row) {
    SOVET_TRY(std::int64_t mandate, rows.Int(row, 0));
    SOVET_TRY(std::string body, rows.Text(row, 1));
    SOVET_TRY(std::int64_t seat, rows.Int(row, 2));
    SOVET_TRY(std::int64_t election, rows.Int(row, 3));
    SOVET_TRY(std::int64_t verification, rows.Int(row, 4));
    SOVET_TRY(std::string portfolio, rows.Text(row, 5));
    seats.push_back({{"mandate", mandate},
                     {"body", body},
                     {"seat", seat},
                     {"portfolio", portfolio},
                     {"election_act", election},
                     {"election_seq", seq_of(election)},
                     {"verification_seq", seq_of(verification)}});
  }
  json rejected = json::array();
  for (std::size_t row = 0; row < rejections.size(); ++row) {
    SOVET_TRY(std::int64_t act, rejections.Int(row, 0));
    SOVET_TRY(std::string body, rejections.Text(row, 1));
    SOVET_TRY(std::int64_t election, rejections.Int(row, 2));
    SOVET_TRY(std::string reason, rejections.Text(row, 3));
    SOVET_TRY(std::string detail, rejections.Text(row, 4));
    rejected.push_back({{"body", body},
                        {"reason", reason},
                        {"detail", detail},
                        {"election_seq", seq_of(election)},
                        {"verification_seq", seq_of(act)}});
  }
  out["seats"] = std::move(seats);
  out["rejected"] = std::move(rejected);
  return out;
}

Result<nlohmann::json> CycleSource::Election(std::int64_t seq) {
  SOVET_TRY(auto entries, Read(seq, 1));
  if (entries.empty() || entries.front().kind != schema::kElectionKind) {
    return Error(Status::NotFound(
        fmt::format("{}: entry {} is not an election ({})", url_, seq, schema::kElectionKind),
        {.field = "seq"}));
  }
  const Entry& entry = entries.front();
  auto ints = [&entry](const char* name) {
    std::vector<std::int64_t> out;
    if (const Value* value = PayloadField(entry, name); value != nullptr && value->is_list()) {
      for (const Value& item : value->list()) out.push_back(item.is_integer() ? item.integer() : 0);
    }
    return out;
  };
  auto integer = [&entry](const char* name) -> std::int64_t {
    const Value* value = PayloadField(entry, name);
    return value != nullptr && value->is_integer() ? value->integer() : 0;
  };
  auto text = [&entry](const char* name) -> std::string {
    const Value* value = PayloadField(entry, name);
    return value != nullptr && value->is_text() ? value->text() : std::string();
  };
  const std::vector<std::int64_t> candidates = ints(schema::field::kCandidates);
  const std::vector<std::int64_t> votes = ints(schema::field::kVotes);
  const std::vector<std::int64_t> elected_slots = ints(schema::field::kElected);
  const std::set<std::int64_t> elected(elected_slots.begin(), elected_slots.end());
  SOVET_TRY(auto sql, Connect());
  SOVET_TRY(auto persons, PersonsById(*sql, candidates));
  SOVET_TRY(auto slate_names, SlateNames(*sql));
  json list = json::array();
  for (std::size_t slot = 0; slot < candidates.size(); ++slot) {
    const std::int64_t person = candidates[slot];
    const json* known = persons.count(person) ? &persons.at(person) : nullptr;
    list.push_back({{"person", person},
                    {"name", known ? known->at("name").get<std::string>() : std::string()},
                    {"faction", known ? known->at("faction").get<std::string>() : std::string()},
                    {"votes", slot < votes.size() ? votes[slot] : 0},
                    {"elected", elected.count(static_cast<std::int64_t>(slot)) != 0}});
    const std::string faction = list.back().at("faction");
    if (slate_names.count(faction)) list.back()["slate_name"] = slate_names.at(faction);
  }
  // As sheets print them: most votes first; equal votes, the elected first
  // (a tie the count broke), then by name.
  std::stable_sort(list.begin(), list.end(), [](const json& a, const json& b) {
    if (a["votes"] != b["votes"]) return a["votes"].get<std::int64_t>() > b["votes"].get<std::int64_t>();
    if (a["elected"] != b["elected"]) return a["elected"].get<bool>();
    return a["name"].get<std::string>() < b["name"].get<std::string>();
  });
  json voters = json::object();
  if (const Value* value = PayloadField(entry, schema::field::kVoters);
      value != nullptr && value->is_map()) {
    for (const auto& [slate, count] : value->map()) {
      if (count.is_integer()) voters[slate] = count.integer();
    }
  }
  const Value* open = PayloadField(entry, schema::field::kOpen);
  const std::int64_t act = integer(schema::field::kAct);
  // The mandates commission's decisions on this election.
  SOVET_TRY(auto seated_rows,
            sql->Query(schema::table::kMandates,
                       "SELECT person, seat, verification FROM {p}cycle_mandates WHERE election = "
                       "$1 ORDER BY seat",
                       {act}));
  SOVET_TRY(auto rejected_rows,
            sql->Query(schema::table::kRejections,
                       "SELECT person, reason, detail, act FROM {p}cycle_rejections WHERE "
                       "election = $1 ORDER BY act, position",
                       {act}));
  std::vector<std::int64_t> decided;
  std::set<std::int64_t> verification_acts;
  for (std::size_t row = 0; row < seated_rows.size(); ++row) {
    SOVET_TRY(std::int64_t person, seated_rows.Int(row, 0));
    SOVET_TRY(std::int64_t verification, seated_rows.Int(row, 2));
    decided.push_back(person);
    verification_acts.insert(verification);
  }
  for (std::size_t row = 0; row < rejected_rows.size(); ++row) {
    SOVET_TRY(std::int64_t person, rejected_rows.Int(row, 0));
    SOVET_TRY(std::int64_t verification, rejected_rows.Int(row, 3));
    decided.push_back(person);
    verification_acts.insert(verification);
  }
  SOVET_TRY(auto decided_persons, PersonsById(*sql, decided));
  SOVET_TRY(auto seqs, SeqsOf(*sql, verification_acts));
  auto name_of = [&decided_persons](std::int64_t person) {
    return decided_persons.count(person) ? decided_persons.at(person).at("name").get<std::string>()
                                         : std::string();
  };
  json seated = json::array(), rejected = json::array();
  for (std::size_t row = 0; row < seated_rows.size(); ++row) {
    SOVET_TRY(std::int64_t person, seated_rows.Int(row, 0));
    SOVET_TRY(std::int64_t seat, seated_rows.Int(row, 1));
    SOVET_TRY(std::int64_t verification, seated_rows.Int(row, 2));
    seated.push_back({{"person", person},
                      {"name", name_of(person)},
                      {"seat", seat},
                      {"verification_seq", seqs.count(verification) ? seqs.at(verification) : -1}});
  }
  for (std::size_t row = 0; row < rejected_rows.size(); ++row) {
    SOVET_TRY(std::int64_t person, rejected_rows.Int(row, 0));
    SOVET_TRY(std::string reason, rejected_rows.Text(row, 1));
    SOVET_TRY(std::string detail, rejected_rows.Text(row, 2));
    SOVET_TRY(std::int64_t verification, rejected_rows.Int(row, 3));
    rejected.push_back({{"person", person},
                        {"name", name_of(person)},
                        {"reason", reason},
                        {"detail", detail},
                        {"verification_seq", seqs.count(verification) ? seqs.at(verification) : -1}});
  }
  return json{{"seq", seq},
              {"act", act},
              {"body", entry.body},
              {"kind", text(schema::field::kElection)},
              {"electing_body", text(schema::field::kElectingBody)},
              {"method", text(schema::field::kMethod)},
              {"open", open != nullptr && open->is_boolean() ? open->boolean() : true},
              {"electors", integer(schema::field::kElectors)},
              {"present", integer(schema::field::kPresent)},
              {"seats", integer(schema::field::kSeats)},
              {"voters", voters},
              {"slate_names", slate_names},
              {"candidates", list},
              {"seated", seated},
              {"rejected", rejected}};
}

}  // namespace sovet::server
