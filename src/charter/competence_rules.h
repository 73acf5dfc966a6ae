// [motions.<kind>] and [[competence]]: what a body may decide (sovet/charter.h
// Competences; doc/charter_format.md "Motions and competences").
#ifndef SOVET_CHARTER_COMPETENCE_RULES_H_
#define SOVET_CHARTER_COMPETENCE_RULES_H_

#include <toml++/toml.h>

#include <string>

#include "sovet/charter.h"
#include "sovet/status.h"

namespace sovet::charter_internal {

// Reads the two sections from the charter's root table into
// charter.competences, after the bodies are read (every body kind named
// must be one of them). Errors name file, line:column and the key path.
Result<void> ParseCompetences(const toml::table& root, const std::string& file, Charter& charter);

}  // namespace sovet::charter_internal

#endif  // SOVET_CHARTER_COMPETENCE_RULES_H_
