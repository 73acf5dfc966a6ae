#include "sim/constituent.h"

#include <fmt/format.h>

#include <algorithm>

#include "apportion/largest_remainder.h"
#include "sim/random.h"
#include "sovet/count.h"

namespace sovet::sim {
namespace {

// The lists of 1917 (002:193-196): the S-Rs went to the polls on single
// lists although the party was split (002:187), so Left and Right S-Rs vote
// one list here.
constexpr const char* kLists[] = {"Bolsheviks",       "S-Rs",     "Mensheviks", "Kadets",
                                  "National parties", "Non-party"};
constexpr int kListCount = 6;

int ListOf(int faction_idx) {
  switch (static_cast<Faction>(faction_idx)) {
    case Faction::kCommunists:
      return 0;
    case Faction::kLeftSrs:
    case Faction::kRightSrs:
      return 1;
    case Faction::kMensheviks:
      return 2;
    case Faction::kKadets:
      return 3;
    case Faction::kNational:
      return 4;
    case Faction::kNonParty:
      return 5;
  }
  return 5;
}

}  // namespace

Result<ConstituentAssembly> CountConstituentAssembly(
    const Census& census, const std::vector<FactionCounts>& voters_by_unit, std::int64_t seats,
    std::uint64_t seed) {
  ConstituentAssembly assembly;
  assembly.seats = seats;
  assembly.lists.assign(std::begin(kLists), std::end(kLists));
  assembly.votes.assign(kListCount, 0);
  assembly.won.assign(kListCount, 0);

  // District of every leaf unit (village, town): its gubernia, else its
  // topmost unit below the root. A district's inhabitants are its leaves'.
  const std::size_t unit_count = census.size();
  std::vector<UnitIndex> gubernia_of(unit_count, kNoUnit);
  std::vector<UnitIndex> top_of(unit_count, kNoUnit);
  std::vector<std::int32_t> district_idx(unit_count, -1);
  std::vector<std::int32_t> leaf_district(unit_count, -1);
  for (std::size_t unit = 0; unit < unit_count; ++unit) {
    const UnitIndex parent = census.parent[unit];
    if (parent == kNoUnit) continue;
    top_of[unit] = census.parent[parent] == kNoUnit ? static_cast<UnitIndex>(unit) : top_of[parent];
    gubernia_of[unit] = gubernia_of[parent] != kNoUnit    ? gubernia_of[parent]
                        : census.kind[unit] == "gubernia" ? static_cast<UnitIndex>(unit)
                                                          : kNoUnit;
    const bool leaf = census.subtree_end[unit] == static_cast<UnitIndex>(unit) + 1;
    if (!leaf) continue;
    const UnitIndex district_unit = gubernia_of[unit] != kNoUnit ? gubernia_of[unit] : top_of[unit];
    if (district_idx[district_unit] < 0) {
      district_idx[district_unit] = static_cast<std::int32_t>(assembly.districts.size());
      ConstituentDistrict district;
      district.unit = district_unit;
      district.votes.assign(kListCount, 0);
      district.won.assign(kListCount, 0);
      assembly.districts.push_back(std::move(district));
    }
    leaf_district[unit] = district_idx[district_unit];
    assembly.districts[leaf_district[unit]].inhabitants += census.inhabitants[unit];
  }
  if (assembly.districts.empty()) {
    return Error(Status::InvalidInput("the census has no unit below the root to form a district",
                                      SourceLocation{.file = census.source_file}));
  }
  for (std::size_t unit = 0; unit < unit_count && unit < voters_by_unit.size(); ++unit) {
    if (leaf_district[unit] < 0) continue;
    ConstituentDistrict& district = assembly.districts[leaf_district[unit]];
    for (int faction_idx = 0; faction_idx < kFactionCount; ++faction_idx) {
      district.votes[ListOf(faction_idx)] += voters_by_unit[unit][faction_idx];
    }
  }

  // Seats to districts by largest remainder on inhabitants (exact integers).
  std::int64_t total_inhabitants = 0;
  for (const auto& district : assembly.districts) total_inhabitants += district.inhabitants;
  if (total_inhabitants == 0) {
    return Error(Status::InvalidInput("the census has no inhabitants",
                                      SourceLocation{.file = census.source_file}));
  }
  // The one Hamilton routine of apportionment: ties go to the larger
  // weight, then to the claimant first in order — districts are given in id
  // order.
  std::vector<std::size_t> order(assembly.districts.size());
  for (std::size_t idx = 0; idx < order.size(); ++idx) order[idx] = idx;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return census.id[assembly.districts[a].unit] < census.id[assembly.districts[b].unit];
  });
  std::vector<apportion_internal::Claimant> claimants;
  claimants.reserve(order.size());
  for (std::size_t idx : order) {
    claimants.push_back(apportion_internal::Claimant{assembly.districts[idx].inhabitants, 0});
  }
  const std::vector<std::int64_t> won = apportion_internal::LargestRemainder(seats, claimants);
  for (std::size_t pos = 0; pos < order.size(); ++pos) {
    assembly.districts[order[pos]].seats = won[pos];
  }

  // Each district by D'Hondt on its list votes.
  for (std::size_t idx = 0; idx < assembly.districts.size(); ++idx) {
    ConstituentDistrict& district = assembly.districts[idx];
    for (int list_idx = 0; list_idx < kListCount; ++list_idx) {
      assembly.votes[list_idx] += district.votes[list_idx];
    }
    if (district.seats == 0) continue;
    Tally tally;
    for (int list_idx = 0; list_idx < kListCount; ++list_idx) {
      tally.options.push_back(kLists[list_idx]);
      tally.votes.push_back(district.votes[list_idx]);
      tally.total += district.votes[list_idx];
    }
    if (tally.total == 0) continue;
    CountOptions options;
    options.method = Method::kDhondt;
    options.seats = district.seats;
    options.seed = Key(seed, kTagCount, 0xC0A55EBULL, idx);
    SOVET_TRY(CountResult result, Count(tally, options));
    for (const auto& [list_name, won] : result.allocation) {
      for (int list_idx = 0; list_idx < kListCount; ++list_idx) {
        if (list_name == kLists[list_idx]) {
          district.won[list_idx] += won;
          assembly.won[list_idx] += won;
        }
      }
    }
  }
  return assembly;
}

}  // namespace sovet::sim
