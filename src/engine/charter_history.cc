// The charter over time (sovet/charter_history.h) and the rules of
// `charter.amend` (doc/journal_format.md §10): an act of the Congress alone
// (001:146) that records a new charter text, its hash and the day it takes
// effect.
#include "sovet/charter_history.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "base/sha256.h"
#include "engine/act_fields.h"
#include "engine/charter_amend.h"
#include "sovet/apportion.h"
#include "sovet/sessions.h"

namespace sovet {

namespace field = schema::charter_amend::field;
using engine_internal::Bad;
using engine_internal::Find;
using engine_internal::IntOf;
using engine_internal::OnlyFields;
using engine_internal::TextOf;

const Charter& CharterTimeline::At(Date on) const {
  // Effective dates never decrease in record order: the last one on or
  // before `on` is the one in force.
  for (auto it = amendments_.rbegin(); it != amendments_.rend(); ++it) {
    if (it->effective <= on) return *it->charter;
  }
  return *genesis_;
}

const Charter& CharterTimeline::Latest() const {
  return amendments_.empty() ? *genesis_ : *amendments_.back().charter;
}

const Charter& CharterTimeline::For(const Act& act) const {
  if (amendments_.empty()) return *genesis_;
  auto date = act.fields.find("date");
  if (date != act.fields.end() && date->second.is_text()) {
    if (Result<Date> on = Date::Parse(date->second.text())) return At(*on);
  }
  return Latest();
}

std::string AmendingBodyKind(const Charter& charter) {
  if (!charter.amendment.body.empty()) return charter.amendment.body;
  const BodyRule* root = RootCongress(charter);
  return root == nullptr ? std::string() : root->kind;
}

namespace {

Status Changed(const Charter& after, const std::string& key, const SourceLocation& where,
               const std::string& what) {
  SourceLocation at = where;
  if (at.file.empty()) at.file = after.source_file;
  return Status::InvalidInput(
      fmt::format("{}: an amendment may not change {} (the census and the bodies already "
                  "created rest on it; doc/charter_format.md \"Amending the charter\")",
                  key, what),
      std::move(at));
}

std::string ParentsOf(const UnitKind& kind) {
  std::vector<std::string> parents;
  for (const ParentRule& parent : kind.parents) {
    parents.push_back(fmt::format("{}[{}..{})", parent.kind,
                                  parent.when.inhabitants_at_least.value_or(-1),
                                  parent.when.inhabitants_below.value_or(-1)));
  }
  return fmt::format("{}", fmt::join(parents, ","));
}

std::vector<std::string> SourcesOf(const BodyRule& body) {
  std::vector<std::string> sources;
  for (const CompositionTerm& term : body.terms) sources.push_back("term:" + term.source);
  if (body.elected_by) sources.push_back("elected_by:" + body.elected_by->body);
  for (const Quota& quota : body.quotas) {
    sources.push_back(fmt::format("quota:{}", fmt::join(quota.sources, "+")));
  }
  if (body.direct) sources.push_back("direct");
  return sources;
}

}  // namespace

Result<void> CheckAmendable(const Charter& before, const Charter& after) {
  if (before.unit_kinds.size() != after.unit_kinds.size()) {
    return Error(Changed(after, "units", {}, "the unit kinds of the census tree"));
  }
  for (std::size_t idx = 0; idx < before.unit_kinds.size(); ++idx) {
    const UnitKind& old_kind = before.unit_kinds[idx];
    const UnitKind* new_kind = after.FindUnitKind(old_kind.name);
    if (new_kind == nullptr) {
      return Error(Changed(after, "units." + old_kind.name, {},
                           "the unit kinds of the census tree (it removes this one)"));
    }
    if (ParentsOf(*new_kind) != ParentsOf(old_kind) ||
        new_kind->carries_figures != old_kind.carries_figures) {
      return Error(Changed(after, "units." + old_kind.name, new_kind->where,
                           "where a unit kind sits in the census tree"));
    }
  }
  if (before.bodies.size() != after.bodies.size()) {
    return Error(Changed(after, "body", {}, "the bodies' kinds (it adds or removes a [[body]])"));
  }
  for (std::size_t idx = 0; idx < before.bodies.size(); ++idx) {
    const BodyRule& old_body = before.bodies[idx];
    const BodyRule& new_body = after.bodies[idx];
    const std::string key = fmt::format("body[{}]", idx);
    if (new_body.kind != old_body.kind) {
      return Error(Changed(after, key + ".kind", new_body.where, "a body's kind"));
    }
    if (new_body.units != old_body.units) {
      return Error(Changed(after, key + ".units", new_body.where, "the units a body sits on"));
    }
    if (SourcesOf(new_body) != SourcesOf(old_body)) {
      return Error(Changed(after, key, new_body.where,
                           "where a body's seats come from (direct, term.source, "
                           "elected_by.body, quota.sources: the tiers)"));
    }
    if (new_body.eligible != old_body.eligible) {
      return Error(Changed(after, key + ".eligible", new_body.where,
                           "who may sit for a sending body"));
    }
  }
  return {};
}

Act CharterAmendAct(const std::string& body, Date date, Date effective, std::int64_t number,
                    const Charter& replaces, const Charter& parsed, const std::string& text) {
  Act act{.kind = schema::charter_amend::kKind, .body = body, .fields = {}};
  act.fields[field::kDate] = Value::Text(date.ToString());
  act.fields[field::kEffective] = Value::Text(effective.ToString());
  act.fields[field::kNumber] = Value::Integer(number);
  act.fields[field::kReplaces] = Value::ByteString(*HexDecode(replaces.sha256_hex));
  act.fields[field::kCharterId] = Value::Text(parsed.id);
  act.fields[field::kCharterSha256] = Value::ByteString(*HexDecode(parsed.sha256_hex));
  act.fields[field::kText] = Value::Text(text);
  return act;
}

namespace engine {
namespace {

Status Refused(const Act& act, const std::string& rule, const char* field_name) {
  return Status::InvalidInput(fmt::format("{}: {}", act.kind, rule),
                              SourceLocation{.field = field_name});
}

struct AmendFields {
  Date effective;
  std::int64_t number = 0;
  std::string replaces;  // 32 bytes
  std::string charter_id;
  std::string sha256;  // 32 bytes
  std::string text;
};

Result<std::string> HashOf(const Act& act, const char* name) {
  const Value* value = Find(act, name);
  if (value == nullptr || !value->is_bytes() || value->bytes().size() != kSha256Size) {
    return Error(Bad(act, name, "a SHA-256 hash (bytes, 32)"));
  }
  return value->bytes();
}

Result<AmendFields> ReadAmend(const Act& act) {
  SOVET_CHECK_OK(OnlyFields(act, {field::kDate, field::kEffective, field::kNumber,
                                  field::kReplaces, field::kCharterId, field::kCharterSha256,
                                  field::kText}));
  AmendFields fields;
  SOVET_TRY(std::string effective, TextOf(act, field::kEffective));
  Result<Date> parsed = Date::Parse(effective);
  if (!parsed) return Error(Bad(act, field::kEffective, "a date YYYY-MM-DD"));
  fields.effective = *parsed;
  SOVET_TRY(fields.number, IntOf(act, field::kNumber));
  SOVET_TRY(fields.replaces, HashOf(act, field::kReplaces));
  SOVET_TRY(fields.charter_id, TextOf(act, field::kCharterId));
  SOVET_TRY(fields.sha256, HashOf(act, field::kCharterSha256));
  SOVET_TRY(fields.text, TextOf(act, field::kText));
  return fields;
}

// The name the stored text's parse errors carry.
std::string TextName(std::int64_t number) {
  return fmt::format("charter.amend {} text", number);
}

Result<void> CheckShape(const Act& act) {
  SOVET_TRY(std::string date, TextOf(act, field::kDate));
  if (!Date::Parse(date)) return Error(Bad(act, field::kDate, "a date YYYY-MM-DD"));
  SOVET_TRY(AmendFields fields, ReadAmend(act));
  (void)fields;
  return {};
}

Result<void> ProjectAmend(const Entry& entry, ProjectionSql& sql) {
  static const std::vector<std::string> kColumns = {
      "number", "body", "date", "effective", "replaces", "charter_id", "charter_sha256", "seq"};
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(AmendFields fields, ReadAmend(act));
  return sql.Insert(schema::charter_amend::kTable, kColumns,
                    {fields.number, entry.body, entry.payload.at(field::kDate).text(),
                     fields.effective.ToString(), HexEncode(fields.replaces), fields.charter_id,
                     HexEncode(fields.sha256), entry.seq});
}

}  // namespace

Result<void> CheckCharterAct(const EngineState& state, const Charter& charter, const Act& act,
                             Date date) {
  if (act.kind != schema::charter_amend::kKind) {
    return Error(Bad(act, "kind", "charter.amend"));
  }
  SOVET_TRY(AmendFields fields, ReadAmend(act));
  // 001:146: amending the constitution is the Congress's alone — not the
  // Executive's between congresses.
  const std::string amending = AmendingBodyKind(charter);
  const std::string kind = act.body.substr(0, act.body.find(':'));
  if (amending.empty() || kind != amending) {
    return Error(Refused(
        act,
        fmt::format("{} may not amend the charter: only the {} does ({}; {}, 001:146)",
                    act.body.empty() ? std::string("an act of no body") : act.body,
                    amending.empty() ? std::string("congress") : amending,
                    charter.amendment.body.empty()
                        ? "the root congress, [amendment] body not set"
                        : fmt::format("[amendment] body = \"{}\"", charter.amendment.body),
                    charter.id),
        "body"));
  }
  if (state.body_index.count(act.body) == 0) {
    return Error(Refused(act,
                         fmt::format("{} is not created (body.create): the Congress that "
                                     "amends is a body of the journal",
                                     act.body),
                         "body"));
  }
  const std::vector<CharterAmendment>& done = state.charters.amendments();
  const auto next = static_cast<std::int64_t>(done.size()) + 1;
  if (fields.number != next) {
    const StatusCode code =
        fields.number < next ? StatusCode::kAlreadyExists : StatusCode::kInvalidInput;
    return Error(Status(code,
                        fmt::format("{}: amendments are numbered in order: the next is {}, not "
                                    "{} (another amendment was recorded first)",
                                    act.kind, next, fields.number),
                        SourceLocation{.field = field::kNumber}));
  }
  const Charter& latest = state.charters.Latest();
  if (HexEncode(fields.replaces) != latest.sha256_hex) {
    return Error(Refused(act,
                         fmt::format("it amends the charter of sha256 {}, but the latest charter "
                                     "is \"{}\" (sha256 {})",
                                     HexEncode(fields.replaces), latest.id, latest.sha256_hex),
                         field::kReplaces));
  }
  if (fields.effective < date) {
    return Error(Refused(act,
                         fmt::format("it takes effect on {}, before its own date {}: an "
                                     "amendment is not retroactive",
                                     fields.effective.ToString(), date.ToString()),
                         field::kEffective));
  }
  if (!done.empty() && fields.effective < done.back().effective) {
    return Error(Refused(
        act,
        fmt::format("it takes effect on {}, before amendment {} (in force from {}): amendments "
                    "take effect in the order they are recorded",
                    fields.effective.ToString(), done.back().number,
                    done.back().effective.ToString()),
        field::kEffective));
  }
  const std::string text_hash = Sha256(fields.text);
  if (text_hash != fields.sha256) {
    return Error(Refused(act,
                         fmt::format("the text's SHA-256 is {}, not the {} the act records",
                                     HexEncode(text_hash), HexEncode(fields.sha256)),
                         field::kCharterSha256));
  }
  if (HexEncode(text_hash) == latest.sha256_hex) {
    return Error(Refused(act, "the text is the charter already in force: nothing to amend",
                         field::kText));
  }
  Result<Charter> parsed = ParseCharter(fields.text, TextName(fields.number));
  if (!parsed) {
    return Error(Status(parsed.error().code(),
                        fmt::format("{}: the new charter does not load: {}", act.kind,
                                    parsed.error().ToString()),
                        parsed.error().where()));
  }
  if (parsed->id != fields.charter_id) {
    return Error(Refused(act,
                         fmt::format("the text's [charter] id is \"{}\", not \"{}\"", parsed->id,
                                     fields.charter_id),
                         field::kCharterId));
  }
  SOVET_CHECK_OK(CheckAmendable(latest, *parsed));
  return {};
}

void ApplyCharterAct(EngineState& state, const Act& act, Date date) {
  AmendFields fields = *ReadAmend(act);
  CharterAmendment amendment;
  amendment.number = fields.number;
  amendment.body = act.body;
  amendment.date = date;
  amendment.effective = fields.effective;
  amendment.replaces_hex = HexEncode(fields.replaces);
  amendment.charter =
      std::make_shared<const Charter>(*ParseCharter(fields.text, TextName(fields.number)));
  amendment.text = std::move(fields.text);
  state.charters.Add(std::move(amendment));
}

void AddCharterProjection(Projector& projector) {
  projector.AddTable(StateTable{
      .name = schema::charter_amend::kTable,
      .columns = "number BIGINT NOT NULL PRIMARY KEY, body TEXT NOT NULL, date TEXT NOT NULL, "
                 "effective TEXT NOT NULL, replaces TEXT NOT NULL, charter_id TEXT NOT NULL, "
                 "charter_sha256 TEXT NOT NULL, seq BIGINT NOT NULL",
      .order_by = "number"});
  projector.AddKind(schema::charter_amend::kKind, &CheckShape, &ProjectAmend);
}

}  // namespace engine
}  // namespace sovet
