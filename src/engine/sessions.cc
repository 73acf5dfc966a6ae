// The session.* family (sovet/council.h, sovet/sessions.h): convocation of
// congresses (001:144; SYSTEM.md §4 and §7.2), demands for an extraordinary
// session, the terms a session ends, what is due, and the history of the
// seats. Formats and lifecycle: doc/operating.md "Terms, sessions and what
// is due".
//
// Where the inhabitants come from. A demand for an extraordinary session is
// counted in inhabitants (001:144: "Soviets representing one third of the
// country"; SYSTEM.md §4: the union of the territories, nothing counted
// twice). The journal's `body.create` carries seats, not the census, so each
// session.demand records the census figures of the demanding body's unit
// (its inhabitants, kind, and the units it lies inside) and of the root unit
// — `sovet demand` reads them from the census the bodies were apportioned
// on. The engine checks them against the charter (the demanding body's kind
// sits in units of that kind and of those inhabitants: [[body]] units and
// when) and against the journal (the units it lies inside are its
// ancestors in the census tree the register recorded, register.units
// `parents`, when recorded; a unit's figures, once recorded, are fixed; a
// unit inside another holds no more inhabitants than it), so a forged share
// is refused by `verify` as by the command.
#include "sovet/apportion.h"
#include "sovet/sessions.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "engine/act_fields.h"
#include "engine/council.h"
#include "sovet/engine.h"

namespace sovet {

namespace {

namespace field = schema::council::field;
using engine_internal::Bad;
using engine_internal::Find;
using engine_internal::IntOf;
using engine_internal::TextOf;
using engine_internal::TextsOf;


const UnitKind* RootUnitKind(const Charter& charter) {
  for (const UnitKind& kind : charter.unit_kinds) {
    if (kind.parents.empty()) return &kind;
  }
  return nullptr;
}

// The bodies a body of `kind` elects that serve until it next meets (the
// executive of a congress: 001:148, 001:150; terms.executive).
std::vector<std::string> ExecutivesOf(const Charter& charter, const std::string& body) {
  std::vector<std::string> out;
  for (const BodyRule& rule : charter.bodies) {
    if (rule.elected_by && rule.elected_by->body == BodyKindOf(body)) {
      out.push_back(BodyId(rule.kind, BodyUnitOf(body)));
    }
  }
  return out;
}

// The sessions of `body`, in date order.
std::vector<const CouncilSession*> SessionsOf(const CouncilLedger& ledger,
                                              const std::string& body) {
  std::vector<const CouncilSession*> out;
  for (const CouncilSession& session : ledger.sessions) {
    if (session.body == body) out.push_back(&session);
  }
  return out;
}

// Whether a pending election (called or recorded, not verified) fills the seat.
bool ElectionPending(const CouncilLedger& ledger, const std::string& body, std::int64_t seat) {
  for (const auto& [id, election] : ledger.elections) {
    if (election.body != body || election.stage == CouncilElectionStage::kVerified) continue;
    if (election.seats.empty() ||
        std::find(election.seats.begin(), election.seats.end(), seat) != election.seats.end()) {
      return true;
    }
  }
  return false;
}

// Which seat rule governs a body's term (charter `terms`, SYSTEM.md §4).
std::string TermRule(const Charter& charter, const std::string& body) {
  const BodyRule* rule = charter.FindBody(BodyKindOf(body));
  if (rule != nullptr && rule->elected_by) {
    return fmt::format("terms.executive = \"{}\": until its congress next meets (001:148, 001:150; "
                       "SYSTEM.md §4)",
                       charter.terms.executive);
  }
  if (rule != nullptr && !rule->terms.empty()) {
    return fmt::format("terms.congress_delegate = \"{}\": a delegate serves for that congress "
                       "(SYSTEM.md §4)",
                       charter.terms.congress_delegate);
  }
  return fmt::format("terms.soviet_deputy_months = {} (001:150)",
                     charter.terms.soviet_deputy_months);
}

}  // namespace

const BodyRule* RootCongress(const Charter& charter) {
  const UnitKind* root = RootUnitKind(charter);
  if (root == nullptr) return nullptr;
  for (const BodyRule& rule : charter.bodies) {
    if (!rule.terms.empty() &&
        std::find(rule.units.begin(), rule.units.end(), root->name) != rule.units.end()) {
      return &rule;
    }
  }
  return nullptr;
}

DemandShare ShareOfDemands(const CouncilLedger& ledger, const Charter& charter,
                           const std::string& congress, const std::vector<std::string>& demanders) {
  DemandShare share;
  if (auto root = ledger.units.find(BodyUnitOf(congress)); root != ledger.units.end()) {
    share.total = root->second.inhabitants;
  }
  std::set<std::string> units;
  for (const std::string& body : demanders) units.insert(BodyUnitOf(body));
  for (const std::string& unit : units) {
    auto figures = ledger.units.find(unit);
    if (figures == ledger.units.end()) continue;
    // A unit inside another demander's unit adds nothing: its inhabitants
    // are already counted with that unit's.
    const bool inside = std::any_of(
        figures->second.within.begin(), figures->second.within.end(),
        [&](const std::string& outer) { return units.count(outer) != 0; });
    if (!inside) share.counted += figures->second.inhabitants;
  }
  const auto lhs = static_cast<__int128>(share.counted) * charter.convocation.extraordinary_share_den;
  const auto rhs = static_cast<__int128>(share.total) * charter.convocation.extraordinary_share_num;
  share.enough = share.total > 0 && lhs >= rhs;
  return share;
}

std::map<std::pair<std::string, std::int64_t>, SeatChange> HoldersOn(const CouncilLedger& ledger,
                                                                     const std::string& body,
                                                                     Date on) {
  std::map<std::pair<std::string, std::int64_t>, SeatChange> out;
  for (const SeatChange& change : ledger.history.changes) {
    if (on < change.on) break;  // changes are in date order (the date rule)
    if (!body.empty() && change.body != body) continue;
    if (change.person.empty()) {
      out.erase({change.body, change.seat});
    } else {
      out[{change.body, change.seat}] = change;
    }
  }
  return out;
}

std::vector<SeatChange> BodyHistory(const CouncilLedger& ledger, const std::string& body) {
  std::vector<SeatChange> out;
  for (const SeatChange& change : ledger.history.changes) {
    if (change.body == body) out.push_back(change);
  }
  return out;
}

std::vector<DueItem> DueOn(const EngineState& state, const Charter& charter, Date on) {
  const CouncilLedger& ledger = state.ledger;
  std::vector<DueItem> due;
  std::set<std::pair<std::string, std::int64_t>> refreshing;

  // Delegations to refresh before a convened session that has not opened
  // before `on`: the seats whose term the convocation ended on its opening
  // day and that no verified election has filled since (SYSTEM.md §4:
  // delegates serve for that congress; §7.2: delegations are fresh).
  std::map<std::string, const CouncilSession*> latest;
  for (const CouncilSession& session : ledger.sessions) latest[session.body] = &session;
  for (const auto& [body, session] : latest) {
    if (session->opens < on) continue;
    auto seats = ledger.bodies.find(body);
    if (seats == ledger.bodies.end()) continue;
    std::map<std::string, std::vector<std::int64_t>> by_sender;
    for (std::size_t i = 0; i < seats->second.seats.size(); ++i) {
      const auto& holder = seats->second.seats[i];
      if (!holder || !holder->term_ends || *holder->term_ends != session->opens) continue;
      // A delegate's sending body re-elects; a seat without one, the body.
      by_sender[holder->source_body.empty() ? body : holder->source_body].push_back(static_cast<std::int64_t>(i) + 1);
      refreshing.insert({body, static_cast<std::int64_t>(i) + 1});
    }
    for (auto& [sender, list] : by_sender) {
      due.push_back(DueItem{
          .what = "delegation",
          .body = sender,
          .seats = std::move(list),
          .by = session->opens,
          .rule = TermRule(charter, body),
          .detail = fmt::format("its delegation to {} before the session opening {}", body,
                                session->opens.ToString())});
    }
  }

  // Seats whose term ends on or before `on`.
  for (const auto& [body, seats] : ledger.bodies) {
    std::vector<std::int64_t> list;
    Date by = on;
    for (std::size_t i = 0; i < seats.seats.size(); ++i) {
      const auto seat = static_cast<std::int64_t>(i) + 1;
      const auto& holder = seats.seats[i];
      if (!holder || !holder->term_ends || on < *holder->term_ends) continue;
      if (refreshing.count({body, seat}) != 0 || ElectionPending(ledger, body, seat)) continue;
      if (list.empty() || *holder->term_ends < by) by = *holder->term_ends;
      list.push_back(seat);
    }
    if (list.empty()) continue;
    due.push_back(DueItem{.what = "election",
                          .body = body,
                          .seats = std::move(list),
                          .by = by,
                          .rule = TermRule(charter, body),
                          .detail = "the term of these seats has ended"});
  }

  // Regular sessions of the root congress: congress_sessions_per_year per
  // calendar year (001:144 "at least twice a year"; SYSTEM.md §4: per
  // calendar year), each in its part of the year — with 2, each half.
  const BodyRule* root = RootCongress(charter);
  const std::int64_t per_year = charter.convocation.congress_sessions_per_year;
  for (const std::string& body : state.body_ids) {
    if (root != nullptr && per_year > 0 && BodyKindOf(body) == root->kind) {
      const std::int64_t part = (on.month() - 1) * per_year / 12;
      int first = 12;
      int last = 1;
      for (int month = 1; month <= 12; ++month) {
        if ((month - 1) * per_year / 12 != part) continue;
        first = std::min(first, month);
        last = std::max(last, month);
      }
      if (first > last) continue;  // more sessions than months: no month-long part
      const Date start = *Date::FromCivil(on.year(), first, 1);
      const Date end = *Date::FromCivil(on.year(), last, DaysInMonth(on.year(), last));
      bool met = false;
      for (const CouncilSession* session : SessionsOf(ledger, body)) {
        if (!session->extraordinary && start <= session->opens && session->opens <= end) met = true;
      }
      if (!met) {
        due.push_back(DueItem{
            .what = "regular_session",
            .body = body,
            .by = end,
            .rule = fmt::format("convocation.congress_sessions_per_year = {} (001:144; SYSTEM.md "
                                "§4: per calendar year)",
                                per_year),
            .detail = fmt::format("no regular session opens between {} and {}", start.ToString(),
                                  end.ToString())});
      }
      continue;
    }
    const LocalConvocation* local = charter.convocation.LocalFor(BodyKindOf(body));
    if (local == nullptr) continue;
    const std::int64_t months =
        local->every_soviet_term ? charter.terms.soviet_deputy_months : local->months;
    const std::vector<const CouncilSession*> sessions = SessionsOf(ledger, body);
    const auto count = static_cast<std::int64_t>(sessions.size());
    const std::string rule = fmt::format(
        "[[convocation.local]] sessions = {}, months = {}{} ({})", local->sessions, months,
        local->before.empty() ? "" : fmt::format(", before = \"{}\"", local->before), local->cite);
    if (local->sessions > 0) {
      const Date by = count < local->sessions
                          ? on
                          : sessions[static_cast<std::size_t>(count - local->sessions)]
                                ->opens.AddMonths(months);
      if (by <= on) {
        due.push_back(DueItem{
            .what = "regular_session",
            .body = body,
            .by = by,
            .rule = rule,
            .detail = fmt::format("at least {} session(s) in every {} months", local->sessions,
                                  months)});
        continue;
      }
    }
    // Before each session of the `before` kind not yet opened: once since
    // that session was convened, so that the delegations it sends are fresh.
    if (local->before.empty()) continue;
    for (const auto& [other, session] : latest) {
      if (BodyKindOf(other) != local->before || session->opens < on) continue;
      bool met = false;
      for (const CouncilSession* own : sessions) {
        if (session->convened <= own->opens && own->opens < session->opens) met = true;
      }
      if (!met) {
        due.push_back(DueItem{
            .what = "regular_session",
            .body = body,
            .by = session->opens.AddDays(-1),
            .rule = rule,
            .detail = fmt::format("a session before {} opens on {}", other,
                                  session->opens.ToString())});
      }
    }
  }

  // Extraordinary sessions demanded by enough (001:144).
  for (const auto& [body, demands] : ledger.demands) {
    if (demands.empty()) continue;
    std::vector<std::string> demanders;
    Date by = demands.begin()->second;
    for (const auto& [demander, date] : demands) {
      demanders.push_back(demander);
      by = std::max(by, date);
    }
    const DemandShare share = ShareOfDemands(ledger, charter, body, demanders);
    if (!share.enough) continue;
    due.push_back(DueItem{
        .what = "extraordinary_session",
        .body = body,
        .by = by,
        .rule = fmt::format("convocation.extraordinary_share_num/den = {}/{} (001:144)",
                            charter.convocation.extraordinary_share_num,
                            charter.convocation.extraordinary_share_den),
        .detail = fmt::format("demanded by {} bodies holding {} of {} {}", demanders.size(),
                              share.counted, share.total, charter.inhabitants_label)});
  }

  // Recall votes whose petition reached its threshold (001:152).
  for (const auto& [id, petition] : ledger.petitions) {
    if (petition.stage != PetitionStage::kVoteDue) continue;
    due.push_back(DueItem{
        .what = "recall_vote",
        .body = petition.body,
        .seats = {petition.seat},
        .person = petition.person,
        .by = on,
        .rule = fmt::format("recall.petition_num/den = {}/{} (001:152)",
                            charter.recall.petition_num, charter.recall.petition_den),
        .detail = fmt::format("petition {} reached its threshold", id)});
  }

  // Vacant seats no pending election fills (001:152: fresh elections).
  for (const auto& [body, seats] : ledger.bodies) {
    std::vector<std::int64_t> list;
    for (std::size_t i = 0; i < seats.seats.size(); ++i) {
      const auto seat = static_cast<std::int64_t>(i) + 1;
      if (!seats.seats[i] && !ElectionPending(ledger, body, seat)) list.push_back(seat);
    }
    if (list.empty()) continue;
    due.push_back(DueItem{.what = "by_election",
                          .body = body,
                          .seats = std::move(list),
                          .by = on,
                          .rule = fmt::format("recall.by_election_at_once = {} (001:152)",
                                              charter.recall.by_election_at_once),
                          .detail = "vacant seats"});
  }

  std::stable_sort(due.begin(), due.end(), [](const DueItem& a, const DueItem& b) {
    return std::tie(a.by, a.what, a.body) < std::tie(b.by, b.what, b.body);
  });
  return due;
}

namespace engine {
namespace {

Status Refused(const Act& act, const char* field_name, std::string message) {
  return Status::InvalidInput(fmt::format("{} {}: {}", act.kind, act.body, message),
                              SourceLocation{.field = field_name});
}

Result<Date> DateField(const Act& act, const char* name) {
  SOVET_TRY(std::string text, TextOf(act, name));
  Result<Date> date = Date::Parse(text);
  if (!date) return Error(Bad(act, name, "a date YYYY-MM-DD"));
  return *date;
}

Result<void> CheckBodyExists(const EngineState& state, const Act& act, const char* name,
                             const std::string& body) {
  if (state.FindBody(body) < 0) {
    return Error(Refused(act, name,
                         fmt::format("body \"{}\" is not created (body.create): sessions are of "
                                     "the journal's bodies",
                                     body)));
  }
  return {};
}

Result<void> CheckDemand(const EngineState& state, const Charter& charter, const Act& act) {
  const CouncilLedger& ledger = state.ledger;
  SOVET_CHECK_OK(CheckBodyExists(state, act, "body", act.body));
  const BodyRule* root = RootCongress(charter);
  if (root == nullptr || BodyKindOf(act.body) != root->kind) {
    return Error(Refused(
        act, "body",
        fmt::format("an extraordinary session is demanded of the root congress ({}), not of a "
                    "{} (001:144; charter [convocation] extraordinary_share_num/den)",
                    root == nullptr ? "none in this charter" : root->kind, BodyKindOf(act.body))));
  }
  SOVET_TRY(std::string by, TextOf(act, field::kBy));
  SOVET_CHECK_OK(CheckBodyExists(state, act, field::kBy, by));
  if (by == act.body) {
    return Error(Refused(act, field::kBy, "a congress does not demand its own session"));
  }
  if (auto standing = ledger.demands.find(act.body);
      standing != ledger.demands.end() && standing->second.count(by) != 0) {
    return Error(Status::AlreadyExists(
        fmt::format("{} {}: {} already demands an extraordinary session (dated {}); a demand "
                    "stands until the session is convened",
                    act.kind, act.body, by, standing->second.at(by).ToString()),
        SourceLocation{.field = field::kBy}));
  }
  SOVET_TRY(std::int64_t inhabitants, IntOf(act, field::kInhabitants));
  SOVET_TRY(std::int64_t root_inhabitants, IntOf(act, field::kRootInhabitants));
  SOVET_TRY(std::string unit_kind, TextOf(act, field::kUnitKind));
  SOVET_TRY(std::vector<std::string> within,
            TextsOf(act, field::kWithin, engine_internal::kAnySize));
  const std::string root_unit = BodyUnitOf(act.body);
  const std::string unit = BodyUnitOf(by);
  if (root_inhabitants <= 0 || inhabitants < 0 || inhabitants > root_inhabitants) {
    return Error(Refused(act, field::kInhabitants,
                         fmt::format("{} {} of {} (root {}): a unit holds from 0 to the root "
                                     "unit's {}",
                                     inhabitants, charter.inhabitants_label, unit,
                                     root_inhabitants, charter.inhabitants_label)));
  }
  // Against the charter: the body's kind sits in units of this kind and size.
  const BodyRule* rule = charter.FindBody(BodyKindOf(by));
  if (rule == nullptr ||
      std::find(rule->units.begin(), rule->units.end(), unit_kind) == rule->units.end()) {
    return Error(Refused(act, field::kUnitKind,
                         fmt::format("a {} does not sit in a unit of kind \"{}\" (charter "
                                     "[[body]] units): the figures are not of the census the "
                                     "bodies were apportioned on",
                                     BodyKindOf(by), unit_kind)));
  }
  if (!rule->when.Holds(inhabitants)) {
    return Error(Refused(act, field::kInhabitants,
                         fmt::format("a {} sits only in units whose {} meet its [[body]] `when` "
                                     "condition, and {} has {}: the figures are not of the census "
                                     "the bodies were apportioned on",
                                     BodyKindOf(by), charter.inhabitants_label, unit, inhabitants)));
  }
  if (within.empty() || within.front() != root_unit ||
      std::find(within.begin(), within.end(), unit) != within.end() ||
      std::set<std::string>(within.begin(), within.end()).size() != within.size()) {
    return Error(Refused(act, field::kWithin,
                         fmt::format("the units {} lies inside, from the root unit \"{}\" down, "
                                     "each once",
                                     unit, root_unit)));
  }
  // Against the journal's census tree, when the register recorded it
  // (register.units `parents`): `within` is the unit's chain of ancestors.
  if (const std::int32_t known = state.roll.FindTreeUnit(unit); known >= 0) {
    std::vector<std::string> chain;
    bool complete = true;
    for (std::int32_t up = known; complete;) {
      if (!state.roll.HasParent(up)) complete = false;
      up = complete ? state.roll.Parent(up) : -1;
      if (up < 0) break;
      chain.insert(chain.begin(), state.roll.UnitId(up));
    }
    if (complete && chain != within) {
      return Error(Refused(act, field::kWithin,
                           fmt::format("the register's census tree puts {} inside [{}], not [{}] "
                                       "(register.units parents)",
                                       unit, fmt::join(chain, ", "), fmt::join(within, ", "))));
    }
  }
  // Against the journal: figures once recorded are fixed.
  if (auto known = ledger.units.find(root_unit);
      known != ledger.units.end() && known->second.inhabitants != root_inhabitants) {
    return Error(Refused(act, field::kRootInhabitants,
                         fmt::format("{} has {} {} by an earlier demand, not {}: the census the "
                                     "bodies were apportioned on is one",
                                     root_unit, known->second.inhabitants,
                                     charter.inhabitants_label, root_inhabitants)));
  }
  if (auto known = ledger.units.find(unit); known != ledger.units.end()) {
    if (known->second.inhabitants != inhabitants || known->second.kind != unit_kind ||
        known->second.within != within) {
      return Error(Refused(act, field::kInhabitants,
                           fmt::format("{}'s figures differ from those an earlier demand "
                                       "recorded ({} {}): the census the bodies were apportioned "
                                       "on is one",
                                       unit, known->second.inhabitants,
                                       charter.inhabitants_label)));
    }
  }
  for (const auto& [other, figures] : ledger.units) {
    const bool outer = std::find(within.begin(), within.end(), other) != within.end();
    const bool inner =
        std::find(figures.within.begin(), figures.within.end(), unit) != figures.within.end();
    if ((outer && figures.inhabitants < inhabitants) ||
        (inner && figures.inhabitants > inhabitants)) {
      return Error(Refused(act, field::kInhabitants,
                           fmt::format("{} ({} {}) and {} ({}): a unit inside another holds no "
                                       "more {} than it",
                                       unit, inhabitants, charter.inhabitants_label, other,
                                       figures.inhabitants, charter.inhabitants_label)));
    }
  }
  return {};
}

Result<void> CheckConvene(const EngineState& state, const Charter& charter, const Act& act,
                          Date date) {
  const CouncilLedger& ledger = state.ledger;
  SOVET_CHECK_OK(CheckBodyExists(state, act, "body", act.body));
  const BodyRule* root = RootCongress(charter);
  const bool is_root = root != nullptr && BodyKindOf(act.body) == root->kind;
  if (!is_root && charter.convocation.LocalFor(BodyKindOf(act.body)) == nullptr) {
    return Error(Refused(act, "body",
                         fmt::format("a {} is not convened: the charter gives sessions to the "
                                     "root congress ([convocation], 001:144) and to the kinds of "
                                     "[[convocation.local]]",
                                     BodyKindOf(act.body))));
  }
  SOVET_TRY(Date opens, DateField(act, field::kOpens));
  if (opens < date) {
    return Error(Refused(act, field::kOpens,
                         fmt::format("a session is convened on or before the day it opens, not "
                                     "after ({} < {})",
                                     opens.ToString(), date.ToString())));
  }
  for (const CouncilSession* session : SessionsOf(ledger, act.body)) {
    if (opens <= session->opens) {
      return Error(Status::AlreadyExists(
          fmt::format("{} {}: a session opening {} is already convened; sessions of a body open "
                      "in date order, one a day",
                      act.kind, act.body, session->opens.ToString()),
          SourceLocation{.field = field::kOpens}));
    }
  }
  SOVET_TRY(std::string kind, TextOf(act, field::kSession));
  if (kind == "regular") {
    // A regular session beyond convocation.congress_sessions_per_year in a
    // part of the year is lawful: the key is a minimum (001:144 "at least").
    if (Find(act, field::kInitiative) != nullptr) {
      return Error(Bad(act, field::kInitiative, "no initiative for a regular session"));
    }
    return {};
  }
  if (kind != "extraordinary") return Error(Bad(act, field::kSession, "regular or extraordinary"));
  if (!is_root) {
    return Error(Refused(act, field::kSession,
                         fmt::format("only the root congress meets in extraordinary session "
                                     "(001:144); a {} meets by its [[convocation.local]] rule",
                                     BodyKindOf(act.body))));
  }
  SOVET_TRY(std::string initiative, TextOf(act, field::kInitiative));
  if (initiative == "executive") {
    SOVET_TRY(std::string by, TextOf(act, field::kBy));
    const std::vector<std::string> executives = ExecutivesOf(charter, act.body);
    if (std::find(executives.begin(), executives.end(), by) == executives.end()) {
      return Error(Refused(act, field::kBy,
                           fmt::format("\"{}\" is not the executive of {} ({}): an extraordinary "
                                       "session is convened on the Executive's own initiative "
                                       "(001:144)",
                                       by, act.body, fmt::join(executives, ", "))));
    }
    SOVET_CHECK_OK(CheckBodyExists(state, act, field::kBy, by));
    return {};
  }
  if (initiative != "demands") return Error(Bad(act, field::kInitiative, "executive or demands"));
  SOVET_TRY(std::vector<std::string> named,
            TextsOf(act, field::kDemandedBy, engine_internal::kAnySize));
  std::vector<std::string> standing;
  if (auto found = ledger.demands.find(act.body); found != ledger.demands.end()) {
    for (const auto& [body, when] : found->second) standing.push_back(body);
  }
  std::vector<std::string> sorted = named;
  std::sort(sorted.begin(), sorted.end());
  if (sorted != standing) {
    return Error(Refused(act, field::kDemandedBy,
                         fmt::format("the demands on record are [{}], not [{}]: a session on "
                                     "demand is convened on every standing demand (session.demand)",
                                     fmt::join(standing, ", "), fmt::join(named, ", "))));
  }
  const DemandShare share = ShareOfDemands(ledger, charter, act.body, standing);
  if (!share.enough) {
    return Error(Refused(
        act, field::kDemandedBy,
        fmt::format("the demanding bodies' territories hold {} of {} {} (each unit once, a unit "
                    "inside another's not again); at least {}/{} is needed (001:144; charter "
                    "convocation.extraordinary_share_num/den)",
                    share.counted, share.total, charter.inhabitants_label,
                    charter.convocation.extraordinary_share_num,
                    charter.convocation.extraordinary_share_den)));
  }
  return {};
}

// Ends at `opens` the terms that end when the body next meets: its own
// seats (delegates serve for that congress) and its executives' (until the
// congress next meets; SYSTEM.md §4).
void EndTermsAt(EngineState& state, const Charter& charter, const std::string& body, Date opens) {
  std::vector<std::string> bodies = ExecutivesOf(charter, body);
  bodies.push_back(body);
  for (const std::string& id : bodies) {
    auto seats = state.ledger.bodies.find(id);
    if (seats == state.ledger.bodies.end()) continue;
    for (auto& holder : seats->second.seats) {
      if (holder && (!holder->term_ends || opens < *holder->term_ends)) holder->term_ends = opens;
    }
  }
}

// Compares one seat with the holder last seen; records a change and
// follows the seats that stood on it.
void ObserveSeat(EngineState& state, const std::string& body, std::int64_t seat, const Act& act,
                 Date date, const std::string& cause, int depth) {
  SeatHistory& history = state.ledger.history;
  auto& seen = history.seen[body];
  std::pair<std::string, std::string> now;
  const SeatHolder* holder = nullptr;
  if (auto seats = state.ledger.bodies.find(body); seats != state.ledger.bodies.end() &&
                                                    seat <= static_cast<std::int64_t>(
                                                                seats->second.seats.size())) {
    if (const auto& held = seats->second.seats[static_cast<std::size_t>(seat - 1)]) {
      holder = &*held;
      now = {held->person, held->election};
    }
  }
  if (static_cast<std::int64_t>(seen.size()) < seat) seen.resize(static_cast<std::size_t>(seat));
  auto& before = seen[static_cast<std::size_t>(seat - 1)];
  if (before == now) return;
  const bool lost = !before.first.empty();
  before = now;
  history.changes.push_back(SeatChange{.body = body,
                                       .seat = seat,
                                       .on = date,
                                       .person = now.first,
                                       .election = now.second,
                                       .act = act.kind,
                                       .cause = cause});
  if (holder != nullptr && !holder->source_body.empty()) {
    history.standing_on[{holder->source_body, holder->source_seat}].push_back({body, seat});
  }
  if (!lost || depth > 64) return;
  auto above = history.standing_on.find({body, seat});
  if (above == history.standing_on.end()) return;
  const auto list = above->second;
  for (const auto& [upper, upper_seat] : list) {
    ObserveSeat(state, upper, upper_seat, act, date, cause, depth + 1);
  }
}

}  // namespace

void ObserveCouncilSeats(EngineState& state, const Act& act, Date date) {
  // The many acts that never change a seat's holder are not compared (a
  // signature, a nomination, a count, a demand): the seats change by
  // verification, recall votes, and what they cascade to.
  if (act.kind == schema::council::kRecallSignKind ||
      act.kind == schema::council::kElectionNominateKind ||
      act.kind == schema::council::kElectionRecordKind ||
      act.kind == schema::council::kDemandKind) {
    return;
  }
  std::set<std::string> bodies{act.body};
  std::string cause = act.body;
  if (const Value* election = Find(act, "election"); election != nullptr && election->is_text()) {
    cause += " " + election->text();
    if (auto found = state.ledger.elections.find(election->text());
        found != state.ledger.elections.end()) {
      bodies.insert(found->second.body);
    }
  }
  if (const Value* petition = Find(act, "petition"); petition != nullptr && petition->is_text()) {
    cause += " " + petition->text();
    if (auto found = state.ledger.petitions.find(petition->text());
        found != state.ledger.petitions.end()) {
      bodies.insert(found->second.body);
    }
  }
  for (const std::string& body : bodies) {
    auto seats = state.ledger.bodies.find(body);
    std::size_t count = seats == state.ledger.bodies.end() ? 0 : seats->second.seats.size();
    if (auto seen = state.ledger.history.seen.find(body); seen != state.ledger.history.seen.end()) {
      count = std::max(count, seen->second.size());
    }
    for (std::size_t i = 0; i < count; ++i) {
      ObserveSeat(state, body, static_cast<std::int64_t>(i) + 1, act, date, cause, 0);
    }
  }
}

Result<void> CheckSessionAct(const EngineState& state, const Charter& charter, const Act& act,
                             Date date) {
  if (act.kind == schema::council::kDemandKind) return CheckDemand(state, charter, act);
  if (act.kind == schema::council::kConveneKind) return CheckConvene(state, charter, act, date);
  return Error(Status::InvalidInput(
      fmt::format("{}: not an act kind of this sovet (session.convene, session.demand)", act.kind),
      SourceLocation{.field = "kind"}));
}

void ApplySessionAct(EngineState& state, const Charter& charter, const Act& act, Date date) {
  CouncilLedger& ledger = state.ledger;
  if (act.kind == schema::council::kDemandKind) {
    const std::string by = act.fields.at(field::kBy).text();
    ledger.demands[act.body][by] = date;
    UnitFigures figures{.inhabitants = act.fields.at(field::kInhabitants).integer(),
                        .kind = act.fields.at(field::kUnitKind).text(),
                        .within = {}};
    for (const Value& unit : act.fields.at(field::kWithin).list()) {
      figures.within.push_back(unit.text());
    }
    ledger.units[BodyUnitOf(by)] = std::move(figures);
    const UnitKind* root = RootUnitKind(charter);
    ledger.units[BodyUnitOf(act.body)] =
        UnitFigures{.inhabitants = act.fields.at(field::kRootInhabitants).integer(),
                    .kind = root == nullptr ? std::string() : root->name,
                    .within = {}};
    return;
  }
  const Date opens = *Date::Parse(act.fields.at(field::kOpens).text());
  CouncilSession session{.body = act.body,
                         .opens = opens,
                         .extraordinary = act.fields.at(field::kSession).text() == "extraordinary",
                         .demanded_by = {},
                         .convened = date,
                         .by = {}};
  if (const Value* by = Find(act, field::kBy); by != nullptr && by->is_text()) {
    session.by = by->text();
  }
  if (const Value* named = Find(act, field::kDemandedBy); named != nullptr && named->is_list()) {
    for (const Value& body : named->list()) session.demanded_by.push_back(body.text());
    ledger.demands.erase(act.body);
  }
  ledger.sessions.push_back(std::move(session));
  EndTermsAt(state, charter, act.body, opens);
}

namespace {

template <typename T>
Result<void> Ok(const Result<T>& read) {
  if (!read) return Error(read.error());
  return {};
}

// The shape of a session act before it is appended (the rules are the
// engine's: CheckSessionAct).
Result<void> CheckForm(const Act& act) {
  SOVET_CHECK_OK(Ok(TextOf(act, field::kDate)));
  if (act.kind == schema::council::kDemandKind) {
    SOVET_CHECK_OK(Ok(TextOf(act, field::kBy)));
    SOVET_CHECK_OK(Ok(IntOf(act, field::kInhabitants)));
    SOVET_CHECK_OK(Ok(IntOf(act, field::kRootInhabitants)));
    SOVET_CHECK_OK(Ok(TextOf(act, field::kUnitKind)));
    return Ok(TextsOf(act, field::kWithin, engine_internal::kAnySize));
  }
  SOVET_CHECK_OK(Ok(TextOf(act, field::kOpens)));
  SOVET_CHECK_OK(Ok(TextOf(act, field::kSession)));
  if (Find(act, field::kBy) != nullptr) SOVET_CHECK_OK(Ok(TextOf(act, field::kBy)));
  if (Find(act, field::kInitiative) != nullptr) {
    SOVET_CHECK_OK(Ok(TextOf(act, field::kInitiative)));
  }
  if (Find(act, field::kDemandedBy) != nullptr) {
    SOVET_CHECK_OK(Ok(TextsOf(act, field::kDemandedBy, engine_internal::kAnySize)));
  }
  return {};
}

std::string TextOr(const Entry& entry, const char* name) {
  auto found = entry.payload.find(name);
  return found != entry.payload.end() && found->second.is_text() ? found->second.text()
                                                                   : std::string();
}

// Two operators may check the same act against the same state and append
// it at once; the journal's writer orders them, and the second finds the
// first's row here: a clear conflict (exit 2), its entry not committed.
Result<void> RefuseRepeat(ProjectionSql& sql, const Entry& entry, const char* table,
                          const char* column, const std::string& value, const std::string& what) {
  SOVET_TRY(auto rows, sql.Query(fmt::format("SELECT seq FROM {{p}}{} WHERE body = $1 AND {} = $2",
                                             table, column),
                                 {entry.body, value}));
  if (!rows.empty()) {
    return Error(Status::AlreadyExists(fmt::format(
        "{} {}: {} is already recorded (entry {}), by another operator at the same time; "
        "nothing written",
        entry.kind, entry.body, what, std::get<std::int64_t>(rows.front().front()))));
  }
  return {};
}

Result<void> ApplyConveneRow(const Entry& entry, ProjectionSql& sql) {
  SOVET_CHECK_OK(RefuseRepeat(sql, entry, schema::council::table::kSessions, "opens",
                              TextOr(entry, field::kOpens),
                              "a session opening " + TextOr(entry, field::kOpens)));
  std::string demanded;
  if (auto found = entry.payload.find(field::kDemandedBy);
      found != entry.payload.end() && found->second.is_list()) {
    for (const Value& body : found->second.list()) {
      if (!demanded.empty()) demanded += ",";
      demanded += body.text();
    }
    SOVET_CHECK_OK(sql.Exec(
        fmt::format("DELETE FROM {{p}}{} WHERE body = $1", schema::council::table::kDemands),
        {entry.body}));
  }
  return sql.Exec(
      fmt::format("INSERT INTO {{p}}{} (body, opens, convened, session, initiative, by_body, "
                  "demanded_by, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                  schema::council::table::kSessions),
      {entry.body, TextOr(entry, field::kOpens), TextOr(entry, field::kDate),
       TextOr(entry, field::kSession), TextOr(entry, field::kInitiative),
       TextOr(entry, field::kBy), demanded, entry.seq});
}

Result<void> ApplyDemandRow(const Entry& entry, ProjectionSql& sql) {
  SOVET_CHECK_OK(RefuseRepeat(sql, entry, schema::council::table::kDemands, "by_body",
                              TextOr(entry, field::kBy), "the demand of " + TextOr(entry, field::kBy)));
  return sql.Exec(fmt::format("INSERT INTO {{p}}{} (body, by_body, date, seq) VALUES ($1, $2, $3, "
                              "$4)",
                              schema::council::table::kDemands),
                  {entry.body, TextOr(entry, field::kBy), TextOr(entry, field::kDate), entry.seq});
}

}  // namespace

void AddSessionProjection(Projector& projector) {
  projector.AddTable(StateTable{
      .name = schema::council::table::kSessions,
      .columns = "body TEXT NOT NULL, opens TEXT NOT NULL, convened TEXT NOT NULL, session TEXT "
                 "NOT NULL, initiative TEXT NOT NULL, by_body TEXT NOT NULL, demanded_by TEXT NOT "
                 "NULL, seq BIGINT NOT NULL, PRIMARY KEY (body, opens)",
      .order_by = "body, opens"});
  projector.AddTable(StateTable{
      .name = schema::council::table::kDemands,
      .columns = "body TEXT NOT NULL, by_body TEXT NOT NULL, date TEXT NOT NULL, seq BIGINT NOT "
                 "NULL, PRIMARY KEY (body, by_body)",
      .order_by = "body, by_body"});
  projector.AddKind(schema::council::kConveneKind, &CheckForm, &ApplyConveneRow);
  projector.AddKind(schema::council::kDemandKind, &CheckForm, &ApplyDemandRow);
}

}  // namespace engine
}  // namespace sovet
