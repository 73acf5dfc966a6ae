// A year of the republic (`sovet demo --months N`, doc/demo_model.md "A
// year"): the simulated country driven through the council's operator act
// families — the register of persons (register.*), elections called,
// nominated, recorded and verified (election.*), recall (recall.*) and
// sessions (session.*) — for N months: a soviet term every three months
// (001:150), the root congress in regular session twice a year and once in
// extraordinary session on the demands of soviets holding a third of the
// inhabitants (001:144), recall petitions where a drift of opinion turns
// the electors against their deputy (001:152). Every act is a command to
// the engine (Engine::ExecuteRecorded), so `sovet verify` and `sovet
// replay` check the year as they check an operator's journal.
//
// A run is a pure function of (charter, census, model, seed, months): the
// same inputs give the same acts (apart from the genesis, times and seals).
//
// Thread-safety: RunYear calls nothing back; its result is a plain value.
#ifndef SOVET_SIM_YEAR_H_
#define SOVET_SIM_YEAR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sovet/sim.h"

namespace sovet {

inline constexpr int kYearMaxMonths = 12;

// A session of the root congress the year convened.
struct YearSession {
  std::string convened;  // the session.convene's date
  std::string opens;
  bool extraordinary = false;
  std::vector<std::string> demanded_by;  // the demanding bodies, if on demands
  std::int64_t demand_inhabitants = 0;   // their territories' inhabitants (union)
  SlateCounts composition;               // the congress by slate once its delegations are in
  std::int64_t delegates = 0;
};

// A recall petition and what came of it.
struct YearPetition {
  std::string id;
  std::string body;
  std::int64_t seat = 0;
  std::string person;
  std::string opened;
  std::int64_t roll = 0;
  std::int64_t needed = 0;
  std::int64_t signatures = 0;
  bool voted = false;
  bool recalled = false;
  std::int64_t votes_for = 0;
  std::int64_t votes_against = 0;
  std::string by_election;  // the by-election the passing vote called
  std::string seated;       // the person the by-election seated
};

struct YearRecord {
  int months = 0;
  std::string start;                     // the first day of the simulated calendar
  std::string end;                       // the last day an act is dated
  std::vector<std::string> term_days;    // each soviet term's election day
  std::vector<std::int64_t> drift;       // per slate: the national drift, per mille a month
  std::int64_t persons = 0;              // entered in the register
  std::int64_t electors_per_person = 1;  // the register's sample (doc/demo_model.md)
  std::int64_t elections = 0;            // election.call acts
  std::int64_t root_inhabitants = 0;
  std::vector<YearSession> sessions;
  std::vector<YearPetition> petitions;
  std::string congress;  // the root congress's body id
};

struct YearRun {
  Charter charter;
  SimModel model;
  Census census;
  Apportionment apportionment;
  YearRecord record;
  std::vector<StageTime> times;
  std::int64_t acts_written = 0;  // journal entries, genesis included
};

// The year's pipeline: as RunDemo up to the journal's genesis (charter,
// slates file, census, apportionment), then `months` months (1..12) of
// acts through an engine that writes the journal. kInvalidInput for months
// out of range, --inject-faults (the year plants none), or a charter whose
// root congress cannot be found.
Result<YearRun> RunYear(const DemoOptions& options, int months);

}  // namespace sovet

#endif  // SOVET_SIM_YEAR_H_
