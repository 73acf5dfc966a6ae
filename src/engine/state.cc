// The projection of the cycle's acts (who holds which seat) and the
// invariants of SYSTEM.md §7, checked independently of the commission.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <unordered_set>

#include "sovet/cycle.h"

namespace sovet {

const char* ElectionKindName(ElectionKind kind) {
  switch (kind) {
    case ElectionKind::kBase:
      return "base";
    case ElectionKind::kByElection:
      return "by_election";
    case ElectionKind::kDelegation:
      return "delegation";
    case ElectionKind::kExecutive:
      return "executive";
    case ElectionKind::kCommissars:
      return "commissars";
  }
  return "unknown";
}

const char* RejectReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kNone:
      return "seated";
    case RejectReason::kNoElectionAct:
      return "no_election_act";
    case RejectReason::kNotFinal:
      return "not_final";
    case RejectReason::kNoQuorum:
      return "no_quorum";
    case RejectReason::kIneligible:
      return "ineligible";
    case RejectReason::kSeatedTwice:
      return "seated_twice";
    case RejectReason::kNotElected:
      return "not_elected";
    case RejectReason::kNotMemberOfSendingBody:
      return "not_member_of_sending_body";
  }
  return "unknown";
}

CouncilState CouncilState::ForApportionment(const Apportionment& apportionment) {
  CouncilState state;
  state.seat_offset.reserve(apportionment.bodies.size() + 1);
  std::int64_t offset = 0;
  for (const ApportionedBody& body : apportionment.bodies) {
    state.seat_offset.push_back(offset);
    offset += body.seats;
  }
  state.seat_offset.push_back(offset);
  state.seat_mandate.assign(static_cast<std::size_t>(offset), kNoMandate);
  return state;
}

Result<void> CouncilState::Apply(ActIndex act_index, const CycleAct& act) {
  const auto* verification = std::get_if<VerificationAct>(&act);
  if (verification == nullptr) return {};
  const BodyIndex body = verification->body;
  if (body < 0 || static_cast<std::size_t>(body) + 1 >= seat_offset.size()) {
    return Error(
        Status::Internal(fmt::format("act {}: body {} is not apportioned", act_index, body)));
  }
  for (const MandateCheck& check : verification->checks) {
    if (check.reason != RejectReason::kNone) continue;
    if (check.seat < 1 || check.seat > Seats(body)) {
      return Error(
          Status::Internal(fmt::format("act {}: seat {} is outside the {} seats of body {}",
                                       act_index, check.seat, Seats(body), body)));
    }
    MandateIndex& holder = seat_mandate[seat_offset[body] + check.seat - 1];
    if (holder != kNoMandate) {
      return Error(Status::Internal(
          fmt::format("act {}: seat {} of body {} is already held", act_index, check.seat, body)));
    }
    holder = static_cast<MandateIndex>(mandates.size());
    mandates.push_back(Mandate{body, check.seat, check.person, verification->election, act_index,
                               check.source, check.portfolio});
  }
  return {};
}

std::int64_t FilledSeats(const Charter& charter, const Apportionment& apportionment,
                         BodyIndex body) {
  const ApportionedBody& apportioned = apportionment.bodies[body];
  if (apportioned.delegations.empty()) return apportioned.seats;
  const BodyRule* rule = nullptr;
  for (const BodyRule& candidate : charter.bodies) {
    if (candidate.kind == apportioned.kind) rule = &candidate;
  }
  // A body elects its delegates from its own members (001:148): no
  // delegation is larger than the body that sends it, and a body elected
  // from another's members has "at the maximum" its seats (001:144).
  std::int64_t filled = 0;
  for (const Delegation& delegation : apportioned.delegations) {
    if (delegation.from == body) continue;
    filled += std::min(delegation.seats, FilledSeats(charter, apportionment, delegation.from));
  }
  if (rule != nullptr && rule->elected_by) filled = std::min(filled, apportioned.seats);
  return std::min(filled, apportioned.seats);
}

SlateCounts Composition(const CouncilState& state, const PersonRegister& persons, BodyIndex body) {
  SlateCounts counts(persons.slates.size(), 0);
  for (std::int64_t seat = 1; seat <= state.Seats(body); ++seat) {
    const MandateIndex mandate = state.At(body, seat);
    if (mandate == kNoMandate) continue;
    const SlateIndex slate = persons.slate[state.mandates[mandate].person];
    if (slate >= 0 && static_cast<std::size_t>(slate) < counts.size()) ++counts[slate];
  }
  return counts;
}

Result<void> CheckInvariants(const Charter& charter, const Apportionment& apportionment,
                             const PersonRegister& persons, std::span<const CycleAct> acts,
                             const CouncilState& state) {
  auto violation = [](std::string message) {
    return Error(Status::IntegrityViolation(std::move(message)));
  };
  const Decisions& decisions = charter.decisions;
  for (BodyIndex body = 0; body < static_cast<BodyIndex>(apportionment.bodies.size()); ++body) {
    const std::string& body_id = apportionment.bodies[body].id;
    std::unordered_set<PersonIndex> seated;
    const std::int64_t filled = FilledSeats(charter, apportionment, body);
    for (std::int64_t seat = 1; seat <= state.Seats(body); ++seat) {
      const MandateIndex mandate_idx = state.At(body, seat);
      if (seat > filled) {
        if (mandate_idx != kNoMandate) {
          return violation(fmt::format("{} seat {}: held, but the body fills only {} seats",
                                       body_id, seat, filled));
        }
        continue;
      }
      if (mandate_idx == kNoMandate) {
        return violation(
            fmt::format("{} seat {}: vacant; the body has {} seats", body_id, seat, filled));
      }
      const Mandate& mandate = state.mandates[mandate_idx];
      if (mandate.body != body || mandate.seat != seat) {
        return violation(fmt::format("{} seat {}: the mandate names another seat", body_id, seat));
      }
      if (!seated.insert(mandate.person).second) {
        return violation(fmt::format("{} seat {}: person {} sits twice in the body", body_id, seat,
                                     mandate.person));
      }
      std::string reason;
      if (!IsEligible(persons, mandate.person, charter.franchise, &reason)) {
        return violation(fmt::format("{} seat {}: {}", body_id, seat, reason));
      }
      // Verified: a seated verdict of this body's commission.
      if (mandate.verification < 0 || mandate.verification >= static_cast<ActIndex>(acts.size())) {
        return violation(fmt::format("{} seat {}: no verification act", body_id, seat));
      }
      const auto* verification = std::get_if<VerificationAct>(&acts[mandate.verification]);
      bool verdict_found = false;
      if (verification != nullptr && verification->body == body) {
        for (const MandateCheck& check : verification->checks) {
          if (check.reason == RejectReason::kNone && check.seat == seat &&
              check.person == mandate.person) {
            verdict_found = true;
          }
        }
      }
      if (!verdict_found) {
        return violation(fmt::format("{} seat {}: the mandate was not verified", body_id, seat));
      }
      // Conferred by a final election of this body that held its quorum and
      // elected the person.
      if (mandate.election < 0 || mandate.election >= static_cast<ActIndex>(acts.size())) {
        return violation(fmt::format("{} seat {}: no election act", body_id, seat));
      }
      const auto* election = std::get_if<ElectionAct>(&acts[mandate.election]);
      if (election == nullptr || election->body != body || !election->final) {
        return violation(fmt::format("{} seat {}: act {} is not a final election of the body",
                                     body_id, seat, mandate.election));
      }
      const std::int64_t quorum =
          election->electors * decisions.quorum_num / decisions.quorum_den + decisions.quorum_plus;
      if (election->present < std::min(quorum, election->electors)) {
        return violation(fmt::format("{} seat {}: election act {} lacked its quorum", body_id, seat,
                                     mandate.election));
      }
      bool elected = false;
      for (std::int32_t slot : election->elected) {
        if (election->candidates[slot] == mandate.person) elected = true;
      }
      if (!elected) {
        return violation(fmt::format("{} seat {}: election act {} did not elect person {}", body_id,
                                     seat, mandate.election, mandate.person));
      }
      // Delegates: a seated member of the sending body; the chain of
      // mandates ends at a base election.
      MandateIndex link = mandate_idx;
      std::int32_t depth = 0;
      while (state.mandates[link].source != kNoMandate) {
        const Mandate& here = state.mandates[link];
        const Mandate& source = state.mandates[here.source];
        const auto* here_election = std::get_if<ElectionAct>(&acts[here.election]);
        if (source.person != here.person || here_election == nullptr ||
            source.body != here_election->electing_body ||
            state.At(source.body, source.seat) != here.source) {
          return violation(fmt::format(
              "{} seat {}: delegate is not a seated member of the sending body", body_id, seat));
        }
        link = here.source;
        if (++depth > 64)
          return violation(fmt::format("{} seat {}: a cycle of mandates", body_id, seat));
      }
      const auto* base = std::get_if<ElectionAct>(&acts[state.mandates[link].election]);
      if (base == nullptr || base->electing_body != -1 ||
          (base->kind != ElectionKind::kBase && base->kind != ElectionKind::kByElection)) {
        return violation(fmt::format(
            "{} seat {}: the chain of mandates does not end at a base election", body_id, seat));
      }
    }
  }
  return {};
}

}  // namespace sovet
