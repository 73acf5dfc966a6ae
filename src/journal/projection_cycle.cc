// Appliers of the cycle's acts. Payload fields: doc/cycle.md "In the journal".
#include "journal/projection_cycle.h"

#include <fmt/format.h>

#include <string>

namespace sovet {
namespace {

Status Bad(const std::string& kind, const std::string& field, const std::string& expected) {
  return Status::InvalidInput(
      fmt::format("act \"{}\": field \"{}\": expected {}", kind, field, expected),
      SourceLocation{.field = field});
}

const Value* Field(const ValueMap& fields, const char* name) {
  auto found = fields.find(name);
  return found == fields.end() ? nullptr : &found->second;
}

Result<std::int64_t> IntField(const std::string& kind, const ValueMap& fields, const char* name) {
  const Value* value = Field(fields, name);
  if (value == nullptr || !value->is_integer()) return Error(Bad(kind, name, "an integer"));
  return value->integer();
}

Result<const ValueList*> ListField(const std::string& kind, const ValueMap& fields,
                                   const char* name, ValueTag item, std::size_t size) {
  const Value* value = Field(fields, name);
  if (value == nullptr || !value->is_list()) return Error(Bad(kind, name, "a list"));
  const ValueList& list = value->list();
  if (size != static_cast<std::size_t>(-1) && list.size() != size) {
    return Error(Bad(kind, name, fmt::format("a list of {} items", size)));
  }
  for (const Value& element : list) {
    if (element.tag() != item) {
      return Error(
          Bad(kind, name, item == ValueTag::kInteger ? "a list of integers" : "a list of texts"));
    }
  }
  return &list;
}

constexpr std::size_t kAnySize = static_cast<std::size_t>(-1);

// The fields every cycle act carries.
Result<void> CheckCommon(const Act& act) {
  SOVET_TRY(std::int64_t index, IntField(act.kind, act.fields, "act"));
  if (index < 0)
    return Error(Bad(act.kind, "act", "an integer >= 0 (the act's place in the cycle)"));
  return {};
}

Result<void> CheckRegister(const Act& act) {
  SOVET_CHECK_OK(CheckCommon(act));
  SOVET_TRY(std::int64_t first, IntField(act.kind, act.fields, "first"));
  if (first < 0) return Error(Bad(act.kind, "first", "an integer >= 0"));
  SOVET_TRY(const ValueList* names,
            ListField(act.kind, act.fields, "names", ValueTag::kText, kAnySize));
  const std::size_t count = names->size();
  SOVET_TRY(auto factions, ListField(act.kind, act.fields, "factions", ValueTag::kText, count));
  SOVET_TRY(auto ages, ListField(act.kind, act.fields, "ages", ValueTag::kInteger, count));
  SOVET_TRY(auto excluded, ListField(act.kind, act.fields, "excluded", ValueTag::kInteger, count));
  (void)factions;
  (void)ages;
  (void)excluded;
  const Value* unit = Field(act.fields, "unit");
  if (unit == nullptr || !unit->is_text()) return Error(Bad(act.kind, "unit", "a census unit id"));
  return {};
}

Result<void> CheckElection(const Act& act) {
  SOVET_CHECK_OK(CheckCommon(act));
  SOVET_TRY(auto candidates,
            ListField(act.kind, act.fields, "candidates", ValueTag::kInteger, kAnySize));
  SOVET_TRY(auto votes,
            ListField(act.kind, act.fields, "votes", ValueTag::kInteger, candidates->size()));
  SOVET_TRY(auto elected, ListField(act.kind, act.fields, "elected", ValueTag::kInteger, kAnySize));
  for (const Value& slot : *elected) {
    if (slot.integer() < 0 || static_cast<std::size_t>(slot.integer()) >= candidates->size()) {
      return Error(Bad(act.kind, "elected", "candidate slots within the candidates list"));
    }
  }
  (void)votes;
  SOVET_TRY(std::int64_t present, IntField(act.kind, act.fields, "present"));
  SOVET_TRY(std::int64_t electors, IntField(act.kind, act.fields, "electors"));
  if (present < 0 || present > electors) {
    return Error(Bad(act.kind, "present", "between 0 and electors"));
  }
  return {};
}

Result<void> CheckVerification(const Act& act) {
  SOVET_CHECK_OK(CheckCommon(act));
  SOVET_TRY(std::int64_t election, IntField(act.kind, act.fields, "election"));
  (void)election;
  SOVET_TRY(auto persons, ListField(act.kind, act.fields, "persons", ValueTag::kInteger, kAnySize));
  const std::size_t count = persons->size();
  SOVET_TRY(auto mandates, ListField(act.kind, act.fields, "mandates", ValueTag::kInteger, count));
  SOVET_TRY(auto seats, ListField(act.kind, act.fields, "seats", ValueTag::kInteger, count));
  SOVET_TRY(auto sources, ListField(act.kind, act.fields, "sources", ValueTag::kInteger, count));
  SOVET_TRY(auto reasons, ListField(act.kind, act.fields, "reasons", ValueTag::kText, count));
  SOVET_TRY(auto details, ListField(act.kind, act.fields, "details", ValueTag::kText, count));
  SOVET_TRY(auto portfolios, ListField(act.kind, act.fields, "portfolios", ValueTag::kText, count));
  (void)mandates, (void)seats, (void)sources, (void)reasons, (void)details, (void)portfolios;
  if (act.body.empty()) return Error(Bad(act.kind, "body", "the verifying body's id"));
  return {};
}

Result<void> RecordAct(const Entry& entry, ProjectionSql& sql) {
  SOVET_TRY(std::int64_t index, IntField(entry.kind, entry.payload, "act"));
  return sql.Exec("INSERT INTO {p}cycle_acts (act, seq, kind, body) VALUES ($1, $2, $3, $4)",
                  {index, entry.seq, entry.kind, entry.body});
}

Result<void> ApplyRegister(const Entry& entry, ProjectionSql& sql) {
  SOVET_CHECK_OK(RecordAct(entry, sql));
  const ValueMap& fields = entry.payload;
  const std::int64_t first = fields.at("first").integer();
  const ValueList& names = fields.at("names").list();
  const ValueList& factions = fields.at("factions").list();
  const ValueList& ages = fields.at("ages").list();
  const ValueList& excluded = fields.at("excluded").list();
  const std::string& unit = fields.at("unit").text();
  for (std::size_t idx = 0; idx < names.size(); ++idx) {
    SOVET_CHECK_OK(
        sql.Exec("INSERT INTO {p}cycle_persons (person, name, unit, faction, age, excluded) "
                 "VALUES ($1, $2, $3, $4, $5, $6)",
                 {first + static_cast<std::int64_t>(idx), names[idx].text(), unit,
                  factions[idx].text(), ages[idx].integer(), excluded[idx].integer()}));
  }
  return {};
}

Result<void> ApplyVerification(const Entry& entry, ProjectionSql& sql) {
  SOVET_CHECK_OK(RecordAct(entry, sql));
  const ValueMap& fields = entry.payload;
  const std::int64_t act = fields.at("act").integer();
  const std::int64_t election = fields.at("election").integer();
  const ValueList& persons = fields.at("persons").list();
  const ValueList& mandates = fields.at("mandates").list();
  const ValueList& seats = fields.at("seats").list();
  const ValueList& sources = fields.at("sources").list();
  const ValueList& reasons = fields.at("reasons").list();
  const ValueList& details = fields.at("details").list();
  const ValueList& portfolios = fields.at("portfolios").list();
  for (std::size_t idx = 0; idx < persons.size(); ++idx) {
    if (reasons[idx].text() == "seated") {
      SOVET_CHECK_OK(sql.Exec(
          "INSERT INTO {p}cycle_mandates (mandate, body, seat, person, election, verification, "
          "source, portfolio) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {mandates[idx].integer(), entry.body, seats[idx].integer(), persons[idx].integer(),
           election, act, sources[idx].integer(), portfolios[idx].text()}));
    } else {
      SOVET_CHECK_OK(sql.Exec(
          "INSERT INTO {p}cycle_rejections (act, position, body, election, person, reason, detail) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7)",
          {act, static_cast<std::int64_t>(idx), entry.body, election, persons[idx].integer(),
           reasons[idx].text(), details[idx].text()}));
    }
  }
  return {};
}

}  // namespace

void AddCycleProjection(Projector& projector) {
  projector.AddTable(StateTable{
      .name = "cycle_acts",
      .columns = "act BIGINT NOT NULL PRIMARY KEY, seq BIGINT NOT NULL, kind TEXT NOT NULL, "
                 "body TEXT NOT NULL",
      .order_by = "act"});
  projector.AddTable(StateTable{
      .name = "cycle_persons",
      .columns = "person BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL, unit TEXT NOT NULL, "
                 "faction TEXT NOT NULL, age BIGINT NOT NULL, excluded BIGINT NOT NULL",
      .order_by = "person"});
  // UNIQUE (body, seat): one holder per seat, and the index report and trace
  // look seats up by.
  projector.AddTable(StateTable{
      .name = "cycle_mandates",
      .columns = "mandate BIGINT NOT NULL PRIMARY KEY, body TEXT NOT NULL, seat BIGINT NOT NULL, "
                 "person BIGINT NOT NULL, election BIGINT NOT NULL, verification BIGINT NOT NULL, "
                 "source BIGINT NOT NULL, portfolio TEXT NOT NULL, UNIQUE (body, seat)",
      .order_by = "mandate"});
  projector.AddTable(StateTable{
      .name = "cycle_rejections",
      .columns = "act BIGINT NOT NULL, position BIGINT NOT NULL, body TEXT NOT NULL, "
                 "election BIGINT NOT NULL, person BIGINT NOT NULL, reason TEXT NOT NULL, "
                 "detail TEXT NOT NULL, PRIMARY KEY (act, position)",
      .order_by = "act, position"});
  projector.AddKind(kCycleRegisterKind, &CheckRegister, &ApplyRegister);
  projector.AddKind(kCycleElectionKind, &CheckElection, &RecordAct);
  projector.AddKind(kCycleVerificationKind, &CheckVerification, &ApplyVerification);
  projector.AddKind(kCycleConstituentKind, &CheckCommon, &RecordAct);
}

}  // namespace sovet
