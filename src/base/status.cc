#include "sovet/status.h"

#include <fmt/format.h>

namespace sovet {

Status Status::InFile(const std::string& file) const {
  if (!where_.file.empty()) return *this;
  Status located = *this;
  located.where_.file = file;
  return located;
}

std::string Status::ToString() const {
  std::string out;
  if (!where_.file.empty()) {
    out += where_.file;
    if (where_.line > 0) {
      out += fmt::format(":{}", where_.line);
      if (where_.column > 0) out += fmt::format(":{}", where_.column);
    }
    out += ": ";
  } else if (where_.line > 0) {
    out += fmt::format("line {}: ", where_.line);
  }
  if (!where_.field.empty()) out += fmt::format("field '{}': ", where_.field);
  out += message_;
  return out;
}

int ExitCode(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kInvalidInput:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
      return 2;
    case StatusCode::kIntegrityViolation:
      return 3;
    case StatusCode::kIoError:
    case StatusCode::kUnavailable:
    case StatusCode::kInternal:
      return 1;
  }
  return 1;
}

int HttpStatus(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidInput:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kIntegrityViolation:
      return 409;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kIoError:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

const char* CodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidInput:
      return "invalid_input";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kIntegrityViolation:
      return "integrity_violation";
    case StatusCode::kIoError:
      return "io_error";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace sovet
