// The demo's pipeline (sovet/sim.h RunDemo): everything `sovet demo` does
// but parse flags and print.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "sovet/cycle_schema.h"
#include "sovet/sim.h"

namespace sovet {
namespace {

namespace field = schema::field;

ValueList Integers(const std::vector<std::int64_t>& values) {
  ValueList list;
  list.reserve(values.size());
  for (std::int64_t value : values) list.push_back(Value::Integer(value));
  return list;
}

// The act recording the comparison count beside the cycle (its kind keeps
// the name of the first comparison, the Constituent Assembly); the engine
// numbers it (RecordAnnex).
Act ConstituentToJournal(const ConstituentAssembly& assembly, const Census& census) {
  Act out;
  out.kind = schema::kConstituentKind;
  out.fields[field::kName] = Value::Text(assembly.name);
  out.fields[field::kSeats] = Value::Integer(assembly.seats);
  ValueList lists;
  for (const std::string& list : assembly.lists) lists.push_back(Value::Text(list));
  out.fields[field::kLists] = Value::List(std::move(lists));
  out.fields[field::kVotes] = Value::List(Integers(assembly.votes));
  out.fields[field::kWon] = Value::List(Integers(assembly.won));
  ValueList districts;
  for (const ConstituentDistrict& district : assembly.districts) {
    ValueMap fields;
    fields[field::kUnit] = Value::Text(census.id[district.unit]);
    fields[field::kInhabitants] = Value::Integer(district.inhabitants);
    fields[field::kSeats] = Value::Integer(district.seats);
    fields[field::kVotes] = Value::List(Integers(district.votes));
    fields[field::kWon] = Value::List(Integers(district.won));
    districts.push_back(Value::MakeRecord("district", std::move(fields)));
  }
  out.fields[field::kDistricts] = Value::List(std::move(districts));
  return out;
}

BodyIndex FindTop(const Apportionment& apportionment, const std::string& kind) {
  for (BodyIndex body = 0; body < static_cast<BodyIndex>(apportionment.bodies.size()); ++body) {
    if (apportionment.bodies[body].kind == kind && apportionment.bodies[body].unit == 0)
      return body;
  }
  return -1;
}

}  // namespace

SummaryBodies ChooseSummaryBodies(const Charter& charter, const Apportionment& apportionment) {
  // The Executive: a body elected by a body that is itself elected by its
  // sources (a congress); the Commissars: a body elected by the Executive.
  std::string congress, executive, commissars;
  for (const BodyRule& rule : charter.bodies) {
    if (!rule.elected_by) continue;
    const BodyRule* by = charter.FindBody(rule.elected_by->body);
    if (by != nullptr && !by->elected_by && executive.empty()) {
      executive = rule.kind;
      congress = by->kind;
    }
  }
  for (const BodyRule& rule : charter.bodies) {
    if (rule.elected_by && !executive.empty() && rule.elected_by->body == executive) {
      commissars = rule.kind;
    }
  }
  if (congress.empty()) {
    // No executive: the top of the charter's order of bodies.
    if (!charter.body_order.empty()) {
      congress = charter.bodies[charter.body_order.back()].kind;
    } else if (!charter.bodies.empty()) {
      congress = charter.bodies.back().kind;
    }
  }
  SummaryBodies bodies;
  if (!congress.empty()) bodies.congress = FindTop(apportionment, congress);
  if (!executive.empty()) bodies.executive = FindTop(apportionment, executive);
  if (!commissars.empty()) bodies.commissars = FindTop(apportionment, commissars);
  return bodies;
}

Result<DemoRun> RunDemo(const DemoOptions& options) {
  using Clock = std::chrono::steady_clock;
  DemoRun run;
  auto lap = [&, last = Clock::now()](const std::string& stage) mutable {
    const auto now = Clock::now();
    run.times.push_back(StageTime{
        stage, std::chrono::duration_cast<std::chrono::microseconds>(now - last).count()});
    last = now;
  };
  if (options.scale.empty() == options.census_path.empty()) {
    return Error(
        Status::InvalidInput("give exactly one of --scale small|medium|full or --census FILE",
                             SourceLocation{.field = "--scale"}));
  }
  SOVET_TRY(run.charter, LoadCharter(options.charter_path));
  {
    const std::string slates_path =
        options.slates_path.empty() ? SimModelPathFor(options.charter_path) : options.slates_path;
    auto model = LoadSimModel(slates_path);
    if (!model) {
      Status status = model.error();
      if (options.slates_path.empty() && status.code() == StatusCode::kNotFound) {
        // Say where the file was looked for and how to give another.
        return Error(Status::InvalidInput(
            fmt::format("the simulation's slates file {} is missing: `sovet demo` looks for "
                        "<charter stem>.sim.toml beside the charter, or takes --slates FILE "
                        "(doc/demo_model.md \"The slates file\")",
                        slates_path),
            SourceLocation{.file = slates_path, .field = "--slates"}));
      }
      return Error(std::move(status));
    }
    run.model = std::move(*model);
  }
  // A quota open to some slates only names slates of the slates file.
  for (std::size_t body_idx = 0; body_idx < run.charter.bodies.size(); ++body_idx) {
    const BodyRule& rule = run.charter.bodies[body_idx];
    for (std::size_t quota_idx = 0; quota_idx < rule.quotas.size(); ++quota_idx) {
      for (const std::string& key : rule.quotas[quota_idx].slates) {
        const bool declared =
            std::any_of(run.model.slates.begin(), run.model.slates.end(),
                        [&](const SimSlate& slate) { return slate.key == key; });
        if (!declared) {
          std::string keys;
          for (const SimSlate& slate : run.model.slates) {
            keys += (keys.empty() ? "" : ", ") + slate.key;
          }
          SourceLocation where = rule.quotas[quota_idx].where;
          where.field = fmt::format("body[{}].quota[{}].slates", body_idx, quota_idx);
          return Error(Status::InvalidInput(
              fmt::format("the quota names the slate '{}', which the slates file {} does not "
                          "declare (its slates: {})",
                          key, run.model.source_file, keys),
              std::move(where)));
        }
      }
    }
  }
  if (!options.scale.empty()) {
    SOVET_TRY(CensusScale scale, ParseCensusScale(options.scale));
    SOVET_TRY(std::string csv, GenerateCensusCsv(scale, options.seed));
    SOVET_TRY(run.census,
              ParseCensus(csv, fmt::format("generated-{}-{}.csv", options.scale, options.seed),
                          run.charter));
  } else {
    SOVET_TRY(run.census, LoadCensus(options.census_path, run.charter));
  }
  lap("census");
  SOVET_TRY(run.apportionment, Apportion(run.charter, run.census));
  lap("apportion");

  const CharterIdentity identity{run.charter.id, run.charter.sha256_hex};
  SOVET_TRY(Entry genesis, Journal::Init(InitOptions{.url = options.db,
                                                     .key_path = options.key_path,
                                                     .charter = identity,
                                                     .projector = &EngineProjector()}));
  (void)genesis;
  SOVET_TRY(std::unique_ptr<Journal> journal,
            Journal::Open(OpenOptions{.url = options.db,
                                      .writable = true,
                                      .key_path = options.key_path,
                                      .charter = identity,
                                      .projector = &EngineProjector()}));
  {
    Engine engine(
        run.charter,
        EngineOptions{.journal = journal.get(), .pipelined = true, .unit_ids = run.census.id});
    CycleOptions cycle;
    cycle.seed = options.seed;
    cycle.inject_faults = options.inject_faults;
    cycle.progress = options.progress;
    cycle.engine = &engine;
    cycle.model = &run.model;
    SOVET_TRY(run.record, RunCycle(run.charter, run.census, run.apportionment, cycle));
    lap("cycle");
    if (run.record.constituent.counted) {
      SOVET_TRY(ActIndex annex,
                engine.RecordAnnex(ConstituentToJournal(run.record.constituent, run.census)));
      (void)annex;
    }
    SOVET_CHECK_OK(engine.Finish());
    lap("journal: last acknowledgement");
    run.acts_written = engine.acts_written() + 1;
    EngineState state = engine.Release();
    run.record.persons = std::move(state.persons);
    run.record.acts = std::move(state.acts);
    run.record.state = std::move(state.council);
  }
  SOVET_CHECK_OK(CheckInvariants(run.charter, run.apportionment, run.record.persons,
                                 run.record.acts, run.record.state));
  lap("check invariants");
  // The top congress both ways, when it elects by plurality or D'Hondt.
  const BodyIndex congress = ChooseSummaryBodies(run.charter, run.apportionment).congress;
  if (congress >= 0) {
    const BodyRule* rule = run.charter.FindBody(run.apportionment.bodies[congress].kind);
    if (rule != nullptr &&
        (rule->election.method == "plurality" || rule->election.method == "dhondt")) {
      SOVET_TRY(run.both_ways,
                CountCongressBothWays(run.charter, run.apportionment, run.record, congress));
    }
  }
  return run;
}

}  // namespace sovet
