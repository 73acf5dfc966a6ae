// Reading a recorded council cycle back from its journal's state tables
// (`sovet report`, `sovet trace`): the projection of the cycle's acts
// (cycle_mandates, cycle_persons, ...) and, for the counts, the acts
// themselves read from the journal.
//
// Thread-safety: each call opens its own connection.
#ifndef SOVET_CYCLE_REPORT_H_
#define SOVET_CYCLE_REPORT_H_

#include <cstdint>
#include <string>

#include "sovet/status.h"

namespace sovet {

enum class ReportFormat : std::uint8_t { kText, kJson };
// "text" or "json"; anything else is kInvalidInput naming --format.
Result<ReportFormat> ParseReportFormat(const std::string& name);

// The composition of a body by faction, its members (seat, name, faction,
// portfolio, the act that elected them) and its delegations (received from
// each sending body, and sent to each body above). An empty `body` gives the
// overview: every kind of body, how many, their seats and seats held.
// An unknown body is kNotFound.
Result<std::string> ReportCycle(const std::string& url, const std::string& body,
                                ReportFormat format);

// The chain of mandates from seat `seat` of `body` down to the base election:
// for each link the mandate, the verification act and the election act with
// its counts (every candidate's votes at the base election).
Result<std::string> TraceSeat(const std::string& url, const std::string& body, std::int64_t seat,
                              ReportFormat format);

}  // namespace sovet

#endif  // SOVET_CYCLE_REPORT_H_
