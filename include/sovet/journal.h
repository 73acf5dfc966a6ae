// The journal: the append-only, tamper-evident public record of every act
// (SYSTEM.md §8). Format: doc/journal_format.md.
//
// Each entry holds a sequence number (genesis = 0), a UTC time in
// nanoseconds (recorded, never used for ordering), an act kind, a body id,
// a canonical payload (sovet/value.h), the SHA-256 hash of the previous
// entry, its own hash, and — when it closes a commit group ("sealed") — an
// Ed25519 signature by the node key over its hash. The genesis entry records
// the charter's id and hash and the node's public key.
//
// Stores: `sqlite:PATH` (one file, WAL, synchronous=FULL) or
// `postgresql://...` (synchronous_commit=on). Both keep the entries, a head
// row that serialises writers, and the projection's state tables
// (sovet/projection.h), updated in the same transaction as the entries.
//
// Durability: Append returns only after the entry's transaction is durably
// committed. Concurrent appends share one transaction and one flush (group
// commit): a single writer thread per Journal collects the submitted acts,
// and, under the store's write lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's
// row lock on the head), reads the head, chains and signs the batch, writes
// it and its projection, commits, and only then acknowledges each caller.
// Several Journal objects or processes on one database therefore produce
// one linear chain.
//
// Thread-safety: Append and Submit may be called from any number of
// threads at once. Read, Verify, Export and Replay use their own connection
// and may run beside appends; each call is used by one thread.
#ifndef SOVET_JOURNAL_H_
#define SOVET_JOURNAL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/status.h"
#include "sovet/value.h"

namespace sovet {

class Projector;  // sovet/projection.h

inline constexpr std::size_t kHashSize = 32;       // SHA-256
inline constexpr std::size_t kSignatureSize = 64;  // Ed25519
inline constexpr std::size_t kPublicKeySize = 32;  // Ed25519
inline constexpr std::string_view kGenesisKind = "journal.genesis";

// What a caller records. `kind` is a dotted lower-case name
// ([a-z][a-z0-9_]*(\.[a-z0-9_]+)*); kinds starting "journal." are the
// journal's own. `body` is a body id (SYSTEM.md §3, "KIND:UNIT_ID") or empty
// for an act of no body; UTF-8 without control characters, ≤ 256 bytes.
struct Act {
  std::string kind;
  std::string body;
  ValueMap fields;
};

// A decoded entry with the bytes it was decoded from.
struct Entry {
  std::int64_t seq = 0;
  std::int64_t time_ns = 0;  // UTC nanoseconds since 1970-01-01
  bool sealed = false;       // closes a commit group; carries the signature
  std::string prev_hash;     // kHashSize bytes; zeros for genesis
  std::string kind;
  std::string body;
  ValueMap payload;
  std::string encoded;    // the canonical entry body: the bytes hashed
  std::string hash;       // SHA-256 of `encoded`
  std::string signature;  // kSignatureSize bytes iff sealed, else empty
};

// The canonical entry body of doc/journal_format.md §3 (not hash/signature).
Result<std::string> EncodeEntryBody(std::int64_t seq, std::int64_t time_ns, bool sealed,
                                    std::string_view prev_hash, std::string_view kind,
                                    std::string_view body, const ValueMap& payload);
// The same, the payload given already encoded: the canonical encoding of a
// map value (EncodeMapValue), as ValidateActPayload returns it.
Result<std::string> EncodeEntryBodyWithPayload(std::int64_t seq, std::int64_t time_ns,
                                               bool sealed, std::string_view prev_hash,
                                               std::string_view kind, std::string_view body,
                                               std::string_view encoded_payload);
// Decodes a canonical entry body; fills every field but hash and signature.
Result<Entry> DecodeEntryBody(std::string_view encoded);
// Checks an act's kind, body and fields before it is submitted.
Result<void> ValidateAct(const Act& act);
// ValidateAct, returning the payload's canonical encoding (encoded once:
// the writer puts these bytes in the entry body as they are).
Result<std::string> ValidateActPayload(const Act& act);

std::string HexEncode(std::string_view bytes);
Result<std::string> HexDecode(std::string_view hex);

// A parsed --db URL.
struct StoreUrl {
  enum class Kind { kSqlite, kPostgres };
  Kind kind = Kind::kSqlite;
  std::string target;  // the SQLite path, or the PostgreSQL URI
};
// `sqlite:PATH` or `postgresql://...` / `postgres://...`; anything else is
// kInvalidInput naming the flag and the expected forms.
Result<StoreUrl> ParseStoreUrl(std::string_view url);
// Where the node key lives when --key is not given: PATH.key beside a SQLite
// database, else $SOVET_KEY; for PostgreSQL with neither, kInvalidInput.
Result<std::string> DefaultKeyPath(const StoreUrl& url);
// `url` with every credential it carries (the userinfo password, any query
// parameter whose name contains "password") replaced by ***: the only form
// of a store URL that any message or output of sovet shows.
std::string RedactStoreUrl(std::string_view url);

// The node's Ed25519 key pair. The file holds one line,
// "sovet-node-key-v1 <64 hex digits of the seed>", and must be readable by
// its owner only (mode 0600 or stricter), as ssh requires of private keys.
struct NodeKey {
  std::string seed;        // 32 bytes
  std::string public_key;  // kPublicKeySize bytes
  std::string secret_key;  // libsodium's 64-byte form
};
// Creates a fresh key file with mode 0600; kAlreadyExists if the file exists.
Result<NodeKey> CreateNodeKey(const std::string& path);
// Loads a key file: missing → kNotFound; readable by group or others,
// unreadable, or malformed → kInvalidInput naming the file.
Result<NodeKey> LoadNodeKey(const std::string& path);

// The charter a journal is bound to (sovet/charter.h's id and sha256_hex).
struct CharterIdentity {
  std::string id;
  std::string sha256_hex;
};

struct InitOptions {
  std::string url;       // a --db URL
  std::string key_path;  // empty: DefaultKeyPath
  std::optional<CharterIdentity> charter;
  std::int64_t time_ns = 0;  // 0: now
  // The state tables and appliers of the acts the journal will hold (a
  // client's, e.g. the engine's EngineProjector()); null: the journal's
  // built-in DefaultProjector(). Must outlive the call.
  const Projector* projector = nullptr;
};

struct OpenOptions {
  std::string url;
  // Appending needs the node key; reading, verifying and replaying do not.
  bool writable = false;
  std::string key_path;  // empty: DefaultKeyPath (only when writable)
  // When set, the journal must have been initialised with this charter.
  std::optional<CharterIdentity> charter;
  // The projection appends and Replay apply (see InitOptions::projector);
  // must outlive the Journal. Opening writable creates any of its state
  // tables the store lacks (empty: acts of their kinds are appended only
  // through a journal opened with this projector).
  const Projector* projector = nullptr;
};

// What verification found. `ok` false names the first bad entry.
struct VerifyReport {
  bool ok = true;
  std::int64_t entries = 0;
  std::int64_t sealed = 0;  // signatures checked
  std::string first_hash;   // genesis hash, raw bytes
  std::string last_hash;
  std::string signer;      // public key from genesis, raw bytes
  std::string charter_id;  // empty if the journal has no charter
  std::string charter_sha256_hex;
  std::int64_t bad_seq = -1;  // the first bad sequence number
  std::string defect;         // what is wrong with it
  std::int64_t bytes = 0;     // canonical bytes checked (export size)

  // "entry 12: ..." as a kIntegrityViolation status, for callers that fail.
  Status ToStatus() const;
};

struct VerifyOptions {
  // When set, the last entry's hash must equal this (raw bytes): detects a
  // tail cut at a commit-group boundary, which no signature can reveal.
  std::optional<std::string> expect_head;
  int threads = 0;  // 0: hardware concurrency
};

// Verifies an export (doc/journal_format.md §5) without any database.
Result<VerifyReport> VerifyExport(std::string_view bytes, const VerifyOptions& options = {});

struct Appended {
  std::int64_t seq = 0;
  std::string hash;
};

struct ReplayReport {
  std::int64_t entries = 0;
  std::string live_digest;  // SHA-256 over the canonical dump, raw bytes
  std::string rebuilt_digest;
  bool match() const { return live_digest == rebuilt_digest; }
};

class Journal {
 public:
  // Creates the schema, a new node key file (an existing one is
  // kAlreadyExists: a key is never overwritten) and the signed genesis
  // entry. A database that already holds a journal is kAlreadyExists.
  // Returns the genesis.
  static Result<Entry> Init(const InitOptions& options);
  static Result<std::unique_ptr<Journal>> Open(const OpenOptions& options);

  // Waits for every submitted append to be acknowledged, then closes.
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Appends one act; returns after it is durable. Needs a writable journal.
  Result<Appended> Append(Act act);
  // Appends asynchronously; `done` runs on the writer thread once the act is
  // durable (or failed). Keep it short: it delays the next group.
  void Submit(Act act, std::function<void(Result<Appended>)> done);

  // Entries with seq >= from, at most `limit` (negative: all).
  Result<std::vector<Entry>> Read(std::int64_t from, std::int64_t limit);
  const Entry& genesis() const;
  Result<VerifyReport> Verify(const VerifyOptions& options = {});
  // Streams the export format to `sink` in chunks.
  Result<void> Export(const std::function<Result<void>(std::string_view)>& sink);
  // Rebuilds the projection from the journal into fresh tables and compares
  // its digest with the live projection's.
  Result<ReplayReport> Replay();
  const std::string& display_url() const;

  class Impl;

 private:
  explicit Journal(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sovet

#endif  // SOVET_JOURNAL_H_
