// Apportionment per SYSTEM.md §5, bottom-up in the charter's dependency order
// (Charter::body_order: sources before the bodies they compose).
//
// Cost: O(units + bodies log bodies). The sources of a term inside a target
// unit t are found by binary search: bodies of one kind are created in unit
// order, and the census is in pre-order, so the units inside t are exactly
// the index range (t, subtree_end[t]) — never a scan of bodies × units.
// Quotients are never divided out: every comparison is an integer
// comparison of cross-multiplied values in 128 bits (largest_remainder.h).
#include "sovet/apportion.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "apportion/basis.h"
#include "apportion/largest_remainder.h"

namespace sovet {
namespace {

using apportion_internal::Claimant;
using apportion_internal::Int128;
using apportion_internal::LargestRemainder;

// Bound on any weight or seat total handled, so that products of two stay
// far inside 128 bits and sums of many stay inside 63.
constexpr Int128 kMaxWeight = Int128{1} << 62;

std::int64_t Round(Int128 numerator, std::int64_t per, Rounding rounding) {
  switch (rounding) {
    case Rounding::kHalfUp:
      // SYSTEM.md §5 round_half_up(basis / per) = floor((2 basis + per) / (2 per)).
      return static_cast<std::int64_t>((2 * numerator + per) / (Int128{2} * per));
    case Rounding::kDown:
      return static_cast<std::int64_t>(numerator / per);
    case Rounding::kUp:
      return static_cast<std::int64_t>((numerator + per - 1) / per);
  }
  return 0;
}

class Apportioner {
 public:
  Apportioner(const Charter& charter, const Census& census) : charter_(charter), census_(census) {}

  Result<Apportionment> Run();

 private:
  struct Body {
    std::size_t rule = 0;
    UnitIndex unit = kNoUnit;
    std::int64_t seats = 0;
    std::int64_t before_limits = 0;
    std::vector<Delegation> delegations;  // `from` indexes bodies_ until sorted
    std::vector<QuotaShare> quotas;       // a body of fixed quotas only
  };

  std::int64_t BasisOf(Basis basis, const Body& body) const {
    return apportion_internal::BasisValue(basis, census_, body.unit, body.seats);
  }

  Status BodyError(const Body& body, std::string message) const {
    const BodyRule& rule = charter_.bodies[body.rule];
    return Status::InvalidInput(
        fmt::format("body '{}:{}': {}", rule.kind, census_.id[body.unit], message),
        {.file = census_.source_file, .line = census_.line.empty() ? 0 : census_.line[body.unit]});
  }

  // Persons who may be sent or chosen by `source` (BodyRule::eligible).
  std::int64_t EligibleIn(Eligible eligible, const Body& source) const {
    return eligible == Eligible::kMembers ? source.seats : census_.electors[source.unit];
  }

  Result<void> CreateBodies();
  void FindVacancies(Apportionment& result) const;
  Result<void> SeatDirect(Body& body);
  Result<void> SeatElected(Body& body);
  Result<void> SeatComposed(Body& body);
  Result<void> SeatQuotas(Body& body);
  Apportionment Finish();

  const Charter& charter_;
  const Census& census_;
  std::vector<Body> bodies_;
  // Per rule: its bodies in unit order, and the units they sit on.
  std::vector<std::vector<BodyIndex>> bodies_of_rule_;
  std::vector<std::vector<UnitIndex>> units_of_rule_;
  // Rank of each unit's id in byte order, for tie-breaks between sources of
  // one kind (their body ids share the "KIND:" prefix).
  std::vector<std::int32_t> id_rank_;
  std::vector<UnitIndex> units_by_id_;  // the inverse of id_rank_
  // Per electing rule, once needed: for each unit, the body of that rule on
  // the unit or on its nearest enclosing unit (-1: none). Built in one pass
  // over the units in pre-order (a parent precedes its children), so seating
  // every elected body costs O(units), not O(units × depth).
  std::vector<std::vector<BodyIndex>> nearest_electing_;
};

Result<void> Apportioner::CreateBodies() {
  const std::size_t unit_count = census_.size();
  std::unordered_map<std::string, std::size_t> kind_index;
  for (std::size_t kind_idx = 0; kind_idx < charter_.unit_kinds.size(); ++kind_idx) {
    kind_index.emplace(charter_.unit_kinds[kind_idx].name, kind_idx);
  }
  std::vector<std::int32_t> unit_kind(unit_count, -1);
  for (std::size_t unit = 0; unit < unit_count; ++unit) {
    auto found = kind_index.find(census_.kind[unit]);
    if (found == kind_index.end()) {
      return Error(Status::InvalidInput(
          fmt::format("unit '{}' has kind '{}', which the charter '{}' does not define",
                      census_.id[unit], census_.kind[unit], charter_.id),
          {.file = census_.source_file,
           .line = census_.line.empty() ? 0 : census_.line[unit],
           .field = "kind"}));
    }
    unit_kind[unit] = static_cast<std::int32_t>(found->second);
  }
  bodies_of_rule_.assign(charter_.bodies.size(), {});
  units_of_rule_.assign(charter_.bodies.size(), {});
  for (std::size_t rule_idx = 0; rule_idx < charter_.bodies.size(); ++rule_idx) {
    const BodyRule& rule = charter_.bodies[rule_idx];
    std::vector<bool> sits_on(charter_.unit_kinds.size(), false);
    for (const std::string& unit_kind_name : rule.units)
      sits_on[kind_index.at(unit_kind_name)] = true;
    for (std::size_t unit = 0; unit < unit_count; ++unit) {
      if (!sits_on[unit_kind[unit]] || !rule.when.Holds(census_.inhabitants[unit])) continue;
      bodies_of_rule_[rule_idx].push_back(static_cast<BodyIndex>(bodies_.size()));
      units_of_rule_[rule_idx].push_back(static_cast<UnitIndex>(unit));
      bodies_.push_back(Body{.rule = rule_idx, .unit = static_cast<UnitIndex>(unit)});
    }
  }
  if (bodies_.size() > static_cast<std::size_t>(std::numeric_limits<BodyIndex>::max())) {
    return Error(Status::InvalidInput("more bodies than sovet can index (2^31)"));
  }
  // Sorting views beside their indices keeps the comparisons in cache.
  std::vector<std::pair<std::string_view, UnitIndex>> by_id;
  by_id.reserve(unit_count);
  for (std::size_t unit = 0; unit < unit_count; ++unit) {
    by_id.emplace_back(census_.id[unit], static_cast<UnitIndex>(unit));
  }
  std::sort(by_id.begin(), by_id.end());
  units_by_id_.resize(unit_count);
  id_rank_.assign(unit_count, 0);
  for (std::size_t rank = 0; rank < unit_count; ++rank) {
    units_by_id_[rank] = by_id[rank].second;
    id_rank_[by_id[rank].second] = static_cast<std::int32_t>(rank);
  }
  return {};
}

// SYSTEM.md §5: seats = clamp(round_half_up(basis / per), min, max).
Result<void> Apportioner::SeatDirect(Body& body) {
  const DirectSeats& rule = *charter_.bodies[body.rule].direct;
  std::int64_t seats = Round(BasisOf(rule.basis, body), rule.per, rule.rounding);
  body.before_limits = seats;
  seats = std::max(seats, rule.min);
  if (rule.max) seats = std::min(seats, *rule.max);
  if (seats > kMaxWeight) return Error(BodyError(body, "seat count overflows"));
  body.seats = seats;
  return {};
}

// A body of fixed size chosen by the body of kind `elected_by.body` on the
// same unit, or failing that on the nearest enclosing unit (the charter
// guarantees one of the electing kind's unit kinds can enclose it).
Result<void> Apportioner::SeatElected(Body& body) {
  const ElectedBy& rule = *charter_.bodies[body.rule].elected_by;
  const std::size_t electing_rule =
      static_cast<std::size_t>(charter_.FindBody(rule.body) - charter_.bodies.data());
  if (nearest_electing_.size() != charter_.bodies.size()) {
    nearest_electing_.assign(charter_.bodies.size(), {});
  }
  std::vector<BodyIndex>& nearest = nearest_electing_[electing_rule];
  if (nearest.empty()) {
    const std::vector<UnitIndex>& electing_units = units_of_rule_[electing_rule];
    nearest.assign(census_.size(), BodyIndex{-1});
    for (std::size_t idx = 0; idx < electing_units.size(); ++idx) {
      nearest[static_cast<std::size_t>(electing_units[idx])] = bodies_of_rule_[electing_rule][idx];
    }
    for (std::size_t unit = 0; unit < census_.size(); ++unit) {
      const UnitIndex parent = census_.parent[unit];
      if (nearest[unit] < 0 && parent != kNoUnit) {
        nearest[unit] = nearest[static_cast<std::size_t>(parent)];
      }
    }
  }
  if (BodyIndex from = nearest[static_cast<std::size_t>(body.unit)]; from >= 0) {
    body.seats = body.before_limits = rule.seats;
    if (rule.up_to) {
      // "At the maximum" (001:144): as many seats as the electing body has
      // persons eligible to sit, up to the cap (elected_by.max).
      body.seats =
          std::min(rule.seats, EligibleIn(charter_.bodies[body.rule].eligible, bodies_[from]));
    }
    if (body.seats > 0) body.delegations.push_back({.from = from, .seats = body.seats});
    return {};
  }
  return Error(BodyError(body, fmt::format("no '{}' on this unit or any unit enclosing it to "
                                           "elect it (elected_by.body)",
                                           rule.body)));
}

Result<void> Apportioner::SeatComposed(Body& body) {
  const BodyRule& rule = charter_.bodies[body.rule];
  const UnitIndex first_inside = body.unit + 1;
  const UnitIndex end_inside = census_.subtree_end[body.unit];

  struct Term {
    const CompositionTerm* term = nullptr;
    std::size_t source_rule = 0;
    std::vector<BodyIndex> sources;  // ordered by id
    Int128 basis_sum = 0;
    std::int64_t minimum = 0;  // min_per_source * sources
    std::int64_t seats = 0;
  };
  std::vector<Term> terms;
  for (const CompositionTerm& term : rule.terms) {
    Term entry;
    entry.term = &term;
    entry.source_rule =
        static_cast<std::size_t>(charter_.FindBody(term.source) - charter_.bodies.data());
    // SYSTEM.md §5 step 1: the sources are the bodies of that kind whose units
    // lie inside the body's unit (strictly below it, at any depth).
    const std::vector<UnitIndex>& units = units_of_rule_[entry.source_rule];
    auto begin = std::lower_bound(units.begin(), units.end(), first_inside);
    auto end = std::lower_bound(units.begin(), units.end(), end_inside);
    const std::vector<BodyIndex>& source_bodies = bodies_of_rule_[entry.source_rule];
    entry.sources.assign(source_bodies.begin() + (begin - units.begin()),
                         source_bodies.begin() + (end - units.begin()));
    std::sort(entry.sources.begin(), entry.sources.end(), [&](BodyIndex a, BodyIndex b) {
      return id_rank_[bodies_[a].unit] < id_rank_[bodies_[b].unit];
    });
    for (BodyIndex source : entry.sources) {
      entry.basis_sum += BasisOf(term.basis, bodies_[source]);
    }
    if (entry.basis_sum > kMaxWeight) {
      return Error(BodyError(
          body, fmt::format("the sum of the {} of its {} '{}' sources (composition term basis "
                            "'{}') exceeds 2^62; expected smaller census figures",
                            BasisName(term.basis), entry.sources.size(), term.source,
                            BasisName(term.basis))));
    }
    Int128 minimum = static_cast<Int128>(term.min_per_source) * entry.sources.size();
    if (minimum > kMaxWeight) {
      return Error(
          BodyError(body, fmt::format("min_per_source {} × {} '{}' sources exceeds 2^62 seats "
                                      "(composition term min_per_source)",
                                      term.min_per_source, entry.sources.size(), term.source)));
    }
    entry.minimum = static_cast<std::int64_t>(minimum);
    // Step 2: n_k = round_half_up(q_k), at least the sources' minimums.
    entry.seats = std::max(Round(entry.basis_sum, term.per, rule.rounding), entry.minimum);
    terms.push_back(std::move(entry));
  }
  // Step 5: between terms the id is the source kind (byte order).
  std::sort(terms.begin(), terms.end(),
            [](const Term& a, const Term& b) { return a.term->source < b.term->source; });

  Int128 total = 0;
  for (const Term& term : terms) total += term.seats;
  if (total > kMaxWeight) return Error(BodyError(body, "seat count overflows"));
  body.before_limits = static_cast<std::int64_t>(total);
  std::optional<std::int64_t> target;
  if (rule.max && total > *rule.max) target = *rule.max;
  if (rule.min && total < *rule.min) target = *rule.min;
  if (target) {
    // Step 3: Hamilton on the quotas q_k = basis_sum / per. To compare them
    // as integers, bring them to the common denominator L = lcm(per): the
    // weight of a term is basis_sum * (L / per). Terms without sources take
    // no part: they have no one to seat.
    Int128 common = 1;
    for (const Term& term : terms) {
      if (term.sources.empty()) continue;
      Int128 per = term.term->per;
      Int128 gcd = std::gcd(static_cast<std::int64_t>(common % per), term.term->per);
      common = common / (gcd == 0 ? per : gcd) * per;
      if (common > kMaxWeight)
        return Error(BodyError(body,
                               "the terms' 'per' values are too "
                               "large to combine exactly"));
    }
    std::vector<Claimant> claimants;
    std::vector<std::size_t> claimant_term;
    std::int64_t minimum_sum = 0;
    for (std::size_t term_idx = 0; term_idx < terms.size(); ++term_idx) {
      const Term& term = terms[term_idx];
      if (term.sources.empty()) continue;
      Int128 weight = term.basis_sum * (common / term.term->per);
      if (weight > kMaxWeight) return Error(BodyError(body, "a term's quota overflows"));
      claimants.push_back({.weight = weight, .minimum = term.minimum});
      claimant_term.push_back(term_idx);
      minimum_sum += term.minimum;
    }
    if (minimum_sum > *target) {
      return Error(BodyError(
          body, fmt::format("its sources' minimum delegations (min_per_source) add up to {}, "
                            "more than its max of {}",
                            minimum_sum, *target)));
    }
    for (Term& term : terms) term.seats = 0;
    if (!claimants.empty()) {
      std::vector<std::int64_t> seats = LargestRemainder(*target, claimants);
      for (std::size_t idx = 0; idx < claimants.size(); ++idx) {
        terms[claimant_term[idx]].seats = seats[idx];
      }
    }
  }

  // Step 4: inside each term, Hamilton on the sources' bases.
  body.seats = 0;
  for (const Term& term : terms) {
    body.seats += term.seats;
    if (term.seats == 0 || term.sources.empty()) continue;
    std::vector<Claimant> claimants;
    claimants.reserve(term.sources.size());
    for (BodyIndex source : term.sources) {
      claimants.push_back({.weight = BasisOf(term.term->basis, bodies_[source]),
                           .minimum = term.term->min_per_source});
    }
    std::vector<std::int64_t> seats = LargestRemainder(term.seats, claimants);
    for (std::size_t idx = 0; idx < term.sources.size(); ++idx) {
      if (seats[idx] > 0)
        body.delegations.push_back({.from = term.sources[idx], .seats = seats[idx]});
    }
  }
  return {};
}

// D'Hondt among claimants (highest averages weight / (seats + 1)), exact:
// averages are compared by cross-multiplication in 128 bits. Ties go to the
// larger weight, then to the claimant first in order (sources are given in
// id order), as SYSTEM.md §5 step 5 breaks every tie. All weights 0: all
// weigh the same.
std::vector<std::int64_t> Dhondt(std::int64_t seats, const std::vector<Int128>& weights) {
  const bool all_zero =
      std::all_of(weights.begin(), weights.end(), [](Int128 weight) { return weight == 0; });
  std::vector<std::int64_t> won(weights.size(), 0);
  for (std::int64_t seat = 0; seat < seats && !weights.empty(); ++seat) {
    std::size_t best = 0;
    for (std::size_t idx = 1; idx < weights.size(); ++idx) {
      const Int128 weight = all_zero ? 1 : weights[idx];
      const Int128 best_weight = all_zero ? 1 : weights[best];
      const Int128 lhs = weight * (won[best] + 1);
      const Int128 rhs = best_weight * (won[idx] + 1);
      if (lhs > rhs || (lhs == rhs && weight > best_weight)) best = idx;
    }
    ++won[best];
  }
  return won;
}

// A body of fixed quotas (002:94, 004:160): each quota's seats go to the
// bodies of its source kinds on the body's unit or inside it (only those on
// the named units, if the quota names any), divided by the quota's rule on
// its basis. The size is the charter's, never the census's.
Result<void> Apportioner::SeatQuotas(Body& body) {
  const BodyRule& rule = charter_.bodies[body.rule];
  const UnitIndex end_inside = census_.subtree_end[body.unit];
  body.seats = 0;
  for (std::size_t quota_idx = 0; quota_idx < rule.quotas.size(); ++quota_idx) {
    const Quota& quota = rule.quotas[quota_idx];
    std::vector<UnitIndex> group;
    for (const std::string& unit_id : quota.units) {
      auto found = std::lower_bound(
          units_by_id_.begin(), units_by_id_.end(), unit_id,
          [&](UnitIndex unit, const std::string& id) { return census_.id[unit] < id; });
      if (found == units_by_id_.end() || census_.id[*found] != unit_id) {
        return Error(BodyError(
            body, fmt::format("quota[{}].units names unit '{}', which the census does not hold "
                              "(charter {}:{})",
                              quota_idx, unit_id, charter_.source_file, quota.where.line)));
      }
      group.push_back(*found);
    }
    std::vector<BodyIndex> sources;
    for (const std::string& kind : quota.sources) {
      const auto source_rule =
          static_cast<std::size_t>(charter_.FindBody(kind) - charter_.bodies.data());
      const std::vector<UnitIndex>& units = units_of_rule_[source_rule];
      auto begin = std::lower_bound(units.begin(), units.end(), body.unit);
      auto end = std::lower_bound(units.begin(), units.end(), end_inside);
      for (auto it = begin; it != end; ++it) {
        const BodyIndex source = bodies_of_rule_[source_rule][it - units.begin()];
        if (source == static_cast<BodyIndex>(&body - bodies_.data())) continue;
        if (!group.empty() && std::find(group.begin(), group.end(), *it) == group.end()) continue;
        sources.push_back(source);
      }
    }
    if (sources.empty()) {
      return Error(BodyError(
          body, fmt::format("quota[{}] ({}, {} seats): no body of kind {} on this unit or inside "
                            "it{}; the quota cannot be filled (charter {}:{})",
                            quota_idx, quota.label, quota.seats, fmt::join(quota.sources, " or "),
                            group.empty() ? "" : " on the units named in 'units'",
                            charter_.source_file, quota.where.line)));
    }
    // Byte order of body ids: kind first, then unit id.
    std::sort(sources.begin(), sources.end(), [&](BodyIndex a, BodyIndex b) {
      const std::string& kind_a = charter_.bodies[bodies_[a].rule].kind;
      const std::string& kind_b = charter_.bodies[bodies_[b].rule].kind;
      if (kind_a != kind_b) return kind_a + ":" < kind_b + ":";
      return id_rank_[bodies_[a].unit] < id_rank_[bodies_[b].unit];
    });
    std::vector<std::int64_t> seats;
    if (quota.divide == QuotaDivision::kDhondt) {
      std::vector<Int128> weights;
      for (BodyIndex source : sources) weights.push_back(BasisOf(quota.basis, bodies_[source]));
      seats = Dhondt(quota.seats, weights);
    } else {
      std::vector<Claimant> claimants;
      for (BodyIndex source : sources) {
        claimants.push_back({.weight = BasisOf(quota.basis, bodies_[source]), .minimum = 0});
      }
      seats = LargestRemainder(quota.seats, claimants);
    }
    for (std::size_t idx = 0; idx < sources.size(); ++idx) {
      if (seats[idx] > 0) body.delegations.push_back({.from = sources[idx], .seats = seats[idx]});
    }
    body.seats += quota.seats;
    body.quotas.push_back(QuotaShare{.label = quota.label,
                                     .seats = quota.seats,
                                     .sources = static_cast<std::int64_t>(sources.size()),
                                     .cite = quota.cite});
  }
  body.before_limits = body.seats;
  return {};
}

Apportionment Apportioner::Finish() {
  Apportionment result;
  result.charter_id = charter_.id;
  // Body ids are "KIND:UNIT". As ':' sorts apart from every character a kind
  // may hold, byte order of ids is the order of "KIND:" and then, within a
  // kind, of unit ids (id_rank_): no string comparison of whole ids needed.
  std::vector<std::size_t> rules(charter_.bodies.size());
  std::iota(rules.begin(), rules.end(), std::size_t{0});
  std::sort(rules.begin(), rules.end(), [&](std::size_t a, std::size_t b) {
    return charter_.bodies[a].kind + ":" < charter_.bodies[b].kind + ":";
  });
  std::vector<BodyIndex> order;
  order.reserve(bodies_.size());
  std::vector<BodyIndex> body_on_unit(census_.size(), -1);
  for (std::size_t rule_idx : rules) {
    for (BodyIndex body_idx : bodies_of_rule_[rule_idx])
      body_on_unit[bodies_[body_idx].unit] = body_idx;
    for (UnitIndex unit : units_by_id_) {
      if (body_on_unit[unit] >= 0) order.push_back(body_on_unit[unit]);
    }
    for (BodyIndex body_idx : bodies_of_rule_[rule_idx]) body_on_unit[bodies_[body_idx].unit] = -1;
  }
  std::vector<BodyIndex> new_index(bodies_.size());
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    new_index[order[rank]] = static_cast<BodyIndex>(rank);
  }
  result.bodies.reserve(bodies_.size());
  for (BodyIndex old_index : order) {
    Body& body = bodies_[old_index];
    ApportionedBody out;
    out.id = BodyId(charter_.bodies[body.rule].kind, census_.id[body.unit]);
    out.kind = charter_.bodies[body.rule].kind;
    out.unit = body.unit;
    out.seats = body.seats;
    out.before_limits = body.before_limits;
    out.delegations = std::move(body.delegations);
    out.quotas = std::move(body.quotas);
    for (Delegation& delegation : out.delegations) delegation.from = new_index[delegation.from];
    // Sorted by source id = by index, since bodies are now sorted by id.
    std::sort(out.delegations.begin(), out.delegations.end(),
              [](const Delegation& a, const Delegation& b) { return a.from < b.from; });
    result.bodies.push_back(std::move(out));
  }
  return result;
}

Result<Apportionment> Apportioner::Run() {
  if (census_.size() == 0) return Error(Status::InvalidInput("the census has no units"));
  SOVET_CHECK_OK(CreateBodies());
  for (std::size_t rule_idx : charter_.body_order) {
    const BodyRule& rule = charter_.bodies[rule_idx];
    for (BodyIndex body_idx : bodies_of_rule_[rule_idx]) {
      Body& body = bodies_[body_idx];
      if (rule.direct) {
        SOVET_CHECK_OK(SeatDirect(body));
      } else if (rule.elected_by) {
        SOVET_CHECK_OK(SeatElected(body));
      } else if (!rule.quotas.empty()) {
        SOVET_CHECK_OK(SeatQuotas(body));
      } else {
        SOVET_CHECK_OK(SeatComposed(body));
      }
    }
  }
  Apportionment result = Finish();
  FindVacancies(result);
  return result;
}

// SYSTEM.md §7.2: a delegation larger than the persons who may fill it
// leaves seats vacant by construction; said, never silently kept.
void Apportioner::FindVacancies(Apportionment& result) const {
  std::unordered_map<std::string, std::size_t> rule_of_kind;
  for (std::size_t rule_idx = 0; rule_idx < charter_.bodies.size(); ++rule_idx) {
    rule_of_kind.emplace(charter_.bodies[rule_idx].kind, rule_idx);
  }
  for (BodyIndex body_idx = 0; body_idx < static_cast<BodyIndex>(result.bodies.size());
       ++body_idx) {
    const ApportionedBody& body = result.bodies[body_idx];
    if (body.delegations.empty()) continue;
    const std::size_t rule_idx = rule_of_kind.at(body.kind);
    const BodyRule& rule = charter_.bodies[rule_idx];
    for (const Delegation& delegation : body.delegations) {
      const ApportionedBody& source = result.bodies[delegation.from];
      const std::int64_t eligible =
          rule.eligible == Eligible::kMembers ? source.seats : census_.electors[source.unit];
      if (delegation.seats <= eligible) continue;
      VacancyWarning warning;
      warning.body = body_idx;
      warning.from = delegation.from;
      warning.seats = delegation.seats;
      warning.eligible = eligible;
      warning.rule = fmt::format("body[{}].eligible", rule_idx);
      const std::string who =
          rule.eligible == Eligible::kMembers
              ? fmt::format("its {} members", source.seats)
              : fmt::format("the {} {} of its unit", census_.electors[source.unit],
                            charter_.electors_label);
      const std::string key =
          fmt::format("{} = \"{}\"{}", warning.rule, EligibleName(rule.eligible),
                      charter_.source_file.empty() || rule.where.line == 0
                          ? std::string()
                          : fmt::format(", {}:{}", charter_.source_file, rule.where.line));
      if (rule.elected_by) {
        warning.message = fmt::format(
            "{}: {} seats elected by {}, but only {} may sit on it ({}): {} seats vacant by "
            "construction; give elected_by.max (as many as can be filled, up to a cap) or fewer "
            "seats",
            body.id, delegation.seats, source.id, who, key, delegation.seats - eligible);
      } else {
        warning.message = fmt::format(
            "{}: the delegation of {} has {} seats, but only {} may be its delegates ({}): {} "
            "seats vacant by construction",
            body.id, source.id, delegation.seats, who, key, delegation.seats - eligible);
      }
      result.warnings.push_back(std::move(warning));
    }
  }
}

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

BodyIndex Apportionment::Find(const std::string& body_id) const {
  auto found = std::lower_bound(
      bodies.begin(), bodies.end(), body_id,
      [](const ApportionedBody& body, const std::string& id) { return body.id < id; });
  if (found == bodies.end() || found->id != body_id) return -1;
  return static_cast<BodyIndex>(found - bodies.begin());
}

std::string BodyId(std::string_view kind, std::string_view unit) {
  return fmt::format("{}:{}", kind, unit);
}

std::string BodyKindOf(std::string_view body_id) {
  return std::string(body_id.substr(0, body_id.find(':')));
}

std::string BodyUnitOf(std::string_view body_id) {
  const std::size_t colon = body_id.find(':');
  return colon == std::string_view::npos ? std::string() : std::string(body_id.substr(colon + 1));
}

Result<Apportionment> Apportion(const Charter& charter, const Census& census) {
  return Apportioner(charter, census).Run();
}

std::string ApportionmentToJson(const Apportionment& apportionment, const Census& census) {
  std::string out;
  out.reserve(apportionment.bodies.size() * 96);
  out += "{\"charter\":";
  AppendJsonString(out, apportionment.charter_id);
  out += ",\"bodies\":[";
  for (std::size_t body_idx = 0; body_idx < apportionment.bodies.size(); ++body_idx) {
    const ApportionedBody& body = apportionment.bodies[body_idx];
    if (body_idx > 0) out += ',';
    out += "{\"id\":";
    AppendJsonString(out, body.id);
    out += ",\"kind\":";
    AppendJsonString(out, body.kind);
    out += ",\"unit\":";
    AppendJsonString(out, census.id[body.unit]);
    out += fmt::format(",\"seats\":{},\"delegations\":[", body.seats);
    for (std::size_t idx = 0; idx < body.delegations.size(); ++idx) {
      const Delegation& delegation = body.delegations[idx];
      if (idx > 0) out += ',';
      out += "{\"from\":";
      AppendJsonString(out, apportionment.bodies[delegation.from].id);
      out += fmt::format(",\"seats\":{}}}", delegation.seats);
    }
    out += ']';
    if (!body.quotas.empty()) {
      out += ",\"quotas\":[";
      for (std::size_t idx = 0; idx < body.quotas.size(); ++idx) {
        const QuotaShare& quota = body.quotas[idx];
        if (idx > 0) out += ',';
        out += "{\"label\":";
        AppendJsonString(out, quota.label);
        out += fmt::format(",\"seats\":{},\"sources\":{},\"cite\":", quota.seats,
                           quota.sources);
        AppendJsonString(out, quota.cite);
        out += '}';
      }
      out += ']';
    }
    out += '}';
  }
  out += "],\"warnings\":[";
  for (std::size_t idx = 0; idx < apportionment.warnings.size(); ++idx) {
    const VacancyWarning& warning = apportionment.warnings[idx];
    if (idx > 0) out += ',';
    out += "{\"body\":";
    AppendJsonString(out, apportionment.bodies[warning.body].id);
    out += ",\"from\":";
    AppendJsonString(out, apportionment.bodies[warning.from].id);
    out += fmt::format(",\"seats\":{},\"eligible\":{},\"rule\":", warning.seats, warning.eligible);
    AppendJsonString(out, warning.rule);
    out += ",\"message\":";
    AppendJsonString(out, warning.message);
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace sovet
