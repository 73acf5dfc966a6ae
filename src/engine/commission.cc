#include "engine/commission.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

namespace sovet::engine {

VerificationAct VerifyMandates(const Charter& charter, const PersonRegister& persons,
                               std::span<const CycleAct> acts, const CouncilState& state,
                               BodyIndex body, ActIndex election,
                               std::span<const PresentedMandate> presented, Eligible eligible) {
  VerificationAct verdicts;
  verdicts.body = body;
  verdicts.election = election;
  std::unordered_set<PersonIndex> seated;
  std::vector<std::int64_t> vacant;
  for (std::int64_t seat = 1; seat <= state.Seats(body); ++seat) {
    const MandateIndex holder = state.At(body, seat);
    if (holder == kNoMandate)
      vacant.push_back(seat);
    else
      seated.insert(state.mandates[holder].person);
  }
  std::size_t next_vacant = 0;
  const ElectionAct* act = nullptr;
  if (election >= 0 && election < static_cast<ActIndex>(acts.size())) {
    act = std::get_if<ElectionAct>(&acts[election]);
  }
  // Each elected slot confers one mandate, once.
  std::vector<bool> slot_used(act ? act->candidates.size() : 0, false);

  for (const PresentedMandate& mandate : presented) {
    MandateCheck check;
    check.person = mandate.person;
    check.slot = mandate.slot;
    check.source = mandate.source;
    check.portfolio = mandate.portfolio;
    auto reject = [&](RejectReason reason, std::string detail) {
      check.reason = reason;
      check.detail = std::move(detail);
    };
    std::string ineligible;
    if (act == nullptr || act->body != body) {
      reject(RejectReason::kNoElectionAct,
             fmt::format("act {} is not an election of this body", election));
    } else if (!act->final) {
      reject(RejectReason::kNotFinal, fmt::format("election act {} is not final", election));
    } else if (const std::int64_t quorum =
                   std::min(act->electors, act->electors * charter.decisions.quorum_num /
                                                   charter.decisions.quorum_den +
                                               charter.decisions.quorum_plus);
               act->present < quorum) {
      // SYSTEM.md §4 Decisions: quorum is half the members plus one.
      reject(RejectReason::kNoQuorum,
             fmt::format("{} of {} present; the quorum is {} (decisions.quorum)", act->present,
                         act->electors, quorum));
    } else if (!IsEligible(persons, mandate.person, charter.franchise, &ineligible)) {
      reject(RejectReason::kIneligible, ineligible);
    } else if (seated.count(mandate.person) != 0) {
      reject(RejectReason::kSeatedTwice,
             fmt::format("{} already holds a seat in this body", persons.name[mandate.person]));
    } else if (mandate.slot < 0 ||
               static_cast<std::size_t>(mandate.slot) >= act->candidates.size() ||
               act->candidates[mandate.slot] != mandate.person || slot_used[mandate.slot] ||
               std::find(act->elected.begin(), act->elected.end(), mandate.slot) ==
                   act->elected.end()) {
      reject(RejectReason::kNotElected,
             fmt::format("the count of act {} did not elect {} at slot {}", election,
                         persons.name[mandate.person], mandate.slot));
    } else if (act->electing_body >= 0 && eligible == Eligible::kMembers) {
      // A delegate must hold a seat in the body that elected them (001:148;
      // the charter key `eligible = "members"`, SYSTEM.md §7.2).
      const bool member =
          mandate.source >= 0 && static_cast<std::size_t>(mandate.source) < state.mandates.size() &&
          state.mandates[mandate.source].body == act->electing_body &&
          state.mandates[mandate.source].person == mandate.person &&
          state.At(act->electing_body, state.mandates[mandate.source].seat) == mandate.source;
      if (!member) {
        reject(RejectReason::kNotMemberOfSendingBody,
               fmt::format("{} holds no seat in the sending body (eligible = \"members\")",
                           persons.name[mandate.person]));
      }
    }
    if (check.reason == RejectReason::kNone) {
      if (next_vacant < vacant.size()) {
        check.seat = vacant[next_vacant++];
        seated.insert(mandate.person);
        slot_used[mandate.slot] = true;
      } else {
        // More mandates than apportioned seats: the election returned too
        // many; none beyond the seats is seated.
        reject(RejectReason::kNotElected, "no vacant seat is apportioned for this mandate");
      }
    }
    verdicts.checks.push_back(std::move(check));
  }
  return verdicts;
}

}  // namespace sovet::engine
