// The projection of the engine's acts: its state tables, the checkers the
// journal runs before an act is appended, and the appliers (payload fields:
// doc/cycle.md "In the journal"; every name from sovet/cycle_schema.h).
// Registered through EngineProjector(), which every journal the engine
// writes is opened with; the journal itself knows none of it.
#include <fmt/format.h>

#include <string>

#include "engine/act_fields.h"
#include "engine/council.h"
#include "engine/roles.h"
#include "sovet/cycle_schema.h"
#include "sovet/engine.h"
#include "sovet/person_roll.h"

namespace sovet {
namespace {

namespace field = schema::field;
namespace table = schema::table;
using engine_internal::Bad;
using engine_internal::Find;
using engine_internal::IntOf;
using engine_internal::kAnySize;
using engine_internal::ListOf;

// A list the writer leaves out when every item is its default (doc/cycle.md
// "In the journal"); present, it has one item per person or mandate.
Result<void> OptionalListOf(const Act& act, const char* name, ValueTag item, std::size_t size) {
  if (Find(act, name) == nullptr) return {};
  SOVET_TRY(const ValueList* list, ListOf(act, name, item, size));
  (void)list;
  return {};
}

// The item `idx` of an optional list, or its default when the list is absent.
const Value& ItemOr(const ValueMap& fields, const char* name, std::size_t idx,
                    const Value& absent) {
  auto found = fields.find(name);
  return found == fields.end() ? absent : found->second.list()[idx];
}

// The fields every cycle act carries.
Result<void> CheckCommon(const Act& act) {
  SOVET_TRY(std::int64_t index, IntOf(act, field::kAct));
  if (index < 0)
    return Error(Bad(act, field::kAct, "an integer >= 0 (the act's place in the cycle)"));
  return {};
}

Result<void> CheckRegister(const Act& act) {
  SOVET_CHECK_OK(CheckCommon(act));
  SOVET_TRY(std::int64_t first, IntOf(act, field::kFirst));
  if (first < 0) return Error(Bad(act, field::kFirst, "an integer >= 0"));
  SOVET_TRY(const ValueList* names, ListOf(act, field::kNames, ValueTag::kText, kAnySize));
  const std::size_t count = names->size();
  SOVET_TRY(auto factions, ListOf(act, field::kFactions, ValueTag::kText, count));
  SOVET_TRY(auto ages, ListOf(act, field::kAges, ValueTag::kInteger, count));
  SOVET_CHECK_OK(OptionalListOf(act, field::kExcluded, ValueTag::kInteger, count));
  (void)factions;
  (void)ages;
  if (Find(act, field::kSlates) != nullptr || Find(act, field::kSlateNames) != nullptr) {
    SOVET_TRY(const ValueList* slates, ListOf(act, field::kSlates, ValueTag::kText, kAnySize));
    SOVET_TRY(auto slate_names, ListOf(act, field::kSlateNames, ValueTag::kText, slates->size()));
    (void)slate_names;
  }
  const Value* unit = Find(act, field::kUnit);
  if (unit == nullptr || !unit->is_text()) return Error(Bad(act, field::kUnit, "a census unit id"));
  return {};
}

Result<void> CheckElection(const Act& act) {
  SOVET_CHECK_OK(CheckCommon(act));
  SOVET_TRY(auto candidates, ListOf(act, field::kCandidates, ValueTag::kInteger, kAnySize));
  SOVET_TRY(auto votes, ListOf(act, field::kVotes, ValueTag::kInteger, candidates->size()));
  SOVET_TRY(auto elected, ListOf(act, field::kElected, ValueTag::kInteger, kAnySize));
  for (const Value& slot : *elected) {
    if (slot.integer() < 0 || static_cast<std::size_t>(slot.integer()) >= candidates->size()) {
      return Error(Bad(act, field::kElected, "candidate slots within the candidates list"));
    }
  }
  (void)votes;
  SOVET_TRY(std::int64_t present, IntOf(act, field::kPresent));
  SOVET_TRY(std::int64_t electors, IntOf(act, field::kElectors));
  if (present < 0 || present > electors) {
    return Error(Bad(act, field::kPresent, "between 0 and electors"));
  }
  return {};
}

Result<void> CheckVerification(const Act& act) {
  SOVET_CHECK_OK(CheckCommon(act));
  SOVET_TRY(std::int64_t election, IntOf(act, field::kElection));
  (void)election;
  SOVET_TRY(auto persons, ListOf(act, field::kPersons, ValueTag::kInteger, kAnySize));
  const std::size_t count = persons->size();
  SOVET_TRY(auto mandates, ListOf(act, field::kMandates, ValueTag::kInteger, count));
  SOVET_TRY(auto seats, ListOf(act, field::kSeats, ValueTag::kInteger, count));
  SOVET_CHECK_OK(OptionalListOf(act, field::kSources, ValueTag::kInteger, count));
  SOVET_CHECK_OK(OptionalListOf(act, field::kReasons, ValueTag::kText, count));
  SOVET_CHECK_OK(OptionalListOf(act, field::kDetails, ValueTag::kText, count));
  SOVET_CHECK_OK(OptionalListOf(act, field::kPortfolios, ValueTag::kText, count));
  (void)mandates, (void)seats;
  if (act.body.empty()) return Error(Bad(act, "body", "the verifying body's id"));
  return {};
}

Result<void> RecordAct(const Entry& entry, ProjectionSql& sql) {
  // The checker has seen every field an applier reads.
  const std::int64_t index = entry.payload.at(field::kAct).integer();
  static const std::vector<std::string> kColumns = {"act", "seq", "kind", "body"};
  return sql.Insert(table::kActs, kColumns, {index, entry.seq, entry.kind, entry.body});
}

Result<void> ApplyRegister(const Entry& entry, ProjectionSql& sql) {
  SOVET_CHECK_OK(RecordAct(entry, sql));
  const ValueMap& fields = entry.payload;
  const std::int64_t first = fields.at(field::kFirst).integer();
  const ValueList& names = fields.at(field::kNames).list();
  const ValueList& factions = fields.at(field::kFactions).list();
  const ValueList& ages = fields.at(field::kAges).list();
  static const Value kInNoCategory = Value::Integer(-1);
  const std::string& unit = fields.at(field::kUnit).text();
  static const std::vector<std::string> kColumns = {"person",  "name", "unit",
                                                    "faction", "age",  "excluded"};
  for (std::size_t idx = 0; idx < names.size(); ++idx) {
    SOVET_CHECK_OK(
        sql.Insert(table::kPersons, kColumns,
                   {first + static_cast<std::int64_t>(idx), names[idx].text(), unit,
                    factions[idx].text(), ages[idx].integer(),
                    ItemOr(fields, field::kExcluded, idx, kInNoCategory).integer()}));
  }
  auto declared = fields.find(field::kSlates);
  if (declared != fields.end()) {
    // The record's slate list, in declaration order (act, position).
    const ValueList& keys = declared->second.list();
    const ValueList& slate_names = fields.at(field::kSlateNames).list();
    static const std::vector<std::string> kSlateColumns = {"slate_key", "name", "act", "position"};
    const std::int64_t act = fields.at(field::kAct).integer();
    for (std::size_t idx = 0; idx < keys.size(); ++idx) {
      SOVET_CHECK_OK(sql.Insert(
          table::kSlates, kSlateColumns,
          {keys[idx].text(), slate_names[idx].text(), act, static_cast<std::int64_t>(idx)}));
    }
  }
  return {};
}

Result<void> ApplyVerification(const Entry& entry, ProjectionSql& sql) {
  SOVET_CHECK_OK(RecordAct(entry, sql));
  const ValueMap& fields = entry.payload;
  const std::int64_t act = fields.at(field::kAct).integer();
  const std::int64_t election = fields.at(field::kElection).integer();
  const ValueList& persons = fields.at(field::kPersons).list();
  const ValueList& mandates = fields.at(field::kMandates).list();
  const ValueList& seats = fields.at(field::kSeats).list();
  static const Value kNoSource = Value::Integer(-1);
  static const Value kSeated = Value::Text("seated");
  static const Value kEmpty = Value::Text("");
  static const std::vector<std::string> kMandateColumns = {
      "mandate", "body", "seat", "person", "election", "verification", "source", "portfolio"};
  static const std::vector<std::string> kRejectionColumns = {
      "act", "position", "body", "election", "person", "reason", "detail"};
  for (std::size_t idx = 0; idx < persons.size(); ++idx) {
    const std::string& reason = ItemOr(fields, field::kReasons, idx, kSeated).text();
    if (reason == "seated") {
      SOVET_CHECK_OK(sql.Insert(table::kMandates, kMandateColumns,
                                {mandates[idx].integer(), entry.body, seats[idx].integer(),
                                 persons[idx].integer(), election, act,
                                 ItemOr(fields, field::kSources, idx, kNoSource).integer(),
                                 ItemOr(fields, field::kPortfolios, idx, kEmpty).text()}));
    } else {
      SOVET_CHECK_OK(sql.Insert(table::kRejections, kRejectionColumns,
                                {act, static_cast<std::int64_t>(idx), entry.body, election,
                                 persons[idx].integer(), reason,
                                 ItemOr(fields, field::kDetails, idx, kEmpty).text()}));
    }
  }
  return {};
}

Projector BuildEngineProjector() {
  Projector projector = DefaultProjector();
  projector.AddTable(StateTable{
      .name = table::kActs,
      .columns = "act BIGINT NOT NULL PRIMARY KEY, seq BIGINT NOT NULL, kind TEXT NOT NULL, "
                 "body TEXT NOT NULL",
      .order_by = "act"});
  projector.AddTable(StateTable{
      .name = table::kPersons,
      .columns = "person BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL, unit TEXT NOT NULL, "
                 "faction TEXT NOT NULL, age BIGINT NOT NULL, excluded BIGINT NOT NULL",
      .order_by = "person"});
  // UNIQUE (body, seat): one holder per seat, and the index report and trace
  // look seats up by.
  projector.AddTable(StateTable{
      .name = table::kMandates,
      .columns = "mandate BIGINT NOT NULL PRIMARY KEY, body TEXT NOT NULL, seat BIGINT NOT NULL, "
                 "person BIGINT NOT NULL, election BIGINT NOT NULL, verification BIGINT NOT NULL, "
                 "source BIGINT NOT NULL, portfolio TEXT NOT NULL, UNIQUE (body, seat)",
      .order_by = "mandate"});
  projector.AddTable(StateTable{
      .name = table::kRejections,
      .columns = "act BIGINT NOT NULL, position BIGINT NOT NULL, body TEXT NOT NULL, "
                 "election BIGINT NOT NULL, person BIGINT NOT NULL, reason TEXT NOT NULL, "
                 "detail TEXT NOT NULL, PRIMARY KEY (act, position)",
      .order_by = "act, position"});
  // A slate once: its key is the record's label for it.
  projector.AddTable(StateTable{
      .name = table::kSlates,
      .columns = "slate_key TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, act BIGINT NOT NULL, "
                 "position BIGINT NOT NULL",
      .order_by = "act, position"});
  projector.AddKind(schema::kRegisterKind, &CheckRegister, &ApplyRegister);
  projector.AddKind(schema::kElectionKind, &CheckElection, &RecordAct);
  projector.AddKind(schema::kVerificationKind, &CheckVerification, &ApplyVerification);
  projector.AddKind(schema::kConstituentKind, &CheckCommon, &RecordAct);
  AddRollProjection(projector);  // the register of persons (sovet/person_roll.h)
  engine::AddRoleProjection(projector);
  engine::AddCouncilProjection(projector);  // sovet/council.h
  return projector;
}

}  // namespace

const Projector& EngineProjector() {
  static const Projector projector = BuildEngineProjector();
  return projector;
}

}  // namespace sovet
