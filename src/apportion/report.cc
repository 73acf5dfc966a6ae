// The text report of an apportionment: what `./run` shows a newcomer first.
// It reads from the base up, the way the seats are made: every tier says its
// rule and source (seed line), how many bodies and seats it has, where a
// minimum or a cap applied, and then the bodies themselves (all of them when
// few, the largest and smallest when many). The top bodies (the All-Russian
// Congress) end with their delegations source by source.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "apportion/basis.h"
#include "base/text.h"
#include "sovet/apportion.h"

namespace sovet {
namespace {

std::string Plural(std::int64_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", GroupThousands(count), count == 1 ? one : many);
}

// "village soviets" from "village soviet", "congresses" from "congress",
// "Councils of People's Commissars", "Executive Committees (VTsIK)": the
// names in charters are English noun phrases whose head is the first noun
// before " of " or " (".
std::string PluralName(const std::string& name) {
  std::size_t head_end = name.size();
  for (std::string_view stop : {" of ", " ("}) head_end = std::min(head_end, name.find(stop));
  std::string head = name.substr(0, head_end);
  std::string tail = name.substr(head_end);
  auto ends_with = [&](std::string_view suffix) {
    return head.size() >= suffix.size() &&
           head.compare(head.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (head.empty()) return name;
  if (ends_with("s") || ends_with("x") || ends_with("ch") || ends_with("sh")) {
    head += "es";
  } else if (ends_with("y") && head.size() > 1 &&
             std::string_view("aeiou").find(head[head.size() - 2]) == std::string_view::npos) {
    head = head.substr(0, head.size() - 1) + "ies";
  } else {
    head += "s";
  }
  return head + tail;
}

std::string RoundingPhrase(Rounding rounding) {
  switch (rounding) {
    case Rounding::kHalfUp:
      return "";
    case Rounding::kDown:
      return ", rounded down";
    case Rounding::kUp:
      return ", rounded up";
  }
  return "";
}

std::string ConditionPhrase(const UnitCondition& when, const std::string& inhabitants) {
  if (when.inhabitants_at_least && when.inhabitants_below) {
    return fmt::format(" of {} to {} {}", GroupThousands(*when.inhabitants_at_least),
                       GroupThousands(*when.inhabitants_below - 1), inhabitants);
  }
  if (when.inhabitants_at_least) {
    return fmt::format(" of {} {} or more", GroupThousands(*when.inhabitants_at_least),
                       inhabitants);
  }
  if (when.inhabitants_below) {
    return fmt::format(" under {} {}", GroupThousands(*when.inhabitants_below), inhabitants);
  }
  return "";
}

class Reporter {
 public:
  Reporter(const Apportionment& apportionment, const Charter& charter, const Census& census,
           const TextOptions& options)
      : apportionment_(apportionment), charter_(charter), census_(census), options_(options) {}

  std::string Render();

 private:
  std::string UnitLabel(const std::string& kind_name, bool plural) const {
    const UnitKind* kind = charter_.FindUnitKind(kind_name);
    std::string label = kind == nullptr ? kind_name : kind->label;
    if (!plural) return label;
    // "gubernia (province)" -> "gubernias (province)": pluralise the noun.
    std::size_t space = label.find(' ');
    std::string noun = label.substr(0, space);
    std::string rest = space == std::string::npos ? "" : label.substr(space);
    return PluralName(noun) + rest;
  }
  std::string BodyName(const std::string& kind, bool plural) const {
    const BodyRule* rule = charter_.FindBody(kind);
    std::string name = rule == nullptr ? kind : rule->name;
    return plural ? PluralName(name) : name;
  }
  std::string BasisPhrase(Basis basis) const {
    switch (basis) {
      case Basis::kInhabitants:
        return charter_.inhabitants_label;
      case Basis::kRuralInhabitants:
        return "rural " + charter_.inhabitants_label;
      case Basis::kElectors:
        return charter_.electors_label;
      case Basis::kMembers:
        return "members";
    }
    return "";
  }
  std::int64_t BasisValue(Basis basis, const ApportionedBody& body) const {
    return apportion_internal::BasisValue(basis, census_, body.unit, body.seats);
  }
  std::string RuleLine(const BodyRule& rule) const;
  void Header();
  void Tier(const BodyRule& rule, std::size_t tier_number);
  void TopDelegations(const ApportionedBody& body);
  void QuotaDelegations(const ApportionedBody& body);

  const Apportionment& apportionment_;
  const Charter& charter_;
  const Census& census_;
  const TextOptions& options_;
  std::string out_;
};

std::string Reporter::RuleLine(const BodyRule& rule) const {
  std::string units;
  for (const std::string& unit : rule.units) {
    if (!units.empty()) units += " and ";
    const UnitKind* kind = charter_.FindUnitKind(unit);
    units += kind == nullptr ? unit : kind->name;
  }
  std::string line = fmt::format("one in each {}{}", units,
                                 ConditionPhrase(rule.when, charter_.inhabitants_label));
  if (rule.direct) {
    const DirectSeats& seats = *rule.direct;
    line += fmt::format("; elected directly, 1 deputy per {} {}{}", GroupThousands(seats.per),
                        BasisPhrase(seats.basis), RoundingPhrase(seats.rounding));
    if (seats.max) {
      line +=
          fmt::format(", {} to {} deputies", GroupThousands(seats.min), GroupThousands(*seats.max));
    } else if (seats.min > 0) {
      line += fmt::format(", at least {}", GroupThousands(seats.min));
    }
  } else if (rule.elected_by) {
    line += fmt::format("; {}{} elected by the {}", rule.elected_by->up_to ? "up to " : "",
                        Plural(rule.elected_by->seats, "member", "members"),
                        BodyName(rule.elected_by->body, false));
    if (rule.elected_by->up_to) line += " (as many as it can fill)";
    if (!rule.elected_by->portfolios.empty()) line += " (named portfolios)";
  } else if (!rule.quotas.empty()) {
    line += fmt::format("; {} seats in fixed quotas:", GroupThousands(rule.size));
    for (std::size_t idx = 0; idx < rule.quotas.size(); ++idx) {
      const Quota& quota = rule.quotas[idx];
      line += fmt::format("{} {} {}{}", idx == 0 ? "" : " +", GroupThousands(quota.seats),
                          quota.label, quota.cite.empty() ? "" : fmt::format(" ({})", quota.cite));
    }
  } else {
    for (const CompositionTerm& term : rule.terms) {
      line += fmt::format("; from each {} inside, 1 per {} {}", BodyName(term.source, false),
                          GroupThousands(term.per), BasisPhrase(term.basis));
      if (term.min_per_source > 0) {
        line += fmt::format(" (at least {} each)", GroupThousands(term.min_per_source));
      }
    }
    if (rule.min) line += fmt::format("; min {}", GroupThousands(*rule.min));
    if (rule.max) line += fmt::format("; max {}", GroupThousands(*rule.max));
    line += RoundingPhrase(rule.rounding);
  }
  return line;
}

void Reporter::Header() {
  out_ += fmt::format("sovet apportionment — charter {} ({})\n", charter_.id, charter_.title);
  std::map<std::string, std::int64_t> units_by_kind;
  for (std::size_t unit = 0; unit < census_.size(); ++unit) ++units_by_kind[census_.kind[unit]];
  std::string units;
  for (const UnitKind& kind : charter_.unit_kinds) {
    auto found = units_by_kind.find(kind.name);
    if (found == units_by_kind.end()) continue;
    if (!units.empty()) units += ", ";
    units += fmt::format("{} {}", GroupThousands(found->second),
                         found->second == 1 ? kind.name : PluralName(kind.name));
  }
  out_ += fmt::format("census {}: {}\n", census_.source_file, units);
  std::string rural;
  if (std::any_of(charter_.bodies.begin(), charter_.bodies.end(),
                  [](const BodyRule& rule) { return rule.rural; })) {
    rural = fmt::format(" ({} rural)", GroupThousands(census_.rural_inhabitants[0]));
  }
  out_ += fmt::format("  {} {}{}, {} {}\n", GroupThousands(census_.inhabitants[0]),
                      charter_.inhabitants_label, rural, GroupThousands(census_.electors[0]),
                      charter_.electors_label);
  std::int64_t total_seats = 0;
  for (const ApportionedBody& body : apportionment_.bodies) total_seats += body.seats;
  out_ +=
      "\nEvery seat below follows from the census by the charter's rules (SYSTEM.md §5):\n"
      "soviets are elected directly in proportion to their units' figures; each congress\n"
      "is made of delegations from the bodies inside its unit; elected bodies are chosen\n"
      "by the body named. The tiers, from the base up:\n";
  out_ += fmt::format("   {:<4} {:<48} {:>9} {:>9}\n", "tier", "body", "bodies", "seats");
  std::size_t tier_number = 0;
  for (std::size_t rule_idx : charter_.body_order) {
    const BodyRule& rule = charter_.bodies[rule_idx];
    std::int64_t bodies = 0;
    std::int64_t seats = 0;
    for (const ApportionedBody& body : apportionment_.bodies) {
      if (body.kind != rule.kind) continue;
      ++bodies;
      seats += body.seats;
    }
    out_ += fmt::format("   {:<4} {:<48} {:>9} {:>9}\n", ++tier_number, rule.name,
                        GroupThousands(bodies), GroupThousands(seats));
  }
  out_ += fmt::format("   {:<4} {:<48} {:>9} {:>9}\n", "", "total",
                      GroupThousands(static_cast<std::int64_t>(apportionment_.bodies.size())),
                      GroupThousands(total_seats));
}

void Reporter::Tier(const BodyRule& rule, std::size_t tier_number) {
  std::vector<const ApportionedBody*> bodies;
  for (const ApportionedBody& body : apportionment_.bodies) {
    if (body.kind == rule.kind) bodies.push_back(&body);
  }
  out_ += fmt::format("\n{}. {} [{}]", tier_number, rule.name, rule.kind);
  if (!rule.cite.empty()) out_ += fmt::format(" — {}", rule.cite);
  out_ += fmt::format("\n   {}\n", RuleLine(rule));
  std::int64_t seats = 0;
  std::int64_t raised = 0;
  std::int64_t capped = 0;
  std::int64_t empty = 0;
  for (const ApportionedBody* body : bodies) {
    seats += body->seats;
    if (body->seats > body->before_limits) ++raised;
    if (body->seats < body->before_limits) ++capped;
    if (body->seats == 0) ++empty;
  }
  std::string summary =
      fmt::format("   {}, {}", Plural(static_cast<std::int64_t>(bodies.size()), "body", "bodies"),
                  Plural(seats, "seat", "seats"));
  if (bodies.size() > 1 && !rule.elected_by) {
    auto [smallest, largest] = std::minmax_element(
        bodies.begin(), bodies.end(),
        [](const ApportionedBody* a, const ApportionedBody* b) { return a->seats < b->seats; });
    summary += fmt::format(" ({} to {} per body)", GroupThousands((*smallest)->seats),
                           GroupThousands((*largest)->seats));
  }
  if (raised > 0) summary += fmt::format("; {} raised to the minimum", GroupThousands(raised));
  if (capped > 0 && rule.elected_by) {
    summary += fmt::format("; {} below the maximum, at all their electing body can fill",
                           GroupThousands(capped));
  } else if (capped > 0) {
    summary += fmt::format("; {} held to the maximum", GroupThousands(capped));
  }
  if (empty > 0) summary += fmt::format("; {} with no seats", GroupThousands(empty));
  out_ += summary + "\n";
  if (bodies.empty()) return;

  // Largest first, then by id, so that the head of a long list is its
  // weightiest part.
  std::vector<const ApportionedBody*> listed = bodies;
  std::stable_sort(listed.begin(), listed.end(),
                   [](const auto* a, const auto* b) { return a->seats > b->seats; });
  bool full = listed.size() <= options_.list_limit;
  std::size_t head = full ? listed.size() : options_.list_limit / 2;
  const bool direct = rule.direct.has_value();
  out_ += fmt::format("   {:<28} {:<26} {:>12} {:>11} {:>7}  {}\n", "unit", "name",
                      charter_.inhabitants_label, charter_.electors_label, "seats",
                      direct ? "" : "filled by");
  auto row = [&](const ApportionedBody& body) {
    std::string note;
    if (body.seats > body.before_limits) {
      note = fmt::format("raised from {} to the minimum", GroupThousands(body.before_limits));
    } else if (body.seats < body.before_limits && rule.elected_by) {
      // elected_by.max: the electing body cannot fill the cap.
      note = fmt::format("all the electing body can fill (max {})",
                         GroupThousands(body.before_limits));
    } else if (body.seats < body.before_limits) {
      note = fmt::format("held to the maximum (norms give {})", GroupThousands(body.before_limits));
    }
    if (!direct) {
      // Delegates per source kind, in the order of the charter's terms.
      std::map<std::string, std::pair<std::int64_t, std::int64_t>> per_kind;
      for (const Delegation& delegation : body.delegations) {
        auto& [count, delegates] = per_kind[apportionment_.bodies[delegation.from].kind];
        ++count;
        delegates += delegation.seats;
      }
      std::string filled;
      for (const auto& [kind, figures] : per_kind) {
        if (!filled.empty()) filled += ", ";
        filled += fmt::format("{} from {}", GroupThousands(figures.second),
                              Plural(figures.first, BodyName(kind, false), BodyName(kind, true)));
      }
      note = note.empty() ? filled : filled + "; " + note;
    }
    std::string name = census_.name[body.unit];
    if (name.size() > 26) name = name.substr(0, 25) + "~";
    out_ +=
        fmt::format("   {:<28} {:<26} {:>12} {:>11} {:>7}  {}\n", census_.id[body.unit], name,
                    GroupThousands(census_.inhabitants[body.unit]),
                    GroupThousands(census_.electors[body.unit]), GroupThousands(body.seats), note);
  };
  for (std::size_t idx = 0; idx < head; ++idx) row(*listed[idx]);
  if (!full) {
    out_ += fmt::format("   ... {} more ...\n",
                        GroupThousands(static_cast<std::int64_t>(listed.size() - 2 * head)));
    for (std::size_t idx = listed.size() - head; idx < listed.size(); ++idx) row(*listed[idx]);
  }
}

void Reporter::TopDelegations(const ApportionedBody& body) {
  const BodyRule& rule = *charter_.FindBody(body.kind);
  out_ += fmt::format("\nThe {} ({} seats), delegation by delegation:\n", rule.name,
                      GroupThousands(body.seats));
  // Each source is placed "in" its nearest enclosing unit that carries a
  // source of another term (a town in its gubernia), so the two kinds of
  // delegation can be read together.
  auto within_kinds = [&](const CompositionTerm& own) {
    std::vector<std::string> kinds;
    for (const CompositionTerm& other : rule.terms) {
      if (&other == &own) continue;
      const BodyRule* other_rule = charter_.FindBody(other.source);
      if (other_rule != nullptr)
        kinds.insert(kinds.end(), other_rule->units.begin(), other_rule->units.end());
    }
    return kinds;
  };
  for (const CompositionTerm& term : rule.terms) {
    const std::vector<std::string> kinds = within_kinds(term);
    auto within = [&](UnitIndex unit) -> std::string {
      for (UnitIndex up = census_.parent[unit]; up != kNoUnit; up = census_.parent[up]) {
        if (std::find(kinds.begin(), kinds.end(), census_.kind[up]) != kinds.end()) {
          return census_.name[up];
        }
      }
      return "";
    };
    std::vector<const Delegation*> delegations;
    std::int64_t seats = 0;
    for (const Delegation& delegation : body.delegations) {
      if (apportionment_.bodies[delegation.from].kind != term.source) continue;
      delegations.push_back(&delegation);
      seats += delegation.seats;
    }
    out_ += fmt::format("\n  from the {}: 1 per {} {}{} — {}\n", BodyName(term.source, true),
                        GroupThousands(term.per), BasisPhrase(term.basis),
                        term.cite.empty() ? "" : fmt::format(" ({})", term.cite),
                        Plural(seats, "delegate", "delegates"));
    if (delegations.empty()) continue;
    // Most delegates first; equal delegations by the larger basis, as the
    // apportionment itself ranks them.
    std::stable_sort(delegations.begin(), delegations.end(),
                     [&](const Delegation* a, const Delegation* b) {
                       if (a->seats != b->seats) return a->seats > b->seats;
                       return BasisValue(term.basis, apportionment_.bodies[a->from]) >
                              BasisValue(term.basis, apportionment_.bodies[b->from]);
                     });
    bool any_within = std::any_of(delegations.begin(), delegations.end(), [&](const auto* d) {
      return !within(apportionment_.bodies[d->from].unit).empty();
    });
    out_ += fmt::format("   {:<28} {:<26} {:>16} {:>9}{}\n", "body", "name",
                        BasisPhrase(term.basis), "delegates", any_within ? "  in" : "");
    for (const Delegation* delegation : delegations) {
      const ApportionedBody& source = apportionment_.bodies[delegation->from];
      std::int64_t basis = BasisValue(term.basis, source);
      std::string name = census_.name[source.unit];
      if (name.size() > 26) name = name.substr(0, 25) + "~";
      std::string in = any_within ? "  " + within(source.unit) : "";
      out_ += fmt::format("   {:<28} {:<26} {:>16} {:>9}{}\n", source.id, name,
                          GroupThousands(basis), GroupThousands(delegation->seats), in);
    }
  }
}

// A body of fixed quotas, quota by quota: its seats beside the seed line,
// the bodies that share it and how they were divided.
void Reporter::QuotaDelegations(const ApportionedBody& body) {
  const BodyRule& rule = *charter_.FindBody(body.kind);
  out_ += fmt::format("\nThe {} of {} ({} seats), quota by quota:\n", rule.name,
                      census_.name[body.unit], GroupThousands(body.seats));
  for (std::size_t idx = 0; idx < rule.quotas.size() && idx < body.quotas.size(); ++idx) {
    const Quota& quota = rule.quotas[idx];
    const QuotaShare& share = body.quotas[idx];
    out_ += fmt::format("\n  {:>7} {}{} — from {}, divided by {} on {}; each elects by {}\n",
                        GroupThousands(share.seats), share.label,
                        share.cite.empty() ? "" : fmt::format(" ({})", share.cite),
                        Plural(share.sources, "body", "bodies"),
                        quota.divide == QuotaDivision::kDhondt ? "D'Hondt" : "largest remainder",
                        BasisPhrase(quota.basis),
                        quota.method.empty() ? rule.election.method : quota.method);
    std::vector<const Delegation*> delegations;
    for (const Delegation& delegation : body.delegations) {
      const std::string& kind = apportionment_.bodies[delegation.from].kind;
      if (std::find(quota.sources.begin(), quota.sources.end(), kind) != quota.sources.end())
        delegations.push_back(&delegation);
    }
    std::stable_sort(delegations.begin(), delegations.end(),
                     [](const Delegation* a, const Delegation* b) { return a->seats > b->seats; });
    const std::size_t shown = std::min(delegations.size(), options_.list_limit);
    for (std::size_t pos = 0; pos < shown; ++pos) {
      const ApportionedBody& source = apportionment_.bodies[delegations[pos]->from];
      std::string name = census_.name[source.unit];
      if (name.size() > 26) name = name.substr(0, 25) + "~";
      out_ += fmt::format("   {:<36} {:<26} {:>16} {:>9}\n", source.id, name,
                          GroupThousands(BasisValue(quota.basis, source)),
                          GroupThousands(delegations[pos]->seats));
    }
    if (shown < delegations.size()) {
      out_ += fmt::format("   ... {} more\n",
                          GroupThousands(static_cast<std::int64_t>(delegations.size() - shown)));
    }
  }
}

std::string Reporter::Render() {
  Header();
  std::size_t tier_number = 0;
  for (std::size_t rule_idx : charter_.body_order) {
    Tier(charter_.bodies[rule_idx], ++tier_number);
  }
  for (const ApportionedBody& body : apportionment_.bodies) {
    const BodyRule* rule = charter_.FindBody(body.kind);
    if (body.unit == 0 && rule != nullptr && !rule->terms.empty()) TopDelegations(body);
  }
  std::size_t quota_bodies = 0;
  for (const ApportionedBody& body : apportionment_.bodies) {
    if (body.quotas.empty() || ++quota_bodies > options_.list_limit) continue;
    QuotaDelegations(body);
  }
  out_ +=
      "\nEvery body and delegation as JSON: --format json; every body in these tables: --all.\n";
  return out_;
}

}  // namespace

std::string ApportionmentToText(const Apportionment& apportionment, const Charter& charter,
                                const Census& census, const TextOptions& options) {
  return Reporter(apportionment, charter, census, options).Render();
}

}  // namespace sovet
