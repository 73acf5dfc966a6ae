#include "sim/constituent.h"

#include <fmt/format.h>

#include <algorithm>

#include "apportion/largest_remainder.h"
#include "sim/random.h"
#include "sovet/count.h"

namespace sovet::sim {
Result<ConstituentAssembly> CountComparison(const Census& census,
                                            const std::vector<SlateCounts>& voters_by_unit,
                                            const Comparison& comparison, std::uint64_t seed) {
  const std::int64_t seats = comparison.seats;
  const std::size_t list_count = comparison.lists.size();
  SOVET_TRY(const Method method, ParseMethod(comparison.method));
  ConstituentAssembly assembly;
  assembly.counted = true;
  assembly.name = comparison.name;
  assembly.seats = seats;
  std::vector<std::size_t> list_of_slate;
  for (std::size_t list_idx = 0; list_idx < list_count; ++list_idx) {
    assembly.lists.push_back(comparison.lists[list_idx].name);
    for (std::size_t slate : comparison.lists[list_idx].slates) {
      if (list_of_slate.size() <= slate) list_of_slate.resize(slate + 1, list_count);
      list_of_slate[slate] = list_idx;
    }
  }
  assembly.votes.assign(list_count, 0);
  assembly.won.assign(list_count, 0);

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
    gubernia_of[unit] = gubernia_of[parent] != kNoUnit ? gubernia_of[parent]
                        : census.kind[unit] == comparison.district_kind
                            ? static_cast<UnitIndex>(unit)
                            : kNoUnit;
    const bool leaf = census.subtree_end[unit] == static_cast<UnitIndex>(unit) + 1;
    if (!leaf) continue;
    const UnitIndex district_unit = gubernia_of[unit] != kNoUnit ? gubernia_of[unit] : top_of[unit];
    if (district_idx[district_unit] < 0) {
      district_idx[district_unit] = static_cast<std::int32_t>(assembly.districts.size());
      ConstituentDistrict district;
      district.unit = district_unit;
      district.votes.assign(list_count, 0);
      district.won.assign(list_count, 0);
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
    const SlateCounts& voters = voters_by_unit[unit];
    for (std::size_t slate = 0; slate < voters.size() && slate < list_of_slate.size(); ++slate) {
      if (list_of_slate[slate] < list_count) district.votes[list_of_slate[slate]] += voters[slate];
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
    for (std::size_t list_idx = 0; list_idx < list_count; ++list_idx) {
      assembly.votes[list_idx] += district.votes[list_idx];
    }
    if (district.seats == 0) continue;
    Tally tally;
    for (std::size_t list_idx = 0; list_idx < list_count; ++list_idx) {
      tally.options.push_back(assembly.lists[list_idx]);
      tally.votes.push_back(district.votes[list_idx]);
      tally.total += district.votes[list_idx];
    }
    if (tally.total == 0) continue;
    CountOptions options;
    options.method = method;
    options.seats = district.seats;
    options.seed = Key(seed, kTagCount, 0xC0A55EBULL, idx);
    SOVET_TRY(CountResult result, Count(tally, options));
    for (const auto& [list_name, won] : result.allocation) {
      for (std::size_t list_idx = 0; list_idx < list_count; ++list_idx) {
        if (list_name == assembly.lists[list_idx]) {
          district.won[list_idx] += won;
          assembly.won[list_idx] += won;
        }
      }
    }
  }
  return assembly;
}

}  // namespace sovet::sim
