// PLACEHOLDER, replaced by the election.* family: every election.* act is refused.
#include <fmt/format.h>

#include "engine/council.h"

namespace sovet::engine {

Result<void> CheckElectionAct(const EngineState&, const Charter&, const Act& act, Date) {
  return Error(Status::InvalidInput(fmt::format("{}: not an act kind of this sovet", act.kind),
                                    SourceLocation{.field = "kind"}));
}
void ApplyElectionAct(EngineState&, const Charter&, const Act&, Date) {}
void AddElectionProjection(Projector&) {}

}  // namespace sovet::engine
