#include "base/io.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace sovet {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

// Writes all of `data` to `fd`, retrying short writes and EINTR.
bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

}  // namespace

namespace {

// What a non-regular file is, for messages.
const char* FileTypeName(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

Result<void> CheckStat(const struct stat& info, std::uint64_t max_bytes,
                       const SourceLocation& where) {
  if (!S_ISREG(info.st_mode)) {
    return Error(Status::InvalidInput(
        fmt::format("is {}, expected a regular file", FileTypeName(info.st_mode)), where));
  }
  if (static_cast<std::uint64_t>(info.st_size) > max_bytes) {
    return Error(Status::InvalidInput(
        fmt::format("is {} bytes, more than the limit of {} bytes for this input",
                    static_cast<std::uint64_t>(info.st_size), max_bytes),
        where));
  }
  return {};
}

}  // namespace

Result<void> CheckInputFile(const std::string& path, std::uint64_t max_bytes) {
  SourceLocation where{.file = path};
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    int err = errno;
    if (err == ENOENT) return Error(Status::NotFound("no such file", where));
    return Error(Status::InvalidInput(fmt::format("cannot read: {}", ErrnoText(err)), where));
  }
  return CheckStat(info, max_bytes, where);
}

Result<int> OpenForReading(const std::string& path, std::uint64_t max_bytes) {
  SourceLocation where{.file = path};
  // Checked before opening: opening a FIFO for reading blocks until a
  // writer appears.
  SOVET_CHECK_OK(CheckInputFile(path, max_bytes));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return Error(Status::NotFound("no such file", where));
    return Error(
        Status::InvalidInput(fmt::format("cannot open for reading: {}", ErrnoText(err)), where));
  }
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    int err = errno;
    ::close(fd);
    return Error(Status::IoError(fmt::format("cannot stat: {}", ErrnoText(err)), where));
  }
  // The path may have been replaced between the check and the open.
  if (auto checked = CheckStat(info, max_bytes, where); !checked) {
    ::close(fd);
    return Error(checked.error());
  }
  return fd;
}

std::size_t FirstReadSize(int fd, std::size_t max_bytes) {
  constexpr std::size_t kPage = 4096;
  struct stat info;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) return max_bytes;
  auto wanted = static_cast<std::uint64_t>(info.st_size) + 1;
  return static_cast<std::size_t>(
      std::clamp<std::uint64_t>(wanted, std::min(kPage, max_bytes), max_bytes));
}

Result<std::string> ReadFile(const std::string& path, std::uint64_t max_bytes) {
  SourceLocation where{.file = path};
  SOVET_TRY(int fd, OpenForReading(path, max_bytes));
  std::string content;
  struct stat info;
  if (::fstat(fd, &info) == 0) content.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[1 << 16];
  for (;;) {
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Error(Status::IoError(fmt::format("read failed: {}", ErrnoText(err)), where));
    }
    if (got == 0) break;
    if (content.size() + static_cast<std::size_t>(got) > max_bytes) {
      ::close(fd);
      return Error(Status::InvalidInput(
          fmt::format("grew past the limit of {} bytes for this input while being read", max_bytes),
          where));
    }
    content.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return content;
}

Result<std::string> ReadStandardInput(std::uint64_t max_bytes, StdinContent expected) {
  SourceLocation where{.file = "<stdin>"};
  struct stat info;
  if (::fstat(STDIN_FILENO, &info) != 0) {
    return Error(Status::InvalidInput(
        fmt::format("cannot read standard input: {}", ErrnoText(errno)), where));
  }
  if (S_ISDIR(info.st_mode)) {
    return Error(Status::InvalidInput("standard input is a directory, expected text", where));
  }
  if (S_ISREG(info.st_mode)) SOVET_CHECK_OK(CheckStat(info, max_bytes, where));
  std::string content;
  char buffer[1 << 16];
  for (;;) {
    ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        // A non-blocking descriptor inherited from the caller: wait for data.
        struct pollfd wait_for {
          .fd = STDIN_FILENO, .events = POLLIN, .revents = 0
        };
        ::poll(&wait_for, 1, -1);
        continue;
      }
      return Error(Status::InvalidInput(
          fmt::format("cannot read standard input: {}", ErrnoText(errno)), where));
    }
    if (got == 0) break;
    if (content.size() + static_cast<std::size_t>(got) > max_bytes) {
      return Error(Status::InvalidInput(
          fmt::format("standard input is longer than the limit of {} bytes", max_bytes), where));
    }
    if (expected == StdinContent::kText) {
      const void* nul = std::memchr(buffer, '\0', static_cast<std::size_t>(got));
      if (nul != nullptr) {
        std::size_t offset =
            content.size() + static_cast<std::size_t>(static_cast<const char*>(nul) - buffer);
        return Error(Status::InvalidInput(
            fmt::format("byte {} of standard input is NUL; expected text", offset), where));
      }
    }
    content.append(buffer, static_cast<std::size_t>(got));
  }
  return content;
}

Result<void> WriteFileAtomically(const std::string& path, std::string_view content) {
  if (path == "-") {
    if (std::fwrite(content.data(), 1, content.size(), stdout) != content.size() ||
        std::fflush(stdout) != 0) {
      return Error(Status::IoError("writing to standard output failed"));
    }
    return {};
  }
  SourceLocation where{.file = path};
  std::filesystem::path target(path);
  std::filesystem::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::string temp =
      (dir / fmt::format(".{}.tmp.{}", target.filename().string(), ::getpid())).string();
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return Error(Status::NotFound("the directory does not exist", where));
    return Error(Status::InvalidInput(fmt::format("cannot create: {}", ErrnoText(err)), where));
  }
  bool ok = WriteAll(fd, content) && ::fsync(fd) == 0;
  int err = errno;
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    if (ok) err = errno;
    ::unlink(temp.c_str());
    return Error(Status::IoError(fmt::format("write failed: {}", ErrnoText(err)), where));
  }
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return {};
}

}  // namespace sovet
