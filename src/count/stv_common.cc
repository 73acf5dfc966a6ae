#include "count/stv_common.h"

#include <fmt/format.h>

namespace sovet::stv {

Result<void> CheckArguments(const RankedBallots& ballots, std::int64_t seats,
                            std::int64_t max_votes, std::string_view count_name,
                            std::string_view precision) {
  if (seats < 1) {
    return Error(Status::InvalidInput(fmt::format("expected at least 1 seat, got {}", seats),
                                      SourceLocation{ballots.source_file, 0, 0, "seats"}));
  }
  if (ballots.candidates.size() != ballots.withdrawn.size()) {
    return Error(Status::Internal("RankedBallots: withdrawn flags do not match the candidates"));
  }
  if (ballots.total_weight > max_votes) {
    return Error(
        Status::InvalidInput(fmt::format("{} ballots: the {} count holds at most {} ({})",
                                         ballots.total_weight, count_name, max_votes, precision),
                             SourceLocation{ballots.source_file, 0, 0, "weight"}));
  }
  return {};
}

void AppendRound(CountRound round, const std::vector<std::int64_t>& totals,
                 std::int64_t non_transferable, int places, CountResult& result) {
  round.number = static_cast<std::int32_t>(result.rounds.size() + 1);
  round.totals.reserve(totals.size());
  for (std::int64_t total : totals) round.totals.push_back(FormatFixed(total, places));
  round.non_transferable = FormatFixed(non_transferable, places);
  result.rounds.push_back(std::move(round));
}

void FinishResult(const std::vector<CandidateIndex>& elected, std::int64_t vacancies,
                  CountResult& result) {
  for (CandidateIndex candidate : elected) result.elected.push_back(result.candidates[candidate]);
  if (vacancies > 0) {
    result.notes.push_back(
        fmt::format("{} seat(s) left unfilled: fewer standing candidates than seats", vacancies));
  }
}

}  // namespace sovet::stv
