// Loading and validating a census (SYSTEM.md §5 "The census").
//
// One pass over the buffer collects the rows (string_views into the text,
// figures parsed with std::from_chars); then, all or nothing: parents are
// resolved through a hash map of ids, the tree is laid out in pre-order from
// the root (children in file order), figures are summed bottom-up with
// overflow checks, and every unit is checked against the charter's unit
// rules. Only when every check has passed is a Census built and returned.
#include "sovet/census.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <deque>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/io.h"
#include "base/text.h"
#include "census/csv.h"

namespace sovet {
namespace {

using census_internal::CsvReader;
using census_internal::CsvRecord;

constexpr std::string_view kHeader = "id,parent,kind,name,inhabitants,electors";
constexpr std::string_view kFieldNames[] = {"id",   "parent",      "kind",
                                            "name", "inhabitants", "electors"};
constexpr std::size_t kFieldCount = std::size(kFieldNames);
enum FieldIndex : std::size_t { kId = 0, kParent, kKind, kName, kInhabitants, kElectors };

// A figure field left blank (allowed for inner units only).
constexpr std::int64_t kBlank = -1;

struct Row {
  std::string_view id;
  std::string_view parent_id;
  std::string_view name;
  std::int64_t line = 0;
  std::int64_t inhabitants = kBlank;  // as given
  std::int64_t electors = kBlank;     // as given
  UnitIndex parent = kNoUnit;         // row index, resolved after reading
  std::int32_t kind = 0;              // index into Charter::unit_kinds
};

// What the parser knows about each unit kind of the charter.
struct KindInfo {
  const UnitKind* kind = nullptr;
  // Conditions under which a leaf of this kind is rural (BodyRule::rural).
  std::vector<UnitCondition> rural_when;
};

// Input echoed in a message: control bytes, NUL and invalid UTF-8 escaped,
// long text cut (QuoteForMessage), then quoted.
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : QuoteForMessage(text)) {
    if (c == '"') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string ConditionText(const UnitCondition& when) {
  if (when.inhabitants_at_least && when.inhabitants_below) {
    return fmt::format("{} <= inhabitants < {}", *when.inhabitants_at_least,
                       *when.inhabitants_below);
  }
  if (when.inhabitants_at_least)
    return fmt::format("inhabitants >= {}", *when.inhabitants_at_least);
  if (when.inhabitants_below) return fmt::format("inhabitants < {}", *when.inhabitants_below);
  return "";
}

// "volost when inhabitants < 10000, uyezd, gubernia"
std::string AllowedParentsText(const UnitKind& kind) {
  std::string out;
  for (const ParentRule& rule : kind.parents) {
    if (!out.empty()) out += ", ";
    out += rule.kind;
    std::string condition = ConditionText(rule.when);
    if (!condition.empty()) out += " when " + condition;
  }
  return out;
}

// Ids to row indices: open addressing with linear probing over a power-of-two
// table kept at most half full, each slot holding the id's hash beside the
// row so that most probes never touch the rows. (std::unordered_map's node
// chasing took a quarter of the parse time of the full census.)
class IdIndex {
 public:
  void Reserve(std::size_t count) {
    std::size_t capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
  }

  // The row already holding `id`, or kNoUnit after recording `row` for it.
  UnitIndex Insert(std::string_view id, UnitIndex row, const std::vector<std::string_view>& ids) {
    if ((size_ + 1) * 2 > slots_.size()) Grow(ids);
    const std::size_t hash = std::hash<std::string_view>{}(id);
    for (std::size_t at = hash & mask_;; at = (at + 1) & mask_) {
      Slot& slot = slots_[at];
      if (slot.row == kNoUnit) {
        slot = {hash, row};
        ++size_;
        return kNoUnit;
      }
      if (slot.hash == hash && ids[slot.row] == id) return slot.row;
    }
  }

  UnitIndex Find(std::string_view id, const std::vector<std::string_view>& ids) const {
    const std::size_t hash = std::hash<std::string_view>{}(id);
    for (std::size_t at = hash & mask_;; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (slot.row == kNoUnit) return kNoUnit;
      if (slot.hash == hash && ids[slot.row] == id) return slot.row;
    }
  }

 private:
  struct Slot {
    std::size_t hash = 0;
    UnitIndex row = kNoUnit;
  };

  void Grow(const std::vector<std::string_view>& ids) {
    std::vector<Slot> old = std::move(slots_);
    Reserve(std::max<std::size_t>(old.size(), 8));
    size_ = 0;
    for (const Slot& slot : old) {
      if (slot.row == kNoUnit) continue;
      for (std::size_t at = slot.hash & mask_;; at = (at + 1) & mask_) {
        if (slots_[at].row == kNoUnit) {
          slots_[at] = slot;
          ++size_;
          break;
        }
      }
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

class CensusParser {
 public:
  CensusParser(std::string_view text, const std::string& file_name, const Charter& charter)
      : text_(text), file_(file_name), charter_(charter) {}

  Result<Census> Parse() {
    SOVET_CHECK_OK(CheckEncoding());
    SOVET_CHECK_OK(PrepareKinds());
    SOVET_CHECK_OK(ReadRows());
    SOVET_CHECK_OK(ResolveParents());
    SOVET_CHECK_OK(LayOutPreOrder());
    SOVET_CHECK_OK(Aggregate());
    SOVET_CHECK_OK(CheckUnits());
    return Build();
  }

 private:
  Status Invalid(std::string message, std::int64_t line, std::string_view field = {},
                 std::int64_t column = 0) const {
    return Status::InvalidInput(
        std::move(message),
        {.file = file_, .line = line, .column = column, .field = std::string(field)});
  }

  Result<void> CheckEncoding() {
    const std::size_t bad = FindInvalidUtf8(text_);
    if (bad != std::string_view::npos) {
      std::string_view before = text_.substr(0, bad);
      const std::int64_t line = 1 + std::count(before.begin(), before.end(), '\n');
      const std::size_t line_start = before.rfind('\n');
      const std::int64_t column = static_cast<std::int64_t>(
          line_start == std::string_view::npos ? bad + 1 : bad - line_start);
      return Error(Invalid(fmt::format("invalid UTF-8: the sequence starting with byte 0x{:02X} "
                                       "(byte offset {}) is not valid UTF-8; expected UTF-8 text",
                                       static_cast<unsigned char>(text_[bad]), bad),
                           line, {}, column));
    }
    // A byte order mark is not part of the header (spreadsheets write one).
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
    return {};
  }

  Result<void> PrepareKinds() {
    const std::string& charter_file = charter_.source_file;
    kinds_.resize(charter_.unit_kinds.size());
    for (std::size_t kind_idx = 0; kind_idx < charter_.unit_kinds.size(); ++kind_idx) {
      const UnitKind& kind = charter_.unit_kinds[kind_idx];
      kinds_[kind_idx].kind = &kind;
      if (kind.parents.empty()) {
        if (root_kind_ >= 0) {
          return Error(Status::InvalidInput(
              fmt::format("the charter has two root unit kinds ('{}' and '{}'); expected exactly "
                          "one kind without parents",
                          charter_.unit_kinds[root_kind_].name, kind.name),
              {.file = charter_file}));
        }
        root_kind_ = static_cast<std::int32_t>(kind_idx);
      }
    }
    if (root_kind_ < 0) {
      return Error(Status::InvalidInput(
          "the charter has no root unit kind; expected exactly one kind without parents",
          {.file = charter_file}));
    }
    // SYSTEM.md §4 Decisions: "rural inhabitants" are those of the leaves whose
    // body is a rural body of the charter (village soviets, 001:150).
    for (const BodyRule& body : charter_.bodies) {
      if (!body.rural) continue;
      for (const std::string& unit_kind : body.units) {
        if (std::int32_t kind_idx = FindKind(unit_kind); kind_idx >= 0) {
          kinds_[kind_idx].rural_when.push_back(body.when);
        }
      }
    }
    return {};
  }

  std::int32_t FindKind(std::string_view name) const {
    for (std::size_t kind_idx = 0; kind_idx < charter_.unit_kinds.size(); ++kind_idx) {
      if (charter_.unit_kinds[kind_idx].name == name) return static_cast<std::int32_t>(kind_idx);
    }
    return -1;
  }

  std::string KnownKindsText() const {
    std::string out;
    for (const UnitKind& kind : charter_.unit_kinds) {
      if (!out.empty()) out += ", ";
      out += kind.name;
    }
    return out;
  }

  bool CarriesFigures(const Row& row) const { return kinds_[row.kind].kind->carries_figures; }
  const std::string& KindName(const Row& row) const { return kinds_[row.kind].kind->name; }

  // A figure: a non-negative decimal integer that fits in 64 bits, or blank.
  Result<std::int64_t> ParseFigure(std::string_view text, std::int64_t line, FieldIndex field,
                                   const Row& row) const {
    const std::string_view field_name = kFieldNames[field];
    if (text.empty()) {
      if (CarriesFigures(row)) {
        return Error(Invalid(fmt::format("expected a non-negative integer (kind '{}' carries "
                                         "figures), got an empty field",
                                         KindName(row)),
                             line, field_name));
      }
      return kBlank;
    }
    std::int64_t value = 0;
    const bool digits_only =
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits_only) {
      return Error(Invalid(fmt::format("expected a non-negative integer, got {}", Quoted(text)),
                           line, field_name));
    }
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc::result_out_of_range) {
      return Error(Invalid(fmt::format("expected a non-negative integer at most {}, got {}",
                                       std::numeric_limits<std::int64_t>::max(), Quoted(text)),
                           line, field_name));
    }
    if (error != std::errc() || end != text.data() + text.size()) {
      return Error(Invalid(fmt::format("expected a non-negative integer, got {}", Quoted(text)),
                           line, field_name));
    }
    return value;
  }

  Result<void> ReadRows() {
    CsvReader reader(text_, file_, kFieldNames, &arena_);
    CsvRecord record;
    SOVET_TRY(bool has_header, reader.Next(record));
    if (!has_header) {
      return Error(Invalid(fmt::format("empty file; expected the header line `{}`", kHeader), 1));
    }
    const bool header_ok =
        record.fields.size() == kFieldCount &&
        std::equal(record.fields.begin(), record.fields.end(), std::begin(kFieldNames));
    if (!header_ok) {
      std::string got;
      for (std::string_view field : record.fields) {
        if (!got.empty()) got += ',';
        got += field;
      }
      return Error(Invalid(
          fmt::format("missing header: expected the first line to be `{}`, got `{}`", kHeader, got),
          record.line));
    }
    const std::size_t expected_rows =
        static_cast<std::size_t>(std::count(text_.begin(), text_.end(), '\n')) + 1;
    rows_.reserve(expected_rows);
    ids_.reserve(expected_rows);
    index_.Reserve(expected_rows);
    for (;;) {
      SOVET_TRY(bool more, reader.Next(record));
      if (!more) break;
      SOVET_CHECK_OK(ReadRow(record));
    }
    if (rows_.empty()) {
      return Error(Invalid(fmt::format("no units after the header; expected a root unit of kind "
                                       "'{}' with an empty parent",
                                       charter_.unit_kinds[root_kind_].name),
                           reader.line()));
    }
    if (rows_.size() > static_cast<std::size_t>(std::numeric_limits<UnitIndex>::max())) {
      return Error(Invalid("too many units for one census", reader.line()));
    }
    return {};
  }

  Result<void> ReadRow(const CsvRecord& record) {
    const std::int64_t line = record.line;
    if (record.fields.size() != kFieldCount) {
      return Error(Invalid(fmt::format("expected {} fields ({}), got {}", kFieldCount, kHeader,
                                       record.fields.size()),
                           line));
    }
    Row row;
    row.line = line;
    row.id = record.fields[kId];
    row.parent_id = record.fields[kParent];
    row.name = record.fields[kName];
    if (row.id.empty())
      return Error(Invalid("expected a non-empty id, got an empty field", line, "id"));
    const bool has_control = std::any_of(row.id.begin(), row.id.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (has_control || row.id.front() == ' ' || row.id.back() == ' ') {
      return Error(Invalid(fmt::format("expected an id without control characters or spaces at "
                                       "either end, got {}",
                                       Quoted(row.id)),
                           line, "id"));
    }
    const std::string_view kind_name = record.fields[kKind];
    const std::int32_t kind_idx = FindKind(kind_name);
    if (kind_idx < 0) {
      return Error(Invalid(fmt::format("unknown unit kind {}; the charter knows {}",
                                       Quoted(kind_name), KnownKindsText()),
                           line, "kind"));
    }
    row.kind = kind_idx;
    SOVET_TRY(row.inhabitants, ParseFigure(record.fields[kInhabitants], line, kInhabitants, row));
    SOVET_TRY(row.electors, ParseFigure(record.fields[kElectors], line, kElectors, row));
    if (CarriesFigures(row) && row.electors > row.inhabitants) {
      return Error(Invalid(fmt::format("expected electors at most the inhabitants ({}), got {}",
                                       row.inhabitants, row.electors),
                           line, "electors"));
    }
    const UnitIndex row_idx = static_cast<UnitIndex>(rows_.size());
    ids_.push_back(row.id);
    if (const UnitIndex first = index_.Insert(row.id, row_idx, ids_); first != kNoUnit) {
      return Error(Invalid(fmt::format("duplicate id {}: already defined on line {}",
                                       Quoted(row.id), rows_[first].line),
                           line, "id"));
    }
    if (row.parent_id.empty()) {
      if (kind_idx != root_kind_) {
        return Error(Invalid(
            fmt::format("a unit with an empty parent is the root and must be of the charter's "
                        "root kind '{}', got '{}'",
                        charter_.unit_kinds[root_kind_].name, kind_name),
            line, "parent"));
      }
      if (root_ != kNoUnit) {
        return Error(Invalid(fmt::format("a second root (empty parent); the root is {} on line {}",
                                         Quoted(rows_[root_].id), rows_[root_].line),
                             line, "parent"));
      }
      root_ = row_idx;
    } else if (kind_idx == root_kind_) {
      return Error(Invalid(fmt::format("kind '{}' is the charter's root kind and has no parent, "
                                       "got parent {}",
                                       kind_name, Quoted(row.parent_id)),
                           line, "parent"));
    }
    rows_.push_back(row);
    return {};
  }

  Result<void> ResolveParents() {
    for (Row& row : rows_) {
      if (row.parent_id.empty()) continue;
      row.parent = index_.Find(row.parent_id, ids_);
      if (row.parent == kNoUnit) {
        return Error(
            Invalid(fmt::format("unknown parent {}: no unit has this id", Quoted(row.parent_id)),
                    row.line, "parent"));
      }
    }
    return {};
  }

  // Pre-order from the root, children in file order. Units the walk does not
  // reach have no path to the root: every one of them leads into a cycle.
  Result<void> LayOutPreOrder() {
    const std::size_t count = rows_.size();
    // Children in compressed form: child_start_[p] .. child_start_[p + 1].
    child_start_.assign(count + 1, 0);
    for (const Row& row : rows_) {
      if (row.parent != kNoUnit) ++child_start_[row.parent + 1];
    }
    for (std::size_t row_idx = 0; row_idx < count; ++row_idx) {
      child_start_[row_idx + 1] += child_start_[row_idx];
    }
    children_.resize(child_start_[count]);
    std::vector<UnitIndex> fill(child_start_.begin(), child_start_.end() - 1);
    for (std::size_t row_idx = 0; row_idx < count; ++row_idx) {
      const UnitIndex parent = rows_[row_idx].parent;
      if (parent != kNoUnit) children_[fill[parent]++] = static_cast<UnitIndex>(row_idx);
    }

    order_.reserve(count);
    position_.assign(count, kNoUnit);
    subtree_end_.assign(count, 0);
    if (root_ != kNoUnit) {
      // Stack of (row, next child slot); position_ is set on entry.
      std::vector<std::pair<UnitIndex, UnitIndex>> stack;
      stack.emplace_back(root_, child_start_[root_]);
      position_[root_] = 0;
      order_.push_back(root_);
      while (!stack.empty()) {
        auto& [row_idx, next] = stack.back();
        if (next == child_start_[row_idx + 1]) {
          subtree_end_[position_[row_idx]] = static_cast<UnitIndex>(order_.size());
          stack.pop_back();
          continue;
        }
        const UnitIndex child = children_[next++];
        position_[child] = static_cast<UnitIndex>(order_.size());
        order_.push_back(child);
        stack.emplace_back(child, child_start_[child]);
      }
    }
    if (order_.size() == count) return {};
    for (std::size_t row_idx = 0; row_idx < count; ++row_idx) {
      if (position_[row_idx] == kNoUnit) return Error(CycleError(static_cast<UnitIndex>(row_idx)));
    }
    return Error(Status::Internal("pre-order layout lost a unit"));
  }

  // Follows parents from `start` (which cannot reach the root) until a unit
  // repeats, and names the cycle from that unit.
  Status CycleError(UnitIndex start) const {
    std::vector<std::int32_t> seen_at(rows_.size(), -1);
    std::vector<UnitIndex> path;
    UnitIndex at = start;
    while (seen_at[at] < 0) {
      seen_at[at] = static_cast<std::int32_t>(path.size());
      path.push_back(at);
      at = rows_[at].parent;
    }
    // The cycle is path[seen_at[at]..]; report it from its first unit in file order.
    std::vector<UnitIndex> cycle(path.begin() + seen_at[at], path.end());
    std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
    std::string chain;
    for (UnitIndex member : cycle) chain += fmt::format("{} -> ", Quoted(rows_[member].id));
    chain += Quoted(rows_[cycle.front()].id);
    return Invalid(fmt::format("the parents form a cycle, so these units have no path to the "
                               "root: {} (each unit's parent follows it)",
                               chain),
                   rows_[cycle.front()].line, "parent");
  }

  // Sums leaves' figures into every unit above them, in 64 bits with overflow
  // checks (SYSTEM.md §5: an inner unit's figures are the sums over its leaves).
  Result<void> Aggregate() {
    const std::size_t count = order_.size();
    inhabitants_.assign(count, 0);
    electors_.assign(count, 0);
    rural_.assign(count, 0);
    for (std::size_t pos = 0; pos < count; ++pos) {
      const Row& row = rows_[order_[pos]];
      if (!CarriesFigures(row)) continue;
      inhabitants_[pos] = row.inhabitants;
      electors_[pos] = row.electors;
      for (const UnitCondition& when : kinds_[row.kind].rural_when) {
        if (when.Holds(row.inhabitants)) {
          rural_[pos] = row.inhabitants;
          break;
        }
      }
    }
    for (std::size_t pos = count; pos-- > 1;) {
      const Row& row = rows_[order_[pos]];
      const std::size_t parent_pos = static_cast<std::size_t>(position_[row.parent]);
      if (CarriesFigures(rows_[row.parent])) continue;  // rejected in CheckUnits
      // Rural inhabitants are a part of the inhabitants, so they cannot
      // overflow when the inhabitants do not.
      const bool inhabitants_overflow = __builtin_add_overflow(
          inhabitants_[parent_pos], inhabitants_[pos], &inhabitants_[parent_pos]);
      const bool electors_overflow =
          !inhabitants_overflow &&
          __builtin_add_overflow(electors_[parent_pos], electors_[pos], &electors_[parent_pos]);
      if (inhabitants_overflow || electors_overflow) {
        return Error(Invalid(
            fmt::format("the units beneath {} sum to more than {}", Quoted(rows_[row.parent].id),
                        std::numeric_limits<std::int64_t>::max()),
            rows_[row.parent].line, inhabitants_overflow ? "inhabitants" : "electors"));
      }
      rural_[parent_pos] += rural_[pos];
    }
    return {};
  }

  // The checks that need the whole tree, in file order so that the first
  // error reported is the first in the file.
  Result<void> CheckUnits() {
    for (const Row& row : rows_) {
      const std::size_t pos = static_cast<std::size_t>(position_[&row - rows_.data()]);
      if (row.parent != kNoUnit) {
        const Row& parent = rows_[row.parent];
        const UnitKind& kind = *kinds_[row.kind].kind;
        const std::string_view parent_kind = KindName(parent);
        if (CarriesFigures(parent)) {
          return Error(Invalid(fmt::format("parent {} (line {}) is of kind '{}', which carries "
                                           "figures and holds no units",
                                           Quoted(parent.id), parent.line, parent_kind),
                               row.line, "parent"));
        }
        bool kind_listed = false;
        bool allowed = false;
        for (const ParentRule& rule : kind.parents) {
          if (rule.kind != parent_kind) continue;
          kind_listed = true;
          if (rule.when.Holds(inhabitants_[pos])) allowed = true;
        }
        if (!allowed) {
          const std::string with =
              kind_listed ? fmt::format(" with {} inhabitants", inhabitants_[pos]) : std::string();
          return Error(Invalid(fmt::format("a unit of kind '{}'{} may not sit under a unit of "
                                           "kind '{}' (parent {}, line {}); the charter allows "
                                           "'{}' under: {}",
                                           kind.name, with, parent_kind, Quoted(parent.id),
                                           parent.line, kind.name, AllowedParentsText(kind)),
                               row.line, "kind"));
        }
      }
      if (!CarriesFigures(row)) {
        // An inner unit's figures, when given and not 0, must be the sums (§5).
        const std::pair<FieldIndex, std::int64_t> given[] = {{kInhabitants, row.inhabitants},
                                                             {kElectors, row.electors}};
        const std::int64_t sums[] = {inhabitants_[pos], electors_[pos]};
        for (std::size_t figure = 0; figure < 2; ++figure) {
          const auto [field, value] = given[figure];
          if (value != kBlank && value != 0 && value != sums[figure]) {
            return Error(Invalid(fmt::format("expected blank, 0, or {} (the sum over the units "
                                             "beneath), got \"{}\"",
                                             sums[figure], value),
                                 row.line, kFieldNames[field]));
          }
        }
      }
    }
    return {};
  }

  Census Build() const {
    const std::size_t count = order_.size();
    Census census;
    census.source_file = file_;
    census.id.reserve(count);
    census.name.reserve(count);
    census.kind.reserve(count);
    census.parent.reserve(count);
    census.line.reserve(count);
    for (UnitIndex row_idx : order_) {
      const Row& row = rows_[row_idx];
      census.id.emplace_back(row.id);
      census.name.emplace_back(row.name);
      census.kind.push_back(KindName(row));
      census.parent.push_back(row.parent == kNoUnit ? kNoUnit : position_[row.parent]);
      census.line.push_back(row.line);
    }
    census.subtree_end = subtree_end_;
    census.inhabitants = inhabitants_;
    census.electors = electors_;
    census.rural_inhabitants = rural_;
    return census;
  }

  std::string_view text_;
  const std::string& file_;
  const Charter& charter_;
  std::vector<KindInfo> kinds_;
  std::int32_t root_kind_ = -1;
  std::deque<std::string> arena_;      // unescaped quoted fields
  std::vector<Row> rows_;              // file order
  std::vector<std::string_view> ids_;  // by row, for IdIndex
  IdIndex index_;
  UnitIndex root_ = kNoUnit;
  std::vector<UnitIndex> child_start_;
  std::vector<UnitIndex> children_;
  std::vector<UnitIndex> order_;                              // pre-order position -> row
  std::vector<UnitIndex> position_;                           // row -> pre-order position
  std::vector<UnitIndex> subtree_end_;                        // by position
  std::vector<std::int64_t> inhabitants_, electors_, rural_;  // by position
};

}  // namespace

Result<Census> ParseCensus(std::string_view csv_text, const std::string& file_name,
                           const Charter& charter) {
  return CensusParser(csv_text, file_name, charter).Parse();
}

Result<Census> LoadCensus(const std::string& path, const Charter& charter) {
  SOVET_TRY(std::string text, ReadFile(path));
  return ParseCensus(text, path, charter);
}

}  // namespace sovet
