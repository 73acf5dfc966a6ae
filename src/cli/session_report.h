// The seats of `sovet report --at DATE` (cmd_session.cc): who held each
// seat on that day, from the engine's state rebuilt from the journal.
#ifndef SOVET_CLI_SESSION_REPORT_H_
#define SOVET_CLI_SESSION_REPORT_H_

#include <string>

#include "sovet/status.h"

namespace sovet::cli {

// `body` empty: every body; `format` "text" or "json".
Result<std::string> ReportSeatsAt(const std::string& db, const std::string& body,
                                  const std::string& at, const std::string& format);

}  // namespace sovet::cli

#endif  // SOVET_CLI_SESSION_REPORT_H_
