#include "sim/electorate.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "sim/random.h"

namespace sovet::sim {
namespace {

// Order of every array: Communists, Left S-Rs, Right S-Rs, Mensheviks,
// Kadets, National parties, Non-party (sovet::Faction).
ElectorateModel MakeDefaultModel() {
  ElectorateModel model;
  // Towns: the industrial cities voted Bolshevik (002:198), the Kadets were a
  // town party (002:200), the S-Rs weak there.
  model.town = {420, 60, 140, 90, 230, 30, 30};
  // Villages: "the rural areas had voted for S-Rs" (002:198); the S-R vote is
  // split between Left and Right as the party was in fact split (002:187).
  model.village = {200, 340, 270, 30, 100, 30, 30};
  // The two capitals: Kadets 515,000, S-Rs 218,000, Bolsheviks 837,000
  // (002:200-202), in per mille of their 1,570,000, the S-Rs halved.
  model.capital = {533, 70, 69, 0, 328, 0, 0};
  model.national_factor = 4;
  return model;
}

constexpr std::string_view kGivenNames[] = {
    "Ivan",   "Pyotr",  "Nikolai", "Aleksei", "Fyodor", "Mikhail",  "Vasily",  "Grigory",
    "Semyon", "Stepan", "Yakov",   "Andrei",  "Maria",  "Anna",     "Yelena",  "Praskovya",
    "Darya",  "Olga",   "Natalya", "Agafya",  "Vera",   "Nadezhda", "Klavdia", "Aleksandra"};
constexpr std::size_t kFemaleFrom = 12;
constexpr std::string_view kSurnames[] = {
    "Ivanov",      "Petrov",   "Smirnov",  "Kuznetsov",  "Popov",    "Sokolov",  "Lebedev",
    "Kozlov",      "Novikov",  "Morozov",  "Volkov",     "Solovyov", "Vasilyev", "Zaitsev",
    "Pavlov",      "Semyonov", "Golubev",  "Vinogradov", "Bogdanov", "Vorobyov", "Fyodorov",
    "Mikhailov",   "Belyaev",  "Tarasov",  "Belov",      "Komarov",  "Orlov",    "Kiselyov",
    "Makarov",     "Andreyev", "Kovalyov", "Ilyin",      "Gusev",    "Titov",    "Kuzmin",
    "Kudryavtsev", "Baranov",  "Kulikov",  "Alekseyev",  "Stepanov", "Yakovlev", "Sorokin"};

}  // namespace

const ElectorateModel& DefaultModel() {
  static const ElectorateModel model = MakeDefaultModel();
  return model;
}

Electorate::Electorate(const Census& census, std::uint64_t seed, const ElectorateModel& model)
    : census_(census), seed_(seed), model_(model) {
  const std::size_t unit_count = census.size();
  region_.assign(unit_count, kNoUnit);
  oblast_.assign(unit_count, kNoUnit);
  capital_.assign(unit_count, false);
  std::vector<int> depth(unit_count, 0);
  // Pre-order: a parent's index is smaller, so its depth and ancestors are known.
  for (std::size_t unit = 0; unit < unit_count; ++unit) {
    const UnitIndex parent = census.parent[unit];
    if (parent == kNoUnit) continue;
    depth[unit] = depth[parent] + 1;
    oblast_[unit] = depth[unit] == 1 ? static_cast<UnitIndex>(unit) : oblast_[parent];
    region_[unit] = depth[unit] == 2  ? static_cast<UnitIndex>(unit)
                    : depth[unit] < 2 ? static_cast<UnitIndex>(unit)
                                      : region_[parent];
    std::string lower = census.name[unit];
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(c | 0x20); });
    capital_[unit] = lower == "petrograd" || lower == "moscow";
  }
}

Shares Electorate::LocalShares(UnitIndex unit, bool rural) const {
  const auto& base = capital_[unit] ? model_.capital : rural ? model_.village : model_.town;
  const UnitIndex region = region_[unit] == kNoUnit ? unit : region_[unit];
  const UnitIndex oblast = oblast_[unit] == kNoUnit ? unit : oblast_[unit];
  Rng region_rng(Key(seed_, kTagRegion, static_cast<std::uint64_t>(region)));
  Rng local_rng(Key(seed_, kTagLocal, static_cast<std::uint64_t>(unit)));
  const bool national_region = Rng(Key(seed_, kTagNational, static_cast<std::uint64_t>(oblast)))
                                   .Below(static_cast<std::uint64_t>(model_.national_every)) == 0;
  std::array<std::int64_t, kFactionCount> weight{};
  std::int64_t total = 0;
  for (int faction_idx = 0; faction_idx < kFactionCount; ++faction_idx) {
    // Each draw is taken even for a capital, so the sequence stays aligned.
    const std::int64_t regional = region_rng.Between(model_.region_low, model_.region_high);
    const std::int64_t local = local_rng.Between(model_.local_low, model_.local_high);
    std::int64_t w = base[faction_idx];
    if (!capital_[unit])
      w *= regional * local;  // <= 1000 * 1300 * 1400, fits easily
    else
      w *= 1000 * 1000;
    if (national_region && faction_idx == static_cast<int>(Faction::kNational) && !capital_[unit]) {
      w *= model_.national_factor;
    }
    weight[faction_idx] = w;
    total += w;
  }
  Shares shares{};
  if (total == 0) {
    shares[static_cast<int>(Faction::kNonParty)] = kShareDen;
    return shares;
  }
  // Largest remainder, so the shares sum to kShareDen exactly.
  std::int64_t given = 0;
  std::array<std::int64_t, kFactionCount> remainder{};
  for (int faction_idx = 0; faction_idx < kFactionCount; ++faction_idx) {
    const __int128 scaled = static_cast<__int128>(weight[faction_idx]) * kShareDen;
    shares[faction_idx] = static_cast<std::int64_t>(scaled / total);
    remainder[faction_idx] = static_cast<std::int64_t>(scaled % total);
    given += shares[faction_idx];
  }
  while (given < kShareDen) {
    int best = 0;
    for (int faction_idx = 1; faction_idx < kFactionCount; ++faction_idx) {
      if (remainder[faction_idx] > remainder[best]) best = faction_idx;
    }
    ++shares[best];
    remainder[best] = -1;
    ++given;
  }
  return shares;
}

std::int64_t Electorate::Present(UnitIndex unit, std::int64_t electors, std::int64_t quorum,
                                 int attempt) const {
  Rng rng(Key(seed_, kTagTurnout, static_cast<std::uint64_t>(unit),
              static_cast<std::uint64_t>(attempt)));
  const std::int64_t permille = rng.Between(model_.turnout_low, model_.turnout_high);
  const std::int64_t drawn = electors * permille / 1000;
  return std::min(electors, std::max(drawn, quorum));
}

FactionCounts Electorate::DrawVoters(UnitIndex unit, std::int64_t present, const Shares& shares,
                                     int attempt) const {
  std::array<std::int64_t, kFactionCount> cumulative{};
  std::int64_t running = 0;
  for (int faction_idx = 0; faction_idx < kFactionCount; ++faction_idx) {
    running += shares[faction_idx];
    cumulative[faction_idx] = running;
  }
  FactionCounts voters{};
  Rng rng(Key(seed_, kTagVoters, static_cast<std::uint64_t>(unit),
              static_cast<std::uint64_t>(attempt)));
  // kShareDen = 2^20: one 64-bit draw gives three independent 20-bit uniforms.
  std::int64_t left = present;
  while (left > 0) {
    std::uint64_t bits = rng.Next();
    for (int part = 0; part < 3 && left > 0; ++part, --left) {
      const auto u = static_cast<std::int64_t>(bits & (kShareDen - 1));
      bits >>= 20;
      int faction_idx = 0;
      while (u >= cumulative[faction_idx]) ++faction_idx;
      ++voters[faction_idx];
    }
  }
  return voters;
}

PersonIndex Electorate::Nominate(PersonRegister& persons, UnitIndex unit, Faction faction,
                                 std::uint64_t key) const {
  Rng rng(Key(seed_, kTagPerson, key));
  const std::size_t given_idx = rng.Below(std::size(kGivenNames));
  const std::size_t surname_idx = rng.Below(std::size(kSurnames));
  std::string surname(kSurnames[surname_idx]);
  if (given_idx >= kFemaleFrom) surname += 'a';  // Ivanov -> Ivanova
  const auto age = static_cast<std::int16_t>(rng.Between(18, 70));
  const auto appeal = static_cast<std::uint16_t>(rng.Between(717, 1024));
  const auto cross = static_cast<std::uint16_t>(rng.Between(0, 51));
  return persons.Add(fmt::format("{} {}", kGivenNames[given_idx], surname), unit, faction, age, -1,
                     appeal, cross);
}

std::int64_t CandidateVotes(const PersonRegister& persons, PersonIndex person,
                            const FactionCounts& voters_by_faction) {
  const int own = static_cast<int>(persons.faction[person]);
  std::int64_t others = 0;
  for (int faction_idx = 0; faction_idx < kFactionCount; ++faction_idx) {
    if (faction_idx != own) others += voters_by_faction[faction_idx];
  }
  return voters_by_faction[own] * persons.appeal[person] / 1024 +
         others * persons.cross_appeal[person] / 1024;
}

}  // namespace sovet::sim
