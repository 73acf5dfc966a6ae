// The synthetic census generator (`sovet census generate`).
//
// A country is drawn from a fixed plan per scale (how many oblasts, how many
// gubernias under each and directly under the republic) and from size
// tables, with the seed choosing counts and sizes inside them through our own
// PRNG (census/prng.h), in integer arithmetic only, so the same scale and
// seed give the same bytes everywhere. The model is described in prose in
// doc/census_format.md.
//
// Towns whose population the seeds give, placed at exactly that figure:
//
//   town       inhabitants  seed    the seed's words
//   Petrograd    1,480,000  000:29  "The population of Petrograd fell from 2,319,000 on
//                                    1 November 1915 to 1,480,000 on 1 July 1918"
//   Yaroslavl      100,000  001:95  "an industrial concentration (16,000 workers out of
//                                    nearly 100,000 inhabitants)" — the seed's round figure
//   Mogilev         60,000  002:24  "Mogilev, a small town in White Russia with 60,000
//                                    inhabitants"
//   Maikop          45,000  000:187 "they captured Maikop ... (the town has 45,000
//                                    inhabitants)"
//
// Figures in the seeds deliberately not used: Petrograd's 2,319,000 of 1915
// and "less than 750,000 inhabitants in 1919-20" (000:29, 000:280) are other
// dates; the 600,000 voters who were "a quarter of the population" (002:372)
// are Bessarabia's, a region rather than a town. The seeds give no electors
// for any town; electors are drawn like everyone else's (about two thirds).
//
// Reference scale (SYSTEM.md §9): about 90 million inhabitants, 60 million
// electors, 130,000 village soviets, 700 town soviets, 10,000 volosts, 500
// uyezds, 50 gubernias. With the tables below the full scale has ~17 million
// people in ~720 town soviets and ~74 million rural ones, which gives the
// All-Russian Congress about 680 + 600 delegates (001:144: 1 per 25,000 town
// inhabitants, 1 per 125,000 rural; seed 1918 gives 1,272) — near the 1,164
// of the Fifth Congress (001:62).
#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "census/prng.h"
#include "sovet/census.h"

namespace sovet {
namespace {

using census_internal::Xoshiro256StarStar;

struct SeedTown {
  std::string_view id;
  std::string_view name;
  std::int64_t inhabitants;
  std::string_view cite;
};

constexpr SeedTown kPetrograd{"petrograd", "Petrograd", 1'480'000, "000:29"};
constexpr SeedTown kYaroslavl{"yaroslavl", "Yaroslavl", 100'000, "001:95"};
constexpr SeedTown kMogilev{"mogilev", "Mogilev", 60'000, "002:24"};
constexpr SeedTown kMaikop{"maikop", "Maikop", 45'000, "000:187"};

// A band of sizes drawn with probability weight / Σ weights, uniform inside.
struct SizeClass {
  std::int64_t weight;
  std::int64_t low;
  std::int64_t high;
};

// Villages: most have a few hundred people; the bands run from villages whose
// soviet gets the minimum of 3 seats to ones that reach the cap of 50
// (001:150: 1 deputy per 100 inhabitants, at least 3, at most 50).
constexpr SizeClass kVillageSizes[] = {
    {255, 40, 199},   {330, 200, 399},  {230, 400, 699},
    {115, 700, 1199}, {53, 1200, 2499}, {17, 2500, 5999},
};
// Small towns sit under a volost and elect a village-type soviet: < 10,000
// (001:150, "towns of less than 10,000 inhabitants").
constexpr SizeClass kSmallTownSizes[] = {{500, 1500, 3999}, {350, 4000, 6999}, {150, 7000, 9999}};
// Uyezd towns: town soviets (>= 10,000), mostly just over the threshold.
constexpr SizeClass kUyezdTownSizes[] = {
    {650, 10000, 14999}, {270, 15000, 24999}, {70, 25000, 44999}, {10, 45000, 79999}};
// Gubernia capitals.
constexpr SizeClass kCapitalSizes[] = {
    {600, 25000, 59999}, {300, 60000, 109999}, {100, 110000, 249999}};
// How many town soviets (0, 1, 2, 3) an uyezd holds besides its villages.
constexpr std::int64_t kTownsPerUyezd[] = {90, 540, 310, 60};
// Electors per mille of inhabitants, drawn per unit: about two thirds
// (SYSTEM.md §9: 60 million electors of 90 million inhabitants).
constexpr std::int64_t kElectorsLowPerMille = 600;
constexpr std::int64_t kElectorsHighPerMille = 733;

struct Range {
  std::int64_t low;
  std::int64_t high;
};

struct ScalePlan {
  // Gubernias under each oblast; oblast 0 holds Petrograd's gubernia and
  // oblast 1 Mogilev's, so there are at least two.
  std::vector<std::int64_t> gubernias_per_oblast;
  // Gubernias directly under the republic: the first is Yaroslavl's, the
  // second holds Maikop's uyezd, so at least two.
  std::int64_t direct_gubernias;
  Range uyezds_per_gubernia;
  Range volosts_per_uyezd;
  Range villages_per_volost;
  // Chance per mille that a volost holds a small town; the small scale
  // instead puts one in the first volost of every uyezd.
  std::int64_t small_town_per_mille;
  bool small_town_in_first_volost;
  // The small scale gives every uyezd exactly one town soviet.
  bool one_town_per_uyezd;
};

// 50 gubernias (20 in 5 oblasts, 30 directly under the republic), ~500
// uyezds, ~10,000 volosts, ~130,000 villages (SYSTEM.md §9).
ScalePlan FullPlan() {
  return {.gubernias_per_oblast = {4, 4, 4, 4, 4},
          .direct_gubernias = 30,
          .uyezds_per_gubernia = {7, 13},
          .volosts_per_uyezd = {14, 26},
          .villages_per_volost = {7, 20},
          .small_town_per_mille = 80,
          .small_town_in_first_volost = false,
          .one_town_per_uyezd = false};
}

ScalePlan PlanFor(CensusScale scale) {
  switch (scale) {
    case CensusScale::kSmall:
      // 5 gubernias, 10 uyezds, 30 volosts: about 250 units.
      return {.gubernias_per_oblast = {2, 1},
              .direct_gubernias = 2,
              .uyezds_per_gubernia = {2, 2},
              .volosts_per_uyezd = {3, 3},
              .villages_per_volost = {4, 8},
              .small_town_per_mille = 0,
              .small_town_in_first_volost = true,
              .one_town_per_uyezd = true};
    case CensusScale::kMedium: {
      // 7 gubernias of the full scale's shape: about 20,000 units.
      ScalePlan plan = FullPlan();
      plan.gubernias_per_oblast = {2, 2};
      plan.direct_gubernias = 3;
      return plan;
    }
    case CensusScale::kFull:
      break;
  }
  return FullPlan();
}

// The army and the fleet (001:152: soldiers and sailors vote; SYSTEM.md
// §7.4): fronts of armies of regiments, and fleets of ships, directly under
// the republic, after the territorial tree and drawn from a stream of their
// own, so that the places of a given scale and seed are the same with or
// without them. The full scale's army is the size the Constituent Assembly
// returns imply: 4,483,000 votes in the army and fleet (002:204-209: S-Rs
// 1,885,000, Kadets 51,000, national minorities 756,000, Bolsheviks
// 1,791,000); at the demo's turnout (55-90% of electors) that is about
// 6 million men: 5 fronts of 4-6 armies of 50-80 regiments of 3,000-4,400,
// and 2 fleets of 100-200 ships of 150-1,300. The sizes are the model's own.
struct ArmyPlan {
  std::int64_t fronts;
  Range armies_per_front;
  Range regiments_per_army;
  std::int64_t fleets;
  Range ships_per_fleet;
};

ArmyPlan ArmyPlanFor(CensusScale scale) {
  switch (scale) {
    case CensusScale::kSmall:
      return {.fronts = 1, .armies_per_front = {2, 2}, .regiments_per_army = {2, 2},
              .fleets = 1, .ships_per_fleet = {2, 2}};
    case CensusScale::kMedium:
      return {.fronts = 1, .armies_per_front = {3, 3}, .regiments_per_army = {8, 12},
              .fleets = 1, .ships_per_fleet = {10, 20}};
    case CensusScale::kFull:
      break;
  }
  return {.fronts = 5, .armies_per_front = {4, 6}, .regiments_per_army = {50, 80},
          .fleets = 2, .ships_per_fleet = {100, 200}};
}

// 002:211 names "the western and the northern front"; the others are the
// fronts and fleets of 1917 (outside the seeds).
constexpr std::string_view kFrontNames[] = {"Northern Front", "Western Front",
                                            "South-Western Front", "Romanian Front",
                                            "Caucasian Front"};
constexpr std::string_view kFleetNames[] = {"Baltic Fleet", "Black Sea Fleet"};
constexpr Range kRegimentSize = {3000, 4400};
constexpr Range kShipCrew = {150, 1300};
// Soldiers and sailors who vote, per mille: nearly all are of age.
constexpr Range kSoldierElectorsPerMille = {950, 1000};
constexpr std::uint64_t kArmyStream = 0x61726D7920666C74ULL;  // "army flt"

constexpr std::string_view kOblastNames[] = {"Northern Oblast", "Western Oblast", "Volga Oblast",
                                             "Ural Oblast", "Siberian Oblast"};

// Place names are built from common Russian stems and endings; they are
// invented, and may repeat (ids, not names, identify units).
constexpr std::string_view kStems[] = {
    "Ivan",  "Petrov",  "Pokrov", "Krasn", "Nikol",  "Aleksandr", "Bogorod", "Voskresen", "Troits",
    "Uspen", "Mikhail", "Sosnov", "Berez", "Dubrov", "Lipov",     "Kamen",   "Gor",       "Rech",
    "Ozer",  "Polyan",  "Borov",  "Lug",   "Klyuch", "Zarech",    "Nov",     "Star",      "Bel",
    "Chern", "Sukhod",  "Mokr",   "Glin",  "Pesch",  "Yablon",    "Vishnev", "Ryabin",    "Olkhov",
    "Topol", "Kalin",   "Malin",  "Semen", "Vasil",  "Fedor",     "Grigor",  "Andre",     "Dmitr",
    "Pavl",  "Stepan",  "Zhuk",   "Sokol", "Orl"};
constexpr std::string_view kVillageEndings[] = {"ovka", "ino", "ovo",    "skoye", "evka",
                                                "ki",   "tsy", "ishchi", "yevo",  "ovskoye"};
constexpr std::string_view kTownEndings[] = {"sk", "ov", "grad", "insk", "ovsk", "ets", "gorsk"};

struct GeneratedUnit {
  std::string id;
  std::string parent;
  std::string_view kind;
  std::string name;
  std::int64_t inhabitants = 0;
  std::int64_t electors = 0;
  std::int32_t parent_idx = -1;
  bool leaf = false;
};

class Generator {
 public:
  Generator(CensusScale scale, std::uint64_t seed)
      : plan_(PlanFor(scale)), army_plan_(ArmyPlanFor(scale)), rng_(seed),
        army_rng_(seed ^ kArmyStream) {}

  std::string Run() {
    const std::int32_t republic =
        AddInner("rsfsr", -1, "republic", "Russian Socialist Federative Soviet Republic");
    std::int64_t gubernia_number = 0;
    for (std::size_t oblast_idx = 0; oblast_idx < plan_.gubernias_per_oblast.size(); ++oblast_idx) {
      const std::int32_t oblast = AddInner(fmt::format("o{}", oblast_idx + 1), republic, "oblast",
                                           std::string(kOblastNames[oblast_idx]));
      for (std::int64_t gubernia_idx = 0; gubernia_idx < plan_.gubernias_per_oblast[oblast_idx];
           ++gubernia_idx) {
        const SeedTown* capital = nullptr;
        if (gubernia_idx == 0 && oblast_idx == 0) capital = &kPetrograd;
        if (gubernia_idx == 0 && oblast_idx == 1) capital = &kMogilev;
        AddGubernia(++gubernia_number, oblast, capital, false);
      }
    }
    for (std::int64_t gubernia_idx = 0; gubernia_idx < plan_.direct_gubernias; ++gubernia_idx) {
      AddGubernia(++gubernia_number, republic, gubernia_idx == 0 ? &kYaroslavl : nullptr,
                  gubernia_idx == 1);
    }
    AddArmyAndFleet(republic);
    return Write();
  }

 private:
  std::int32_t AddInner(std::string id, std::int32_t parent, std::string_view kind,
                        std::string name) {
    GeneratedUnit unit;
    unit.id = std::move(id);
    if (parent >= 0) unit.parent = units_[parent].id;
    unit.parent_idx = parent;
    unit.kind = kind;
    unit.name = std::move(name);
    units_.push_back(std::move(unit));
    return static_cast<std::int32_t>(units_.size() - 1);
  }

  void AddLeaf(std::string id, std::int32_t parent, std::string_view kind, std::string name,
               std::int64_t inhabitants) {
    const std::int32_t unit_idx = AddInner(std::move(id), parent, kind, std::move(name));
    units_[unit_idx].leaf = true;
    units_[unit_idx].inhabitants = inhabitants;
    units_[unit_idx].electors =
        inhabitants * rng_.Uniform(kElectorsLowPerMille, kElectorsHighPerMille) / 1000;
  }

  std::int64_t DrawSize(std::span<const SizeClass> classes) {
    std::array<std::int64_t, 8> weights{};
    for (std::size_t class_idx = 0; class_idx < classes.size(); ++class_idx) {
      weights[class_idx] = classes[class_idx].weight;
    }
    const SizeClass& band = classes[rng_.PickWeighted(std::span(weights.data(), classes.size()))];
    return rng_.Uniform(band.low, band.high);
  }

  std::string_view Stem() { return kStems[rng_.Uniform(0, std::size(kStems) - 1)]; }
  // Joins a stem and an ending without doubling "ov"/"ev" (Petrov + ovka is
  // Petrovka, not Petrovovka).
  static std::string Join(std::string_view stem, std::string_view ending) {
    if (stem.ends_with("ov") || stem.ends_with("ev")) {
      for (std::string_view doubled : {"yev", "ov", "ev"}) {
        if (ending.starts_with(doubled)) {
          ending.remove_prefix(doubled.size());
          break;
        }
      }
    }
    return fmt::format("{}{}", stem, ending);
  }
  std::string VillageName() {
    const std::string_view stem = Stem();
    return Join(stem, kVillageEndings[rng_.Uniform(0, std::size(kVillageEndings) - 1)]);
  }
  std::string TownName() {
    const std::string_view stem = Stem();
    return Join(stem, kTownEndings[rng_.Uniform(0, std::size(kTownEndings) - 1)]);
  }

  void AddGubernia(std::int64_t number, std::int32_t parent, const SeedTown* capital,
                   bool holds_maikop) {
    const std::string id = fmt::format("g{:02}", number);
    const std::string capital_name = capital ? std::string(capital->name) : TownName();
    const std::int32_t gubernia =
        AddInner(id, parent, "gubernia", fmt::format("{} gubernia", capital_name));
    // The capital is a town soviet directly under its gubernia (SYSTEM.md §4:
    // town-soviet towns sit under an uyezd or a gubernia).
    if (capital) {
      AddLeaf(std::string(capital->id), gubernia, "town", capital_name, capital->inhabitants);
    } else {
      AddLeaf(id + "-t1", gubernia, "town", capital_name, DrawSize(kCapitalSizes));
    }
    const std::int64_t uyezds =
        rng_.Uniform(plan_.uyezds_per_gubernia.low, plan_.uyezds_per_gubernia.high);
    for (std::int64_t uyezd_idx = 0; uyezd_idx < uyezds; ++uyezd_idx) {
      AddUyezd(fmt::format("{}-u{:02}", id, uyezd_idx + 1), gubernia,
               holds_maikop && uyezd_idx == 0);
    }
  }

  void AddUyezd(const std::string& id, std::int32_t gubernia, bool holds_maikop) {
    std::int64_t towns =
        plan_.one_town_per_uyezd ? 1 : static_cast<std::int64_t>(rng_.PickWeighted(kTownsPerUyezd));
    if (holds_maikop && towns == 0) towns = 1;
    std::vector<std::string> town_names;
    for (std::int64_t town_idx = 0; town_idx < towns; ++town_idx) {
      town_names.push_back(holds_maikop && town_idx == 0 ? std::string(kMaikop.name) : TownName());
    }
    const std::string uyezd_name = (towns > 0 ? town_names[0] : TownName()) + " uyezd";
    const std::int32_t uyezd = AddInner(id, gubernia, "uyezd", uyezd_name);
    for (std::int64_t town_idx = 0; town_idx < towns; ++town_idx) {
      if (holds_maikop && town_idx == 0) {
        AddLeaf(std::string(kMaikop.id), uyezd, "town", town_names[0], kMaikop.inhabitants);
      } else {
        AddLeaf(fmt::format("{}-t{}", id, town_idx + 1), uyezd, "town", town_names[town_idx],
                DrawSize(kUyezdTownSizes));
      }
    }
    const std::int64_t volosts =
        rng_.Uniform(plan_.volosts_per_uyezd.low, plan_.volosts_per_uyezd.high);
    for (std::int64_t volost_idx = 0; volost_idx < volosts; ++volost_idx) {
      const std::string volost_id = fmt::format("{}-v{:02}", id, volost_idx + 1);
      const std::int32_t volost =
          AddInner(volost_id, uyezd, "volost", fmt::format("{}skaya volost", Stem()));
      const std::int64_t villages =
          rng_.Uniform(plan_.villages_per_volost.low, plan_.villages_per_volost.high);
      for (std::int64_t village_idx = 0; village_idx < villages; ++village_idx) {
        AddLeaf(fmt::format("{}-s{:02}", volost_id, village_idx + 1), volost, "village",
                VillageName(), DrawSize(kVillageSizes));
      }
      const bool small_town = plan_.small_town_in_first_volost
                                  ? volost_idx == 0
                                  : rng_.Uniform(0, 999) < plan_.small_town_per_mille;
      if (small_town) {
        AddLeaf(volost_id + "-t1", volost, "town", TownName(), DrawSize(kSmallTownSizes));
      }
    }
  }

  void AddSoldiers(std::string id, std::int32_t parent, std::string_view kind, std::string name,
                   Range size) {
    const std::int32_t unit_idx = AddInner(std::move(id), parent, kind, std::move(name));
    units_[unit_idx].leaf = true;
    units_[unit_idx].inhabitants = army_rng_.Uniform(size.low, size.high);
    units_[unit_idx].electors =
        units_[unit_idx].inhabitants *
        army_rng_.Uniform(kSoldierElectorsPerMille.low, kSoldierElectorsPerMille.high) / 1000;
  }

  void AddArmyAndFleet(std::int32_t republic) {
    for (std::int64_t front_idx = 0; front_idx < army_plan_.fronts; ++front_idx) {
      const std::string front_id = fmt::format("front{}", front_idx + 1);
      const std::int32_t front =
          AddInner(front_id, republic, "front", std::string(kFrontNames[front_idx]));
      const std::int64_t armies = army_rng_.Uniform(army_plan_.armies_per_front.low,
                                                    army_plan_.armies_per_front.high);
      for (std::int64_t army_idx = 0; army_idx < armies; ++army_idx) {
        const std::string army_id = fmt::format("{}-a{}", front_id, army_idx + 1);
        const std::int32_t army =
            AddInner(army_id, front, "army", fmt::format("Army {}", army_idx + 1));
        const std::int64_t regiments = army_rng_.Uniform(army_plan_.regiments_per_army.low,
                                                         army_plan_.regiments_per_army.high);
        for (std::int64_t regiment_idx = 0; regiment_idx < regiments; ++regiment_idx) {
          AddSoldiers(fmt::format("{}-r{:02}", army_id, regiment_idx + 1), army, "regiment",
                      fmt::format("{} regiment", Join(kStems[army_rng_.Uniform(
                                                          0, std::size(kStems) - 1)],
                                                      "sky")),
                      kRegimentSize);
        }
      }
    }
    for (std::int64_t fleet_idx = 0; fleet_idx < army_plan_.fleets; ++fleet_idx) {
      const std::string fleet_id = fmt::format("fleet{}", fleet_idx + 1);
      const std::int32_t fleet =
          AddInner(fleet_id, republic, "fleet", std::string(kFleetNames[fleet_idx]));
      const std::int64_t ships =
          army_rng_.Uniform(army_plan_.ships_per_fleet.low, army_plan_.ships_per_fleet.high);
      for (std::int64_t ship_idx = 0; ship_idx < ships; ++ship_idx) {
        AddSoldiers(fmt::format("{}-s{:03}", fleet_id, ship_idx + 1), fleet, "ship",
                    std::string(kStems[army_rng_.Uniform(0, std::size(kStems) - 1)]), kShipCrew);
      }
    }
  }

  // RFC 4180: a field holding a comma, a quote or a line break is quoted,
  // with its quotes doubled.
  static void AppendField(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
      out += field;
      return;
    }
    out += '"';
    for (char c : field) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }

  std::string Write() {
    // Inner units carry the sums over the leaves beneath them (SYSTEM.md §5);
    // units were added in pre-order, so one backward pass sums every subtree.
    for (std::size_t unit_idx = units_.size(); unit_idx-- > 1;) {
      GeneratedUnit& parent = units_[units_[unit_idx].parent_idx];
      parent.inhabitants += units_[unit_idx].inhabitants;
      parent.electors += units_[unit_idx].electors;
    }
    std::string out = "id,parent,kind,name,inhabitants,electors\n";
    out.reserve(units_.size() * 64);
    for (const GeneratedUnit& unit : units_) {
      AppendField(out, unit.id);
      out += ',';
      AppendField(out, unit.parent);
      out += ',';
      out += unit.kind;
      out += ',';
      AppendField(out, unit.name);
      fmt::format_to(std::back_inserter(out), ",{},{}\n", unit.inhabitants, unit.electors);
    }
    return out;
  }

  ScalePlan plan_;
  ArmyPlan army_plan_;
  Xoshiro256StarStar rng_;
  Xoshiro256StarStar army_rng_;  // the army and the fleet's own stream
  std::vector<GeneratedUnit> units_;
};

}  // namespace

Result<CensusScale> ParseCensusScale(std::string_view name) {
  if (name == "small") return CensusScale::kSmall;
  if (name == "medium") return CensusScale::kMedium;
  if (name == "full") return CensusScale::kFull;
  return Error(Status::InvalidInput(fmt::format("expected small, medium or full, got \"{}\"", name),
                                    {.field = "scale"}));
}

const char* CensusScaleName(CensusScale scale) {
  switch (scale) {
    case CensusScale::kSmall:
      return "small";
    case CensusScale::kMedium:
      return "medium";
    case CensusScale::kFull:
      return "full";
  }
  return "full";
}

Result<std::string> GenerateCensusCsv(CensusScale scale, std::uint64_t seed) {
  return Generator(scale, seed).Run();
}

}  // namespace sovet
