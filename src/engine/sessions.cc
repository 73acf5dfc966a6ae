// PLACEHOLDER, replaced by the session.* family: every session.* act is refused.
#include <fmt/format.h>

#include "engine/council.h"

namespace sovet::engine {

Result<void> CheckSessionAct(const EngineState&, const Charter&, const Act& act, Date) {
  return Error(Status::InvalidInput(fmt::format("{}: not an act kind of this sovet", act.kind),
                                    SourceLocation{.field = "kind"}));
}
void ApplySessionAct(EngineState&, const Charter&, const Act&, Date) {}
void AddSessionProjection(Projector&) {}

}  // namespace sovet::engine
