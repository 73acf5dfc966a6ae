// PLACEHOLDER, replaced by the recall.* family: every recall.* act is refused.
#include <fmt/format.h>

#include "engine/council.h"

namespace sovet::engine {

Result<void> CheckRecallAct(const EngineState&, const Charter&, const Act& act, Date) {
  return Error(Status::InvalidInput(fmt::format("{}: not an act kind of this sovet", act.kind),
                                    SourceLocation{.field = "kind"}));
}
void ApplyRecallAct(EngineState&, const Charter&, const Act&, Date) {}
void AddRecallProjection(Projector&) {}

}  // namespace sovet::engine
