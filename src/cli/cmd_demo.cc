// `sovet demo`: a whole country elected from its base councils to the top
// of the charter (SYSTEM.md §7), every act in the journal, the slates those
// of the simulation file beside the charter, and beside the top congress the
// comparison count that file declares (the 1918 file: the Constituent
// Assembly, 002:187-209). The model: doc/demo_model.md; the lifecycles:
// doc/cycle.md.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "cli/cli_util.h"
#include "cli/command.h"
#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/cycle.h"
#include "sovet/journal.h"
#include "sovet/sim.h"
#include "sim/year.h"

namespace sovet::cli {
namespace {

struct DemoFlags {
  std::string charter;
  std::string scale;
  std::string census;
  std::string slates;
  std::uint64_t seed = 1917;
  std::string db = kDefaultDb;
  std::string key;
  bool inject_faults = false;
  std::string format = "text";
  int months = 0;  // 0: the single cycle; 1..12: a year of the republic
};

// "58.2%" from an exact integer ratio, rounded half up to one decimal.
std::string Percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "-";
  const std::int64_t tenths = (part * 2000 + whole) / (2 * whole);
  return fmt::format("{}.{}%", tenths / 10, tenths % 10);
}

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled) {}
  void Show(const Progress& progress) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (progress.stage != stage_) {
      stage_ = progress.stage;
      started_ = now;
    }
    const auto elapsed_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - started_).count();
    std::string rate = "-";
    std::string left = "-";
    if (elapsed_ms > 0 && progress.done > 0) {
      rate = GroupThousands(progress.done * 1000 / elapsed_ms);
      const std::int64_t left_ms = (progress.total - progress.done) * elapsed_ms / progress.done;
      left = fmt::format("{}.{}s", left_ms / 1000, (left_ms % 1000) / 100);
    }
    fmt::print(stderr, "\r\033[K{:<32} {:>9} of {:<9} bodies  {:>8}/s  {} left", progress.stage,
               GroupThousands(progress.done), GroupThousands(progress.total), rate, left);
    if (progress.done == progress.total) fmt::print(stderr, "\n");
    std::fflush(stderr);
  }

 private:
  bool enabled_;
  std::string stage_;
  std::chrono::steady_clock::time_point started_{};
};

std::string BodyName(const Charter& charter, const Apportionment& apportionment, BodyIndex body) {
  const BodyRule* rule = charter.FindBody(apportionment.bodies[body].kind);
  return rule != nullptr && !rule->name.empty() ? rule->name : apportionment.bodies[body].kind;
}

std::int64_t Sum(const SlateCounts& counts) {
  std::int64_t total = 0;
  for (std::int64_t count : counts) total += count;
  return total;
}

// The top congress as elected and recounted by the other method, beside the
// congress the simulation file reports from the seeds (doc/demo_model.md
// "The congress both ways").
void PrintBothWays(const Charter& charter, const SimModel& model,
                   const Apportionment& apportionment, const CycleRecord& record,
                   const CongressBothWays& both) {
  const std::vector<Slate>& slates = record.persons.slates;
  const std::int64_t seats = Sum(both.elected);
  const std::optional<ReportedCongress>& reported = model.reported;
  fmt::print("\n{} both ways ({} delegates; election.method = \"{}\")\n",
             BodyName(charter, apportionment, both.congress), GroupThousands(seats), both.method);
  std::string header = fmt::format("  {:<18} {:>19} {:>18}", "", both.method + " (elected)",
                                   both.other_method + " (recount)");
  if (reported) header += fmt::format("   {} ({})", reported->name, reported->cite);
  fmt::print("{}\n", header);
  std::int64_t reported_known = 0;
  for (std::size_t slate = 0; slate < slates.size(); ++slate) {
    std::string line = fmt::format(
        "  {:<18} {:>11} {:>7} {:>10} {:>7}", slates[slate].name, GroupThousands(both.elected[slate]),
        Percent(both.elected[slate], seats), GroupThousands(both.recounted[slate]),
        Percent(both.recounted[slate], seats));
    if (reported) {
      const std::int64_t figure =
          slate < reported->members.size() ? reported->members[slate] : -1;
      if (figure >= 0) {
        reported_known += figure;
        line += fmt::format("   {:>6} {:>7}", GroupThousands(figure),
                            Percent(figure, reported->seats));
      } else {
        line += fmt::format("   {:>6}", "-");
      }
    }
    fmt::print("{}\n", line);
  }
  if (reported) {
    fmt::print("  {:<18} {:>11} {:>7} {:>10} {:>7}   {:>6} {:>7}\n", "on no slate above", 0,
               Percent(0, seats), 0, Percent(0, seats),
               GroupThousands(reported->seats - reported_known),
               Percent(reported->seats - reported_known, reported->seats));
    fmt::print("  {:<18} {:>11} {:>7} {:>10} {:>7}   {:>6}\n", "total", GroupThousands(seats), "",
               GroupThousands(Sum(both.recounted)), "", GroupThousands(reported->seats));
  }
  fmt::print(
      "  {} (recount): the {} delegation elections that seated the Congress counted again\n"
      "  by {}, same candidates and members present, as many seats as each filled;\n"
      "  computed from the record, not journaled (doc/demo_model.md)\n",
      both.other_method, GroupThousands(both.elections), both.other_method);
  if (reported) {
    // The seeds' line, from the figures the simulation file gives.
    std::string line = fmt::format("  {} ({}): {} delegates", reported->name, reported->cite,
                                   GroupThousands(reported->seats));
    for (std::size_t slate = 0; slate < slates.size() && slate < reported->members.size();
         ++slate) {
      if (reported->members[slate] < 0) continue;
      line += fmt::format(", {} {}", GroupThousands(reported->members[slate]), slates[slate].name);
    }
    fmt::print("{}, {} on no slate of the simulation file\n", line,
               GroupThousands(reported->seats - reported_known));
  }
}

nlohmann::json BothWaysJson(const Charter& charter, const SimModel& model,
                            const Apportionment& apportionment, const CycleRecord& record,
                            const CongressBothWays& both) {
  const std::vector<Slate>& slates = record.persons.slates;
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t slate = 0; slate < slates.size(); ++slate) {
    nlohmann::json row = {{"slate", slates[slate].key},
                          {"slate_name", slates[slate].name},
                          {"elected", both.elected[slate]},
                          {"recounted", both.recounted[slate]}};
    if (model.reported) {
      const std::int64_t figure =
          slate < model.reported->members.size() ? model.reported->members[slate] : -1;
      row["reported"] = figure >= 0 ? nlohmann::json(figure) : nlohmann::json(nullptr);
    }
    rows.push_back(std::move(row));
  }
  nlohmann::json out = {
      {"body", apportionment.bodies[both.congress].id},
      {"name", BodyName(charter, apportionment, both.congress)},
      {"seats", Sum(both.elected)},
      {"method", both.method},
      {"recount_method", both.other_method},
      {"recounted_elections", both.elections},
      {"recount",
       "the delegation elections that seated the congress counted again by recount_method: "
       "same candidates and members present, as many seats as each filled; computed from the "
       "record, not journaled"},
      {"slates", std::move(rows)},
      {"notes", model.notes}};
  if (model.reported) {
    std::int64_t known = 0;
    for (std::int64_t figure : model.reported->members) known += figure > 0 ? figure : 0;
    out["reported"] = {{"name", model.reported->name},
                       {"cite", model.reported->cite},
                       {"seats", model.reported->seats},
                       {"on_no_slate", model.reported->seats - known}};
  }
  return out;
}

// The comparison count's districts that are not of its district kind —
// under the 1918 charters the fronts and fleets (001:152: soldiers and
// sailors vote) — by list, so that the army's vote reads beside the seeds'
// figures (002:204-209), which the simulation file's notes give. Their kinds
// are named by the charter's labels.
void PrintOtherDistricts(const Charter& charter, const SimModel& model, const Census& census,
                         const ConstituentAssembly& assembly) {
  if (!assembly.counted || !model.comparison) return;
  std::vector<std::string> kinds;
  std::size_t districts = 0;
  std::int64_t seats = 0;
  std::vector<std::int64_t> votes(assembly.lists.size(), 0);
  std::vector<std::int64_t> won(assembly.lists.size(), 0);
  for (const ConstituentDistrict& district : assembly.districts) {
    const std::string& kind = census.kind[district.unit];
    if (kind == model.comparison->district_kind) continue;
    const UnitKind* unit_kind = charter.FindUnitKind(kind);
    const std::string label = unit_kind != nullptr ? unit_kind->label : kind;
    if (std::find(kinds.begin(), kinds.end(), label) == kinds.end()) kinds.push_back(label);
    ++districts;
    seats += district.seats;
    for (std::size_t list = 0; list < votes.size() && list < district.votes.size(); ++list) {
      votes[list] += district.votes[list];
      won[list] += district.won[list];
    }
  }
  if (districts == 0) return;
  std::int64_t total = 0;
  for (std::int64_t list_votes : votes) total += list_votes;
  fmt::print("\n{}: the districts of the {} ({} of {} districts, {} seats, {} votes)\n",
             assembly.name, fmt::join(kinds, " and "), districts, assembly.districts.size(), seats,
             GroupThousands(total));
  for (std::size_t list = 0; list < votes.size(); ++list) {
    fmt::print("  {:<18} votes {:>11} {:>7}   seats {:>4}\n", assembly.lists[list],
               GroupThousands(votes[list]), Percent(votes[list], total), won[list]);
  }
  for (const std::string& note : model.comparison->other_districts_notes) fmt::print("  {}\n", note);
}

void PrintSummary(const Charter& charter, const SimModel& model, const Census& census,
                  const Apportionment& apportionment, const CycleRecord& record,
                  const std::optional<CongressBothWays>& both_ways) {
  const SummaryBodies shown = ChooseSummaryBodies(charter, apportionment);
  const BodyIndex congress = shown.congress;
  const BodyIndex executive = shown.executive;
  const BodyIndex commissars = shown.commissars;
  const ConstituentAssembly& assembly = record.constituent;

  std::int64_t bodies_elected = 0, seats = 0;
  for (BodyIndex body = 0; body < static_cast<BodyIndex>(apportionment.bodies.size()); ++body) {
    const std::int64_t filled = FilledSeats(charter, apportionment, body);
    if (filled > 0) ++bodies_elected;
    seats += filled;
  }
  std::int64_t elections = 0, verifications = 0, rejected = 0;
  for (const CycleAct& act : record.acts) {
    if (std::holds_alternative<ElectionAct>(act)) ++elections;
    if (const auto* verification = std::get_if<VerificationAct>(&act)) {
      ++verifications;
      for (const MandateCheck& check : verification->checks) {
        if (check.reason != RejectReason::kNone) ++rejected;
      }
    }
  }
  fmt::print("{} — {} inhabitants, {} electors, {} units\n", charter.title,
             GroupThousands(census.inhabitants[0]), GroupThousands(census.electors[0]),
             GroupThousands(static_cast<std::int64_t>(census.size())));
  fmt::print(
      "{} bodies elected, {} seats filled by {} elections; {} mandates verified, {} "
      "rejected and refilled by by-election\n\n",
      GroupThousands(bodies_elected), GroupThousands(seats), GroupThousands(elections),
      GroupThousands(static_cast<std::int64_t>(record.state.mandates.size()) + rejected),
      GroupThousands(rejected));

  // The top congress by slate, in the record's slate order, beside the
  // comparison count when the simulation file declares one.
  const std::vector<Slate>& slates = record.persons.slates;
  if (congress >= 0) {
    const SlateCounts composition = Composition(record.state, record.persons, congress);
    std::int64_t delegates = 0;
    for (std::int64_t count : composition) delegates += count;
    const BodyRule* rule = charter.FindBody(apportionment.bodies[congress].kind);
    const std::string congress_name =
        rule != nullptr && !rule->name.empty() ? rule->name : apportionment.bodies[congress].kind;
    const std::string how =
        rule == nullptr ? std::string()
        : rule->election.open
            ? fmt::format("multi-stage, {} by show of hands", rule->election.method)
            : fmt::format("multi-stage, {} by secret ballot", rule->election.method);
    std::vector<std::string> left, right;
    left.push_back(fmt::format("{} ({} delegates)", congress_name, GroupThousands(delegates)));
    left.push_back("  " + how);
    for (std::size_t slate = 0; slate < slates.size(); ++slate) {
      left.push_back(fmt::format("  {:<18} {:>6} {:>7}", slates[slate].name,
                                 GroupThousands(composition[slate]),
                                 Percent(composition[slate], delegates)));
    }
    if (assembly.counted) {
      std::int64_t votes = 0;
      for (std::int64_t list_votes : assembly.votes) votes += list_votes;
      const std::string method = model.comparison ? model.comparison->method_label : "";
      right.push_back(fmt::format("{}, same electorate ({} seats)", assembly.name, assembly.seats));
      right.push_back(fmt::format("  {} districts, {} on {} votes", assembly.districts.size(),
                                  method, GroupThousands(votes)));
      for (std::size_t list = 0; list < assembly.lists.size(); ++list) {
        right.push_back(fmt::format("  {:<18} {:>4} {:>7}   votes {:>7}", assembly.lists[list],
                                    assembly.won[list], Percent(assembly.won[list], assembly.seats),
                                    Percent(assembly.votes[list], votes)));
      }
      // The notes start below both tables.
      const std::size_t table_rows = std::max(left.size(), right.size());
      left.resize(table_rows);
      right.resize(table_rows);
      for (const std::string& note : model.notes) left.push_back("  " + note);
      if (model.comparison) {
        for (const std::string& note : model.comparison->notes) right.push_back("  " + note);
      }
      const std::size_t rows = std::max(left.size(), right.size());
      left.resize(rows);
      right.resize(rows);
      for (std::size_t row = 0; row < rows; ++row) {
        fmt::print("{:<44} | {}\n", left[row], right[row]);
      }
      PrintOtherDistricts(charter, model, census, assembly);
    } else {
      for (const std::string& note : model.notes) left.push_back("  " + note);
      for (const std::string& line : left) fmt::print("{}\n", line);
    }
  }
  if (both_ways) PrintBothWays(charter, model, apportionment, record, *both_ways);
  if (executive >= 0) {
    const SlateCounts composition = Composition(record.state, record.persons, executive);
    std::int64_t members = 0;
    for (std::int64_t count : composition) members += count;
    const BodyRule* rule = charter.FindBody(apportionment.bodies[executive].kind);
    // The cap is the charter's rule for this body, cited as the charter cites it.
    fmt::print(
        "\n{} ({} members, elected by the Congress; at most {}: {})\n",
        rule != nullptr && !rule->name.empty() ? rule->name : apportionment.bodies[executive].kind,
        members,
        rule != nullptr && rule->elected_by ? rule->elected_by->seats
                                            : apportionment.bodies[executive].seats,
        rule != nullptr && !rule->cite.empty() ? rule->cite : "charter");
    for (std::size_t slate = 0; slate < slates.size(); ++slate) {
      if (composition[slate] == 0) continue;
      fmt::print("  {:<18} {:>4} {:>7}\n", slates[slate].name, composition[slate],
                 Percent(composition[slate], members));
    }
  }
  if (commissars >= 0) {
    const BodyRule* rule = charter.FindBody(apportionment.bodies[commissars].kind);
    fmt::print(
        "\n{} (selected by the Executive, {})\n",
        rule != nullptr && !rule->name.empty() ? rule->name : "Council of People's Commissars",
        rule != nullptr && !rule->cite.empty() ? rule->cite : "charter");
    for (std::int64_t seat = 1; seat <= record.state.Seats(commissars); ++seat) {
      const MandateIndex mandate = record.state.At(commissars, seat);
      if (mandate == kNoMandate) continue;
      const Mandate& held = record.state.mandates[mandate];
      fmt::print("  {:<32} {:<26} {}\n", held.portfolio, record.persons.name[held.person],
                 slates[record.persons.slate[held.person]].name);
    }
  }
  if (!record.faults.empty()) {
    fmt::print("\nPlanted faults (--inject-faults), every one caught by a mandates commission:\n");
    for (const PlantedFault& fault : record.faults) {
      fmt::print("  {:<28} {:<44} act {}\n", RejectReasonName(fault.expect),
                 apportionment.bodies[fault.body].id, fault.election);
    }
  }
}

long PeakRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}


// `sovet demo --months N`: the year of the republic (sim/year.h,
// doc/demo_model.md "A year"), summarised: the terms, the sessions of the
// root congress by slate, the recalls.
Result<void> RunYearCommand(const DemoFlags& flags, const DemoOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  SOVET_TRY(YearRun run, RunYear(options, flags.months));
  const YearRecord& year = run.record;
  const auto total_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  std::int64_t journal_bytes = 0;
  SOVET_TRY(StoreUrl url, ParseStoreUrl(flags.db));
  if (url.kind == StoreUrl::Kind::kSqlite) {
    for (const char* suffix : {"", "-wal"}) {
      std::error_code error;
      const auto size = std::filesystem::file_size(url.target + suffix, error);
      if (!error) journal_bytes += static_cast<std::int64_t>(size);
    }
  }
  const std::vector<SimSlate>& slates = run.model.slates;
  std::int64_t petitions_voted = 0, recalled = 0;
  for (const YearPetition& petition : year.petitions) {
    petitions_voted += petition.voted ? 1 : 0;
    recalled += petition.recalled ? 1 : 0;
  }
  if (flags.format == "json") {
    nlohmann::json sessions = nlohmann::json::array();
    for (const YearSession& session : year.sessions) {
      nlohmann::json composition = nlohmann::json::object();
      for (std::size_t slate = 0; slate < slates.size(); ++slate) {
        composition[slates[slate].key] = session.composition[slate];
      }
      sessions.push_back({{"opens", session.opens},
                          {"convened", session.convened},
                          {"session", session.extraordinary ? "extraordinary" : "regular"},
                          {"demanded_by", session.demanded_by},
                          {"demand_inhabitants", session.demand_inhabitants},
                          {"delegates", session.delegates},
                          {"composition", std::move(composition)}});
    }
    nlohmann::json petitions = nlohmann::json::array();
    for (const YearPetition& petition : year.petitions) {
      petitions.push_back({{"petition", petition.id},
                           {"body", petition.body},
                           {"seat", petition.seat},
                           {"person", petition.person},
                           {"opened", petition.opened},
                           {"roll", petition.roll},
                           {"needed", petition.needed},
                           {"signatures", petition.signatures},
                           {"voted", petition.voted},
                           {"for", petition.votes_for},
                           {"against", petition.votes_against},
                           {"recalled", petition.recalled},
                           {"by_election", petition.by_election},
                           {"seated", petition.seated}});
    }
    nlohmann::json drift = nlohmann::json::object();
    for (std::size_t slate = 0; slate < slates.size() && slate < year.drift.size(); ++slate) {
      drift[slates[slate].key] = year.drift[slate];
    }
    nlohmann::json out = {{"charter", run.charter.id},
                          {"months", year.months},
                          {"start", year.start},
                          {"end", year.end},
                          {"congress", year.congress},
                          {"root_inhabitants", year.root_inhabitants},
                          {"persons", year.persons},
                          {"electors_per_person", year.electors_per_person},
                          {"term_days", year.term_days},
                          {"drift_per_mille_a_month", std::move(drift)},
                          {"elections", year.elections},
                          {"sessions", std::move(sessions)},
                          {"petitions", std::move(petitions)},
                          {"acts", run.acts_written},
                          {"journal_bytes", journal_bytes},
                          {"db", RedactStoreUrl(flags.db)}};
    fmt::print("{}\n", out.dump(2));
    return {};
  }
  fmt::print("{} — a year of the republic: {} months from {} to {}\n", run.charter.title,
             year.months, year.start, year.end);
  fmt::print(
      "{} inhabitants; the register a sample of {} electors (one for every {} of the census, "
      "doc/demo_model.md \"A year\")\n",
      GroupThousands(year.root_inhabitants), GroupThousands(year.persons),
      GroupThousands(year.electors_per_person));
  fmt::print("{} soviet terms (001:150), elections on {}; {} elections in all\n",
             year.term_days.size(), fmt::join(year.term_days, ", "),
             GroupThousands(year.elections));
  std::vector<std::string> drift;
  for (std::size_t slate = 0; slate < slates.size() && slate < year.drift.size(); ++slate) {
    drift.push_back(fmt::format("{} {:+}", slates[slate].name, year.drift[slate]));
  }
  fmt::print("drift of opinion, per mille a month: {}\n", fmt::join(drift, ", "));
  fmt::print("\n{} in session (001:144)\n", year.congress);
  for (const YearSession& session : year.sessions) {
    std::string line = fmt::format("  {} {:<13} {:>5} delegates:", session.opens,
                                   session.extraordinary ? "extraordinary" : "regular",
                                   GroupThousands(session.delegates));
    for (std::size_t slate = 0; slate < slates.size(); ++slate) {
      if (session.composition[slate] == 0) continue;
      line += fmt::format(" {} {}", slates[slate].name, session.composition[slate]);
    }
    fmt::print("{}\n", line);
    if (session.extraordinary) {
      fmt::print("    demanded by {} ({} of {} inhabitants)\n",
                 fmt::join(session.demanded_by, ", "), GroupThousands(session.demand_inhabitants),
                 GroupThousands(year.root_inhabitants));
    }
  }
  fmt::print("\nrecall (001:152): {} petitions, {} reached the vote, {} deputies recalled\n",
             year.petitions.size(), petitions_voted, recalled);
  int shown = 0;
  for (const YearPetition& petition : year.petitions) {
    if (!petition.recalled || ++shown > 5) continue;
    fmt::print("  {} {} seat {}: {} recalled ({} signatures of {}, {} for, {} against); {} seated\n",
               petition.opened, petition.body, petition.seat, petition.person,
               petition.signatures, petition.roll, petition.votes_for, petition.votes_against,
               petition.seated.empty() ? "nobody" : petition.seated);
  }
  fmt::print("\nTotal {}.{:03}s, peak memory {} MiB, {} acts in the journal{}\n", total_ms / 1000,
             total_ms % 1000, PeakRssKib() / 1024, GroupThousands(run.acts_written),
             journal_bytes > 0 ? fmt::format(" ({} MiB on disk)", journal_bytes >> 20) : "");
  fmt::print(
      "\nNext:\n  {0} history --db {1} --body {2}\n  {0} report --db {1} --at {3} --body {2}\n"
      "  {0} verify --db {1}\n  {0} replay --db {1}\n",
      ProgramName(), RedactStoreUrl(flags.db), year.congress, year.end);
  return {};
}

Result<void> RunDemoCommand(const DemoFlags& flags) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  ProgressLine progress(isatty(STDERR_FILENO) == 1);
  DemoOptions options;
  options.charter_path = flags.charter;
  options.scale = flags.scale;
  options.census_path = flags.census;
  options.slates_path = flags.slates;
  options.seed = flags.seed;
  options.db = flags.db;
  options.key_path = flags.key;
  options.inject_faults = flags.inject_faults;
  options.progress = [&progress](const Progress& update) { progress.Show(update); };
  if (flags.months != 0) return RunYearCommand(flags, options);
  SOVET_TRY(DemoRun run, RunDemo(options));
  const Charter& charter = run.charter;
  const Census& census = run.census;
  const Apportionment& apportionment = run.apportionment;
  const CycleRecord& record = run.record;
  const std::vector<StageTime>& times = run.times;

  if (flags.format != "json") PrintSummary(charter, run.model, census, apportionment, record, run.both_ways);
  const auto total_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  std::int64_t journal_bytes = 0;
  SOVET_TRY(StoreUrl url, ParseStoreUrl(flags.db));
  if (url.kind == StoreUrl::Kind::kSqlite) {
    for (const char* suffix : {"", "-wal"}) {
      std::error_code error;
      const auto size = std::filesystem::file_size(url.target + suffix, error);
      if (!error) journal_bytes += static_cast<std::int64_t>(size);
    }
  }
  if (flags.format == "json") {
    nlohmann::json out = {{"charter", charter.id},
                          {"inhabitants", census.inhabitants[0]},
                          {"electors", census.electors[0]},
                          {"units", static_cast<std::int64_t>(census.size())},
                          {"acts", run.acts_written},
                          {"journal_bytes", journal_bytes},
                          {"db", RedactStoreUrl(flags.db)}};
    nlohmann::json times = nlohmann::json::object();
    for (const StageTime& time : run.times) times[time.stage] = time.micros;
    out["stage_micros"] = std::move(times);
    out["congress_both_ways"] =
        run.both_ways ? BothWaysJson(charter, run.model, apportionment, record, *run.both_ways)
                      : nlohmann::json(nullptr);
    fmt::print("{}\n", out.dump(2));
    return {};
  }
  fmt::print("\nTimes (wall):");
  for (const StageTime& time : times) {
    fmt::print(" {} {}.{:03}s;", time.stage, time.micros / 1000000, (time.micros / 1000) % 1000);
  }
  fmt::print("\n  of which the cycle:");
  for (const StageTime& time : record.stage_times) {
    fmt::print(" {} {}.{:03}s;", time.stage, time.micros / 1000000, (time.micros / 1000) % 1000);
  }
  fmt::print("\nTotal {}.{:03}s, peak memory {} MiB, {} acts in the journal{}\n", total_ms / 1000,
             total_ms % 1000, PeakRssKib() / 1024, GroupThousands(run.acts_written),
             journal_bytes > 0 ? fmt::format(" ({} MiB on disk)", journal_bytes >> 20) : "");
  const BodyIndex congress = ChooseSummaryBodies(charter, apportionment).congress;
  const std::string top =
      congress >= 0 ? apportionment.bodies[congress].id : apportionment.bodies[0].id;
  fmt::print(
      "\nNext:\n  {0} report --db {1} --body {2}\n  {0} trace --db {1} --body {2} --seat 1\n"
      "  {0} verify --db {1}\n  {0} replay --db {1}\n",
      ProgramName(), RedactStoreUrl(flags.db), top);
  return {};
}

void SetupDemo(CLI::App& app, Action& action) {
  CLI::App* sub = app.add_subcommand(
      "demo",
      "elect a whole country from its base councils to the top, every act in the journal, "
      "with the slates of the simulation file beside the charter (and any comparison count it "
      "declares)");
  auto flags = BindFlags(sub, action, &RunDemoCommand);
  sub->add_option("--charter", flags->charter, "charter file (e.g. charters/rsfsr-1918.toml)")
      ->required();
  sub->add_option("--scale", flags->scale, "generated census: small, medium or full");
  sub->add_option("--census", flags->census, "census CSV file instead of a generated one");
  sub->add_option("--slates", flags->slates,
                  "simulation file: the slates and their weights (default: <charter "
                  "stem>.sim.toml beside the charter)");
  sub->add_option("--seed", flags->seed, "seed of the census and the electorate")
      ->capture_default_str();
  AddDbOption(sub, flags->db, "new journal: sqlite:PATH or postgresql://...");
  sub->add_option("--key", flags->key, "node key file to create (default: PATH.key beside SQLite)");
  sub->add_option("--months", flags->months,
                  "run a year of the republic for 1..12 months instead of the single cycle: "
                  "soviet terms, congresses, recalls (doc/demo_model.md \"A year\")");
  sub->add_flag("--inject-faults", flags->inject_faults,
                "plant irregular mandates for the mandates commissions to catch");
  sub->add_option("--format", flags->format,
                  "text (for people) or json (the figures, and the top congress both ways)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

CommandRegistrar registrar(60, &SetupDemo);

}  // namespace
}  // namespace sovet::cli
