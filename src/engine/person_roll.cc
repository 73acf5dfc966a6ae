// The register of persons (sovet/person_roll.h): the rules of its acts, the
// engine's compact memory of it, its projection and the roll.
#include "sovet/person_roll.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "base/text.h"

namespace sovet {
namespace {

namespace field = schema::roll::field;
namespace table = schema::roll::table;

constexpr std::uint32_t kLeftBit = 1;
constexpr std::uint32_t kExcludedBit = 2;
constexpr int kUnitShift = 2;
constexpr double kMaxLoad = 0.8;

Status Refused(const Act& act, std::string message, const char* field_name = "") {
  return Status::InvalidInput(fmt::format("{}: {}", act.kind, message),
                              SourceLocation{.field = field_name});
}

const Value* FindField(const ValueMap& fields, const char* name) {
  auto found = fields.find(name);
  return found == fields.end() ? nullptr : &found->second;
}

Status Bad(const Act& act, const char* name, std::string_view expected) {
  return Refused(act, fmt::format("field \"{}\": expected {} (doc/register.md)", name, expected),
                 name);
}

Result<const ValueList*> TextList(const Act& act, const char* name, std::size_t size) {
  const Value* value = FindField(act.fields, name);
  if (value == nullptr || !value->is_list()) return Error(Bad(act, name, "a list of texts"));
  if (size != static_cast<std::size_t>(-1) && value->list().size() != size) {
    return Error(Bad(act, name, fmt::format("a list of {} texts, one per id", size)));
  }
  for (const Value& item : value->list()) {
    if (!item.is_text()) return Error(Bad(act, name, "a list of texts"));
  }
  return &value->list();
}

Result<std::string_view> TextField(const Act& act, const char* name) {
  const Value* value = FindField(act.fields, name);
  if (value == nullptr || !value->is_text()) return Error(Bad(act, name, "a text"));
  return std::string_view(value->text());
}

Result<Date> DateOf(const Act& act) {
  SOVET_TRY(std::string_view text, TextField(act, field::kDate));
  auto date = Date::Parse(text, SourceLocation{.field = field::kDate});
  if (!date) {
    return Error(
        Refused(act, fmt::format("field \"date\": {}", date.error().message()), field::kDate));
  }
  return *date;
}

std::string Quoted(std::string_view text) { return "\"" + QuoteForMessage(text, 80) + "\""; }

}  // namespace

bool IsRollKind(std::string_view kind) {
  return kind == schema::roll::kUnitsKind || kind == schema::roll::kEnterKind ||
         kind == schema::roll::kMoveKind || kind == schema::roll::kLeaveKind;
}

// ---- the rules of a person's fields -------------------------------------------

Result<void> CheckRollText(std::string_view column, std::string_view value, bool may_be_empty) {
  const SourceLocation where{.field = std::string(column)};
  if (value.empty()) {
    if (may_be_empty) return {};
    return Error(Status::InvalidInput(fmt::format("expected a non-empty {}", column), where));
  }
  if (value.size() > kMaxRollText) {
    return Error(Status::InvalidInput(
        fmt::format("expected at most {} bytes, got {}", kMaxRollText, value.size()), where));
  }
  if (Status utf8 = CheckUtf8(value, where); !utf8.ok()) return Error(std::move(utf8));
  for (std::size_t at = 0; at < value.size(); ++at) {
    const auto byte = static_cast<unsigned char>(value[at]);
    if (byte < 0x20 || byte == 0x7F) {
      return Error(Status::InvalidInput(
          fmt::format("expected text without control characters, got {} at byte {}",
                      QuoteCharacterAt(value, at), at + 1),
          where));
    }
  }
  return {};
}

Result<Date> CheckBirthDate(std::string_view text, Date act_date) {
  SOVET_TRY(Date birth, Date::Parse(text, SourceLocation{.field = "birth_date"}));
  if (birth > act_date) {
    return Error(Status::InvalidInput(
        fmt::format("the birth date {} is after the date of the act, {}: a person is born on or "
                    "before the day they are registered",
                    birth.ToString(), act_date.ToString()),
        SourceLocation{.field = "birth_date"}));
  }
  return birth;
}

Result<void> CheckRollStatus(const Charter& charter, std::string_view status) {
  if (status.empty()) return {};
  const auto& statuses = charter.franchise.excluded_categories;
  if (std::find(statuses.begin(), statuses.end(), status) != statuses.end()) return {};
  std::string allowed;
  for (const std::string& name : statuses) allowed += fmt::format(", \"{}\"", name);
  return Error(Status::InvalidInput(
      fmt::format("status {} is not a franchise status of charter {}: expected empty (none){} "
                  "(franchise.excluded_categories, {})",
                  Quoted(status), charter.id, allowed, charter.source_file),
      SourceLocation{.field = "status"}));
}

// ---- the engine's memory ------------------------------------------------------

RollState::RollState() {
  if (sodium_init() < 0) std::abort();  // libsodium cannot work at all
  randombytes_buf(key_, sizeof key_);
}

std::uint64_t RollState::Hash(std::string_view id) const {
  std::uint64_t hash = 0;
  crypto_shorthash_siphash24(reinterpret_cast<unsigned char*>(&hash),
                             reinterpret_cast<const unsigned char*>(id.data()), id.size(), key_);
  return hash == 0 ? 1 : hash;  // 0 marks an empty slot
}

std::size_t RollState::Slot(std::uint64_t hash) const {
  const std::size_t capacity = hashes_.size();
  // The high bits of the product spread the hash over any capacity.
  std::size_t slot =
      static_cast<std::size_t>((static_cast<unsigned __int128>(hash) * capacity) >> 64);
  while (hashes_[slot] != 0 && hashes_[slot] != hash) {
    if (++slot == capacity) slot = 0;
  }
  return slot;
}

void RollState::Grow(std::size_t capacity) {
  std::vector<std::uint64_t> hashes = std::move(hashes_);
  std::vector<std::uint32_t> words = std::move(words_);
  std::vector<std::int32_t> births = std::move(births_);
  hashes_.assign(capacity, 0);
  words_.assign(capacity, 0);
  births_.assign(capacity, 0);
  for (std::size_t idx = 0; idx < hashes.size(); ++idx) {
    if (hashes[idx] == 0) continue;
    const std::size_t slot = Slot(hashes[idx]);
    hashes_[slot] = hashes[idx];
    words_[slot] = words[idx];
    births_[slot] = births[idx];
  }
}

void RollState::Reserve(std::int64_t persons) {
  const auto needed = static_cast<std::size_t>(static_cast<double>(persons) / kMaxLoad) + 16;
  if (needed > hashes_.size()) Grow(needed);
}

void RollState::Put(std::uint64_t hash, std::uint32_t word, std::int32_t birth) {
  if (static_cast<double>(size_ + 1) > static_cast<double>(hashes_.size()) * kMaxLoad) {
    Grow(std::max<std::size_t>(1024, hashes_.size() * 2));
  }
  const std::size_t slot = Slot(hash);
  if (hashes_[slot] == 0) {
    hashes_[slot] = hash;
    ++size_;
  }
  words_[slot] = word;
  births_[slot] = birth;
}

RollState::Person RollState::At(std::size_t slot) const {
  const std::uint32_t word = words_[slot];
  return Person{.presence = (word & kLeftBit) != 0 ? Presence::kLeft : Presence::kPresent,
                .unit = static_cast<std::int32_t>(word >> kUnitShift),
                .birth = Date::FromDays(births_[slot]),
                .excluded = (word & kExcludedBit) != 0};
}

RollState::Person RollState::Find(std::string_view id) const {
  if (hashes_.empty()) return {};
  const std::size_t slot = Slot(Hash(id));
  if (hashes_[slot] == 0) return {};
  return At(slot);
}

std::int32_t RollState::FindUnit(std::string_view id) const {
  const std::int32_t unit = FindTreeUnit(id);
  return unit >= 0 && unit_leaf_[unit] != 0 ? unit : -1;
}

std::int32_t RollState::FindTreeUnit(std::string_view id) const {
  auto found = unit_index_.find(std::string(id));
  return found == unit_index_.end() ? -1 : found->second;
}

bool RollState::Within(std::int32_t unit, std::int32_t ancestor) const {
  // The parent links have no cycle (CheckUnits), so the walk ends at a root.
  for (; unit >= 0; unit = unit_parent_[unit]) {
    if (unit == ancestor) return true;
  }
  return false;
}

std::int32_t RollState::AddTreeUnit(const std::string& id) {
  auto [found, added] = unit_index_.emplace(id, static_cast<std::int32_t>(unit_ids_.size()));
  if (added) {
    unit_ids_.push_back(id);
    unit_parent_.push_back(-1);
    unit_leaf_.push_back(0);
    unit_parent_known_.push_back(0);
  }
  return found->second;
}

std::int64_t RollState::ImportedRows(const std::string& import) const {
  auto found = imports_.find(import);
  return found == imports_.end() ? 0 : found->second;
}

void RollState::Apply(const Act& act) {
  const ValueMap& fields = act.fields;
  latest_ = Date::Parse(fields.at(field::kDate).text()).value();
  if (act.kind == schema::roll::kUnitsKind) {
    for (const Value& unit : fields.at(field::kUnits).list()) {
      unit_leaf_[AddTreeUnit(unit.text())] = 1;
      ++leaf_count_;
    }
    if (const Value* parents = FindField(fields, field::kParents); parents != nullptr) {
      for (const auto& [unit, parent] : parents->map()) {
        const std::int32_t index = AddTreeUnit(unit);
        unit_parent_known_[index] = 1;
        if (!parent.text().empty()) {
          const std::int32_t parent_index = AddTreeUnit(parent.text());
          unit_parent_[index] = parent_index;
        }
      }
    }
    return;
  }
  const ValueList& ids = fields.at(field::kIds).list();
  if (act.kind == schema::roll::kLeaveKind) {
    for (const Value& id : ids) {
      const std::size_t slot = Slot(Hash(id.text()));
      words_[slot] |= kLeftBit;
      --present_;
    }
    return;
  }
  const auto unit = static_cast<std::uint32_t>(FindUnit(fields.at(field::kUnit).text()));
  const std::uint32_t unit_word = unit << kUnitShift;
  if (act.kind == schema::roll::kEnterKind) {
    // An import's first act names the file's rows: room for all of them at
    // once, so rebuilding a large register (every command, the audit) never
    // holds the table twice while it grows.
    if (const Value* rows = FindField(fields, field::kRows);
        rows != nullptr && rows->is_integer() && FindField(fields, field::kRow) != nullptr &&
        FindField(fields, field::kRow)->integer() == 0) {
      // At most 2^27 persons reserved ahead (1.5 GB): a recorded act that
      // claims more is not believed beyond that.
      Reserve(size_ + std::clamp<std::int64_t>(rows->integer(), 0, std::int64_t{1} << 27));
    }
    const ValueList& births = fields.at(field::kBirthDates).list();
    const ValueList& statuses = fields.at(field::kStatuses).list();
    for (std::size_t idx = 0; idx < ids.size(); ++idx) {
      // Every recorded status is one of franchise.excluded_categories
      // (CheckRollStatus): a status at all excludes.
      Put(Hash(ids[idx].text()),
          unit_word | (statuses[idx].text().empty() ? 0 : kExcludedBit),
          Date::Parse(births[idx].text()).value().days());
    }
    present_ += static_cast<std::int64_t>(ids.size());
    if (const Value* import = FindField(fields, field::kImport); import != nullptr) {
      imports_[import->text()] += static_cast<std::int64_t>(ids.size());
    }
    return;
  }
  for (const Value& id : ids) {  // a move: the status stays
    std::uint32_t& word = words_[Slot(Hash(id.text()))];
    word = unit_word | (word & kExcludedBit);
  }
}

// ---- the roll in memory -----------------------------------------------------------

std::string RollState::WhyNotOnRoll(const Charter& charter, std::string_view person,
                                    std::string_view unit, Date on) const {
  const std::int32_t target = FindTreeUnit(unit);
  if (target < 0) return fmt::format("unit {} is not a unit of the register", Quoted(unit));
  const Person found = Find(person);
  if (found.presence == Presence::kUnknown) return "not registered";
  if (found.presence == Presence::kLeft) return "has left the register";
  if (!Within(found.unit, target)) {
    return fmt::format("lives in {}, not within {}", Quoted(unit_ids_[found.unit]), Quoted(unit));
  }
  const Date latest_birth = LatestBirthForAge(on, charter.franchise.voting_age);
  if (found.birth > latest_birth) {
    return fmt::format("born {}: under the voting age of {} on {} (franchise.voting_age)",
                       found.birth.ToString(), charter.franchise.voting_age, on.ToString());
  }
  if (found.excluded) return "has an excluded status (franchise.excluded_categories, 001:152)";
  return "";
}

bool RollState::OnRoll(const Charter& charter, std::string_view person, std::string_view unit,
                       Date on) const {
  const std::int32_t target = FindTreeUnit(unit);
  if (target < 0) return false;
  const Person found = Find(person);
  return found.presence == Presence::kPresent && !found.excluded &&
         found.birth <= LatestBirthForAge(on, charter.franchise.voting_age) &&
         Within(found.unit, target);
}

std::int64_t RollState::RollSize(const Charter& charter, std::string_view unit, Date on) const {
  const std::int32_t target = FindTreeUnit(unit);
  if (target < 0) return 0;
  // Which units lie within the target: one walk up the tree per unit.
  std::vector<char> within(unit_ids_.size(), 0);
  for (std::size_t idx = 0; idx < within.size(); ++idx) {
    within[idx] = Within(static_cast<std::int32_t>(idx), target) ? 1 : 0;
  }
  const std::int32_t latest_birth = LatestBirthForAge(on, charter.franchise.voting_age).days();
  std::int64_t count = 0;
  for (std::size_t slot = 0; slot < hashes_.size(); ++slot) {
    if (hashes_[slot] == 0) continue;
    const std::uint32_t word = words_[slot];
    if ((word & (kLeftBit | kExcludedBit)) == 0 && within[word >> kUnitShift] != 0 &&
        births_[slot] <= latest_birth) {
      ++count;
    }
  }
  return count;
}

// ---- the rules of the acts ------------------------------------------------------

namespace {

// Ids of one act: each once.
Result<void> CheckIdsOnce(const Act& act, const ValueList& ids) {
  std::unordered_set<std::string_view> seen;
  seen.reserve(ids.size());
  for (std::size_t idx = 0; idx < ids.size(); ++idx) {
    const std::string& id = ids[idx].text();
    auto text = CheckRollText("id", id, false);
    if (!text) {
      return Error(Refused(
          act,
          fmt::format("person {} of the act: field \"ids\": {}", idx + 1, text.error().message()),
          field::kIds));
    }
    if (!seen.insert(id).second) {
      return Error(Refused(act,
                           fmt::format("id {} is named twice in the act: one change per person "
                                       "and act (doc/register.md)",
                                       Quoted(id)),
                           field::kIds));
    }
  }
  return {};
}

Result<std::int32_t> UnitOf(const RollState& state, const Act& act) {
  SOVET_TRY(std::string_view unit, TextField(act, field::kUnit));
  const std::int32_t index = state.FindUnit(unit);
  if (index < 0) {
    return Error(Refused(act,
                         fmt::format("unit {} is not a unit of the register: a person lives in a "
                                     "census unit recorded by register.units (doc/register.md)",
                                     Quoted(unit)),
                         field::kUnit));
  }
  return index;
}

Result<void> CheckUnits(const RollState& state, const Act& act) {
  SOVET_TRY(const ValueList* units, TextList(act, field::kUnits, static_cast<std::size_t>(-1)));
  std::unordered_set<std::string_view> seen;
  for (const Value& unit : *units) {
    auto text = CheckRollText("unit", unit.text(), false);
    if (!text) {
      return Error(
          Refused(act, fmt::format("field \"units\": {}", text.error().message()), field::kUnits));
    }
    if (state.FindUnit(unit.text()) >= 0 || !seen.insert(unit.text()).second) {
      return Error(Refused(
          act, fmt::format("unit {} is already recorded: each unit once", Quoted(unit.text())),
          field::kUnits));
    }
    if (state.FindTreeUnit(unit.text()) >= 0) {
      return Error(Refused(act,
                           fmt::format("unit {} is recorded as an inner unit (a parent): persons "
                                       "live in the census's leaf units (doc/register.md)",
                                       Quoted(unit.text())),
                           field::kUnits));
    }
  }
  const Value* parents = FindField(act.fields, field::kParents);
  if (parents == nullptr) return {};
  if (!parents->is_map()) return Error(Bad(act, field::kParents, "a map unit -> parent unit"));
  auto is_leaf = [&](const std::string& id) {
    return seen.count(id) != 0 || state.FindUnit(id) >= 0;
  };
  for (const auto& entry : parents->map()) {
    // Named, not bound: a lambda below captures them.
    const std::string& unit = entry.first;
    const Value& parent = entry.second;
    auto bad = [&](std::string rule) {
      return Error(Refused(act, fmt::format("field \"parents\": unit {}: {} (doc/register.md)",
                                            Quoted(unit), rule),
                           field::kParents));
    };
    if (!parent.is_text()) return bad("expected a text, the parent's id (\"\" for the root)");
    if (auto text = CheckRollText("unit", unit, false); !text) return bad(text.error().message());
    if (auto text = CheckRollText("unit", parent.text(), true); !text) {
      return bad(text.error().message());
    }
    if (const std::int32_t known = state.FindTreeUnit(unit); known >= 0 && state.HasParent(known)) {
      return bad("its parent is already recorded: each unit's parent once");
    }
    if (parent.text().empty()) continue;
    if (is_leaf(parent.text())) {
      return bad(fmt::format("its parent {} is a leaf unit persons live in: a leaf has no units "
                             "beneath it",
                             Quoted(parent.text())));
    }
    // No cycle: the chain of parents, through this act's and the recorded
    // ones, ends at a root within as many steps as there are units.
    std::string at = unit;
    std::size_t steps = 0;
    const std::size_t limit = parents->map().size() + state.tree_size() + 1;
    while (!at.empty()) {
      if (++steps > limit) return bad("its chain of parents runs in a cycle");
      auto next = parents->map().find(at);
      if (next != parents->map().end()) {
        at = next->second.is_text() ? next->second.text() : std::string();
        continue;
      }
      const std::int32_t known = state.FindTreeUnit(at);
      if (known < 0 || state.Parent(known) < 0) break;
      at = state.UnitId(state.Parent(known));
    }
  }
  return {};
}

Result<void> CheckEnter(const RollState& state, const Charter& charter, const Act& act, Date date) {
  SOVET_TRY(std::int32_t unit, UnitOf(state, act));
  (void)unit;
  SOVET_TRY(const ValueList* ids, TextList(act, field::kIds, static_cast<std::size_t>(-1)));
  const std::size_t count = ids->size();
  SOVET_TRY(const ValueList* names, TextList(act, field::kNames, count));
  SOVET_TRY(const ValueList* births, TextList(act, field::kBirthDates, count));
  SOVET_TRY(const ValueList* statuses, TextList(act, field::kStatuses, count));
  SOVET_TRY(const ValueList* workplaces, TextList(act, field::kWorkplaces, count));
  SOVET_CHECK_OK(CheckIdsOnce(act, *ids));
  for (std::size_t idx = 0; idx < count; ++idx) {
    const std::string& id = (*ids)[idx].text();
    auto person_error = [&](const char* act_field, const Status& status) {
      return Error(Refused(act,
                           fmt::format("person {} of the act (id {}): field \"{}\": {}", idx + 1,
                                       Quoted(id), act_field, status.message()),
                           act_field));
    };
    const RollState::Person known = state.Find(id);
    if (known.presence != RollState::Presence::kUnknown) {
      return Error(Status::AlreadyExists(
          fmt::format("{}: person {} of the act: id {} is already registered{}: a person is "
                      "registered once, under one id (doc/register.md)",
                      act.kind, idx + 1, Quoted(id),
                      known.presence == RollState::Presence::kLeft ? " (and has left)" : ""),
          SourceLocation{.field = field::kIds}));
    }
    if (auto ok = CheckRollText("name", (*names)[idx].text(), false); !ok) {
      return person_error(field::kNames, ok.error());
    }
    if (auto ok = CheckBirthDate((*births)[idx].text(), date); !ok) {
      return person_error(field::kBirthDates, ok.error());
    }
    if (auto ok = CheckRollStatus(charter, (*statuses)[idx].text()); !ok) {
      return person_error(field::kStatuses, ok.error());
    }
    if (auto ok = CheckRollText("workplace", (*workplaces)[idx].text(), true); !ok) {
      return person_error(field::kWorkplaces, ok.error());
    }
  }
  if (const Value* import = FindField(act.fields, field::kImport); import != nullptr) {
    if (!import->is_text() || import->text().size() != 64 ||
        import->text().find_first_not_of("0123456789abcdef") != std::string::npos) {
      return Error(Bad(act, field::kImport, "the import file's SHA-256 in lower-case hex"));
    }
    const Value* row = FindField(act.fields, field::kRow);
    const Value* rows = FindField(act.fields, field::kRows);
    if (row == nullptr || !row->is_integer() || rows == nullptr || !rows->is_integer()) {
      return Error(Bad(act, field::kRow, "integers \"row\" and \"rows\" beside \"import\""));
    }
    const std::int64_t done = state.ImportedRows(import->text());
    if (row->integer() != done) {
      return Error(Refused(
          act,
          fmt::format("import {} is entered in row order, each row once: the next row is {}, "
                      "the act starts at row {} (doc/register.md \"Imports\")",
                      import->text().substr(0, 12), done, row->integer()),
          field::kRow));
    }
    if (rows->integer() < done + static_cast<std::int64_t>(count)) {
      return Error(Bad(act, field::kRows, "the file's data rows, no fewer than the rows entered"));
    }
  }
  return {};
}

Result<void> CheckChange(const RollState& state, const Act& act, bool move) {
  std::int32_t unit = -1;
  if (move) {
    SOVET_TRY(unit, UnitOf(state, act));
  }
  SOVET_TRY(const ValueList* ids, TextList(act, field::kIds, static_cast<std::size_t>(-1)));
  SOVET_CHECK_OK(CheckIdsOnce(act, *ids));
  for (std::size_t idx = 0; idx < ids->size(); ++idx) {
    const std::string& id = (*ids)[idx].text();
    const RollState::Person known = state.Find(id);
    if (known.presence != RollState::Presence::kPresent) {
      return Error(Refused(
          act,
          fmt::format("id {} is {}: only a registered person who has not left {} (doc/register.md)",
                      Quoted(id),
                      known.presence == RollState::Presence::kLeft ? "a person who has left"
                                                                   : "not registered",
                      move ? "moves" : "leaves"),
          field::kIds));
    }
    if (move && known.unit == unit) {
      return Error(Refused(act,
                           fmt::format("id {} already lives in unit {}: a move is to another unit",
                                       Quoted(id), Quoted(act.fields.at(field::kUnit).text())),
                           field::kUnit));
    }
  }
  return {};
}

}  // namespace

Result<void> CheckRollAct(const RollState& state, const Charter& charter, const Act& act) {
  if (!IsRollKind(act.kind)) {
    return Error(
        Status::InvalidInput(fmt::format("act kind \"{}\" is not one of the register's", act.kind),
                             SourceLocation{.field = "kind"}));
  }
  if (!act.body.empty()) {
    return Error(Refused(act, "the register's acts belong to no body: give no body", "body"));
  }
  SOVET_TRY(Date date, DateOf(act));
  if (state.latest() && date < *state.latest()) {
    return Error(Refused(
        act,
        fmt::format("the act is dated {}, before the register's latest act ({}): the register is "
                    "kept in date order (SYSTEM.md §7.2; doc/register.md)",
                    date.ToString(), state.latest()->ToString()),
        field::kDate));
  }
  if (act.kind == schema::roll::kUnitsKind) return CheckUnits(state, act);
  if (act.kind == schema::roll::kEnterKind) return CheckEnter(state, charter, act, date);
  return CheckChange(state, act, act.kind == schema::roll::kMoveKind);
}

// ---- the projection -----------------------------------------------------------------

namespace {

// The journal's checker runs before an act is appended (any client): the
// shape only; the rules need the state and are the engine's.
Result<void> CheckShape(const Act& act) {
  SOVET_TRY(Date date, DateOf(act));
  (void)date;
  if (act.kind == schema::roll::kUnitsKind) {
    SOVET_TRY(auto units, TextList(act, field::kUnits, static_cast<std::size_t>(-1)));
    (void)units;
    if (const Value* parents = FindField(act.fields, field::kParents); parents != nullptr) {
      if (!parents->is_map()) return Error(Bad(act, field::kParents, "a map unit -> parent unit"));
      for (const auto& [unit, parent] : parents->map()) {
        if (!parent.is_text()) return Error(Bad(act, field::kParents, "a map unit -> parent unit"));
      }
    }
    return {};
  }
  SOVET_TRY(const ValueList* ids, TextList(act, field::kIds, static_cast<std::size_t>(-1)));
  if (act.kind == schema::roll::kEnterKind) {
    for (const char* name :
         {field::kNames, field::kBirthDates, field::kStatuses, field::kWorkplaces}) {
      SOVET_TRY(auto list, TextList(act, name, ids->size()));
      (void)list;
    }
  }
  if (act.kind != schema::roll::kLeaveKind) {
    SOVET_TRY(auto unit, TextField(act, field::kUnit));
    (void)unit;
  }
  return {};
}

Result<void> ApplyUnits(const Entry& entry, ProjectionSql& sql) {
  static const std::vector<std::string> kColumns = {"unit", "date", "seq"};
  const std::string& date = entry.payload.at(field::kDate).text();
  for (const Value& unit : entry.payload.at(field::kUnits).list()) {
    SOVET_CHECK_OK(sql.Insert(table::kUnits, kColumns, {unit.text(), date, entry.seq}));
  }
  if (const Value* parents = FindField(entry.payload, field::kParents); parents != nullptr) {
    static const std::vector<std::string> kParentColumns = {"unit", "parent", "date", "seq"};
    for (const auto& [unit, parent] : parents->map()) {
      SOVET_CHECK_OK(
          sql.Insert(table::kParents, kParentColumns, {unit, parent.text(), date, entry.seq}));
    }
  }
  return {};
}

Result<void> ApplyEnter(const Entry& entry, ProjectionSql& sql) {
  static const std::vector<std::string> kColumns = {"person",     "unit",   "since",     "name",
                                                    "birth_date", "status", "workplace", "entered",
                                                    "left_on",    "seq"};
  const ValueMap& fields = entry.payload;
  const std::string& date = fields.at(field::kDate).text();
  const std::string& unit = fields.at(field::kUnit).text();
  const ValueList& ids = fields.at(field::kIds).list();
  const ValueList& names = fields.at(field::kNames).list();
  const ValueList& births = fields.at(field::kBirthDates).list();
  const ValueList& statuses = fields.at(field::kStatuses).list();
  const ValueList& workplaces = fields.at(field::kWorkplaces).list();
  for (std::size_t idx = 0; idx < ids.size(); ++idx) {
    SOVET_CHECK_OK(
        sql.Insert(table::kPersons, kColumns,
                   {ids[idx].text(), unit, date, names[idx].text(), births[idx].text(),
                    statuses[idx].text(), workplaces[idx].text(), date, std::string(), entry.seq}));
  }
  if (const Value* import = FindField(fields, field::kImport); import != nullptr) {
    return sql.Exec(
        "INSERT INTO {p}register_imports (import, rows, done, date, first_seq, last_seq) "
        "VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (import) DO UPDATE SET "
        "done = {p}register_imports.done + excluded.done, last_seq = excluded.last_seq",
        {import->text(), fields.at(field::kRows).integer(), static_cast<std::int64_t>(ids.size()),
         date, entry.seq});
  }
  return {};
}

Result<void> ApplyMove(const Entry& entry, ProjectionSql& sql) {
  static const std::vector<std::string> kColumns = {"person",    "seq",        "moved_on",
                                                    "from_unit", "from_since", "to_unit"};
  const std::string& date = entry.payload.at(field::kDate).text();
  const std::string& unit = entry.payload.at(field::kUnit).text();
  for (const Value& id : entry.payload.at(field::kIds).list()) {
    SOVET_TRY(auto rows, sql.Query("SELECT unit, since FROM {p}register_persons WHERE person = $1",
                                   {id.text()}));
    if (rows.size() != 1 || !std::holds_alternative<std::string>(rows[0][0]) ||
        !std::holds_alternative<std::string>(rows[0][1])) {
      return Error(Status::IntegrityViolation(fmt::format(
          "register.move of {}: the person's row in register_persons is missing or damaged "
          "(sovet replay rebuilds it)",
          Quoted(id.text()))));
    }
    SOVET_CHECK_OK(sql.Insert(table::kMoves, kColumns,
                              {id.text(), entry.seq, date, std::get<std::string>(rows[0][0]),
                               std::get<std::string>(rows[0][1]), unit}));
    SOVET_CHECK_OK(
        sql.Exec("UPDATE {p}register_persons SET unit = $2, since = $3, seq = $4 WHERE person = $1",
                 {id.text(), unit, date, entry.seq}));
  }
  return {};
}

Result<void> ApplyLeave(const Entry& entry, ProjectionSql& sql) {
  const std::string& date = entry.payload.at(field::kDate).text();
  for (const Value& id : entry.payload.at(field::kIds).list()) {
    SOVET_CHECK_OK(
        sql.Exec("UPDATE {p}register_persons SET left_on = $2, seq = $3 WHERE person = $1",
                 {id.text(), date, entry.seq}));
  }
  return {};
}

}  // namespace

Act RollUnitsAct(const std::string& date, const std::vector<std::string>& units,
                 const std::map<std::string, std::string>& parents) {
  Act act{.kind = schema::roll::kUnitsKind, .body = "", .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  ValueList list;
  for (const std::string& unit : units) list.push_back(Value::Text(unit));
  act.fields[field::kUnits] = Value::List(std::move(list));
  if (!parents.empty()) {
    ValueMap map;
    for (const auto& [unit, parent] : parents) map[unit] = Value::Text(parent);
    act.fields[field::kParents] = Value::Map(std::move(map));
  }
  return act;
}

Act RollEnterAct(const std::string& date, const std::string& unit,
                 const std::vector<Entrant>& persons) {
  Act act{.kind = schema::roll::kEnterKind, .body = "", .fields = {}};
  act.fields[field::kDate] = Value::Text(date);
  act.fields[field::kUnit] = Value::Text(unit);
  ValueList ids, names, births, statuses, workplaces;
  for (const Entrant& person : persons) {
    ids.push_back(Value::Text(person.id));
    names.push_back(Value::Text(person.name));
    births.push_back(Value::Text(person.birth_date));
    statuses.push_back(Value::Text(person.status));
    workplaces.push_back(Value::Text(person.workplace));
  }
  act.fields[field::kIds] = Value::List(std::move(ids));
  act.fields[field::kNames] = Value::List(std::move(names));
  act.fields[field::kBirthDates] = Value::List(std::move(births));
  act.fields[field::kStatuses] = Value::List(std::move(statuses));
  act.fields[field::kWorkplaces] = Value::List(std::move(workplaces));
  return act;
}

void AddRollProjection(Projector& projector) {
  projector.AddTable(StateTable{
      .name = table::kUnits,
      .columns = "unit TEXT NOT NULL PRIMARY KEY, date TEXT NOT NULL, seq BIGINT NOT NULL",
      .order_by = "unit"});
  // UNIQUE (unit, person): the index a roll reads a unit's persons by, in
  // id order (so a page of a large town's roll needs no sort).
  projector.AddTable(StateTable{
      .name = table::kPersons,
      .columns = "person TEXT NOT NULL PRIMARY KEY, unit TEXT NOT NULL, since TEXT NOT NULL, "
                 "name TEXT NOT NULL, birth_date TEXT NOT NULL, status TEXT NOT NULL, "
                 "workplace TEXT NOT NULL, entered TEXT NOT NULL, left_on TEXT NOT NULL, "
                 "seq BIGINT NOT NULL, UNIQUE (unit, person)",
      .order_by = "person"});
  // A row per move: the spell the person ended in from_unit, for the rolls
  // of dates before the move.
  projector.AddTable(StateTable{
      .name = table::kMoves,
      .columns = "person TEXT NOT NULL, seq BIGINT NOT NULL, moved_on TEXT NOT NULL, "
                 "from_unit TEXT NOT NULL, from_since TEXT NOT NULL, to_unit TEXT NOT NULL, "
                 "PRIMARY KEY (person, seq), UNIQUE (from_unit, person, seq)",
      .order_by = "person, seq"});
  // The census's tree as far as recorded: a unit's parent ('' for the root).
  projector.AddTable(StateTable{
      .name = table::kParents,
      .columns = "unit TEXT NOT NULL PRIMARY KEY, parent TEXT NOT NULL, date TEXT NOT NULL, "
                 "seq BIGINT NOT NULL",
      .order_by = "unit"});
  projector.AddTable(StateTable{
      .name = table::kImports,
      .columns = "import TEXT NOT NULL PRIMARY KEY, rows BIGINT NOT NULL, done BIGINT NOT NULL, "
                 "date TEXT NOT NULL, first_seq BIGINT NOT NULL, last_seq BIGINT NOT NULL",
      .order_by = "import"});
  projector.AddKind(schema::roll::kUnitsKind, &CheckShape, &ApplyUnits);
  projector.AddKind(schema::roll::kEnterKind, &CheckShape, &ApplyEnter);
  projector.AddKind(schema::roll::kMoveKind, &CheckShape, &ApplyMove);
  projector.AddKind(schema::roll::kLeaveKind, &CheckShape, &ApplyLeave);
}

// ---- the roll -----------------------------------------------------------------------------

Result<Roll> ReadRoll(StateReader& reader, const Charter& charter, const RollQuery& query) {
  SOVET_TRY(bool has_register, reader.HasTable(table::kUnits));
  if (!has_register) {
    return Error(
        Status::NotFound(fmt::format("{} holds no register of persons (sovet register import)",
                                     reader.display_url()),
                         SourceLocation{.field = "--db"}));
  }
  SOVET_TRY(StateRows unit,
            reader.Query(table::kUnits, "SELECT unit FROM {p}register_units WHERE unit = $1",
                         {query.unit}));
  if (unit.empty()) {
    return Error(Status::NotFound(
        fmt::format("unit {} is not a unit of the register (register.units)", Quoted(query.unit)),
        SourceLocation{.field = "--unit"}));
  }
  Roll roll;
  roll.unit = query.unit;
  roll.on = query.on;
  roll.latest_birth = LatestBirthForAge(query.on, charter.franchise.voting_age);
  const std::string on = query.on.ToString();
  const std::string born_by = roll.latest_birth.ToString();
  std::vector<SqlValue> params = {query.unit, on, born_by};
  // Statuses the charter excludes (001:152); every recorded status is one
  // of them or empty, but the rule is stated as the charter states it.
  std::string excluded;
  for (const std::string& status : charter.franchise.excluded_categories) {
    params.push_back(status);
    excluded += fmt::format("{}${}", excluded.empty() ? "" : ", ", params.size());
  }
  auto status_rule = [&](const char* column) {
    return excluded.empty() ? std::string() : fmt::format(" AND {} NOT IN ({})", column, excluded);
  };
  // Living in the unit on the day: entered or moved in on or before it and
  // not left on or before it (A), or moved out of it only after it (B).
  const std::string where_present =
      "unit = $1 AND since <= $2 AND (left_on = '' OR left_on > $2) AND birth_date <= $3" +
      status_rule("status");
  const std::string where_moved =
      "m.from_unit = $1 AND m.from_since <= $2 AND m.moved_on > $2 AND p.birth_date <= $3" +
      status_rule("p.status");
  const std::string moved_from =
      "FROM {p}register_moves m JOIN {p}register_persons p ON p.person = m.person WHERE ";
  if (query.count) {
    SOVET_TRY(
        StateRows present,
        reader.Query(table::kPersons,
                     "SELECT COUNT(*) FROM {p}register_persons WHERE " + where_present, params));
    SOVET_TRY(StateRows moved,
              reader.Query(table::kMoves, "SELECT COUNT(*) " + moved_from + where_moved, params));
    SOVET_TRY(std::int64_t present_count, present.Int(0, 0));
    SOVET_TRY(std::int64_t moved_count, moved.Int(0, 0));
    roll.count = present_count + moved_count;
  }
  if (query.limit != 0) {
    std::vector<SqlValue> page_params = params;
    page_params.push_back(query.after);
    const std::string after = fmt::format(" AND {{}}person > ${}", page_params.size());
    std::string limit;
    if (query.limit > 0) limit = fmt::format(" LIMIT {}", query.limit + 1);
    SOVET_TRY(StateRows present,
              reader.Query(table::kPersons,
                           "SELECT person, name, birth_date, workplace FROM {p}register_persons "
                           "WHERE " +
                               where_present + fmt::format(fmt::runtime(after), "") +
                               " ORDER BY person" + limit,
                           page_params));
    SOVET_TRY(StateRows moved,
              reader.Query(table::kMoves,
                           "SELECT p.person, p.name, p.birth_date, p.workplace " + moved_from +
                               where_moved + fmt::format(fmt::runtime(after), "p.") +
                               " ORDER BY p.person" + limit,
                           page_params));
    for (const StateRows* rows : {&present, &moved}) {
      for (std::size_t idx = 0; idx < rows->size(); ++idx) {
        RollPerson person;
        SOVET_TRY(person.id, rows->Text(idx, 0));
        SOVET_TRY(person.name, rows->Text(idx, 1));
        SOVET_TRY(person.birth_date, rows->Text(idx, 2));
        SOVET_TRY(person.workplace, rows->Text(idx, 3));
        roll.persons.push_back(std::move(person));
      }
    }
    std::sort(roll.persons.begin(), roll.persons.end(),
              [](const RollPerson& a, const RollPerson& b) { return a.id < b.id; });
    if (query.limit > 0 && roll.persons.size() > static_cast<std::size_t>(query.limit)) {
      roll.persons.resize(static_cast<std::size_t>(query.limit));
      roll.more = true;
    }
  }
  SOVET_TRY(
      StateRows imports,
      reader.Query(table::kImports,
                   "SELECT import FROM {p}register_imports WHERE done < rows ORDER BY import"));
  for (std::size_t idx = 0; idx < imports.size(); ++idx) {
    SOVET_TRY(std::string import, imports.Text(idx, 0));
    roll.incomplete_imports.push_back(std::move(import));
  }
  return roll;
}

}  // namespace sovet
