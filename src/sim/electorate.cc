#include "sim/electorate.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "sim/random.h"

namespace sovet::sim {

Electorate::Electorate(const Census& census, std::uint64_t seed, const SimModel& model)
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
    for (const std::string& capital : model_.capitals) {
      std::string name = capital;
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(c | 0x20); });
      if (lower == name) capital_[unit] = true;
    }
  }
}

Shares Electorate::LocalShares(UnitIndex unit, bool rural) const {
  const std::size_t slate_count = model_.slates.size();
  const UnitIndex region = region_[unit] == kNoUnit ? unit : region_[unit];
  const UnitIndex oblast = oblast_[unit] == kNoUnit ? unit : oblast_[unit];
  Rng region_rng(Key(seed_, kTagRegion, static_cast<std::uint64_t>(region)));
  Rng local_rng(Key(seed_, kTagLocal, static_cast<std::uint64_t>(unit)));
  const bool national_region = Rng(Key(seed_, kTagNational, static_cast<std::uint64_t>(oblast)))
                                   .Below(static_cast<std::uint64_t>(model_.national_every)) == 0;
  std::vector<std::int64_t> weight(slate_count, 0);
  std::int64_t total = 0;
  for (std::size_t slate_idx = 0; slate_idx < slate_count; ++slate_idx) {
    const SimSlate& slate = model_.slates[slate_idx];
    // Each draw is taken even for a capital, so the sequence stays aligned.
    const std::int64_t regional = region_rng.Between(model_.region_low, model_.region_high);
    const std::int64_t local = local_rng.Between(model_.local_low, model_.local_high);
    std::int64_t w = capital_[unit] ? slate.capital : rural ? slate.village : slate.town;
    if (!capital_[unit])
      w *= regional * local;  // <= 1000 * 10000 * 10000, fits easily
    else
      w *= 1000 * 1000;
    if (national_region && slate.national && !capital_[unit]) w *= model_.national_factor;
    weight[slate_idx] = w;
    total += w;
  }
  Shares shares(slate_count, 0);
  if (total == 0) {
    shares[model_.independent] = kShareDen;
    return shares;
  }
  // Largest remainder, so the shares sum to kShareDen exactly.
  std::int64_t given = 0;
  std::vector<std::int64_t> remainder(slate_count, 0);
  for (std::size_t slate_idx = 0; slate_idx < slate_count; ++slate_idx) {
    const __int128 scaled = static_cast<__int128>(weight[slate_idx]) * kShareDen;
    shares[slate_idx] = static_cast<std::int64_t>(scaled / total);
    remainder[slate_idx] = static_cast<std::int64_t>(scaled % total);
    given += shares[slate_idx];
  }
  while (given < kShareDen) {
    std::size_t best = 0;
    for (std::size_t slate_idx = 1; slate_idx < slate_count; ++slate_idx) {
      if (remainder[slate_idx] > remainder[best]) best = slate_idx;
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

SlateCounts Electorate::DrawVoters(UnitIndex unit, std::int64_t present, const Shares& shares,
                                   int attempt) const {
  std::vector<std::int64_t> cumulative(shares.size(), 0);
  std::int64_t running = 0;
  for (std::size_t slate_idx = 0; slate_idx < shares.size(); ++slate_idx) {
    running += shares[slate_idx];
    cumulative[slate_idx] = running;
  }
  SlateCounts voters(shares.size(), 0);
  Rng rng(Key(seed_, kTagVoters, static_cast<std::uint64_t>(unit),
              static_cast<std::uint64_t>(attempt)));
  // kShareDen = 2^20: one 64-bit draw gives three independent 20-bit uniforms.
  std::int64_t left = present;
  while (left > 0) {
    std::uint64_t bits = rng.Next();
    for (int part = 0; part < 3 && left > 0; ++part, --left) {
      const auto u = static_cast<std::int64_t>(bits & (kShareDen - 1));
      bits >>= 20;
      std::size_t slate_idx = 0;
      while (u >= cumulative[slate_idx]) ++slate_idx;
      ++voters[slate_idx];
    }
  }
  return voters;
}

PersonIndex Electorate::Nominate(PersonRegister& persons, UnitIndex unit, SlateIndex slate,
                                 std::uint64_t key) const {
  Rng rng(key);
  const std::size_t given_idx = rng.Below(model_.given_names.size());
  const std::size_t surname_idx = rng.Below(model_.surnames.size());
  std::string surname = model_.surnames[surname_idx];
  if (given_idx >= model_.feminine_from) surname += model_.feminine_suffix;
  const auto age = static_cast<std::int16_t>(rng.Between(18, 70));
  const auto appeal = static_cast<std::uint16_t>(rng.Between(717, 1024));
  const auto cross = static_cast<std::uint16_t>(rng.Between(0, 51));
  return persons.Add(fmt::format("{} {}", model_.given_names[given_idx], surname), unit, slate, age, -1,
                     appeal, cross);
}

std::int64_t CandidateVotes(const PersonRegister& persons, PersonIndex person,
                            const SlateCounts& voters_by_slate) {
  const auto own = static_cast<std::size_t>(persons.slate[person]);
  std::int64_t all = 0;
  for (std::int64_t count : voters_by_slate) all += count;
  const std::int64_t mine = own < voters_by_slate.size() ? voters_by_slate[own] : 0;
  return mine * persons.appeal[person] / 1024 + (all - mine) * persons.cross_appeal[person] / 1024;
}

}  // namespace sovet::sim
