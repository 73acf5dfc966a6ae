#include "server/pages.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <mstch/mstch.hpp>
#include <mutex>
#include <tuple>

#include "base/text.h"
#include "journal/act_input.h"
#include "server/embedded.h"
#include "server/hemicycle.h"
#include "server/html.h"

namespace sovet::server {
namespace {

using nlohmann::json;

std::string Template(std::string_view name) {
  const EmbeddedFile* file = FindEmbedded(fmt::format("templates/{}.mustache", name));
  return file == nullptr ? std::string() : std::string(file->content);
}

const std::map<std::string, std::string>& Partials() {
  static const std::map<std::string, std::string> partials = {{"header", Template("header")},
                                                              {"footer", Template("footer")}};
  return partials;
}

std::string Render(std::string_view name, const mstch::map& context) {
  static std::mutex mutex;
  static std::map<std::string, std::string, std::less<>> templates;
  const std::string* text;
  {
    std::lock_guard lock(mutex);
    auto it = templates.find(name);
    if (it == templates.end()) it = templates.emplace(std::string(name), Template(name)).first;
    text = &it->second;
  }
  return mstch::render(*text, context, Partials());
}

std::string Num(std::int64_t value) { return GroupThousands(value); }

// A path segment for an href: unreserved characters and ':' as they are,
// everything else percent-encoded (mstch then escapes the attribute).
std::string PathSegment(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string BodyHref(const std::string& body) { return "/bodies/" + PathSegment(body); }
std::string TraceHref(const std::string& body, std::int64_t seat) {
  return fmt::format("/trace/{}/{}", PathSegment(body), seat);
}
std::string EntryHref(std::int64_t seq) { return fmt::format("/journal/{}", seq); }
std::string PersonHref(std::int64_t person) { return fmt::format("/persons/{}", person); }
std::string ElectionHref(std::int64_t seq) { return fmt::format("/elections/{}", seq); }
std::string KindOf(const std::string& body) { return body.substr(0, body.find(':')); }
std::string Words(std::string text) {
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

// A member's, link's or count's slate as the record names it (report and
// trace give `slate_name` beside the key).
std::string SlateLabel(const json& item) {
  return item.value("slate_name", Words(item.at("faction").get<std::string>()));
}

// Colours by place in the record's slate order (and the comparison's list
// order): the record, not this file, says what the slates are.
std::string SlateColor(std::size_t rank) {
  static const char* kPalette[] = {"#c62828", "#ef6c00", "#2e7d32", "#f9a825",
                                   "#1565c0", "#6a1b9a", "#757575", "#00838f",
                                   "#ad1457", "#4e342e", "#558b2f", "#283593"};
  return kPalette[rank % std::size(kPalette)];
}

struct Chart {
  std::string svg;
  mstch::array legend;
};

Chart ChartOf(std::vector<HemicycleGroup> groups, const std::string& label) {
  Chart chart;
  chart.svg = RenderHemicycle(groups, label);
  for (const HemicycleGroup& group : groups) {
    if (group.seats.empty()) continue;
    chart.legend.push_back(
        mstch::map{{"label", group.label},
                   {"color", group.color},
                   {"count", Num(static_cast<std::int64_t>(group.seats.size()))}});
  }
  return chart;
}

// The chart of a body's members, grouped by slate in the record's order
// (the report's `slates`), any other key after them alphabetically.
Chart BodyChart(const json& report) {
  std::map<std::string, std::size_t> rank_of;
  if (report.contains("slates")) {
    for (const json& slate : report.at("slates")) {
      rank_of.emplace(slate.at("slate").get<std::string>(), rank_of.size());
    }
  }
  std::map<std::pair<std::size_t, std::string>, HemicycleGroup> by_slate;
  for (const json& member : report.at("members")) {
    const std::string key = member.at("faction").get<std::string>();
    auto ranked = rank_of.find(key);
    const std::size_t rank = ranked != rank_of.end() ? ranked->second : rank_of.size();
    HemicycleGroup& group = by_slate[{rank, key}];
    if (group.label.empty()) {
      group.label = SlateLabel(member);
      group.color =
          SlateColor(ranked != rank_of.end() ? rank : rank + std::hash<std::string>{}(key) % 5);
    }
    std::string title = fmt::format("Seat {}: {} ({})", member.at("seat").get<std::int64_t>(),
                                    member.at("name").get<std::string>(), group.label);
    group.seats.push_back({std::move(title)});
  }
  std::vector<HemicycleGroup> groups;
  for (auto& [key, group] : by_slate) groups.push_back(std::move(group));
  return ChartOf(std::move(groups), report.at("body").get<std::string>());
}

// The comparison count's name as its entry records it (entries written
// before it did were all of the Constituent Assembly).
std::string ComparisonName(const Entry& entry) {
  auto name = entry.payload.find("name");
  return name != entry.payload.end() && name->second.is_text() && !name->second.text().empty()
             ? name->second.text()
             : "Constituent Assembly";
}

// The comparison count's seats by list, from its journal entry.
std::optional<Chart> AssemblyChart(const Entry& entry) {
  const Value* lists = entry.payload.count("lists") ? &entry.payload.at("lists") : nullptr;
  const Value* won = entry.payload.count("won") ? &entry.payload.at("won") : nullptr;
  if (lists == nullptr || won == nullptr || !lists->is_list() || !won->is_list() ||
      lists->list().size() != won->list().size()) {
    return std::nullopt;
  }
  std::vector<HemicycleGroup> groups;
  for (std::size_t idx = 0; idx < lists->list().size(); ++idx) {
    const Value& name = lists->list()[idx];
    const Value& seats = won->list()[idx];
    if (!name.is_text() || !seats.is_integer() || seats.integer() < 0 || seats.integer() > 100000) {
      return std::nullopt;
    }
    HemicycleGroup group{.label = name.text(), .color = SlateColor(idx)};
    for (std::int64_t seat = 0; seat < seats.integer(); ++seat) {
      group.seats.push_back({fmt::format("{}", name.text())});
    }
    groups.push_back(std::move(group));
  }
  return ChartOf(std::move(groups), ComparisonName(entry));
}

mstch::map EntryRow(const Entry& entry) {
  return mstch::map{{"seq", std::to_string(entry.seq)},
                    {"href", EntryHref(entry.seq)},
                    {"time", journal::FormatTimeNs(entry.time_ns)},
                    {"kind", entry.kind},
                    {"body", entry.body},
                    {"has_body", !entry.body.empty()},
                    {"body_href", BodyHref(entry.body)},
                    {"hash", HexEncode(entry.hash)},
                    {"sealed", entry.sealed},
                    {"signature", HexEncode(entry.signature)}};
}

// JSON indented for reading, with lists of plain values (the candidates,
// the votes of an election) kept on one line each.
void PrettyJson(const json& value, int depth, std::string& out) {
  const std::string pad(2 * (depth + 1), ' ');
  if (value.is_object() && !value.empty()) {
    out += "{\n";
    std::size_t left = value.size();
    for (const auto& [key, item] : value.items()) {
      out += pad + json(key).dump() + ": ";
      PrettyJson(item, depth + 1, out);
      out += --left > 0 ? ",\n" : "\n";
    }
    out += std::string(2 * depth, ' ') + "}";
  } else if (value.is_array() && !value.empty() &&
             std::any_of(value.begin(), value.end(),
                         [](const json& item) { return item.is_structured(); })) {
    out += "[\n";
    for (std::size_t idx = 0; idx < value.size(); ++idx) {
      out += pad;
      PrettyJson(value[idx], depth + 1, out);
      out += idx + 1 < value.size() ? ",\n" : "\n";
    }
    out += std::string(2 * depth, ' ') + "]";
  } else if (value.is_array()) {
    out += "[";
    for (std::size_t idx = 0; idx < value.size(); ++idx)
      out += (idx ? ", " : "") + value[idx].dump();
    out += "]";
  } else {
    out += value.dump();
  }
}

mstch::map Delegation(const std::string& body, std::int64_t seats) {
  return mstch::map{{"id", body},
                    {"href", BodyHref(body)},
                    {"seats", Num(seats)},
                    {"unit", std::string(seats == 1 ? "seat" : "seats")}};
}

mstch::map Page(std::string title, mstch::map context) {
  context.emplace("title", std::move(title));
  return context;
}

}  // namespace

const EmbeddedFile* FindEmbedded(std::string_view name) {
  auto files = EmbeddedFiles();
  auto it = std::lower_bound(
      files.begin(), files.end(), name,
      [](const EmbeddedFile& file, std::string_view key) { return file.name < key; });
  return it != files.end() && it->name == name ? &*it : nullptr;
}

void InitTemplates() {
  static std::once_flag once;
  std::call_once(once, [] {
    mstch::config::escape = [](const std::string& text) { return HtmlEscape(text); };
  });
}

Result<std::string> CountryPage(CycleSource& source, const JournalHead& head) {
  auto overview_or = source.Overview();
  if (!overview_or && overview_or.error().code() == StatusCode::kFailedPrecondition) {
    // A journal with no council cycle yet: its acts are still public.
    overview_or = json{{"kinds", json::array()}, {"rejections", json::object()}};
  }
  SOVET_TRY(json overview, std::move(overview_or));
  // Tiers top-down: the kinds with fewest bodies first (one Congress, many
  // village soviets).
  std::vector<json> kinds(overview.at("kinds").begin(), overview.at("kinds").end());
  std::stable_sort(kinds.begin(), kinds.end(), [](const json& a, const json& b) {
    const auto key = [](const json& kind) {
      return std::make_tuple(kind.at("bodies").get<std::int64_t>(),
                             -kind.at("held").get<std::int64_t>(),
                             kind.at("seats").get<std::int64_t>());
    };
    return key(a) < key(b);
  });
  constexpr std::int64_t kShown = 12;
  mstch::array tiers;
  // The top body: of the kinds with a single body, the one whose members
  // come from the most sending bodies (the Congress, not its Executive).
  std::string top_body;
  std::size_t top_senders = 0;
  for (const json& kind : kinds) {
    const std::string name = kind.at("kind").get<std::string>();
    SOVET_TRY(auto bodies, source.BodiesOfKind(name, 0, kShown));
    mstch::array list;
    for (const BodyRow& body : bodies) {
      list.push_back(
          mstch::map{{"id", body.body}, {"href", BodyHref(body.body)}, {"seats", Num(body.seats)}});
      if (kind.at("bodies").get<std::int64_t>() == 1) {
        SOVET_TRY(json report, source.Body(body.body));
        const std::size_t senders = report.at("delegations_received").size();
        if (top_body.empty() || senders > top_senders) {
          top_body = body.body;
          top_senders = senders;
        }
      }
    }
    const std::int64_t count = kind.at("bodies").get<std::int64_t>();
    tiers.push_back(mstch::map{{"kind", name},
                               {"label", Words(name)},
                               {"bodies", Num(count)},
                               {"seats", Num(kind.at("seats").get<std::int64_t>())},
                               {"held", Num(kind.at("held").get<std::int64_t>())},
                               {"list", std::move(list)},
                               {"more", count > kShown},
                               {"all_href", "/bodies?kind=" + PathSegment(name)}});
  }
  mstch::map context{{"tiers", std::move(tiers)}};
  mstch::array rejections;
  for (const auto& [reason, count] : overview.at("rejections").items()) {
    rejections.push_back(
        mstch::map{{"reason", Words(reason)}, {"count", Num(count.get<std::int64_t>())}});
  }
  context.emplace("has_rejections", !rejections.empty());
  context.emplace("rejections", std::move(rejections));
  // The top body beside the comparison count of the same electorate (the
  // Constituent Assembly of the 1918 demo), when the journal records one.
  if (!top_body.empty()) {
    SOVET_TRY(json report, source.Body(top_body));
    Chart chart = BodyChart(report);
    context.emplace("top", mstch::map{{"id", top_body},
                                      {"href", BodyHref(top_body)},
                                      {"held", Num(report.at("held").get<std::int64_t>())},
                                      {"svg", chart.svg},
                                      {"legend", chart.legend}});
    SOVET_TRY(auto assembly, source.ConstituentAssembly());
    context.emplace("compare_heading", assembly
                                           ? "The top body beside the " + ComparisonName(*assembly)
                                           : std::string("The top body"));
    if (assembly) {
      if (auto ca = AssemblyChart(*assembly)) {
        context.emplace("assembly", mstch::map{{"name", ComparisonName(*assembly)},
                                               {"svg", ca->svg},
                                               {"legend", ca->legend},
                                               {"href", EntryHref(assembly->seq)},
                                               {"seq", std::to_string(assembly->seq)}});
      }
    }
  }
  const std::int64_t first = std::max<std::int64_t>(0, head.seq - 9);
  SOVET_TRY(auto latest, source.Read(first, 10));
  mstch::array acts;
  for (auto it = latest.rbegin(); it != latest.rend(); ++it) acts.push_back(EntryRow(*it));
  context.emplace("acts", std::move(acts));
  context.emplace("head_seq", std::to_string(head.seq));
  context.emplace("no_cycle", overview.at("kinds").empty());
  return Render("country", Page("The country", std::move(context)));
}

Result<std::string> BodiesPage(CycleSource& source, const std::string& kind, std::int64_t from) {
  if (kind.empty()) return Error(Status::InvalidInput("expected ?kind=KIND", {.field = "kind"}));
  SOVET_TRY(auto bodies, source.BodiesOfKind(kind, from, kBodiesPageSize + 1));
  if (bodies.empty() && from == 0) {
    return Error(Status::NotFound(fmt::format("{} has no body of kind '{}'", source.url(), kind),
                                  {.field = "kind"}));
  }
  const bool more = static_cast<std::int64_t>(bodies.size()) > kBodiesPageSize;
  if (more) bodies.pop_back();
  mstch::array list;
  for (const BodyRow& body : bodies) {
    list.push_back(
        mstch::map{{"id", body.body}, {"href", BodyHref(body.body)}, {"seats", Num(body.seats)}});
  }
  mstch::map context{{"kind", Words(kind)}, {"list", std::move(list)}, {"more", more}};
  context.emplace("next_href", fmt::format("/bodies?kind={}&from={}", PathSegment(kind),
                                           from + kBodiesPageSize));
  context.emplace("has_prev", from > 0);
  context.emplace("prev_href", fmt::format("/bodies?kind={}&from={}", PathSegment(kind),
                                           std::max<std::int64_t>(0, from - kBodiesPageSize)));
  return Render("bodies", Page(Words(kind), std::move(context)));
}

Result<std::string> BodyPage(CycleSource& source, const std::string& body) {
  SOVET_TRY(json report, source.Body(body));
  std::int64_t first_act = INT64_MAX, last_act = -1;
  for (const json& member : report.at("members")) {
    const std::int64_t act = member.at("election_act").get<std::int64_t>();
    first_act = std::min(first_act, act);
    last_act = std::max(last_act, act);
  }
  std::map<std::int64_t, std::int64_t> seqs;
  if (last_act >= 0) {
    SOVET_TRY(seqs, source.ActSeqs(first_act, last_act));
  }
  Chart chart = BodyChart(report);
  mstch::array members;
  for (const json& member : report.at("members")) {
    const std::int64_t seat = member.at("seat").get<std::int64_t>();
    const std::int64_t act = member.at("election_act").get<std::int64_t>();
    auto seq = seqs.find(act);
    members.push_back(mstch::map{
        {"seat", std::to_string(seat)},
        {"name", member.at("name").get<std::string>()},
        {"person_href", PersonHref(member.value("person", std::int64_t{-1}))},
        {"faction", SlateLabel(member)},
        {"portfolio", member.value("portfolio", std::string())},
        {"trace_href", TraceHref(body, seat)},
        {"sheet_href", seq != seqs.end() ? ElectionHref(seq->second) : std::string()},
        {"has_election", seq != seqs.end()},
        {"election_seq", seq != seqs.end() ? std::to_string(seq->second) : std::string()},
        {"election_href", seq != seqs.end() ? EntryHref(seq->second) : std::string()}});
  }
  mstch::array received, sent, rejected;
  for (const json& row : report.at("delegations_received")) {
    const std::string from = row.at("from").get<std::string>();
    received.push_back(Delegation(from, row.at("seats").get<std::int64_t>()));
  }
  for (const json& row : report.at("delegations_sent")) {
    const std::string to = row.at("to").get<std::string>();
    sent.push_back(Delegation(to, row.at("seats").get<std::int64_t>()));
  }
  for (const json& row : report.at("rejected")) {
    rejected.push_back(mstch::map{{"name", row.at("name").get<std::string>()},
                                  {"reason", Words(row.at("reason").get<std::string>())},
                                  {"detail", row.at("detail").get<std::string>()}});
  }
  mstch::map context{{"body", body},
                     {"roles_href", BodyHref(body) + "/roles"},
                     {"council_href", BodyHref(body) + "/council"},
                     {"kind", Words(KindOf(body))},
                     {"kind_href", "/bodies?kind=" + PathSegment(KindOf(body))},
                     {"seats", Num(report.at("seats").get<std::int64_t>())},
                     {"held", Num(report.at("held").get<std::int64_t>())},
                     {"svg", chart.svg},
                     {"legend", chart.legend},
                     {"members", std::move(members)},
                     {"has_received", !received.empty()},
                     {"received", std::move(received)},
                     {"has_sent", !sent.empty()},
                     {"sent", std::move(sent)},
                     {"has_rejected", !rejected.empty()},
                     {"rejected", std::move(rejected)}};
  return Render("body", Page(body, std::move(context)));
}

Result<std::string> TracePage(CycleSource& source, const std::string& body, std::int64_t seat) {
  SOVET_TRY(json trace, source.Trace(body, seat));
  mstch::array links;
  const json& chain = trace.at("chain");
  for (std::size_t depth = 0; depth < chain.size(); ++depth) {
    const json& link = chain[depth];
    const json& election = link.at("election");
    const std::string link_body = link.at("body").get<std::string>();
    const std::string electing = election.at("electing_body").get<std::string>();
    const bool base = electing.empty();
    mstch::map row{
        {"body", link_body},
        {"body_href", BodyHref(link_body)},
        {"seat", std::to_string(link.at("seat").get<std::int64_t>())},
        {"trace_href", TraceHref(link_body, link.at("seat").get<std::int64_t>())},
        {"name", link.at("name").get<std::string>()},
        {"person_href", PersonHref(link.value("person", std::int64_t{-1}))},
        {"sheet_href", ElectionHref(election.at("seq").get<std::int64_t>())},
        {"faction", SlateLabel(link)},
        {"portfolio", link.value("portfolio", std::string())},
        {"election_href", EntryHref(election.at("seq").get<std::int64_t>())},
        {"election_seq", std::to_string(election.at("seq").get<std::int64_t>())},
        {"election_kind", Words(election.at("kind").get<std::string>())},
        {"method", election.at("method").get<std::string>()},
        {"ballot", std::string(election.at("open").get<bool>() ? "open" : "secret")},
        {"present", Num(election.at("present").get<std::int64_t>())},
        {"electors", Num(election.at("electors").get<std::int64_t>())},
        {"votes", Num(election.at("votes").get<std::int64_t>())},
        {"base", base},
        {"electing", electing},
        {"electing_href", BodyHref(electing)},
        {"verification_href", EntryHref(link.at("verification").at("seq").get<std::int64_t>())},
        {"verification_seq",
         std::to_string(link.at("verification").at("seq").get<std::int64_t>())}};
    if (election.contains("counts")) {
      mstch::array counts;
      for (const json& count : election.at("counts")) {
        counts.push_back(mstch::map{{"name", count.at("name").get<std::string>()},
                                    {"faction", SlateLabel(count)},
                                    {"votes", Num(count.at("votes").get<std::int64_t>())},
                                    {"elected", count.at("elected").get<bool>()}});
      }
      row.emplace("has_counts", !counts.empty());
      row.emplace("counts", std::move(counts));
    }
    links.push_back(std::move(row));
  }
  mstch::map context{{"body", body},
                     {"body_href", BodyHref(body)},
                     {"seat", std::to_string(seat)},
                     {"links", std::move(links)}};
  return Render("trace", Page(fmt::format("Seat {} of {}", seat, body), std::move(context)));
}

Result<std::string> JournalPage(CycleSource& source, const JournalHead& head, std::int64_t from) {
  SOVET_TRY(auto entries, source.Read(from, kJournalPageSize));
  mstch::array rows;
  for (const Entry& entry : entries) rows.push_back(EntryRow(entry));
  mstch::map context{
      {"entries", std::move(rows)},
      {"from", std::to_string(from)},
      {"head_seq", std::to_string(head.seq)},
      {"has_prev", from > 0},
      {"prev_href",
       fmt::format("/journal?from={}", std::max<std::int64_t>(0, from - kJournalPageSize))},
      {"has_next", from + kJournalPageSize <= head.seq},
      {"next_href", fmt::format("/journal?from={}", from + kJournalPageSize)},
      {"last_href", fmt::format("/journal?from={}",
                                std::max<std::int64_t>(0, head.seq - kJournalPageSize + 1))}};
  return Render("journal", Page("The journal", std::move(context)));
}

Result<std::string> EntryPage(CycleSource& source, std::int64_t seq) {
  SOVET_TRY(auto entries, source.Read(seq, 1));
  if (entries.empty()) {
    return Error(
        Status::NotFound(fmt::format("{} has no entry {}", source.url(), seq), {.field = "seq"}));
  }
  const Entry& entry = entries.front();
  mstch::map context = EntryRow(entry);
  context.emplace("prev_hash", HexEncode(entry.prev_hash));
  context.emplace("has_prev", entry.seq > 0);
  context.emplace("prev_href", EntryHref(entry.seq - 1));
  context.emplace("next_href", EntryHref(entry.seq + 1));
  std::string payload;
  PrettyJson(journal::EntryToJson(entry).at("payload"), 0, payload);
  context.emplace("payload", std::move(payload));
  return Render("entry", Page(fmt::format("Journal entry {}", seq), std::move(context)));
}

Result<std::string> VerifyPage(CycleSource& source) {
  SOVET_TRY(JournalVerdict verdict, source.Verify());
  const VerifyReport& report = verdict.integrity;
  mstch::map context{
      {"ok", report.ok},
      {"entries", Num(report.entries)},
      {"sealed", Num(report.sealed)},
      {"first_hash", HexEncode(report.first_hash)},
      {"last_hash", HexEncode(report.last_hash)},
      {"signer", HexEncode(report.signer)},
      {"charter", report.charter_id.empty() ? std::string("none") : report.charter_id},
      {"charter_sha256", report.charter_sha256_hex},
      {"lawful", verdict.lawful_acts >= 0 ? fmt::format("{} acts pass the charter's rules",
                                                        Num(verdict.lawful_acts))
                                          : verdict.lawful_note}};
  if (!report.ok) {
    context.emplace("bad_seq", std::to_string(report.bad_seq));
    context.emplace("bad_href", EntryHref(report.bad_seq));
    context.emplace("defect", report.defect);
  }
  return Render("verify", Page("Verify the journal", std::move(context)));
}

Result<std::string> PersonPage(CycleSource& source, std::int64_t person) {
  SOVET_TRY(json data, source.Person(person));
  mstch::array seats, rejected;
  for (const json& seat : data.at("seats")) {
    const std::string body = seat.at("body").get<std::string>();
    const std::int64_t election = seat.at("election_seq").get<std::int64_t>();
    const std::int64_t verification = seat.at("verification_seq").get<std::int64_t>();
    seats.push_back(mstch::map{{"body", body},
                               {"body_href", BodyHref(body)},
                               {"seat", std::to_string(seat.at("seat").get<std::int64_t>())},
                               {"portfolio", seat.at("portfolio").get<std::string>()},
                               {"has_election", election >= 0},
                               {"election_seq", std::to_string(election)},
                               {"election_href", ElectionHref(election)},
                               {"has_verification", verification >= 0},
                               {"verification_seq", std::to_string(verification)},
                               {"verification_href", EntryHref(verification)},
                               {"trace_href", TraceHref(body, seat.at("seat").get<std::int64_t>())}});
  }
  for (const json& row : data.at("rejected")) {
    const std::string body = row.at("body").get<std::string>();
    const std::int64_t election = row.at("election_seq").get<std::int64_t>();
    rejected.push_back(mstch::map{{"body", body},
                                  {"body_href", BodyHref(body)},
                                  {"reason", Words(row.at("reason").get<std::string>())},
                                  {"detail", row.at("detail").get<std::string>()},
                                  {"has_election", election >= 0},
                                  {"election_seq", std::to_string(election)},
                                  {"election_href", ElectionHref(election)}});
  }
  const std::string name = data.at("name").get<std::string>();
  mstch::map context{{"person", std::to_string(person)},
                     {"name", name},
                     {"faction", SlateLabel(data)},
                     {"age", std::to_string(data.at("age").get<std::int64_t>())},
                     {"unit", data.at("unit").get<std::string>()},
                     {"has_seats", !seats.empty()},
                     {"seats", std::move(seats)},
                     {"has_rejected", !rejected.empty()},
                     {"rejected", std::move(rejected)}};
  return Render("person", Page(name, std::move(context)));
}

Result<std::string> ElectionPage(CycleSource& source, std::int64_t seq) {
  SOVET_TRY(json data, source.Election(seq));
  const std::string body = data.at("body").get<std::string>();
  const std::string electing = data.at("electing_body").get<std::string>();
  std::int64_t total = 0;
  mstch::array candidates;
  std::int64_t place = 0;
  for (const json& row : data.at("candidates")) {
    total += row.at("votes").get<std::int64_t>();
    candidates.push_back(mstch::map{{"place", std::to_string(++place)},
                                    {"name", row.at("name").get<std::string>()},
                                    {"person_href", PersonHref(row.at("person").get<std::int64_t>())},
                                    {"faction", SlateLabel(row)},
                                    {"votes", Num(row.at("votes").get<std::int64_t>())},
                                    {"elected", row.at("elected").get<bool>()}});
  }
  mstch::array voters;
  for (const auto& [slate, count] : data.at("voters").items()) {
    if (count.get<std::int64_t>() == 0) continue;
    voters.push_back(
        mstch::map{{"slate", data.at("slate_names").value(slate, Words(slate))},
                   {"count", Num(count.get<std::int64_t>())}});
  }
  auto decision = [](const json& row) {
    const std::int64_t verification = row.at("verification_seq").get<std::int64_t>();
    mstch::map out{{"name", row.at("name").get<std::string>()},
                   {"person_href", PersonHref(row.at("person").get<std::int64_t>())},
                   {"has_verification", verification >= 0},
                   {"verification_seq", std::to_string(verification)},
                   {"verification_href", EntryHref(verification)}};
    if (row.contains("seat")) out.emplace("seat", std::to_string(row.at("seat").get<std::int64_t>()));
    if (row.contains("reason")) {
      out.emplace("reason", Words(row.at("reason").get<std::string>()));
      out.emplace("detail", row.at("detail").get<std::string>());
    }
    return out;
  };
  mstch::array seated, rejected;
  for (const json& row : data.at("seated")) seated.push_back(decision(row));
  for (const json& row : data.at("rejected")) rejected.push_back(decision(row));
  const std::int64_t electors = data.at("electors").get<std::int64_t>();
  const std::int64_t present = data.at("present").get<std::int64_t>();
  const std::int64_t seats = data.at("seats").get<std::int64_t>();
  // Turnout to one decimal, in integers: per mille rounded half up.
  const std::int64_t permille = electors > 0 ? (2000 * present + electors) / (2 * electors) : 0;
  mstch::map context{
      {"seq", std::to_string(seq)},
      {"body", body},
      {"body_href", BodyHref(body)},
      {"kind", Words(data.at("kind").get<std::string>())},
      {"base", electing.empty()},
      {"electing", electing},
      {"electing_href", BodyHref(electing)},
      {"seats", Num(seats)},
      {"seat_unit", std::string(seats == 1 ? "seat" : "seats")},
      {"method", data.at("method").get<std::string>()},
      {"ballot", std::string(data.at("open").get<bool>() ? "open" : "secret")},
      {"entry_href", EntryHref(seq)},
      {"present", Num(present)},
      {"electors", Num(electors)},
      {"turnout", fmt::format("{}.{}%", permille / 10, permille % 10)},
      {"has_voters", !voters.empty()},
      {"voters", std::move(voters)},
      {"candidates", std::move(candidates)},
      {"total", Num(total)},
      {"has_decisions", !seated.empty() || !rejected.empty()},
      {"seated", std::move(seated)},
      {"rejected", std::move(rejected)}};
  return Render("election", Page(fmt::format("Election of {}, entry {}", body, seq), std::move(context)));
}

std::string RenderPage(std::string_view name, std::string title, mstch::map context) {
  return Render(name, Page(std::move(title), std::move(context)));
}

std::string UrlSegment(std::string_view text) { return PathSegment(text); }

std::string ErrorPage(int http_status, const std::string& title, const std::string& detail) {
  return Render("error", Page(title, mstch::map{{"status", std::to_string(http_status)},
                                                {"detail", detail}}));
}

}  // namespace sovet::server
