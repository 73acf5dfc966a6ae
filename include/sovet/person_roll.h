// The register of persons: who lives in which unit from which date, born
// when, with which franchise status — the record every electoral roll
// follows from (001:152; SYSTEM.md §3 "elector — a person on an electoral
// roll", §4 decisions on voting age and exclusions, §7.2 dates). Format of
// its acts, the import file and the roll rule: doc/register.md.
//
// Why a header of its own and not sovet/register.h: that header's
// PersonRegister is the council cycle's register of *candidates* (persons
// the cycle knows by name, with an age fixed at the election), kept in
// memory for the simulation. This one is the civil register of *electors*
// at the scale of a country (60 million persons), kept in the state tables,
// with dates; the engine holds of it only what its rules need (below).
//
// Acts (names in sovet::schema::roll below; each carries the operator's
// `date`, ISO 8601 `YYYY-MM-DD`; the register is kept in date order: an act
// dated before the register's latest act is refused):
//   register.units  the units persons may live in (the census's leaf units)
//   register.enter  persons enter the register in one unit
//   register.move   registered persons move to one unit
//   register.leave  registered persons leave the register (death,
//                   emigration): they stay in the tables with the date
// Every rule is checked by CheckRollAct, for a command and for the audit of
// `sovet verify` alike (the engine's ExecuteRecorded), and a refusal names
// the rule and writes nothing.
//
// The engine's memory of the register (RollState) is compact: per person
// one 64-bit hash of the id, one 32-bit word (unit, whether the status is
// excluded, present or left) and the 32-bit birth day, in an
// open-addressing table — 16 bytes per slot, 20 bytes per person at the
// table's load, 60 million persons in about 1.2 GB — never a string per
// person. That is what deciding "an elector on this roll on this day"
// needs in memory (recall signatures, nominations: doc/register.md "The
// roll"). The units form the census's tree: `register.units` may record
// each unit's parent (`parents`), so a roll of an inner unit (a city, a
// region: the unit of a body above the leaves) is the union of the rolls
// of the leaf units beneath it.
// The hash is SipHash-2-4 under a key drawn at random per process, so no
// one can choose ids that collide; two distinct ids share a hash with
// probability about n²/2⁶⁵ (1 in 10,000 at 60 million persons), and then
// the second is refused as a duplicate by that process only (run again).
//
// Thread-safety: RollState is a plain value used by the engine's thread;
// the free functions are pure or use only their arguments.
#ifndef SOVET_PERSON_ROLL_H_
#define SOVET_PERSON_ROLL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sovet/charter.h"
#include "sovet/date.h"
#include "sovet/journal.h"
#include "sovet/projection.h"
#include "sovet/state.h"
#include "sovet/status.h"

namespace sovet {

namespace schema::roll {
// Act kinds. A name here is part of the journal's public format
// (doc/register.md): never rename one.
inline constexpr const char* kUnitsKind = "register.units";
inline constexpr const char* kEnterKind = "register.enter";
inline constexpr const char* kMoveKind = "register.move";
inline constexpr const char* kLeaveKind = "register.leave";
namespace field {
inline constexpr const char* kDate = "date";    // every act
inline constexpr const char* kUnits = "units";  // register.units
// register.units, optional: a map unit id -> its parent's id ("" for the
// census's root), for the units recorded and the inner units above them.
inline constexpr const char* kParents = "parents";
inline constexpr const char* kUnit = "unit";    // enter, move: the unit entered
inline constexpr const char* kIds = "ids";      // enter, move, leave
inline constexpr const char* kNames = "names";  // enter: one per id, and so on
inline constexpr const char* kBirthDates = "birth_dates";
inline constexpr const char* kStatuses = "statuses";
inline constexpr const char* kWorkplaces = "workplaces";
// enter, optional: the import an act belongs to (the file's SHA-256 in
// hex), the 0-based index of its first data row, and the file's rows.
inline constexpr const char* kImport = "import";
inline constexpr const char* kRow = "row";
inline constexpr const char* kRows = "rows";
}  // namespace field
namespace table {
inline constexpr const char* kUnits = "register_units";
inline constexpr const char* kPersons = "register_persons";
inline constexpr const char* kMoves = "register_moves";
inline constexpr const char* kImports = "register_imports";
inline constexpr const char* kParents = "register_parents";
}  // namespace table
}  // namespace schema::roll

// Whether `kind` is one of the register's act kinds (register.*).
bool IsRollKind(std::string_view kind);

// The longest id, name or workplace the register accepts, in bytes.
inline constexpr std::size_t kMaxRollText = 256;

// What the engine keeps of the register to check its acts.
class RollState {
 public:
  RollState();

  // Units persons may live in (register.units), by id.
  std::int32_t FindUnit(std::string_view id) const;  // -1 when unknown
  std::size_t unit_count() const { return leaf_count_; }
  // Any unit of the tree the register knows (a leaf unit persons live in,
  // or an inner unit named as a parent), by id; -1 when unknown. Indices of
  // leaf units are FindUnit's.
  std::int32_t FindTreeUnit(std::string_view id) const;
  // The parent of a tree unit (an index of FindTreeUnit), -1 for the root
  // or when no parent is recorded.
  std::int32_t Parent(std::int32_t unit) const { return unit_parent_[unit]; }
  bool IsLeaf(std::int32_t unit) const { return unit_leaf_[unit] != 0; }
  // Whether a parent (or "" for a root) was recorded for a tree unit.
  bool HasParent(std::int32_t unit) const { return unit_parent_known_[unit] != 0; }
  std::size_t tree_size() const { return unit_ids_.size(); }
  const std::string& UnitId(std::int32_t unit) const { return unit_ids_[unit]; }
  // Whether tree unit `unit` is `ancestor` or lies beneath it.
  bool Within(std::int32_t unit, std::int32_t ancestor) const;

  enum class Presence : std::uint8_t { kUnknown, kPresent, kLeft };
  struct Person {
    Presence presence = Presence::kUnknown;
    std::int32_t unit = -1;
    Date birth;             // the recorded birth date
    bool excluded = false;  // the status is one of franchise.excluded_categories
  };
  Person Find(std::string_view id) const;
  // Whether `person` is an elector on the roll of `unit` (a leaf unit or
  // one above it) on `on`: present, living within `unit`, of the charter's
  // franchise.voting_age on `on`, with no excluded status (doc/register.md
  // "The roll"). Read from this memory, which is the register on `on` for
  // every `on` on or after latest(). O(depth of the tree).
  bool OnRoll(const Charter& charter, std::string_view person, std::string_view unit,
              Date on) const;
  // Why OnRoll refuses a person, in words for a message ("" when on the roll).
  std::string WhyNotOnRoll(const Charter& charter, std::string_view person, std::string_view unit,
                           Date on) const;
  // The number of persons OnRoll accepts: a scan of the whole table,
  // O(persons); 0 for an unknown unit.
  std::int64_t RollSize(const Charter& charter, std::string_view unit, Date on) const;

  // Calls visit(person) for every person of the register (present or left),
  // in no particular order: a scan of the whole table, O(capacity).
  template <typename Visit>
  void ForEach(Visit&& visit) const {
    for (std::size_t slot = 0; slot < hashes_.size(); ++slot) {
      if (hashes_[slot] != 0) visit(At(slot));
    }
  }
  std::int64_t present() const { return present_; }
  std::int64_t persons() const { return size_; }
  // The date of the latest register act; none before the first.
  std::optional<Date> latest() const { return latest_; }
  // Per import (the file's SHA-256 hex): data rows entered so far.
  std::int64_t ImportedRows(const std::string& import) const;

  // Makes room for `persons` persons in all (no rehash until then).
  void Reserve(std::int64_t persons);

  // Applies an act CheckRollAct accepted.
  void Apply(const Act& act);

  // The id's hash under this process's key (exposed for the import's own
  // duplicate check, which must agree with Find).
  std::uint64_t Hash(std::string_view id) const;

 private:
  std::size_t Slot(std::uint64_t hash) const;  // the slot holding hash, or an empty one
  void Grow(std::size_t capacity);
  void Put(std::uint64_t hash, std::uint32_t word, std::int32_t birth);
  Person At(std::size_t slot) const;
  std::int32_t AddTreeUnit(const std::string& id);

  unsigned char key_[16];
  std::vector<std::uint64_t> hashes_;  // 0: empty
  std::vector<std::uint32_t> words_;   // unit << 2 | excluded << 1 | left
  std::vector<std::int32_t> births_;   // days since 1970-01-01
  std::int64_t size_ = 0;
  std::int64_t present_ = 0;
  // The tree's units: the leaf units (register.units) and the inner units
  // named as parents, in the order first named.
  std::vector<std::string> unit_ids_;
  std::unordered_map<std::string, std::int32_t> unit_index_;
  std::vector<std::int32_t> unit_parent_;
  std::vector<char> unit_leaf_;
  std::vector<char> unit_parent_known_;
  std::size_t leaf_count_ = 0;
  std::optional<Date> latest_;
  std::unordered_map<std::string, std::int64_t> imports_;
};

// The rules of one register act against the state before it (doc/register.md
// "Rules"): fields present and of their types; the date a date, not before
// the register's latest act; ids, names and workplaces non-empty (workplace
// may be empty), valid UTF-8 without control characters, at most
// kMaxRollText bytes; an entered id new and once per act; the unit a
// recorded unit; a birth date a date on or before the act's date; a status
// empty or one of the charter's franchise.excluded_categories; a moved or
// leaving person registered and present, a move to another unit; an
// import's acts in row order. kInvalidInput naming the rule; an id entered
// twice is kAlreadyExists.
Result<void> CheckRollAct(const RollState& state, const Charter& charter, const Act& act);

// The rules of one entering person's fields, shared by CheckRollAct and
// the import's validation of a file (which adds the file and line). Each
// returns kInvalidInput whose field is the import file's column (id, name,
// birth_date, status, workplace) and whose message names the rule.
Result<void> CheckRollText(std::string_view column, std::string_view value, bool may_be_empty);
Result<Date> CheckBirthDate(std::string_view text, Date act_date);
Result<void> CheckRollStatus(const Charter& charter, std::string_view status);

// The register's acts as a client writes them (doc/register.md "Acts"), to
// be checked and recorded by the engine: `units` recorded on `date`, with
// each unit's parent in the census ("" for the root) when `parents` is not
// empty; and `persons` entering `unit` on `date`, without import fields.
struct Entrant {
  std::string id, name, birth_date, status, workplace;
};
Act RollUnitsAct(const std::string& date, const std::vector<std::string>& units,
                 const std::map<std::string, std::string>& parents = {});
Act RollEnterAct(const std::string& date, const std::string& unit,
                 const std::vector<Entrant>& persons);

// Adds the register's state tables and appliers to `projector` (called by
// EngineProjector()).
void AddRollProjection(Projector& projector);

// ---- reading the roll ----------------------------------------------------

struct RollPerson {
  std::string id;
  std::string name;
  std::string birth_date;
  std::string workplace;
};

struct Roll {
  std::string unit;
  Date on;
  Date latest_birth;                            // born on or before: of voting age on `on`
  std::int64_t count = 0;                       // electors on the roll
  std::vector<RollPerson> persons;              // the page asked for, in id order
  bool more = false;                            // persons beyond the page
  std::vector<std::string> incomplete_imports;  // imports stopped part way
};

struct RollQuery {
  std::string unit;
  Date on;
  std::int64_t limit = 100;  // persons listed; 0: none (count only); < 0: all
  std::string after;         // list ids greater than this (paging)
  bool count = true;         // also count the whole roll
};

// The electoral roll of a unit on a date (doc/register.md "The roll"):
// the persons living in the unit on that day (entered or moved in on or
// before it, not moved out or left on or before it), of the charter's
// voting age on that day (franchise.voting_age; SYSTEM.md §4), whose status
// is none of franchise.excluded_categories (001:152). A unit the register
// does not know is kNotFound.
Result<Roll> ReadRoll(StateReader& reader, const Charter& charter, const RollQuery& query);

}  // namespace sovet

#endif  // SOVET_PERSON_ROLL_H_
