// `sovet rations`: the issuing ledger of rations (001:16–23; doc/rationing.md)
// — a food organ registers its supply for a period, assigns persons to the
// charter's categories, records a cut when the supply is short, issues the
// period's cards and what is handed out on them; `report` shows what each
// category received per period and the supply left. Every act goes through
// the engine's rules; a refusal names the rule and writes nothing (exit 2).
#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/io.h"
#include "base/text.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "cli/engine_store.h"
#include "sovet/charter.h"
#include "sovet/date.h"
#include "sovet/engine.h"
#include "sovet/rations.h"
#include "sovet/state.h"
#include "sovet/apportion.h"
#include "sovet/person_roll.h"

namespace sovet::cli {
namespace {

namespace field = schema::ration::field;

// Cards per ration.card act by default: one, so that every card is an entry
// of the journal of its own (bench_rations_issue measures the batched form).
constexpr std::int64_t kCardsPerAct = 1;
// Persons per ration.assign act of a file.
constexpr std::size_t kPersonsPerAssign = 4096;

Result<EngineStore> OpenStore(const ActFlags& flags, bool writable) {
  return OpenEngineStore(flags.db, flags.key, flags.charter, writable,
                         "rationing follows the charter's [rationing] section");
}

void Print(const ActFlags& flags, const char* kind, const std::vector<Appended>& appended,
           nlohmann::ordered_json out, const std::string& text) {
  if (flags.format == "json") {
    out["kind"] = kind;
    out["date"] = flags.date;
    out["acts"] = appended.size();
    if (!appended.empty()) {
      out["first_seq"] = appended.front().seq;
      out["last_seq"] = appended.back().seq;
      out["hash"] = HexEncode(appended.back().hash);
    }
    fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  if (appended.empty()) {
    fmt::print("{}: {}\n", kind, text);
    return;
  }
  fmt::print("{}: {} (entries {}..{})\n", kind, text, appended.front().seq, appended.back().seq);
}

const char* UnitName(RationUnit unit) { return unit == RationUnit::kGrams ? "grams" : "pieces"; }

// "bread=200" flags: item ids and quantities, in the order given.
Result<std::pair<std::vector<std::string>, std::vector<std::int64_t>>> ParseItems(
    const std::vector<std::string>& given) {
  std::pair<std::vector<std::string>, std::vector<std::int64_t>> out;
  for (const std::string& text : given) {
    const std::size_t eq = text.find('=');
    std::int64_t quantity = -1;
    if (eq != std::string::npos) {
      try {
        std::size_t used = 0;
        quantity = std::stoll(text.substr(eq + 1), &used);
        if (used != text.size() - eq - 1) quantity = -1;
      } catch (const std::exception&) {
        quantity = -1;
      }
    }
    if (eq == std::string::npos || eq == 0 || quantity < 0) {
      return Error(Status::InvalidInput(
          fmt::format("--item \"{}\": expected ITEM=QUANTITY (an item of the charter's "
                      "[rationing] and a whole number of its unit)",
                      text),
          SourceLocation{.field = "--item"}));
    }
    out.first.push_back(text.substr(0, eq));
    out.second.push_back(quantity);
  }
  return out;
}

ValueList Texts(const std::vector<std::string>& texts) {
  ValueList list;
  list.reserve(texts.size());
  for (const std::string& text : texts) list.push_back(Value::Text(text));
  return list;
}

ValueList Ints(const std::vector<std::int64_t>& ints) {
  ValueList list;
  list.reserve(ints.size());
  for (std::int64_t value : ints) list.push_back(Value::Integer(value));
  return list;
}

// ---- supply --------------------------------------------------------------------

struct SupplyFlags : ActFlags {
  std::string organ, period, starts, table;
  std::vector<std::string> items;
};

Result<void> RunSupply(const SupplyFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  (void)date;
  if (!flags.starts.empty()) {
    SOVET_TRY(Date starts, DateFlag(flags.starts, "--starts"));
    (void)starts;
  }
  SOVET_TRY(auto items, ParseItems(flags.items));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  const bool open = store.engine->state().rations.Period(flags.organ, flags.period) != nullptr;
  std::string table = flags.table;
  std::string starts = flags.starts;
  if (!open) {
    // A new period: by default the charter's table of its first day.
    if (starts.empty()) starts = flags.period;
    if (table.empty()) {
      for (const RationTable& candidate : store.charter->rationing.tables) {
        if (candidate.from <= starts) table = candidate.id;
      }
    }
  }
  Act act{.kind = schema::ration::kSupplyKind, .body = flags.organ, .fields = {}};
  act.fields[field::kDate] = Value::Text(flags.date);
  act.fields[field::kPeriod] = Value::Text(flags.period);
  if (!open) {
    act.fields[field::kStarts] = Value::Text(starts);
    act.fields[field::kTable] = Value::Text(table);
  }
  act.fields[field::kItems] = Value::List(Texts(items.first));
  act.fields[field::kQuantities] = Value::List(Ints(items.second));
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  SOVET_TRY(auto appended, AppendAll(store, [&] { return OpenStore(flags, false); }, {act}));
  const RationPeriod& period = *store.engine->state().rations.Period(flags.organ, flags.period);
  nlohmann::ordered_json out;
  out["organ"] = flags.organ;
  out["period"] = flags.period;
  out["starts"] = period.starts.ToString();
  out["days"] = period.days;
  out["table"] = period.table;
  nlohmann::ordered_json supply = nlohmann::ordered_json::object();
  std::string text;
  for (std::size_t item = 0; item < period.supply.size(); ++item) {
    const RationItem& rule = store.charter->rationing.items[item];
    supply[rule.id] = period.supply[item];
    if (period.supply[item] != 0) {
      text += fmt::format("{}{} {} of {}", text.empty() ? "" : ", ",
                          GroupThousands(period.supply[item]), UnitName(rule.unit), rule.label);
    }
  }
  out["supply"] = std::move(supply);
  Print(flags, schema::ration::kSupplyKind, appended, std::move(out),
        fmt::format("period {} of {} ({} days from {}, table {}): supply {}", flags.period,
                    flags.organ, period.days, period.starts.ToString(), period.table,
                    text.empty() ? "none" : text));
  return {};
}

// ---- assign ----------------------------------------------------------------------

struct AssignFlags : ActFlags {
  std::string organ, category, file;
  std::vector<std::string> persons;
  bool by_rule = false;
};

Result<void> RunAssign(const AssignFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  (void)date;
  // By category, in the order first met.
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  auto add = [&](const std::string& category, std::string person) {
    for (auto& group : groups) {
      if (group.first == category) {
        group.second.push_back(std::move(person));
        return;
      }
    }
    groups.emplace_back(category, std::vector<std::string>{std::move(person)});
  };
  for (const std::string& person : flags.persons) {
    if (flags.category.empty()) {
      return Error(Status::InvalidInput("--person needs --category",
                                        SourceLocation{.field = "--category"}));
    }
    add(flags.category, person);
  }
  if (!flags.file.empty()) {
    // Lines "person,category" (or "person" with --category); a header line
    // "person,category" is skipped.
    SOVET_TRY(std::string text, ReadFile(flags.file));
    std::size_t at = 0;
    std::int64_t line = 0;
    while (at < text.size()) {
      std::size_t end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      std::string row = text.substr(at, end - at);
      at = end + 1;
      ++line;
      if (!row.empty() && row.back() == '\r') row.pop_back();
      if (row.empty() || (line == 1 && row == "person,category")) continue;
      if (Status utf8 = CheckUtf8(row, SourceLocation{.file = flags.file, .line = line});
          !utf8.ok()) {
        return Error(std::move(utf8));
      }
      const std::size_t comma = row.find(',');
      std::string category = comma == std::string::npos ? flags.category : row.substr(comma + 1);
      if (category.empty()) {
        return Error(Status::InvalidInput(
            "expected \"person,category\" (or give --category for a file of ids)",
            SourceLocation{.file = flags.file, .line = line, .field = "category"}));
      }
      add(category, row.substr(0, comma));
    }
  }
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  std::int64_t left_to_organ = 0;
  if (flags.by_rule) {
    // The register's part of the charter's rule (RationCategoryByRule): each
    // present person of the organ's unit not yet assigned whose status or
    // missing workplace places them; the others are the organ's to assign.
    const EngineState& state = store.engine->state();
    const std::int32_t unit = state.roll.FindTreeUnit(BodyUnitOf(flags.organ));
    auto assigned = state.rations.assigned.find(flags.organ);
    SOVET_TRY(auto reader, StateReader::Open(flags.db));
    SOVET_TRY(StateRows rows,
              reader->Query("register_persons",
                            "SELECT person, status, workplace FROM {p}register_persons WHERE "
                            "left_on = '' ORDER BY person"));
    for (std::size_t row = 0; row < rows.size(); ++row) {
      SOVET_TRY(std::string person, rows.Text(row, 0));
      SOVET_TRY(std::string status, rows.Text(row, 1));
      SOVET_TRY(std::string workplace, rows.Text(row, 2));
      const RollState::Person found = state.roll.Find(person);
      if (unit < 0 || found.presence != RollState::Presence::kPresent ||
          !state.roll.Within(found.unit, unit)) {
        continue;
      }
      if (assigned != state.rations.assigned.end() && assigned->second.count(person) != 0) {
        continue;
      }
      const int category = RationCategoryByRule(*store.charter, status, workplace);
      if (category < 0) {
        ++left_to_organ;
        continue;
      }
      add(store.charter->rationing.categories[static_cast<std::size_t>(category)].id,
          std::move(person));
    }
  }
  if (groups.empty()) {
    return Error(Status::InvalidInput(
        flags.by_rule ? fmt::format("the charter's rule places no unassigned person of {}; {} are "
                                    "the organ's to assign (--person, --file)",
                                    flags.organ, left_to_organ)
                      : std::string("no person given: expected --person ID, --file FILE or "
                                    "--by-rule"),
        SourceLocation{.field = "--person"}));
  }
  std::vector<Act> acts;
  nlohmann::ordered_json counts = nlohmann::ordered_json::object();
  std::string text;
  for (auto& [category, persons] : groups) {
    for (std::size_t first = 0; first < persons.size(); first += kPersonsPerAssign) {
      const std::size_t last = std::min(persons.size(), first + kPersonsPerAssign);
      Act act{.kind = schema::ration::kAssignKind, .body = flags.organ, .fields = {}};
      act.fields[field::kDate] = Value::Text(flags.date);
      act.fields[field::kCategory] = Value::Text(category);
      act.fields[field::kPersons] = Value::List(
          Texts(std::vector<std::string>(persons.begin() + static_cast<std::ptrdiff_t>(first),
                                         persons.begin() + static_cast<std::ptrdiff_t>(last))));
      SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
      acts.push_back(std::move(act));
    }
    counts[category] = persons.size();
    const int idx = store.charter->rationing.FindCategory(category);
    text += fmt::format("{}{} to ({}) {}", text.empty() ? "" : "; ", GroupThousands(persons.size()),
                        idx + 1, store.charter->rationing.categories[static_cast<std::size_t>(idx)].label);
  }
  SOVET_TRY(auto appended, AppendAll(store, [&] { return OpenStore(flags, false); }, acts));
  nlohmann::ordered_json out;
  out["organ"] = flags.organ;
  out["assigned"] = std::move(counts);
  if (flags.by_rule) {
    out["left_to_organ"] = left_to_organ;
    text += fmt::format(" (by the charter's rule; {} left for the organ to assign)",
                        left_to_organ);
  }
  Print(flags, schema::ration::kAssignKind, appended, std::move(out), text);
  return {};
}

// ---- cut ---------------------------------------------------------------------------

struct CutFlags : ActFlags {
  std::string organ, period, table;
};

nlohmann::ordered_json TableJson(const Charter& charter,
                                 const std::vector<std::vector<std::int64_t>>& quantities) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (std::size_t category = 0; category < quantities.size(); ++category) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (std::size_t item = 0; item < quantities[category].size(); ++item) {
      if (quantities[category][item] != 0) {
        row[charter.rationing.items[item].id] = quantities[category][item];
      }
    }
    out[charter.rationing.categories[category].id] = std::move(row);
  }
  return out;
}

std::string RationText(const Charter& charter, const std::vector<std::int64_t>& ration) {
  std::string text;
  for (std::size_t item = 0; item < ration.size(); ++item) {
    if (ration[item] == 0) continue;
    const RationItem& rule = charter.rationing.items[item];
    text += fmt::format("{}{} {}{}", text.empty() ? "" : ", ", ration[item],
                        rule.unit == RationUnit::kGrams ? "grams of " : "", rule.label);
  }
  return text.empty() ? "nothing" : text;
}

Result<void> RunCut(const CutFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  (void)date;
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  const EngineState& state = store.engine->state();
  const Charter& charter = *store.charter;
  const RationPeriod* period = state.rations.Period(flags.organ, flags.period);
  if (period == nullptr) {
    return Error(Status::NotFound(
        fmt::format("period \"{}\" of {} has no supply (sovet rations supply)", flags.period,
                    flags.organ),
        SourceLocation{.field = "--period"}));
  }
  const auto base = state.rations.Table(charter, flags.organ, period->table);
  const auto cut = RationCutTable(charter, base->quantities, period->supply,
                                  state.rations.CategoryCounts(charter, flags.organ));
  std::vector<std::int64_t> flat;
  for (const auto& row : cut) flat.insert(flat.end(), row.begin(), row.end());
  const std::string table =
      flags.table.empty() ? fmt::format("{}-cut-{}", period->table, flags.date) : flags.table;
  Act act{.kind = schema::ration::kCutKind, .body = flags.organ, .fields = {}};
  act.fields[field::kDate] = Value::Text(flags.date);
  act.fields[field::kPeriod] = Value::Text(flags.period);
  act.fields[field::kTable] = Value::Text(table);
  act.fields[field::kRations] = Value::List(Ints(flat));
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  SOVET_TRY(auto appended, AppendAll(store, [&] { return OpenStore(flags, false); }, {act}));
  nlohmann::ordered_json out;
  out["organ"] = flags.organ;
  out["period"] = flags.period;
  out["table"] = table;
  out["base"] = base->id;
  out["rations"] = TableJson(charter, cut);
  std::string text = fmt::format("table {} replaces {} for period {}:", table, base->id,
                                 flags.period);
  for (std::size_t category = 0; category < cut.size(); ++category) {
    text += fmt::format("\n  ({}) {}: {}", category + 1, charter.rationing.categories[category].label,
                        RationText(charter, cut[category]));
  }
  Print(flags, schema::ration::kCutKind, appended, std::move(out), text);
  return {};
}

// ---- card --------------------------------------------------------------------------

struct CardFlags : ActFlags {
  std::string organ, period;
  std::vector<std::string> persons;
  bool all = false;
  std::int64_t per_act = kCardsPerAct;
};

Result<void> RunCard(const CardFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  (void)date;
  if (flags.per_act < 1) {
    return Error(Status::InvalidInput("--per-act must be 1 or more",
                                      SourceLocation{.field = "--per-act"}));
  }
  if (flags.persons.empty() == !flags.all) {
    return Error(Status::InvalidInput(
        "expected --person ID (repeatable) or --all (every person the organ assigned)",
        SourceLocation{.field = "--person"}));
  }
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  const EngineState& state = store.engine->state();
  const Charter& charter = *store.charter;
  const RationPeriod* period = state.rations.Period(flags.organ, flags.period);
  if (period == nullptr) {
    return Error(Status::NotFound(
        fmt::format("period \"{}\" of {} has no supply (sovet rations supply)", flags.period,
                    flags.organ),
        SourceLocation{.field = "--period"}));
  }
  std::vector<std::string> persons = flags.persons;
  if (flags.all) {
    if (auto found = state.rations.assigned.find(flags.organ);
        found != state.rations.assigned.end()) {
      for (const auto& [person, category] : found->second) {
        if (period->card_of.count(person) == 0) persons.push_back(person);
      }
    }
    std::sort(persons.begin(), persons.end());
  }
  if (persons.empty()) {
    return Error(Status::InvalidInput(
        fmt::format("every person {} assigned holds a card for period \"{}\"", flags.organ,
                    flags.period),
        SourceLocation{.field = "--all"}));
  }
  std::int64_t next = static_cast<std::int64_t>(period->cards.size()) + 1;
  std::vector<Act> acts;
  for (std::size_t first = 0; first < persons.size();
       first += static_cast<std::size_t>(flags.per_act)) {
    const std::size_t last =
        std::min(persons.size(), first + static_cast<std::size_t>(flags.per_act));
    ValueList cards, ids, categories;
    for (std::size_t idx = first; idx < last; ++idx) {
      cards.push_back(Value::Text(fmt::format("{}-{}", flags.period, next++)));
      ids.push_back(Value::Text(persons[idx]));
      std::string category = "(unassigned)";
      if (auto found = state.rations.assigned.find(flags.organ);
          found != state.rations.assigned.end()) {
        if (auto person = found->second.find(persons[idx]); person != found->second.end()) {
          category = charter.rationing.categories[person->second].id;
        }
      }
      categories.push_back(Value::Text(category));
    }
    Act act{.kind = schema::ration::kCardKind, .body = flags.organ, .fields = {}};
    act.fields[field::kDate] = Value::Text(flags.date);
    act.fields[field::kPeriod] = Value::Text(flags.period);
    act.fields[field::kCards] = Value::List(std::move(cards));
    act.fields[field::kPersons] = Value::List(std::move(ids));
    act.fields[field::kCategories] = Value::List(std::move(categories));
    SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
    acts.push_back(std::move(act));
  }
  SOVET_TRY(auto appended, AppendAll(store, [&] { return OpenStore(flags, false); }, acts));
  nlohmann::ordered_json out;
  out["organ"] = flags.organ;
  out["period"] = flags.period;
  out["cards"] = persons.size();
  if (persons.size() == 1) {
    out["card"] = period->card_of.at(persons.front());
    out["person"] = persons.front();
  }
  Print(flags, schema::ration::kCardKind, appended, std::move(out),
        persons.size() == 1
            ? fmt::format("card {} of period {} to {}", period->card_of.at(persons.front()),
                          flags.period, persons.front())
            : fmt::format("{} cards of period {} issued by {}", GroupThousands(persons.size()),
                          flags.period, flags.organ));
  return {};
}

// ---- issue -------------------------------------------------------------------------

struct IssueFlags : ActFlags {
  std::string organ, period, card;
  std::vector<std::string> items;
};

Result<void> RunIssue(const IssueFlags& flags) {
  SOVET_TRY(Date date, DateFlag(flags.date, "--date"));
  (void)date;
  SOVET_TRY(auto items, ParseItems(flags.items));
  SOVET_TRY(EngineStore store, OpenStore(flags, true));
  const EngineState& state = store.engine->state();
  const Charter& charter = *store.charter;
  const RationPeriod* period = state.rations.Period(flags.organ, flags.period);
  if (period == nullptr || period->cards.count(flags.card) == 0) {
    return Error(Status::NotFound(
        fmt::format("card {} of period \"{}\" of {} is not issued (sovet rations card)",
                    flags.card, flags.period, flags.organ),
        SourceLocation{.field = "--card"}));
  }
  if (items.first.empty()) {
    // The rest of the card's ration.
    const RationCard& card = period->cards.at(flags.card);
    const auto table = state.rations.Table(charter, flags.organ, period->table);
    const auto& ration = table->quantities[card.category];
    for (std::size_t item = 0; item < ration.size(); ++item) {
      const std::int64_t left = ration[item] - (card.handed.empty() ? 0 : card.handed[item]);
      if (left > 0) {
        items.first.push_back(charter.rationing.items[item].id);
        items.second.push_back(left);
      }
    }
    if (items.first.empty()) {
      return Error(Status::InvalidInput(
          fmt::format("card {} has had its whole ration", flags.card),
          SourceLocation{.field = "--card"}));
    }
  }
  Act act{.kind = schema::ration::kIssueKind, .body = flags.organ, .fields = {}};
  act.fields[field::kDate] = Value::Text(flags.date);
  act.fields[field::kPeriod] = Value::Text(flags.period);
  act.fields[field::kCard] = Value::Text(flags.card);
  act.fields[field::kItems] = Value::List(Texts(items.first));
  act.fields[field::kQuantities] = Value::List(Ints(items.second));
  SOVET_CHECK_OK(store.engine->ExecuteRecorded(act));
  SOVET_TRY(auto appended, AppendAll(store, [&] { return OpenStore(flags, false); }, {act}));
  nlohmann::ordered_json out;
  out["organ"] = flags.organ;
  out["period"] = flags.period;
  out["card"] = flags.card;
  nlohmann::ordered_json handed = nlohmann::ordered_json::object();
  std::string text;
  for (std::size_t idx = 0; idx < items.first.size(); ++idx) {
    handed[items.first[idx]] = items.second[idx];
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", items.second[idx], items.first[idx]);
  }
  out["handed"] = std::move(handed);
  Print(flags, schema::ration::kIssueKind, appended, std::move(out),
        fmt::format("card {}: {} handed out", flags.card, text));
  return {};
}

// ---- report -----------------------------------------------------------------------

struct ReportFlags : ActFlags {
  std::string organ, period;
};

Result<void> RunReport(const ReportFlags& flags) {
  SOVET_TRY(EngineStore store, OpenStore(flags, false));
  const EngineState& state = store.engine->state();
  const Charter& charter = *store.charter;
  const Rationing& rationing = charter.rationing;
  nlohmann::ordered_json periods = nlohmann::ordered_json::array();
  std::string text;
  for (const auto& [key, period] : state.rations.periods) {
    if (!flags.organ.empty() && key.first != flags.organ) continue;
    if (!flags.period.empty() && key.second != flags.period) continue;
    const auto table = state.rations.Table(charter, period.organ, period.table);
    nlohmann::ordered_json row;
    row["organ"] = period.organ;
    row["period"] = period.id;
    row["starts"] = period.starts.ToString();
    row["ends"] = period.last_day().ToString();
    row["table"] = period.table;
    text += fmt::format("{} period {} ({} to {}), table {}\n", period.organ, period.id,
                        period.starts.ToString(), period.last_day().ToString(), period.table);
    nlohmann::ordered_json categories = nlohmann::ordered_json::array();
    for (std::size_t category = 0; category < rationing.categories.size(); ++category) {
      const auto& ration = table->quantities[category];
      const std::int64_t cards = period.cards_per_category[category];
      nlohmann::ordered_json entry;
      entry["category"] = rationing.categories[category].id;
      entry["label"] = rationing.categories[category].label;
      entry["cards"] = cards;
      nlohmann::ordered_json each = nlohmann::ordered_json::object();
      nlohmann::ordered_json total = nlohmann::ordered_json::object();
      for (std::size_t item = 0; item < ration.size(); ++item) {
        if (ration[item] == 0) continue;
        each[rationing.items[item].id] = ration[item];
        total[rationing.items[item].id] = ration[item] * cards;
      }
      entry["ration"] = std::move(each);
      entry["received"] = std::move(total);
      categories.push_back(std::move(entry));
      text += fmt::format("  ({}) {}: {} cards, each {}\n", category + 1,
                          rationing.categories[category].label, GroupThousands(cards),
                          RationText(charter, ration));
    }
    row["categories"] = std::move(categories);
    nlohmann::ordered_json supply = nlohmann::ordered_json::array();
    for (std::size_t item = 0; item < rationing.items.size(); ++item) {
      if (period.supply[item] == 0 && period.promised[item] == 0) continue;
      nlohmann::ordered_json entry;
      entry["item"] = rationing.items[item].id;
      entry["unit"] = UnitName(rationing.items[item].unit);
      entry["supply"] = period.supply[item];
      entry["on_cards"] = period.promised[item];
      entry["handed"] = period.handed[item];
      entry["left"] = period.supply[item] - period.promised[item];
      supply.push_back(std::move(entry));
      text += fmt::format("  {}: supply {}, on cards {}, handed out {}, left {} {}\n",
                          rationing.items[item].label, GroupThousands(period.supply[item]),
                          GroupThousands(period.promised[item]),
                          GroupThousands(period.handed[item]),
                          GroupThousands(period.supply[item] - period.promised[item]),
                          UnitName(rationing.items[item].unit));
    }
    row["supply"] = std::move(supply);
    periods.push_back(std::move(row));
  }
  if (flags.format == "json") {
    nlohmann::ordered_json out;
    out["periods"] = std::move(periods);
    fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    fmt::print("{}", text.empty() ? std::string("no ration periods\n") : text);
  }
  return {};
}

// ---- the command ---------------------------------------------------------------------

void SetupRations(CLI::App& app, Action& action) {
  CLI::App* rations = app.add_subcommand(
      "rations",
      "rationing by category (001:16–23): supply, assign, cut, card, issue, report");
  rations->require_subcommand(1);

  CLI::App* supply = rations->add_subcommand(
      "supply", "register a food organ's supply for a period (a new period, or more for one)");
  auto supply_flags = BindFlags<SupplyFlags>(supply, action, &RunSupply);
  AddActOptions(supply, *supply_flags, true);
  supply->add_option("--organ", supply_flags->organ, "the food organ (a body id)")->required();
  supply->add_option("--period", supply_flags->period, "the period's id")->required();
  supply->add_option("--starts", supply_flags->starts,
                     "a new period's first day (default: the period's id)");
  supply->add_option("--table", supply_flags->table,
                     "a new period's table (default: the charter's latest from its first day)");
  supply->add_option("--item", supply_flags->items, "ITEM=QUANTITY (repeatable)")->required();

  CLI::App* assign = rations->add_subcommand(
      "assign", "place persons of the organ's unit in a category (all or none)");
  auto assign_flags = BindFlags<AssignFlags>(assign, action, &RunAssign);
  AddActOptions(assign, *assign_flags, true);
  assign->add_option("--organ", assign_flags->organ, "the food organ (a body id)")->required();
  assign->add_option("--category", assign_flags->category, "the category's id");
  assign->add_option("--person", assign_flags->persons, "a person's id (repeatable)");
  assign->add_option("--file", assign_flags->file,
                     "a file of lines \"person,category\" (or ids, with --category)");
  assign->add_flag("--by-rule", assign_flags->by_rule,
                   "every unassigned person the charter's rule places by the register "
                   "(status, no workplace)");

  CLI::App* cut = rations->add_subcommand(
      "cut", "record the cut of a period whose supply cannot cover its table");
  auto cut_flags = BindFlags<CutFlags>(cut, action, &RunCut);
  AddActOptions(cut, *cut_flags, true);
  cut->add_option("--organ", cut_flags->organ, "the food organ (a body id)")->required();
  cut->add_option("--period", cut_flags->period, "the period")->required();
  cut->add_option("--table", cut_flags->table, "the new table's id (default: TABLE-cut-DATE)");

  CLI::App* card = rations->add_subcommand(
      "card", "issue the period's cards: to persons named, or to every person assigned");
  auto card_flags = BindFlags<CardFlags>(card, action, &RunCard);
  AddActOptions(card, *card_flags, true);
  card->add_option("--organ", card_flags->organ, "the food organ (a body id)")->required();
  card->add_option("--period", card_flags->period, "the period")->required();
  card->add_option("--person", card_flags->persons, "a person's id (repeatable)");
  card->add_flag("--all", card_flags->all, "every person the organ assigned who has no card");
  card->add_option("--per-act", card_flags->per_act,
                   "cards per journal entry (default 1: every card an entry)");

  CLI::App* issue = rations->add_subcommand("issue", "record goods handed out on a card");
  auto issue_flags = BindFlags<IssueFlags>(issue, action, &RunIssue);
  AddActOptions(issue, *issue_flags, true);
  issue->add_option("--organ", issue_flags->organ, "the food organ (a body id)")->required();
  issue->add_option("--period", issue_flags->period, "the period")->required();
  issue->add_option("--card", issue_flags->card, "the card")->required();
  issue->add_option("--item", issue_flags->items,
                    "ITEM=QUANTITY (repeatable; default: the rest of the card's ration)");

  CLI::App* report = rations->add_subcommand(
      "report", "what each category received per period, and the supply left");
  auto report_flags = BindFlags<ReportFlags>(report, action, &RunReport);
  AddActOptions(report, *report_flags, false);
  report->add_option("--organ", report_flags->organ, "one food organ");
  report->add_option("--period", report_flags->period, "one period");
}

CommandRegistrar registrar(48, &SetupRations);

}  // namespace
}  // namespace sovet::cli
