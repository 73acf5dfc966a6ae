// Errors as values.
//
// Every operation that can fail for a reason the caller should handle returns
// Result<T> (= tl::expected<T, Status>); exceptions never cross a module
// boundary: adapters around libraries that throw (toml++, SQLiteCpp, libpqxx,
// nlohmann-json) catch and convert at the call site.
//
// The set of codes is closed. Each code maps once, here, to a process exit
// code and an HTTP status, so the command line and the web server agree:
//
//   code                 exit  http  meaning
//   kInvalidInput          2   400   the user's input is wrong (file, flag, value)
//   kNotFound              2   404   a named thing (file, body, entry) does not exist
//   kAlreadyExists         2   409   creating something that exists (a database, a seat)
//   kFailedPrecondition    2   409   the request is valid but the state forbids it
//   kIntegrityViolation    3   409   stored data fails verification (journal tampered)
//   kIoError               1   500   the system failed to read or write
//   kUnavailable           1   503   a server (PostgreSQL) cannot be reached
//   kInternal              1   500   a bug: an invariant of sovet's own broke
//
// Thread-safety: Status is a value type; distinct objects may be used from
// distinct threads freely.
#ifndef SOVET_STATUS_H_
#define SOVET_STATUS_H_

#include <cstdint>
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace sovet {

enum class StatusCode : std::uint8_t {
  kOk = 0,
  kInvalidInput,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kIntegrityViolation,
  kIoError,
  kUnavailable,
  kInternal,
};

// Where in the user's input an error lies. Every field is optional, but a
// message a user can see should carry as many as are known: the file, the
// line (1-based) and column (1-based) where there is one, and the field
// (a TOML key path, a CSV column, a command-line flag).
struct SourceLocation {
  std::string file;
  std::int64_t line = 0;
  std::int64_t column = 0;
  std::string field;
};

class Status {
 public:
  // An ok status.
  Status() = default;
  Status(StatusCode code, std::string message, SourceLocation where = {})
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  static Status InvalidInput(std::string message, SourceLocation where = {}) {
    return {StatusCode::kInvalidInput, std::move(message), std::move(where)};
  }
  static Status NotFound(std::string message, SourceLocation where = {}) {
    return {StatusCode::kNotFound, std::move(message), std::move(where)};
  }
  static Status AlreadyExists(std::string message, SourceLocation where = {}) {
    return {StatusCode::kAlreadyExists, std::move(message), std::move(where)};
  }
  static Status FailedPrecondition(std::string message, SourceLocation where = {}) {
    return {StatusCode::kFailedPrecondition, std::move(message), std::move(where)};
  }
  static Status IntegrityViolation(std::string message, SourceLocation where = {}) {
    return {StatusCode::kIntegrityViolation, std::move(message), std::move(where)};
  }
  static Status IoError(std::string message, SourceLocation where = {}) {
    return {StatusCode::kIoError, std::move(message), std::move(where)};
  }
  static Status Unavailable(std::string message, SourceLocation where = {}) {
    return {StatusCode::kUnavailable, std::move(message), std::move(where)};
  }
  static Status Internal(std::string message, SourceLocation where = {}) {
    return {StatusCode::kInternal, std::move(message), std::move(where)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const SourceLocation& where() const { return where_; }

  // The same status with a file name filled in where none was known; used by
  // loaders that parse a buffer and learn the file name from their caller.
  Status InFile(const std::string& file) const;

  // "FILE:LINE:COLUMN: field 'F': MESSAGE", leaving out the parts not known.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  SourceLocation where_;
};

template <typename T>
using Result = tl::expected<T, Status>;

// The error side of a Result, for `return Error(Status::...)`.
inline tl::unexpected<Status> Error(Status status) {
  return tl::unexpected<Status>(std::move(status));
}

// The single mapping from codes to process exit codes (see the table above).
int ExitCode(StatusCode code);
// The single mapping from codes to HTTP status codes.
int HttpStatus(StatusCode code);
// A stable lower-case name for the code ("invalid_input"), used in JSON.
const char* CodeName(StatusCode code);

}  // namespace sovet

#define SOVET_CONCAT_INNER_(a, b) a##b
#define SOVET_CONCAT_(a, b) SOVET_CONCAT_INNER_(a, b)

// SOVET_TRY(decl, expr): evaluates expr (a Result<T>); on error returns the
// error from the enclosing function (which must return a Result); otherwise
// moves the value into `decl`, e.g. SOVET_TRY(auto charter, LoadCharter(p));
#define SOVET_TRY(decl, expr) \
  SOVET_TRY_IMPL_(SOVET_CONCAT_(sovet_try_, __LINE__), decl, expr)
#define SOVET_TRY_IMPL_(tmp, decl, expr)                       \
  auto tmp = (expr);                                           \
  if (!tmp) return ::tl::unexpected<::sovet::Status>(std::move(tmp).error()); \
  decl = std::move(*tmp)

// SOVET_CHECK_OK(expr): for a Result<void>; returns its error, if any.
#define SOVET_CHECK_OK(expr)                                        \
  do {                                                              \
    auto sovet_check_ = (expr);                                     \
    if (!sovet_check_)                                              \
      return ::tl::unexpected<::sovet::Status>(std::move(sovet_check_).error()); \
  } while (0)

#endif  // SOVET_STATUS_H_
