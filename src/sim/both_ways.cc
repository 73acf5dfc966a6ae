// The top congress both ways (sovet/sim.h CountCongressBothWays): the
// delegation elections that seated its members, counted again by the other
// of the two methods a charter may give a congress (SYSTEM.md §7.2,
// `election.method`): the open vote by plurality, or D'Hondt among the
// slates of the members present. Nothing here is journaled: the recount
// reads the record of the cycle and changes nothing in it.
#include <fmt/format.h>

#include <map>

#include "sim/election.h"
#include "sovet/sim.h"

namespace sovet {

Result<CongressBothWays> CountCongressBothWays(const Charter& charter,
                                               const Apportionment& apportionment,
                                               const CycleRecord& record, BodyIndex congress) {
  if (congress < 0 || static_cast<std::size_t>(congress) >= apportionment.bodies.size()) {
    return Error(Status::InvalidInput("the congress to recount is not an apportioned body"));
  }
  const BodyRule* rule = charter.FindBody(apportionment.bodies[congress].kind);
  if (rule == nullptr) {
    return Error(Status::InvalidInput(fmt::format(
        "{}: no [[body]] of the charter", apportionment.bodies[congress].id)));
  }
  CongressBothWays both;
  both.congress = congress;
  both.method = rule->election.method;
  if (both.method == "plurality") {
    both.other_method = "dhondt";
  } else if (both.method == "dhondt") {
    both.other_method = "plurality";
  } else {
    return Error(Status::InvalidInput(fmt::format(
        "{} elects by '{}': the comparison recounts plurality as D'Hondt and D'Hondt as "
        "plurality only (election.method, SYSTEM.md §7.2)",
        apportionment.bodies[congress].id, both.method)));
  }
  const PersonRegister& persons = record.persons;
  both.elected = Composition(record.state, persons, congress);
  both.recounted.assign(persons.slates.size(), 0);

  // Members each election of the congress seated, by its act.
  std::map<ActIndex, std::int64_t> seated_by;
  for (const CycleAct& act : record.acts) {
    const auto* verification = std::get_if<VerificationAct>(&act);
    if (verification == nullptr || verification->body != congress) continue;
    for (const MandateCheck& check : verification->checks) {
      if (check.reason == RejectReason::kNone) ++seated_by[verification->election];
    }
  }
  for (const auto& [index, seated] : seated_by) {
    if (index < 0 || static_cast<std::size_t>(index) >= record.acts.size()) continue;
    const auto* election = std::get_if<ElectionAct>(&record.acts[index]);
    if (election == nullptr || election->electing_body < 0) continue;
    // The same meeting (candidates, members present by slate, count seed)
    // counted by the other method for the seats it filled.
    ElectionAct recount = *election;
    recount.method = both.other_method;
    recount.seats = seated;
    SOVET_CHECK_OK(sim::CountElection(persons, recount));
    for (std::int32_t slot : recount.elected) {
      ++both.recounted[persons.slate[recount.candidates[slot]]];
    }
    ++both.elections;
  }
  return both;
}

}  // namespace sovet
