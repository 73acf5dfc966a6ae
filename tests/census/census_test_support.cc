#include "census/census_test_support.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sovet::testing {

Charter Charter1918() {
  Charter charter;
  charter.id = "rsfsr-1918-test";
  charter.source_file = "test-charter";
  auto add_kind = [&charter](std::string name, std::vector<ParentRule> parents, bool figures) {
    UnitKind kind;
    kind.name = std::move(name);
    kind.parents = std::move(parents);
    kind.carries_figures = figures;
    charter.unit_kinds.push_back(std::move(kind));
  };
  add_kind("republic", {}, false);
  add_kind("oblast", {{.kind = "republic"}}, false);
  add_kind("gubernia", {{.kind = "oblast"}, {.kind = "republic"}}, false);
  add_kind("uyezd", {{.kind = "gubernia"}}, false);
  add_kind("volost", {{.kind = "uyezd"}}, false);
  add_kind("village", {{.kind = "volost"}}, true);
  add_kind("town",
           {{.kind = "volost", .when = {.inhabitants_below = 10000}},
            {.kind = "uyezd"},
            {.kind = "gubernia"}},
           true);
  // The army and the fleet of the shipped 1918 charters (001:152), which
  // the generator writes after the places.
  add_kind("front", {{.kind = "republic"}}, false);
  add_kind("army", {{.kind = "front"}}, false);
  add_kind("regiment", {{.kind = "army"}}, true);
  add_kind("fleet", {{.kind = "republic"}}, false);
  add_kind("ship", {{.kind = "fleet"}}, true);
  BodyRule village_soviet;
  village_soviet.kind = "village_soviet";
  village_soviet.units = {"village", "town"};
  village_soviet.when.inhabitants_below = 10000;
  village_soviet.rural = true;
  village_soviet.direct = DirectSeats{.per = 100, .min = 3, .max = 50};
  charter.bodies.push_back(village_soviet);
  BodyRule town_soviet;
  town_soviet.kind = "town_soviet";
  town_soviet.units = {"town"};
  town_soviet.when.inhabitants_at_least = 10000;
  town_soviet.direct = DirectSeats{.per = 1000, .min = 50, .max = 1000};
  charter.bodies.push_back(town_soviet);
  return charter;
}

std::string ReadTestData(const std::string& relative_path) {
  const std::string path = std::string(SOVET_SOURCE_DIR) + "/tests/data/census/" + relative_path;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open test data " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace sovet::testing
