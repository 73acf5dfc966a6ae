// The entry codec, URLs and node keys (doc/journal_format.md §3, §4).
#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "base/io.h"
#include "base/text.h"
#include "base/sha256.h"
#include "journal/crypto.h"
#include "journal/verifier.h"
#include "sovet/journal.h"

namespace sovet {
namespace {

constexpr std::string_view kEntryMagic{"SVJ\x01", 4};
constexpr std::size_t kFixedHeader = 4 + 8 + 8 + 1 + kHashSize;
constexpr std::string_view kKeyTag = "sovet-node-key-v1";
constexpr std::size_t kMaxBodyId = 256;
constexpr std::size_t kMaxKind = 128;

void PutU64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

std::uint64_t GetU64(std::string_view in) {
  std::uint64_t v = 0;
  for (int k = 0; k < 8; ++k) v = (v << 8) | static_cast<unsigned char>(in[k]);
  return v;
}

bool IsKindChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// [a-z][a-z0-9_]*(\.[a-z0-9_]+)*
bool IsValidKind(std::string_view kind) {
  if (kind.empty() || kind.size() > kMaxKind || !(kind[0] >= 'a' && kind[0] <= 'z')) return false;
  bool after_dot = false;
  for (char c : kind) {
    if (c == '.') {
      if (after_dot) return false;
      after_dot = true;
    } else if (IsKindChar(c)) {
      after_dot = false;
    } else {
      return false;
    }
  }
  return !after_dot;
}

// A body id (§3.1): UTF-8 of at most 256 bytes without control characters,
// C0 (U+0000..U+001F), DEL (U+007F) or C1 (U+0080..U+009F, encoded C2 80..C2 9F).
bool IsValidBodyId(std::string_view body) {
  if (body.size() > kMaxBodyId || FindInvalidUtf8(body) != std::string_view::npos) return false;
  for (std::size_t at = 0; at < body.size(); ++at) {
    auto byte = static_cast<unsigned char>(body[at]);
    if (byte < 0x20 || byte == 0x7f) return false;
    if (byte == 0xC2 && at + 1 < body.size() && static_cast<unsigned char>(body[at + 1]) < 0xA0) {
      return false;
    }
  }
  return true;
}

Status EntryDefect(std::string what) { return Status::IntegrityViolation(std::move(what)); }

}  // namespace

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 15]);
  }
  return hex;
}

Result<std::string> HexDecode(std::string_view hex) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) {
    return Error(Status::InvalidInput("expected an even number of hexadecimal digits"));
  }
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t at = 0; at < hex.size(); at += 2) {
    int high = digit(hex[at]);
    int low = digit(hex[at + 1]);
    if (high < 0 || low < 0) {
      return Error(Status::InvalidInput(
          fmt::format("expected hexadecimal digits, found '{}' at {}", hex.substr(at, 2), at)));
    }
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

Result<std::string> EncodeEntryBody(std::int64_t seq, std::int64_t time_ns, bool sealed,
                                    std::string_view prev_hash, std::string_view kind,
                                    std::string_view body, const ValueMap& payload) {
  if (prev_hash.size() != kHashSize || seq < 0) {
    return Error(Status::Internal("an entry needs seq >= 0 and a 32-byte previous hash"));
  }
  std::string encoded_payload;
  SOVET_CHECK_OK(EncodeMapValue(payload, encoded_payload));
  return EncodeEntryBodyWithPayload(seq, time_ns, sealed, prev_hash, kind, body, encoded_payload);
}

Result<std::string> EncodeEntryBodyWithPayload(std::int64_t seq, std::int64_t time_ns,
                                               bool sealed, std::string_view prev_hash,
                                               std::string_view kind, std::string_view body,
                                               std::string_view encoded_payload) {
  if (prev_hash.size() != kHashSize || seq < 0) {
    return Error(Status::Internal("an entry needs seq >= 0 and a 32-byte previous hash"));
  }
  std::string out;
  out.reserve(kFixedHeader + kind.size() + body.size() + 10 + encoded_payload.size());
  out.append(kEntryMagic);
  PutU64(out, static_cast<std::uint64_t>(seq));
  PutU64(out, static_cast<std::uint64_t>(time_ns));
  out.push_back(sealed ? 1 : 0);
  out.append(prev_hash);
  SOVET_CHECK_OK(EncodeValue(Value::Text(std::string(kind)), out));
  SOVET_CHECK_OK(EncodeValue(Value::Text(std::string(body)), out));
  out.append(encoded_payload);
  // The export frames an entry with a u32 length (doc/journal_format.md §5).
  if (out.size() > 0xFFFFFFFFu) {
    return Error(Status::InvalidInput(
        fmt::format("an entry of {} bytes exceeds the 4 GiB limit of the format", out.size())));
  }
  return out;
}

Result<Entry> DecodeEntryBody(std::string_view encoded) {
  if (encoded.size() < kFixedHeader) {
    return Error(
        EntryDefect(fmt::format("entry body of {} bytes is shorter than its {}-byte header",
                                encoded.size(), kFixedHeader)));
  }
  if (encoded.substr(0, 4) != kEntryMagic) {
    return Error(EntryDefect("entry body does not start with the magic \"SVJ\\x01\""));
  }
  Entry entry;
  std::uint64_t seq = GetU64(encoded.substr(4));
  if (seq > static_cast<std::uint64_t>(INT64_MAX))
    return Error(EntryDefect("sequence number out of range"));
  entry.seq = static_cast<std::int64_t>(seq);
  entry.time_ns = static_cast<std::int64_t>(GetU64(encoded.substr(12)));
  unsigned char sealed = static_cast<unsigned char>(encoded[20]);
  if (sealed > 1)
    return Error(EntryDefect(fmt::format("sealed flag is {}, expected 0 or 1", sealed)));
  entry.sealed = sealed == 1;
  entry.prev_hash = std::string(encoded.substr(21, kHashSize));
  std::size_t at = kFixedHeader;
  std::size_t used = 0;
  const char* names[] = {"kind", "body", "payload"};
  Value parts[3];
  for (int part = 0; part < 3; ++part) {
    auto value = DecodeValuePrefix(encoded.substr(at), used);
    if (!value) {
      return Error(
          EntryDefect(fmt::format("{} at byte {}: {}", names[part], at, value.error().message())));
    }
    bool right_type = part < 2 ? value->is_text() : value->is_map();
    if (!right_type) {
      return Error(EntryDefect(
          fmt::format("{} at byte {} is not a {}", names[part], at, part < 2 ? "text" : "map")));
    }
    parts[part] = std::move(*value);
    at += used;
  }
  if (at != encoded.size()) {
    return Error(EntryDefect(fmt::format("{} bytes after the payload", encoded.size() - at)));
  }
  entry.kind = parts[0].text();
  entry.body = parts[1].text();
  entry.payload = parts[2].map();
  entry.encoded = std::string(encoded);
  return entry;
}

namespace journal {

Result<EntryView> ParseEntryView(std::string_view encoded) {
  EntryView view;
  if (encoded.size() < kFixedHeader || encoded.substr(0, 4) != kEntryMagic ||
      GetU64(encoded.substr(4)) > static_cast<std::uint64_t>(INT64_MAX) ||
      static_cast<unsigned char>(encoded[20]) > 1) {
    SOVET_TRY(Entry ignored, DecodeEntryBody(encoded));
    return Error(Status::Internal("the entry checks disagree"));
  }
  view.seq = static_cast<std::int64_t>(GetU64(encoded.substr(4)));
  view.sealed = encoded[20] == 1;
  view.prev_hash = encoded.substr(21, kHashSize);
  std::size_t at = kFixedHeader;
  std::string_view* texts[] = {&view.kind, &view.body};
  for (int part = 0; part < 3; ++part) {
    std::size_t used = 0;
    auto expected = part < 2 ? ValueTag::kText : ValueTag::kMap;
    bool ok = at < encoded.size() &&
              static_cast<ValueTag>(static_cast<unsigned char>(encoded[at])) == expected &&
              ValidateValuePrefix(encoded.substr(at), used);
    if (!ok) {
      SOVET_TRY(Entry ignored, DecodeEntryBody(encoded));
      return Error(Status::Internal("the entry checks disagree"));
    }
    if (part < 2) *texts[part] = encoded.substr(at + 5, used - 5);
    at += used;
  }
  if (at != encoded.size()) {
    SOVET_TRY(Entry ignored, DecodeEntryBody(encoded));
    return Error(Status::Internal("the entry checks disagree"));
  }
  return view;
}

}  // namespace journal

Result<void> ValidateAct(const Act& act) {
  if (!IsValidKind(act.kind)) {
    return Error(Status::InvalidInput(
        fmt::format("act kind \"{}\": expected a dotted lower-case name of at most {} bytes "
                    "such as \"body.create\" ([a-z][a-z0-9_]* parts joined by '.', "
                    "doc/journal_format.md §3.1)",
                    QuoteForMessage(act.kind), kMaxKind),
        SourceLocation{.field = "kind"}));
  }
  if (!IsValidBodyId(act.body)) {
    return Error(Status::InvalidInput(
        fmt::format("body id \"{}\": expected UTF-8 of at most {} bytes without control "
                    "characters, such as \"town_soviet:petrograd\" (doc/journal_format.md §3.1)",
                    QuoteForMessage(act.body, 300), kMaxBodyId),
        SourceLocation{.field = "body"}));
  }
  SOVET_TRY(std::string payload, ValidateActPayload(act));
  (void)payload;
  return {};
}

Result<std::string> ValidateActPayload(const Act& act) {
  if (!IsValidKind(act.kind) || !IsValidBodyId(act.body)) {
    SOVET_CHECK_OK(ValidateAct(act));  // names what is wrong
  }
  // Encoding checks UTF-8 of every text and key inside the fields.
  std::string encoded;
  auto done = EncodeMapValue(act.fields, encoded);
  if (!done) {
    return Error(Status::InvalidInput(done.error().message(), SourceLocation{.field = "fields"}));
  }
  return encoded;
}

Result<StoreUrl> ParseStoreUrl(std::string_view url) {
  SourceLocation where{.field = "--db"};
  StoreUrl parsed;
  if (url.starts_with("sqlite:")) {
    parsed.kind = StoreUrl::Kind::kSqlite;
    parsed.target = std::string(url.substr(7));
    if (parsed.target.starts_with("//")) parsed.target = parsed.target.substr(2);
    if (parsed.target.empty()) {
      return Error(Status::InvalidInput(
          "the SQLite URL names no file: expected sqlite:PATH, e.g. sqlite:sovet.db", where));
    }
    return parsed;
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    parsed.kind = StoreUrl::Kind::kPostgres;
    parsed.target = std::string(url);
    return parsed;
  }
  return Error(
      Status::InvalidInput(fmt::format("unsupported store URL \"{}\": expected sqlite:PATH or "
                                       "postgresql://USER@HOST:PORT/DATABASE",
                                       QuoteForMessage(RedactStoreUrl(url))),
                           where));
}

Result<std::string> DefaultKeyPath(const StoreUrl& url) {
  if (const char* env = std::getenv("SOVET_KEY"); env != nullptr && *env != '\0') return env;
  if (url.kind == StoreUrl::Kind::kSqlite) return url.target + ".key";
  return Error(Status::InvalidInput(
      "a PostgreSQL journal needs the node key file: give --key FILE or set SOVET_KEY",
      SourceLocation{.field = "--key"}));
}

Result<NodeKey> CreateNodeKey(const std::string& path) {
  SourceLocation where{.file = path, .field = "--key"};
  if (sodium_init() < 0) return Error(Status::Internal("libsodium failed to initialise"));
  NodeKey key;
  key.seed.resize(crypto_sign_SEEDBYTES);
  randombytes_buf(key.seed.data(), key.seed.size());
  key.public_key.resize(crypto_sign_PUBLICKEYBYTES);
  key.secret_key.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(key.public_key.data()),
                           reinterpret_cast<unsigned char*>(key.secret_key.data()),
                           reinterpret_cast<const unsigned char*>(key.seed.data()));
  std::string text = fmt::format("{} {}\n", kKeyTag, HexEncode(key.seed));
  // O_EXCL: never overwrite a key (it would orphan the journal it signs).
  // Mode 0600 from the start, so the secret is never readable by others,
  // not even between create and chmod.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    int err = errno;
    if (err == EEXIST) {
      return Error(Status::AlreadyExists(
          "a key file already exists here; sovet never overwrites a node key", where));
    }
    return Error(Status::InvalidInput(
        fmt::format("cannot create the key file: {}", std::strerror(err)), where));
  }
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  int err = errno;
  ::close(fd);
  sodium_memzero(text.data(), text.size());
  if (!ok) {
    ::unlink(path.c_str());
    return Error(
        Status::IoError(fmt::format("writing the key file failed: {}", std::strerror(err)), where));
  }
  return key;
}

Result<NodeKey> LoadNodeKey(const std::string& path) {
  SourceLocation where{.file = path, .field = "--key"};
  if (sodium_init() < 0) return Error(Status::Internal("libsodium failed to initialise"));
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    int err = errno;
    if (err == ENOENT) {
      return Error(Status::NotFound(
          "no node key file here (sovet init creates it; give --key FILE or SOVET_KEY)", where));
    }
    return Error(Status::InvalidInput(
        fmt::format("cannot stat the key file: {}", std::strerror(err)), where));
  }
  if (!S_ISREG(info.st_mode)) {
    return Error(Status::InvalidInput("the key path is not a regular file", where));
  }
  if ((info.st_mode & 077) != 0) {
    return Error(Status::InvalidInput(
        fmt::format("the key file has mode {:04o}, readable or writable by group or others; "
                    "expected 0600 (run chmod 600 on it)",
                    info.st_mode & 07777),
        where));
  }
  // One line of 82 bytes; anything much longer is not a key file.
  SOVET_TRY(std::string text, ReadFile(path, 4096));
  std::string_view line(text);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  std::string expected_prefix = std::string(kKeyTag) + " ";
  auto malformed = [&] {
    return Status::InvalidInput(
        fmt::format("malformed key file: expected one line \"{} <64 hexadecimal digits>\"",
                    kKeyTag),
        SourceLocation{.file = path, .line = 1, .column = 1, .field = "--key"});
  };
  if (!line.starts_with(expected_prefix) || line.size() != expected_prefix.size() + 64) {
    sodium_memzero(text.data(), text.size());
    return Error(malformed());
  }
  auto seed = HexDecode(line.substr(expected_prefix.size()));
  sodium_memzero(text.data(), text.size());
  if (!seed) return Error(malformed());
  NodeKey key;
  key.seed = std::move(*seed);
  key.public_key.resize(crypto_sign_PUBLICKEYBYTES);
  key.secret_key.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(key.public_key.data()),
                           reinterpret_cast<unsigned char*>(key.secret_key.data()),
                           reinterpret_cast<const unsigned char*>(key.seed.data()));
  return key;
}

namespace journal {

std::string EntryNameDefect(std::string_view kind, std::string_view body) {
  if (!IsValidKind(kind)) {
    return fmt::format(
        "kind \"{}\" is not a dotted lower-case name of at most {} bytes "
        "([a-z][a-z0-9_]*(\\.[a-z0-9_]+)*, §3.1)",
        QuoteForMessage(kind), kMaxKind);
  }
  if (!IsValidBodyId(body)) {
    return fmt::format(
        "body id \"{}\" is not UTF-8 of at most {} bytes without control "
        "characters (§3.1)",
        QuoteForMessage(body), kMaxBodyId);
  }
  return {};
}

std::string GenesisDefect(const Entry& genesis) {
  if (!genesis.body.empty()) return "the genesis entry has a body id; it must be empty (§3.2)";
  const ValueMap& payload = genesis.payload;
  auto field = [&](const char* name) -> const Value* {
    auto found = payload.find(name);
    return found == payload.end() ? nullptr : &found->second;
  };
  const Value* format = field("format");
  if (format == nullptr || !format->is_integer() || format->integer() != 1) {
    return "the genesis entry's \"format\" is not the integer 1: not a journal of format "
           "version 1 (§3.2)";
  }
  const Value* hash = field("hash");
  if (hash == nullptr || !hash->is_text() || hash->text() != "sha256") {
    return "the genesis entry's \"hash\" is not \"sha256\": not a journal this format "
           "describes (§3.2)";
  }
  const Value* signature = field("signature");
  if (signature == nullptr || !signature->is_text() || signature->text() != "ed25519") {
    return "the genesis entry's \"signature\" is not \"ed25519\": not a journal this format "
           "describes (§3.2)";
  }
  const Value* key = field("node_public_key");
  if (key == nullptr || !key->is_bytes() || key->bytes().size() != kPublicKeySize) {
    return "the genesis entry has no 32-byte node_public_key (§3.2)";
  }
  const Value* charter_id = field("charter_id");
  const Value* charter_hash = field("charter_sha256");
  if ((charter_id == nullptr) != (charter_hash == nullptr)) {
    return "the genesis entry has one of charter_id and charter_sha256 without the other (§3.2)";
  }
  if (charter_id != nullptr && !charter_id->is_text()) {
    return "the genesis entry's charter_id is not text (§3.2)";
  }
  if (charter_hash != nullptr &&
      (!charter_hash->is_bytes() || charter_hash->bytes().size() != kHashSize)) {
    return "the genesis entry's charter_sha256 is not 32 bytes (§3.2)";
  }
  for (const auto& [key_name, value] : payload) {
    if (key_name != "format" && key_name != "hash" && key_name != "signature" &&
        key_name != "node_public_key" && key_name != "charter_id" && key_name != "charter_sha256") {
      return fmt::format("the genesis entry has a field \"{}\" that §3.2 does not define",
                         QuoteForMessage(key_name));
    }
  }
  return {};
}

}  // namespace journal

Status VerifyReport::ToStatus() const {
  if (ok) return Status();
  return Status::IntegrityViolation(fmt::format("entry {}: {}", bad_seq, defect));
}

namespace journal {

bool Sha256Into(std::string_view bytes, unsigned char* out) {
  return sovet::Sha256Into(bytes, out);
}

std::string Sha256(std::string_view bytes) { return sovet::Sha256(bytes); }

std::string SignatureMessage(std::string_view hash) {
  std::string message(kSignatureDomain);
  message.append(hash);
  return message;
}

std::string Sign(const NodeKey& key, std::string_view hash) {
  std::string message = SignatureMessage(hash);
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(key.secret_key.data()));
  return signature;
}

bool CheckSignature(std::string_view public_key, std::string_view hash,
                    std::string_view signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) {
    return false;
  }
  std::string message = SignatureMessage(hash);
  return crypto_sign_verify_detached(
             reinterpret_cast<const unsigned char*>(signature.data()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(),
             reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

}  // namespace journal
}  // namespace sovet
