// The engine's rules and projection for role.grant / role.revoke
// (sovet/roles.h); engine.cc dispatches to them.
#ifndef SOVET_ENGINE_ROLES_H_
#define SOVET_ENGINE_ROLES_H_

#include <string_view>

#include "sovet/engine.h"
#include "sovet/journal.h"
#include "sovet/projection.h"

namespace sovet::engine {

bool IsRoleKind(std::string_view kind);
// The rules of sovet/roles.h against the state before the act.
Result<void> CheckRoleAct(const EngineState& state, const Act& act);
// Applies a checked act to state.roles.
void ApplyRoleAct(EngineState& state, const Act& act);
// Adds the `roles` table, the checkers and the appliers.
void AddRoleProjection(Projector& projector);

}  // namespace sovet::engine

#endif  // SOVET_ENGINE_ROLES_H_
