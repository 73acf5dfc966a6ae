// The simulation of `sovet demo` (doc/demo_model.md): a modelled electorate
// of 1917-18 — voters by faction, nominees, turnout, attendance, and planted
// irregularities — that drives the council engine (sovet/engine.h) through
// the same commands an operator uses, and beside the cycle counts the same
// electorate as the Constituent Assembly was (002:187-209).
//
// A run is a pure function of (charter, census, apportionment, seed,
// inject_faults): the same inputs give the same acts.
//
// Thread-safety: RunCycle and RunDemo call their callbacks from the calling
// thread; everything else is a plain value.
#ifndef SOVET_SIM_H_
#define SOVET_SIM_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/cycle.h"
#include "sovet/engine.h"
#include "sovet/status.h"

namespace sovet {

// A fault planted by CycleOptions::inject_faults, for tests to check that the
// mandates commission caught it.
struct PlantedFault {
  RejectReason expect;  // the rejection the commission must give
  ActIndex election = kNoAct;
  BodyIndex body = -1;
  PersonIndex person = kNoPerson;  // kNoPerson for a quorum fault (every mandate)
  std::string description;
};

// The Constituent Assembly count of the same electorate (002:187-209): seats
// apportioned to gubernias by population (largest remainder), each
// gubernia's seats filled by D'Hondt on the faction votes, the S-Rs on one
// list as they went to the polls in 1917 (002:187).
struct ConstituentDistrict {
  UnitIndex unit = kNoUnit;
  std::int64_t inhabitants = 0;
  std::int64_t seats = 0;
  std::vector<std::int64_t> votes;  // per list
  std::vector<std::int64_t> won;    // per list
};
struct ConstituentAssembly {
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
  ConstituentAssembly constituent;
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
// generate one), apportion, initialise a journal at `db`, run the cycle
// through an engine that writes it, record the Constituent Assembly count,
// wait for the last acknowledgement, and check the invariants.
struct DemoOptions {
  std::string charter_path;
  std::string scale;  // small, medium or full: a generated census; or
  std::string census_path;
  std::uint64_t seed = 1917;
  std::string db;
  std::string key_path;
  bool inject_faults = false;
  std::function<void(const Progress&)> progress;
};

struct DemoRun {
  Charter charter;
  Census census;
  Apportionment apportionment;
  CycleRecord record;             // the engine's record, moved out once it is durable
  std::vector<StageTime> times;   // the pipeline's stages
  std::int64_t acts_written = 0;  // journal entries, genesis included
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
