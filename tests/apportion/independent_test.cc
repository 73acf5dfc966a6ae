// `sovet apportion` agrees with an independent implementation of SYSTEM.md §5
// on random census trees.
//
// The reference below shares no code with src/apportion: it works on body ids
// (strings) in ordered maps, in boost::multiprecision::cpp_rational, finds a
// body's sources by scanning every unit and walking up its ancestors, orders
// the body kinds by repeated passes rather than a depth-first sort, and
// implements Hamilton's method with exact rational shares. Only the reading
// of the rules is common (documented in doc/charter_format.md).
//
// The trees are random 1918 countries (oblasts or not, big and small towns,
// figures drawn from multiples of 50 and 500 so that remainders tie often),
// apportioned under the shipped charter and under random variants of it
// with small caps, floors and per-source minimums, so that every step 3
// (cap, floor) and step 5 (ties) path is exercised.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "sovet/apportion.h"
#include "sovet/census.h"
#include "sovet/charter.h"

namespace sovet {
namespace {

using Rational = boost::multiprecision::cpp_rational;
using BigInt = boost::multiprecision::cpp_int;

BigInt Floor(const Rational& value) {
  BigInt num = boost::multiprecision::numerator(value);
  BigInt den = boost::multiprecision::denominator(value);
  BigInt quotient = num / den;  // truncates toward zero
  if (num < 0 && quotient * den != num) quotient -= 1;
  return quotient;
}

BigInt RoundRule(const Rational& value, Rounding rounding) {
  switch (rounding) {
    case Rounding::kHalfUp:
      return Floor(value + Rational(1, 2));
    case Rounding::kDown:
      return Floor(value);
    case Rounding::kUp:
      return -Floor(-value);
  }
  return 0;
}

struct RefBody {
  std::string kind;
  UnitIndex unit = kNoUnit;
  BigInt seats = 0;
  std::map<std::string, BigInt> delegations;  // from id -> seats (> 0)
};

struct Share {
  std::string id;
  Rational weight;
  BigInt minimum;
};

// Hamilton with minimums, as rationals: share = H * w / sum(w); floors, then
// the largest remainders (ties: larger weight, then smaller id); claimants
// whose result is under their minimum are pinned there and the rest redone.
std::map<std::string, BigInt> Hamilton(BigInt seats, const std::vector<Share>& shares) {
  std::map<std::string, BigInt> result;
  std::set<std::string> pinned;
  while (true) {
    std::vector<const Share*> active;
    BigInt house = seats;
    for (const Share& share : shares) {
      if (pinned.count(share.id)) {
        house -= share.minimum;
      } else {
        active.push_back(&share);
      }
    }
    if (active.empty()) break;
    Rational total = 0;
    for (const Share* share : active) total += share->weight;
    std::vector<std::pair<Rational, const Share*>> remainders;
    BigInt given = 0;
    for (const Share* share : active) {
      Rational exact = total == 0 ? Rational(house) / Rational(static_cast<long>(active.size()))
                                  : Rational(house) * share->weight / total;
      BigInt whole = Floor(exact);
      result[share->id] = whole;
      given += whole;
      remainders.emplace_back(exact - Rational(whole), share);
    }
    std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first > b.first;
      if (a.second->weight != b.second->weight) return a.second->weight > b.second->weight;
      return a.second->id < b.second->id;
    });
    for (BigInt left = house - given, idx = 0; left > 0; --left, ++idx) {
      result[remainders[static_cast<std::size_t>(idx)].second->id] += 1;
    }
    bool pinned_any = false;
    for (const Share* share : active) {
      if (result[share->id] < share->minimum) {
        result[share->id] = share->minimum;
        pinned.insert(share->id);
        pinned_any = true;
      }
    }
    if (!pinned_any) break;
  }
  return result;
}

class Reference {
 public:
  Reference(const Charter& charter, const Census& census) : charter_(charter), census_(census) {}

  std::map<std::string, RefBody> Run() {
    std::set<std::string> done;
    while (done.size() < charter_.bodies.size()) {
      for (const BodyRule& rule : charter_.bodies) {
        if (done.count(rule.kind)) continue;
        bool ready = true;
        for (const CompositionTerm& term : rule.terms) ready = ready && done.count(term.source);
        if (rule.elected_by) ready = ready && done.count(rule.elected_by->body);
        for (const Quota& quota : rule.quotas) {
          for (const std::string& source : quota.sources) ready = ready && done.count(source);
        }
        if (!ready) continue;
        for (std::size_t unit = 0; unit < census_.size(); ++unit) {
          if (std::find(rule.units.begin(), rule.units.end(), census_.kind[unit]) ==
                  rule.units.end() ||
              !rule.when.Holds(census_.inhabitants[unit])) {
            continue;
          }
          RefBody body{.kind = rule.kind, .unit = static_cast<UnitIndex>(unit)};
          Seat(rule, body);
          bodies_[rule.kind + ":" + census_.id[unit]] = body;
        }
        done.insert(rule.kind);
      }
    }
    return bodies_;
  }

 private:
  BigInt Basis(sovet::Basis basis, const std::string& body_id) const {
    const RefBody& body = bodies_.at(body_id);
    switch (basis) {
      case Basis::kInhabitants:
        return census_.inhabitants[body.unit];
      case Basis::kRuralInhabitants:
        return census_.rural_inhabitants[body.unit];
      case Basis::kElectors:
        return census_.electors[body.unit];
      case Basis::kMembers:
        return body.seats;
    }
    return 0;
  }

  bool StrictlyInside(UnitIndex unit, UnitIndex ancestor) const {
    for (UnitIndex up = census_.parent[unit]; up != kNoUnit; up = census_.parent[up]) {
      if (up == ancestor) return true;
    }
    return false;
  }

  void Seat(const BodyRule& rule, RefBody& body) {
    if (rule.direct) {
      Rational quota(static_cast<long long>(census_.inhabitants[body.unit]));
      switch (rule.direct->basis) {
        case Basis::kInhabitants:
          quota = Rational(BigInt(census_.inhabitants[body.unit]), BigInt(rule.direct->per));
          break;
        case Basis::kRuralInhabitants:
          quota = Rational(BigInt(census_.rural_inhabitants[body.unit]), BigInt(rule.direct->per));
          break;
        case Basis::kElectors:
          quota = Rational(BigInt(census_.electors[body.unit]), BigInt(rule.direct->per));
          break;
        case Basis::kMembers:
          ADD_FAILURE() << "members basis on a direct body";
      }
      BigInt seats = RoundRule(quota, rule.direct->rounding);
      if (seats < rule.direct->min) seats = rule.direct->min;
      if (rule.direct->max && seats > *rule.direct->max) seats = *rule.direct->max;
      body.seats = seats;
      return;
    }
    if (rule.elected_by) {
      for (UnitIndex up = body.unit; up != kNoUnit; up = census_.parent[up]) {
        std::string electing = rule.elected_by->body + ":" + census_.id[up];
        if (bodies_.count(electing)) {
          // elected_by.max: as many as the electing body can fill, up to the
          // cap; eligible persons are its members or its unit's electors.
          BigInt seats = rule.elected_by->seats;
          if (rule.elected_by->up_to) {
            const RefBody& by = bodies_.at(electing);
            const BigInt eligible =
                rule.eligible == Eligible::kMembers ? by.seats : BigInt(census_.electors[by.unit]);
            seats = std::min(seats, eligible);
          }
          body.seats = seats;
          if (seats > 0) body.delegations[electing] = seats;
          return;
        }
      }
      ADD_FAILURE() << "no electing body";
      return;
    }
    if (!rule.quotas.empty()) {
      SeatQuotas(rule, body);
      return;
    }
    struct TermState {
      const CompositionTerm* term;
      std::vector<std::string> sources;
      Rational quota;
      BigInt seats;
      BigInt minimum;
    };
    std::vector<TermState> terms;
    for (const CompositionTerm& term : rule.terms) {
      TermState state{.term = &term};
      for (const auto& [id, source] : bodies_) {
        if (source.kind == term.source && StrictlyInside(source.unit, body.unit)) {
          state.sources.push_back(id);
        }
      }
      BigInt sum = 0;
      for (const std::string& id : state.sources) sum += Basis(term.basis, id);
      state.quota = Rational(sum, BigInt(term.per));
      state.minimum = BigInt(term.min_per_source) * state.sources.size();
      state.seats = std::max(RoundRule(state.quota, rule.rounding), state.minimum);
      terms.push_back(state);
    }
    BigInt total = 0;
    for (const TermState& state : terms) total += state.seats;
    std::optional<BigInt> target;
    if (rule.max && total > *rule.max) target = BigInt(*rule.max);
    if (rule.min && total < *rule.min) target = BigInt(*rule.min);
    if (target) {
      std::vector<Share> shares;
      for (const TermState& state : terms) {
        if (!state.sources.empty()) {
          shares.push_back(
              {.id = state.term->source, .weight = state.quota, .minimum = state.minimum});
        }
      }
      std::map<std::string, BigInt> given = Hamilton(*target, shares);
      for (TermState& state : terms) {
        state.seats = given.count(state.term->source) ? given[state.term->source] : BigInt(0);
      }
    }
    body.seats = 0;
    for (const TermState& state : terms) {
      body.seats += state.seats;
      if (state.seats == 0) continue;
      std::vector<Share> shares;
      for (const std::string& id : state.sources) {
        shares.push_back({.id = id,
                          .weight = Rational(Basis(state.term->basis, id)),
                          .minimum = BigInt(state.term->min_per_source)});
      }
      for (const auto& [id, seats] : Hamilton(state.seats, shares)) {
        if (seats > 0) body.delegations[id] = seats;
      }
    }
  }

  // Fixed quotas: each quota's sources are the bodies of its kinds on the
  // body's unit or strictly inside it (on the named units only, if any);
  // shared by Hamilton, or by D'Hondt as rationals w / (s + 1) (ties: larger
  // weight, then smaller id).
  void SeatQuotas(const BodyRule& rule, RefBody& body) {
    body.seats = 0;
    for (const Quota& quota : rule.quotas) {
      std::vector<std::string> sources;
      for (const auto& [id, source] : bodies_) {
        if (std::find(quota.sources.begin(), quota.sources.end(), source.kind) ==
            quota.sources.end())
          continue;
        if (source.unit != body.unit && !StrictlyInside(source.unit, body.unit)) continue;
        if (!quota.units.empty() && std::find(quota.units.begin(), quota.units.end(),
                                              census_.id[source.unit]) == quota.units.end())
          continue;
        sources.push_back(id);
      }
      body.seats += quota.seats;
      std::map<std::string, BigInt> given;
      if (quota.divide == QuotaDivision::kDhondt) {
        bool all_zero = true;
        for (const std::string& id : sources) all_zero = all_zero && Basis(quota.basis, id) == 0;
        for (const std::string& id : sources) given[id] = 0;
        for (std::int64_t seat = 0; seat < quota.seats; ++seat) {
          const std::string* best = nullptr;
          Rational best_average = -1;
          BigInt best_weight = -1;
          for (const std::string& id : sources) {
            const BigInt weight = all_zero ? BigInt(1) : Basis(quota.basis, id);
            const Rational average = Rational(weight, given[id] + 1);
            if (average > best_average || (average == best_average && weight > best_weight)) {
              best = &id;
              best_average = average;
              best_weight = weight;
            }
          }
          if (best != nullptr) given[*best] += 1;
        }
      } else {
        std::vector<Share> shares;
        for (const std::string& id : sources) {
          shares.push_back({.id = id, .weight = Rational(Basis(quota.basis, id)), .minimum = 0});
        }
        given = Hamilton(quota.seats, shares);
      }
      for (const auto& [id, seats] : given) {
        if (seats > 0) body.delegations[id] = seats;
      }
    }
  }

  const Charter& charter_;
  const Census& census_;
  std::map<std::string, RefBody> bodies_;
};

// A random 1918 country as census CSV. Inner figures are left blank.
std::string RandomCountry(std::mt19937_64& rng) {
  auto pick = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(rng);
  };
  // Figures that tie often: multiples of 50 or 500 or 5,000, or anything.
  auto figure = [&](std::int64_t low, std::int64_t high) {
    switch (pick(0, 3)) {
      case 0:
        return pick(low / 50, high / 50) * 50;
      case 1:
        return pick(low / 500, high / 500) * 500;
      case 2:
        return std::max(low, pick(low / 5000, high / 5000) * 5000);
      default:
        return pick(low, high);
    }
  };
  std::string csv = "id,parent,kind,name,inhabitants,electors\n";
  auto row = [&](const std::string& id, const std::string& parent, const std::string& kind,
                 std::optional<std::int64_t> inhabitants) {
    if (inhabitants) {
      std::int64_t electors = pick(0, 1) ? *inhabitants * pick(50, 100) / 100 : *inhabitants / 2;
      csv += fmt::format("{},{},{},{},{},{}\n", id, parent, kind, id, *inhabitants, electors);
    } else {
      csv += fmt::format("{},{},{},{},,\n", id, parent, kind, id);
    }
  };
  row("r", "", "republic", std::nullopt);
  std::int64_t gubernia_count = pick(1, 4);
  for (std::int64_t g = 0; g < gubernia_count; ++g) {
    std::string parent = "r";
    if (pick(0, 2) > 0) {
      parent = fmt::format("o{}", pick(1, 2));
      if (csv.find("\n" + parent + ",") == std::string::npos) {
        row(parent, "r", "oblast", std::nullopt);
      }
    }
    std::string gubernia = fmt::format("g{}", g);
    row(gubernia, parent, "gubernia", std::nullopt);
    for (std::int64_t t = pick(0, 2); t > 0; --t) {
      row(fmt::format("{}t{}", gubernia, t), gubernia, "town", figure(10'000, 2'000'000));
    }
    for (std::int64_t u = pick(0, 3); u > 0; --u) {
      std::string uyezd = fmt::format("{}u{}", gubernia, u);
      row(uyezd, gubernia, "uyezd", std::nullopt);
      for (std::int64_t t = pick(0, 2); t > 0; --t) {
        // Big or small towns directly under an uyezd (small ones: village soviets).
        row(fmt::format("{}t{}", uyezd, t), uyezd, "town",
            pick(0, 1) ? figure(10'000, 400'000) : figure(0, 9'999));
      }
      for (std::int64_t v = pick(0, 3); v > 0; --v) {
        std::string volost = fmt::format("{}v{}", uyezd, v);
        row(volost, uyezd, "volost", std::nullopt);
        for (std::int64_t s = pick(0, 6); s > 0; --s) {
          if (pick(0, 5) == 0) {
            row(fmt::format("{}t{}", volost, s), volost, "town", figure(0, 9'999));
          } else {
            // Now and then a village of 10,000 or more: it has a town soviet.
            row(fmt::format("{}s{}", volost, s), volost, "village",
                pick(0, 15) == 0 ? figure(0, 30'000) : figure(0, 6'000));
          }
        }
      }
    }
  }
  return csv;
}

// A random federation (charters/federation.toml): regions, cities and
// enterprises of every size, members a random share of the workforce.
std::string RandomFederation(std::mt19937_64& rng) {
  auto pick = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(rng);
  };
  std::string csv = "id,parent,kind,name,inhabitants,electors\nf,,federation,F,,\n";
  for (std::int64_t r = pick(1, 4); r > 0; --r) {
    csv += fmt::format("r{0},f,region,R{0},,\n", r);
    for (std::int64_t c = pick(0, 4); c > 0; --c) {
      csv += fmt::format("r{0}c{1},r{0},city,C,,\n", r, c);
      for (std::int64_t e = pick(0, 12); e > 0; --e) {
        std::int64_t workforce =
            pick(0, 2) == 0 ? pick(0, 199) : pick(0, 3) * 100 + pick(0, 20'000) / pick(1, 20);
        csv += fmt::format("r{0}c{1}e{2},r{0}c{1},enterprise,E,{3},{4}\n", r, c, e, workforce,
                           workforce * pick(0, 100) / 100);
      }
    }
  }
  return csv;
}

// A variant of the shipped charter with random caps, floors, per-source
// minimums and norms small enough to make them bind.
std::string RandomCharterVariant(const std::string& shipped, std::mt19937_64& rng) {
  auto pick = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(rng);
  };
  std::string text = shipped;
  auto replace = [&](const std::string& from, const std::string& to) {
    std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("kind = \"uyezd_congress\"\nname = \"uyezd congress\"\nunits = [\"uyezd\"]\nmax = 300",
          fmt::format("kind = \"uyezd_congress\"\nname = \"uyezd congress\"\nunits = "
                      "[\"uyezd\"]\nmin = {}\nmax = {}",
                      pick(0, 6), pick(20, 40)));
  replace("source = \"village_soviet\"\nbasis = \"inhabitants\"\nper = 1000",
          fmt::format("source = \"village_soviet\"\nbasis = \"inhabitants\"\nper = {}\n"
                      "min_per_source = {}",
                      pick(1, 4) * 250, pick(0, 1)));
  replace("units = [\"gubernia\"]\nmax = 300",
          fmt::format("units = [\"gubernia\"]\nmin = {}\nmax = {}", pick(0, 30), pick(31, 61)));
  replace("units = [\"oblast\"]\nmax = 500",
          fmt::format("units = [\"oblast\"]\nmax = {}", pick(40, 90)));
  replace("source = \"town_soviet\"\nbasis = \"electors\"\nper = 5000",
          fmt::format("source = \"town_soviet\"\nbasis = \"electors\"\nper = {}\n"
                      "min_per_source = {}",
                      pick(1, 10) * 2500, pick(0, 2)));
  replace("units = [\"republic\"]\nelection",
          fmt::format("units = [\"republic\"]\nmin = {}\nmax = {}\nrounding = \"{}\"\nelection",
                      pick(0, 20), pick(60, 120), pick(0, 1) ? "half_up" : "down"));
  return text;
}

void ExpectSame(const Apportionment& actual, const std::map<std::string, RefBody>& expected,
                const std::string& label) {
  ASSERT_EQ(actual.bodies.size(), expected.size()) << label;
  auto expected_it = expected.begin();
  for (const ApportionedBody& body : actual.bodies) {
    const auto& [id, reference] = *expected_it++;
    ASSERT_EQ(body.id, id) << label;
    EXPECT_EQ(BigInt(body.seats), reference.seats) << label << " " << id;
    std::map<std::string, BigInt> delegations;
    for (const Delegation& delegation : body.delegations) {
      delegations[actual.bodies[delegation.from].id] = delegation.seats;
    }
    EXPECT_EQ(delegations, reference.delegations) << label << " " << id;
  }
}

TEST(IndependentTest, AgreesOnRandomCountriesUnderTheShippedAndVariantCharters) {
  Result<Charter> shipped = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml");
  ASSERT_TRUE(shipped) << shipped.error().ToString();
  Result<std::string> shipped_text = [] {
    std::FILE* file = std::fopen(SOVET_SOURCE_DIR "/charters/rsfsr-1918.toml", "rb");
    std::string text;
    char buffer[4096];
    for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, file)) > 0;) {
      text.append(buffer, got);
    }
    std::fclose(file);
    return Result<std::string>(text);
  }();
  std::mt19937_64 rng(1918);
  int capped_bodies = 0;
  int raised_bodies = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::string csv = RandomCountry(rng);
    Charter charter = *shipped;
    if (trial % 4 != 0) {
      std::string variant = RandomCharterVariant(*shipped_text, rng);
      Result<Charter> parsed = ParseCharter(variant, "variant.toml");
      ASSERT_TRUE(parsed) << parsed.error().ToString();
      charter = *parsed;
    }
    Result<Census> census = ParseCensus(csv, fmt::format("trial{}.csv", trial), charter);
    ASSERT_TRUE(census) << census.error().ToString() << "\n" << csv;
    Result<Apportionment> actual = Apportion(charter, *census);
    if (!actual) {
      // Only an impossible combination may fail: per-source minimums above a cap.
      EXPECT_NE(actual.error().message().find("min_per_source"), std::string::npos)
          << actual.error().ToString();
      continue;
    }
    for (const ApportionedBody& body : actual->bodies) {
      capped_bodies += body.seats < body.before_limits && !body.delegations.empty();
      raised_bodies += body.seats > body.before_limits && !body.delegations.empty();
    }
    ExpectSame(*actual, Reference(charter, *census).Run(), fmt::format("trial {}", trial));
    if (HasFatalFailure() || HasNonfatalFailure()) {
      ADD_FAILURE() << "census of trial " << trial << ":\n" << csv;
      return;
    }
  }
  // The trials must have exercised the caps and floors, or they prove little.
  EXPECT_GT(capped_bodies, 100);
  EXPECT_GT(raised_bodies, 20);
}

// The published constitution: its volost congress gives every village
// soviet at least one delegate (Art. 53 Note 2, min_per_source = 1), which
// the trials must exercise: a soviet of fewer than ten members.
TEST(IndependentTest, AgreesOnRandomCountriesUnderTheConstitution) {
  Result<Charter> charter = LoadCharter(SOVET_SOURCE_DIR "/charters/rsfsr-1918-constitution.toml");
  ASSERT_TRUE(charter) << charter.error().ToString();
  std::mt19937_64 rng(1936);
  int small_soviets_sending_one = 0;
  for (int trial = 0; trial < 100; ++trial) {
    std::string csv = RandomCountry(rng);
    Result<Census> census = ParseCensus(csv, fmt::format("trial{}.csv", trial), *charter);
    ASSERT_TRUE(census) << census.error().ToString() << "\n" << csv;
    Result<Apportionment> actual = Apportion(*charter, *census);
    ASSERT_TRUE(actual) << actual.error().ToString();
    for (const ApportionedBody& body : actual->bodies) {
      if (body.kind != "volost_congress") continue;
      for (const Delegation& delegation : body.delegations) {
        const ApportionedBody& source = actual->bodies[delegation.from];
        if (source.seats < 10) {
          EXPECT_GE(delegation.seats, 1) << source.id;
          ++small_soviets_sending_one;
        }
      }
    }
    ExpectSame(*actual, Reference(*charter, *census).Run(), fmt::format("trial {}", trial));
    if (HasFatalFailure() || HasNonfatalFailure()) {
      ADD_FAILURE() << "census of trial " << trial << ":\n" << csv;
      return;
    }
  }
  EXPECT_GT(small_soviets_sending_one, 0);
}

TEST(IndependentTest, AgreesOnRandomFederations) {
  Result<Charter> charter = LoadCharter(SOVET_SOURCE_DIR "/charters/federation.toml");
  ASSERT_TRUE(charter) << charter.error().ToString();
  std::mt19937_64 rng(2024);
  int raised = 0;
  for (int trial = 0; trial < 200; ++trial) {
    std::string csv = RandomFederation(rng);
    Result<Census> census = ParseCensus(csv, fmt::format("federation{}.csv", trial), *charter);
    ASSERT_TRUE(census) << census.error().ToString() << "\n" << csv;
    Result<Apportionment> actual = Apportion(*charter, *census);
    if (!actual) {
      // A federation with no city has no city council to fill the general
      // council's quota of them: refused, naming the quota.
      const bool no_city = csv.find(",city,") == std::string::npos;
      EXPECT_NE(actual.error().message().find(no_city ? "quota[1]" : "min_per_source"),
                std::string::npos)
          << actual.error().ToString();
      continue;
    }
    for (const ApportionedBody& body : actual->bodies) {
      raised += body.seats > body.before_limits && !body.delegations.empty();
    }
    ExpectSame(*actual, Reference(*charter, *census).Run(), fmt::format("federation {}", trial));
    if (HasFailure()) {
      ADD_FAILURE() << "census of federation " << trial << ":\n" << csv;
      return;
    }
  }
  EXPECT_GT(raised, 50);
}

}  // namespace
}  // namespace sovet
