// Tally loaders: CSV `option,votes` and the streamed CSV `ballot`
// (doc/count_format.md §1-2).
#include <fcntl.h>
#include <fmt/format.h>
#include <string.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/csv_reader.h"
#include "base/io.h"
#include "sovet/ballots.h"

namespace sovet {
namespace {

// The columns, named in the reader's syntax errors.
constexpr std::string_view kTallyFields[] = {"option", "votes"};
constexpr std::string_view kBallotFields[] = {"ballot"};

Status InvalidAt(const CsvReader& reader, std::string field, std::string message) {
  return Status::InvalidInput(
      std::move(message),
      SourceLocation{.file = reader.path(), .line = reader.line(), .field = std::move(field)});
}

// An option name: non-empty, valid UTF-8 (checked once per distinct name).
Result<void> CheckOptionName(const CsvReader& reader, std::string_view name, const char* field) {
  if (name.empty()) return Error(InvalidAt(reader, field, "empty option name; expected a name"));
  if (Status utf8 = CheckUtf8(
          name, SourceLocation{.file = reader.path(), .line = reader.line(), .field = field});
      !utf8.ok()) {
    return Error(std::move(utf8));
  }
  return {};
}

// Parses a count of votes: decimal digits only, at most 2^63 - 1.
Result<std::int64_t> ParseVotes(const CsvReader& reader, std::string_view text) {
  if (text.empty()) {
    return Error(InvalidAt(reader, "votes", "empty; expected a whole number of votes"));
  }
  if (text.front() == '-') {
    return Error(InvalidAt(reader, "votes",
                           fmt::format("'{}' is negative; expected a whole number >= 0", text)));
  }
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return Error(InvalidAt(
          reader, "votes",
          fmt::format("'{}' is not a number; expected a whole number of votes (digits only)",
                      text)));
    }
    if (__builtin_mul_overflow(value, std::int64_t{10}, &value) ||
        __builtin_add_overflow(value, std::int64_t{c - '0'}, &value)) {
      return Error(InvalidAt(reader, "votes",
                             fmt::format("'{}' does not fit in 64 bits; expected at most {}", text,
                                         std::numeric_limits<std::int64_t>::max())));
    }
  }
  return value;
}

Result<void> ExpectHeader(CsvReader& reader, std::vector<std::string_view>& fields,
                          std::string_view expected) {
  SOVET_TRY(bool got, reader.Next(&fields));
  if (!got) {
    return Error(
        Status::InvalidInput(fmt::format("empty file; expected the header line '{}'", expected),
                             SourceLocation{.file = reader.path(), .line = 1}));
  }
  std::string joined;
  for (std::size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
    if (field_idx > 0) joined += ',';
    joined += fields[field_idx];
  }
  if (joined != expected) {
    return Error(Status::InvalidInput(
        fmt::format("header is '{}'; expected '{}'", joined, expected),
        SourceLocation{.file = reader.path(), .line = reader.line(), .field = "header"}));
  }
  return {};
}

// Open addressing map from option name to index; the names live in
// `options`, the table holds (hash, index + 1) pairs. Sized to stay at most
// half full, so probes are short.
class OptionIndex {
 public:
  OptionIndex() : slots_(64) {}

  // The index of `name`, or -1.
  std::int64_t Find(std::string_view name, std::size_t hash,
                    const std::vector<std::string>& options) const {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
      const Slot& entry = slots_[slot];
      if (entry.index_plus_one == 0) return -1;
      if (entry.hash == hash && options[entry.index_plus_one - 1] == name) {
        return static_cast<std::int64_t>(entry.index_plus_one - 1);
      }
    }
  }

  void Insert(std::size_t hash, std::size_t index) {
    if ((count_ + 1) * 2 > slots_.size()) Grow();
    Place(hash, index);
    ++count_;
  }

 private:
  struct Slot {
    std::size_t hash = 0;
    std::size_t index_plus_one = 0;
  };

  void Place(std::size_t hash, std::size_t index) {
    std::size_t mask = slots_.size() - 1;
    std::size_t slot = hash & mask;
    while (slots_[slot].index_plus_one != 0) slot = (slot + 1) & mask;
    slots_[slot] = Slot{hash, index + 1};
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    for (const Slot& entry : old) {
      if (entry.index_plus_one != 0) Place(entry.hash, entry.index_plus_one - 1);
    }
  }

  std::vector<Slot> slots_;
  std::size_t count_ = 0;
};

// The fast path of StreamBallotCsv, for the common file: no quotes, no
// commas, no carriage returns, no empty lines, valid UTF-8. It reads 1 MiB
// blocks and scans each line eight bytes at a time (SWAR: a word has a
// byte equal to c when ((w ^ c·0x01..) - 0x01..) & ~(w ^ c·0x01..) & 0x80..
// is non-zero, and the lowest such byte is exact), hashing the line's
// words as it goes. Anything unusual returns nullopt and the caller re-reads
// the file with the general RFC 4180 reader, which gives the exact error or
// handles the quoting; so this path never has to produce a message.
class FastBallotTable {
 public:
  FastBallotTable() : slots_(64) {}

  // The option index for a line, inserting it when new; -1 when the new
  // name is not valid UTF-8 (the slow path reports it).
  std::int64_t Find(const char* text, std::size_t length, std::uint64_t hash, Tally* tally) {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
      Slot& entry = slots_[slot];
      if (entry.index_plus_one == 0) break;
      if (entry.hash == hash) {
        const std::string& name = tally->options[entry.index_plus_one - 1];
        if (name.size() == length && std::memcmp(name.data(), text, length) == 0) {
          return static_cast<std::int64_t>(entry.index_plus_one - 1);
        }
      }
    }
    std::string_view name(text, length);
    if (FindInvalidUtf8(name) != std::string_view::npos) return -1;
    std::size_t index = tally->options.size();
    tally->options.emplace_back(name);
    tally->votes.push_back(0);
    if ((index + 1) * 2 > slots_.size()) {
      std::vector<Slot> old = std::move(slots_);
      slots_.assign(old.size() * 2, Slot{});
      for (const Slot& entry : old) {
        if (entry.index_plus_one != 0) Place(entry);
      }
    }
    Place(Slot{hash, index + 1});
    return static_cast<std::int64_t>(index);
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::size_t index_plus_one = 0;
  };
  void Place(const Slot& entry) {
    std::size_t mask = slots_.size() - 1;
    std::size_t slot = entry.hash & mask;
    while (slots_[slot].index_plus_one != 0) slot = (slot + 1) & mask;
    slots_[slot] = entry;
  }
  std::vector<Slot> slots_;
};

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

inline std::uint64_t BytesEqual(std::uint64_t word, char c) {
  std::uint64_t x = word ^ (kOnes * static_cast<unsigned char>(c));
  return (x - kOnes) & ~x & kHighs;
}

Result<std::optional<Tally>> FastStreamBallots(const std::string& path) {
  // Devices, FIFOs and oversized files are left to the slow path to report.
  auto opened = OpenForReading(path, kMaxStreamedFileBytes);
  if (!opened) return std::optional<Tally>();
  int fd = *opened;
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  // Reads of at most one block (a small file: its size); a line longer
  // than a block goes to the slow path.
  const std::size_t block = FirstReadSize(fd, std::size_t{1} << 20);
  constexpr std::size_t kSlack = 16;  // word loads may run past the last line
  std::vector<char> buffer(2 * block + kSlack, '\n');
  std::size_t begin = 0;
  std::size_t end = 0;
  bool eof = false;
  bool header_seen = false;
  Tally tally;
  tally.source_file = path;
  FastBallotTable table;
  while (!eof) {
    if (begin > 0) {
      std::memmove(buffer.data(), buffer.data() + begin, end - begin);
      end -= begin;
      begin = 0;
    }
    if (end >= block) return std::optional<Tally>();  // a line over a block
    ssize_t got = ::read(fd, buffer.data() + end, block);
    if (got < 0) {
      if (errno == EINTR) continue;
      return std::optional<Tally>();
    }
    if (got == 0) {
      eof = true;
      if (end == begin) break;
      // The last line lacks its newline: supply one.
      buffer[end++] = '\n';
    } else {
      end += static_cast<std::size_t>(got);
    }
    const char* data = buffer.data();
    const char* last_newline = static_cast<const char*>(::memrchr(data + begin, '\n', end - begin));
    if (last_newline == nullptr) continue;
    const char* line = data + begin;
    const char* stop = last_newline + 1;
    if (!header_seen) {
      const char* newline =
          static_cast<const char*>(std::memchr(line, '\n', static_cast<std::size_t>(stop - line)));
      std::string_view header(line, static_cast<std::size_t>(newline - line));
      if (header.substr(0, 3) == "\xEF\xBB\xBF") header.remove_prefix(3);
      if (header != "ballot") return std::optional<Tally>();
      header_seen = true;
      line = newline + 1;
    }
    while (line < stop) {
      std::uint64_t hash = 0;
      const char* cursor = line;
      for (;;) {
        std::uint64_t word;
        std::memcpy(&word, cursor, 8);
        std::uint64_t newline = BytesEqual(word, '\n');
        std::uint64_t special =
            BytesEqual(word, '"') | BytesEqual(word, ',') | BytesEqual(word, '\r');
        if (newline != 0) {
          int bits = __builtin_ctzll(newline) - 7;  // bit index of the newline byte
          std::uint64_t below = bits == 0 ? 0 : (~std::uint64_t{0} >> (64 - bits));
          if ((special & below) != 0) return std::optional<Tally>();
          hash = (hash ^ (word & below)) * 0x9E3779B97F4A7C15ULL;
          cursor += bits / 8;
          break;
        }
        if (special != 0) return std::optional<Tally>();
        hash = (hash ^ word) * 0x9E3779B97F4A7C15ULL;
        hash ^= hash >> 29;
        cursor += 8;
      }
      std::size_t length = static_cast<std::size_t>(cursor - line);
      if (length == 0) return std::optional<Tally>();
      hash ^= hash >> 32;
      std::int64_t option_idx = table.Find(line, length, hash, &tally);
      if (option_idx < 0) return std::optional<Tally>();
      ++tally.votes[static_cast<std::size_t>(option_idx)];
      line = cursor + 1;
    }
    begin = static_cast<std::size_t>(stop - data);
  }
  if (!header_seen || tally.options.empty()) return std::optional<Tally>();
  for (std::int64_t votes : tally.votes) tally.total += votes;
  return std::optional<Tally>(std::move(tally));
}

}  // namespace

Result<Tally> LoadTallyCsv(const std::string& path) {
  CsvReader reader;
  SOVET_CHECK_OK(reader.Open(path, {.field_names = kTallyFields}));
  std::vector<std::string_view> fields;
  SOVET_CHECK_OK(ExpectHeader(reader, fields, "option,votes"));
  Tally tally;
  tally.source_file = path;
  OptionIndex index;
  std::vector<std::int64_t> first_line;
  std::hash<std::string_view> hasher;
  for (;;) {
    SOVET_TRY(bool got, reader.Next(&fields));
    if (!got) break;
    if (fields.size() == 1 && fields[0].empty()) {
      return Error(InvalidAt(reader, "", "empty line; expected 'option,votes'"));
    }
    if (fields.size() != 2) {
      return Error(InvalidAt(reader, "",
                             fmt::format("{} fields; expected 2 (option,votes)", fields.size())));
    }
    SOVET_CHECK_OK(CheckOptionName(reader, fields[0], "option"));
    std::size_t hash = hasher(fields[0]);
    std::int64_t existing = index.Find(fields[0], hash, tally.options);
    if (existing >= 0) {
      return Error(InvalidAt(
          reader, "option",
          fmt::format("option '{}' appears again (first on line {}); expected each option once",
                      fields[0], first_line[static_cast<std::size_t>(existing)])));
    }
    SOVET_TRY(std::int64_t votes, ParseVotes(reader, fields[1]));
    if (__builtin_add_overflow(tally.total, votes, &tally.total)) {
      return Error(InvalidAt(reader, "votes",
                             fmt::format("the total of votes exceeds {} (64 bits); expected a "
                                         "total that fits",
                                         std::numeric_limits<std::int64_t>::max())));
    }
    index.Insert(hash, tally.options.size());
    tally.options.emplace_back(fields[0]);
    tally.votes.push_back(votes);
    first_line.push_back(reader.line());
  }
  if (tally.options.empty()) {
    return Error(Status::InvalidInput("no options after the header; expected lines 'option,votes'",
                                      SourceLocation{.file = path, .line = 2}));
  }
  return tally;
}

Result<Tally> StreamBallotCsv(const std::string& path) {
  SOVET_TRY(std::optional<Tally> fast, FastStreamBallots(path));
  if (fast) return std::move(*fast);
  // The general reader: quoting, CRLF, and every error with its line.
  CsvReader reader;
  SOVET_CHECK_OK(reader.Open(path, {.field_names = kBallotFields}));
  std::vector<std::string_view> fields;
  SOVET_CHECK_OK(ExpectHeader(reader, fields, "ballot"));
  Tally tally;
  tally.source_file = path;
  OptionIndex index;
  std::hash<std::string_view> hasher;
  // Runs of the same choice are common in sorted or batched files; the
  // previous option is checked before hashing.
  std::int64_t previous = -1;
  for (;;) {
    SOVET_TRY(bool got, reader.Next(&fields));
    if (!got) break;
    if (fields.size() != 1) {
      return Error(InvalidAt(reader, "",
                             fmt::format("{} fields; expected one field (the ballot's choice); "
                                         "quote a name that contains ','",
                                         fields.size())));
    }
    std::string_view name = fields[0];
    std::int64_t option_idx;
    if (previous >= 0 && tally.options[static_cast<std::size_t>(previous)] == name) {
      option_idx = previous;
    } else {
      std::size_t hash = hasher(name);
      option_idx = index.Find(name, hash, tally.options);
      if (option_idx < 0) {
        if (name.empty()) {
          return Error(InvalidAt(reader, "ballot", "empty line; expected the name of a choice"));
        }
        SOVET_CHECK_OK(CheckOptionName(reader, name, "ballot"));
        option_idx = static_cast<std::int64_t>(tally.options.size());
        index.Insert(hash, tally.options.size());
        tally.options.emplace_back(name);
        tally.votes.push_back(0);
      }
      previous = option_idx;
    }
    ++tally.votes[static_cast<std::size_t>(option_idx)];
  }
  for (std::int64_t votes : tally.votes) tally.total += votes;
  if (tally.options.empty()) {
    return Error(Status::InvalidInput("no ballots after the header; expected one choice per line",
                                      SourceLocation{.file = path, .line = 2}));
  }
  return tally;
}

}  // namespace sovet
