// Helpers shared by the census tests.
#ifndef SOVET_TESTS_CENSUS_CENSUS_TEST_SUPPORT_H_
#define SOVET_TESTS_CENSUS_CENSUS_TEST_SUPPORT_H_

#include <string>

#include "sovet/charter.h"

namespace sovet::testing {

// The unit rules of the 1918 charter (charters/rsfsr-1918.toml), built in code
// so the census tests do not depend on the charter loader: republic > oblast >
// gubernia (also directly under the republic) > uyezd > volost > village; a
// town under a volost only when < 10,000, else under an uyezd or gubernia;
// a rural `village_soviet` body for villages and towns < 10,000 (001:150).
Charter Charter1918();

// The contents of a file under tests/data/census/.
std::string ReadTestData(const std::string& relative_path);

}  // namespace sovet::testing

#endif  // SOVET_TESTS_CENSUS_CENSUS_TEST_SUPPORT_H_
