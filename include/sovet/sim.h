// The simulation of `sovet demo` (doc/demo_model.md): a modelled electorate
// — voters by slate, nominees, turnout, attendance, and planted
// irregularities — that drives the council engine (sovet/engine.h) through
// the same commands an operator uses. Its slates and their weights come from
// a file beside the charter (`<charter stem>.sim.toml`, SimModel), which may
// also declare a comparison count of the same electorate (the 1918 file: the
// Constituent Assembly, 002:187-209).
//
// A run is a pure function of (charter, census, apportionment, model, seed,
// inject_faults): the same inputs give the same acts.
//
// Thread-safety: RunCycle and RunDemo call their callbacks from the calling
// thread; everything else is a plain value.
#ifndef SOVET_SIM_H_
#define SOVET_SIM_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/cycle.h"
#include "sovet/engine.h"
#include "sovet/status.h"

namespace sovet {

// One slate of the simulated electorate: its label in the record and its
// base weights, in per mille of a unit's electors, before variation.
struct SimSlate {
  std::string key;           // [a-z0-9_]+, the record's label
  std::string name;          // as output names it
  std::int64_t town = 0;     // a unit whose soviet is not rural
  std::int64_t village = 0;  // a unit whose soviet is rural
  std::int64_t capital = 0;  // a unit named in SimModel::capitals
  bool national = false;     // weighted by national_factor in a national region
  bool independent = false;  // stands when a contest needs more candidates
};

// A comparison count of the same electorate beside the cycle: the slates'
// voters summed into lists and counted by a list method, district by
// district (doc/demo_model.md "The comparison").
struct ComparisonList {
  std::string name;
  std::vector<std::size_t> slates;  // indices into SimModel::slates
};
struct Comparison {
  std::string name;           // "Constituent Assembly"
  std::int64_t seats = 0;     // 520 (002:191)
  std::string method;         // a list method's name (count_names.h)
  std::string method_label;   // how the summary names it ("D'Hondt")
  std::string district_kind;  // the census unit kind a district is
  std::vector<ComparisonList> lists;
  std::vector<std::string> notes;  // printed under the comparison
  // Printed under the count of the districts not of `district_kind` (the
  // army and fleet districts of 1918: the seeds' figures, 002:204-209).
  std::vector<std::string> other_districts_notes;
};

// A congress the seeds report, printed beside the top congress elected both
// ways (doc/demo_model.md "The congress both ways"): the 1918 file's Fifth
// Congress, 1,164 delegates by slate as 001:62 gives them.
struct ReportedCongress {
  std::string name;        // "Fifth Congress"
  std::string cite;        // "001:62"
  std::int64_t seats = 0;  // 1,164
  std::vector<std::int64_t> members;  // per SimModel::slates; -1: the seeds give no figure
};

// The simulation file (doc/demo_model.md "The slates file"). Every integer
// is per mille unless said otherwise; the file states each one (the
// initialisers here are only those of the 1918 file, for tests).
struct SimModel {
  std::string source_file;
  std::vector<SimSlate> slates;       // in the order every per-slate table prints
  std::size_t independent = 0;        // the slate marked independent
  std::vector<std::string> capitals;  // unit names (any case) weighted by `capital`
  std::vector<std::string> notes;     // printed under the top congress
  std::optional<ReportedCongress> reported;  // [reported_congress], if the file has one
  // Regional and local multipliers per slate, drawn uniformly.
  std::int64_t region_low = 700, region_high = 1300;
  std::int64_t local_low = 600, local_high = 1400;
  // One unit in `national_every` one level below the root is a national
  // region; a `national` slate's weight there is multiplied by this.
  std::int64_t national_every = 4;
  std::int64_t national_factor = 4;
  // Electors at a meeting, per mille of the roll; members at a body's.
  std::int64_t turnout_low = 550, turnout_high = 900;
  std::int64_t attendance_low = 900, attendance_high = 1000;
  // A slate puts up round(share * seats * num / den) nominees.
  std::int64_t nominees_num = 3, nominees_den = 2;
  std::optional<Comparison> comparison;
  // The names candidates are given (`[names]`): a given name and a surname
  // drawn uniformly; given names from `feminine_from` on are women's, whose
  // surname takes `feminine_suffix` (Ivanov -> Ivanova in the 1918 file).
  std::vector<std::string> given_names;
  std::vector<std::string> surnames;
  std::size_t feminine_from = 0;
  std::string feminine_suffix;
};

// Parses a simulation file; an error names the file, line and field.
Result<SimModel> ParseSimModel(std::string_view text, const std::string& file_name);
Result<SimModel> LoadSimModel(const std::string& path);
// `<charter stem>.sim.toml` beside the charter: "charters/x.toml" ->
// "charters/x.sim.toml".
std::string SimModelPathFor(const std::string& charter_path);

// A fault planted by CycleOptions::inject_faults, for tests to check that the
// mandates commission caught it.
struct PlantedFault {
  RejectReason expect;  // the rejection the commission must give
  ActIndex election = kNoAct;
  BodyIndex body = -1;
  PersonIndex person = kNoPerson;  // kNoPerson for a quorum fault (every mandate)
  std::string description;
};

// The comparison count of the same electorate (SimModel::comparison; the
// 1918 file declares the Constituent Assembly, 002:187-209): seats
// apportioned to districts by population (largest remainder), each
// district's seats filled by the list method on the list votes.
struct ConstituentDistrict {
  UnitIndex unit = kNoUnit;
  std::int64_t inhabitants = 0;
  std::int64_t seats = 0;
  std::vector<std::int64_t> votes;  // per list
  std::vector<std::int64_t> won;    // per list
};
struct ConstituentAssembly {
  bool counted = false;  // false: the model declares no comparison
  std::string name;
  std::int64_t seats = 0;
  std::vector<std::string> lists;   // list names
  std::vector<std::int64_t> votes;  // national totals per list
  std::vector<std::int64_t> won;    // seats per list
  std::vector<ConstituentDistrict> districts;
};

struct Progress {
  std::string stage;
  std::int64_t done = 0;
  std::int64_t total = 0;
};

struct CycleOptions {
  std::uint64_t seed = 1;
  bool inject_faults = false;
  // Called now and then with the stage and bodies done; may be empty.
  std::function<void(const Progress&)> progress;
  // The engine the simulation drives (the demo's writes the journal); its
  // charter must be the one given to RunCycle, and it must hold no body yet.
  // Null: RunCycle drives an engine of its own without a journal.
  Engine* engine = nullptr;
  // The electorate's slates and weights; must outlive the run. Null is
  // kInvalidInput.
  const SimModel* model = nullptr;
};

struct StageTime {
  std::string stage;
  std::int64_t micros = 0;
};

struct CycleRecord {
  // The record of the engine: filled when RunCycle drives its own engine;
  // empty when the caller gave one (read it from Engine::state()).
  PersonRegister persons;
  std::vector<CycleAct> acts;
  CouncilState state;
  std::vector<PlantedFault> faults;
  ConstituentAssembly constituent;  // counted only when the model declares it
  std::vector<StageTime> stage_times;
};

// Runs the whole cycle: creates every apportioned body in the engine, in the
// apportionment's order (so BodyIndex is the same in both), then drives it
// bottom-up. kInvalidInput when the charter has no body the cycle can start
// from (no directly elected soviet), or a body's sources cannot be ordered
// bottom-up; a command the engine refuses stops the run with its Status (the
// simulation only issues lawful commands, so that is a defect).
Result<CycleRecord> RunCycle(const Charter& charter, const Census& census,
                             const Apportionment& apportionment, const CycleOptions& options);

// The demo's pipeline (`sovet demo`): load the charter and the census (or
// generate one), load the simulation file, apportion, initialise a journal
// at `db`, run the cycle through an engine that writes it, record the
// comparison count if the file declares one,
// wait for the last acknowledgement, and check the invariants.
struct DemoOptions {
  std::string charter_path;
  std::string scale;  // small, medium or full: a generated census; or
  std::string census_path;
  // The simulation file; empty: SimModelPathFor(charter_path).
  std::string slates_path;
  std::uint64_t seed = 1917;
  std::string db;
  std::string key_path;
  bool inject_faults = false;
  std::function<void(const Progress&)> progress;
};

// The top congress both ways (SYSTEM.md §7.2, `election.method` of the
// congress): as the cycle elected it, and its delegation elections counted
// again by the other method — plurality ↔ D'Hondt among the slates of the
// members present — with the same candidates and attendance and as many
// seats as each filled. The recount is computed, never journaled.
struct CongressBothWays {
  BodyIndex congress = -1;
  std::string method;           // the charter's, as elected
  std::string other_method;     // the recount's
  SlateCounts elected;          // seated members by slate
  SlateCounts recounted;        // the recount's members by slate
  std::int64_t elections = 0;   // delegation elections recounted
};

// Recounts every election that seated members of `congress` (delegations
// and their by-elections) by the other method. kInvalidInput if the body
// elects by neither plurality nor D'Hondt.
Result<CongressBothWays> CountCongressBothWays(const Charter& charter,
                                               const Apportionment& apportionment,
                                               const CycleRecord& record, BodyIndex congress);

struct DemoRun {
  Charter charter;
  SimModel model;
  Census census;
  Apportionment apportionment;
  CycleRecord record;             // the engine's record, moved out once it is durable
  std::vector<StageTime> times;   // the pipeline's stages
  std::int64_t acts_written = 0;  // journal entries, genesis included
  std::optional<CongressBothWays> both_ways;  // the top congress both ways, if it has one
};

Result<DemoRun> RunDemo(const DemoOptions& options);

// The bodies the demo's summary shows, chosen from the charter: the top
// congress (the body the first body `elected_by` another is elected by, or
// else the last kind in body_order), the body it elects, and the body that
// one elects. -1 where the charter has none.
struct SummaryBodies {
  BodyIndex congress = -1;
  BodyIndex executive = -1;
  BodyIndex commissars = -1;
};
SummaryBodies ChooseSummaryBodies(const Charter& charter, const Apportionment& apportionment);

}  // namespace sovet

#endif  // SOVET_SIM_H_
