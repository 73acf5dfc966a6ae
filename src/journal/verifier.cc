#include "journal/verifier.h"

#include <fmt/format.h>

#include <cstring>
#include <thread>

#include "journal/crypto.h"

namespace sovet::journal {
namespace {

struct Checked {
  EntryView view;
  std::string error;        // empty when the body parsed
  std::string name_defect;  // the kind or body id breaks §3.1
  bool hash_ok = false;
  bool signature_ok = false;
};

std::string Short(std::string_view hash) { return HexEncode(hash.substr(0, 8)); }

void CheckRange(std::vector<RawEntry>& raw, std::vector<Checked>& out, std::size_t begin,
                std::size_t end, const std::string& public_key) {
  for (std::size_t idx = begin; idx < end; ++idx) {
    RawEntry& item = raw[idx];
    Checked& checked = out[idx];
    auto view = ParseEntryView(item.encoded);
    if (view) {
      checked.view = *view;
      checked.name_defect = EntryNameDefect(view->kind, view->body);
    } else {
      checked.error = view.error().message();
    }
    unsigned char digest[kHashSize];
    checked.hash_ok = item.hash.size() == kHashSize && Sha256Into(item.encoded, digest) &&
                      std::memcmp(digest, item.hash.data(), kHashSize) == 0;
    if (view && view->sealed && checked.hash_ok && !public_key.empty()) {
      checked.signature_ok = CheckSignature(public_key, item.hash, item.signature);
    }
  }
}

}  // namespace

ChainVerifier::ChainVerifier(VerifyOptions options) : options_(std::move(options)) {
  previous_hash_.assign(kHashSize, '\0');
}

void ChainVerifier::Fail(std::int64_t seq, std::string defect) {
  if (!report_.ok) return;
  report_.ok = false;
  report_.bad_seq = seq;
  report_.defect = std::move(defect);
}

void ChainVerifier::FailAtNext(std::string defect) { Fail(position_, std::move(defect)); }

bool ChainVerifier::Feed(std::vector<RawEntry>& chunk) {
  if (!report_.ok || chunk.empty()) return report_.ok;
  std::vector<Checked> checked(chunk.size());
  std::size_t start = 0;
  if (position_ == 0) {
    // The genesis carries the public key every later signature is checked
    // with, so it is checked alone first.
    CheckRange(chunk, checked, 0, 1, "");
    auto genesis = DecodeEntryBody(chunk[0].encoded);
    if (genesis) {
      genesis_defect_ = GenesisDefect(*genesis);
      auto key = genesis->payload.find("node_public_key");
      if (key != genesis->payload.end() && key->second.is_bytes()) {
        report_.signer = key->second.bytes();
        if (genesis->sealed && checked[0].hash_ok) {
          checked[0].signature_ok =
              CheckSignature(report_.signer, chunk[0].hash, chunk[0].signature);
        }
      }
      auto charter_id = genesis->payload.find("charter_id");
      auto charter_hash = genesis->payload.find("charter_sha256");
      if (charter_id != genesis->payload.end() && charter_id->second.is_text()) {
        report_.charter_id = charter_id->second.text();
      }
      if (charter_hash != genesis->payload.end() && charter_hash->second.is_bytes()) {
        report_.charter_sha256_hex = HexEncode(charter_hash->second.bytes());
      }
    }
    start = 1;
  }
  unsigned threads = options_.threads > 0 ? options_.threads : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  std::size_t remaining = chunk.size() - start;
  if (threads > 1 && remaining >= 64) {
    std::vector<std::thread> workers;
    std::size_t per = (remaining + threads - 1) / threads;
    for (unsigned worker = 1; worker < threads; ++worker) {
      std::size_t begin = start + worker * per;
      std::size_t end = std::min(chunk.size(), begin + per);
      if (begin >= end) break;
      workers.emplace_back(CheckRange, std::ref(chunk), std::ref(checked), begin, end,
                           std::cref(report_.signer));
    }
    CheckRange(chunk, checked, start, std::min(chunk.size(), start + per), report_.signer);
    for (auto& worker : workers) worker.join();
  } else {
    CheckRange(chunk, checked, start, chunk.size(), report_.signer);
  }

  for (std::size_t idx = 0; idx < chunk.size(); ++idx) {
    const RawEntry& raw = chunk[idx];
    const Checked& check = checked[idx];
    std::int64_t expected = position_;
    if (raw.column_seq && *raw.column_seq != expected) {
      if (*raw.column_seq > expected) {
        Fail(expected, fmt::format("entry {} is missing: the next stored entry is {}", expected,
                                   *raw.column_seq));
      } else {
        Fail(expected, fmt::format("a second row with seq {} where entry {} belongs",
                                   *raw.column_seq, expected));
      }
      return false;
    }
    if (!check.error.empty()) {
      Fail(expected, fmt::format("cannot be decoded: {}", check.error));
      return false;
    }
    if (!check.name_defect.empty()) {
      Fail(expected, check.name_defect);
      return false;
    }
    const EntryView& entry = check.view;
    if (entry.seq != expected) {
      if (raw.column_seq) {
        Fail(expected, fmt::format("the row for seq {} holds the body of entry {} (entries "
                                   "moved, reordered or altered)",
                                   expected, entry.seq));
      } else if (entry.seq > expected) {
        Fail(expected,
             fmt::format("entry {} is missing: found entry {} in its place", expected, entry.seq));
      } else {
        Fail(expected, fmt::format("found entry {} where entry {} belongs (entries reordered, "
                                   "repeated or inserted)",
                                   entry.seq, expected));
      }
      return false;
    }
    if (!check.hash_ok) {
      Fail(expected,
           raw.hash.size() != kHashSize
               ? fmt::format("stored hash has {} bytes, expected {}", raw.hash.size(), kHashSize)
               : fmt::format("stored hash {}… is not the SHA-256 of the entry's body "
                             "(the entry or its hash was altered)",
                             Short(raw.hash)));
      return false;
    }
    if (entry.prev_hash != previous_hash_) {
      Fail(expected,
           expected == 0
               ? std::string("the genesis entry's previous hash is not all zeros")
               : fmt::format("previous-entry hash {}… does not match entry {}'s hash {}…",
                             Short(entry.prev_hash), expected - 1, Short(previous_hash_)));
      return false;
    }
    if (raw.column_seq && (raw.column_kind != entry.kind || raw.column_body != entry.body)) {
      Fail(expected, fmt::format("the row's kind/body columns (\"{}\", \"{}\") differ from the "
                                 "entry's (\"{}\", \"{}\")",
                                 raw.column_kind, raw.column_body, entry.kind, entry.body));
      return false;
    }
    bool is_genesis_kind = entry.kind == kGenesisKind;
    if ((expected == 0) != is_genesis_kind) {
      Fail(expected, expected == 0
                         ? fmt::format("the first entry is of kind \"{}\", expected \"{}\"",
                                       entry.kind, kGenesisKind)
                         : fmt::format("a second \"{}\" entry", kGenesisKind));
      return false;
    }
    if (expected == 0) {
      if (report_.signer.size() != kPublicKeySize) {
        Fail(0, "the genesis entry has no 32-byte node_public_key");
        return false;
      }
      if (!entry.sealed) {
        Fail(0, "the genesis entry is not sealed");
        return false;
      }
      if (!genesis_defect_.empty()) {
        Fail(0, genesis_defect_);
        return false;
      }
      report_.first_hash = raw.hash;
    }
    if (entry.sealed) {
      if (raw.signature.size() != kSignatureSize) {
        Fail(expected, fmt::format("sealed, but its signature has {} bytes, expected {}",
                                   raw.signature.size(), kSignatureSize));
        return false;
      }
      if (!check.signature_ok) {
        Fail(expected, fmt::format("the signature does not verify with the node key {}",
                                   HexEncode(report_.signer)));
        return false;
      }
      ++report_.sealed;
    } else if (!raw.signature.empty()) {
      Fail(expected, "carries a signature but is not sealed");
      return false;
    }
    previous_hash_ = raw.hash;
    previous_sealed_ = entry.sealed;
    report_.last_hash = raw.hash;
    ++report_.entries;
    ++position_;
  }
  return true;
}

VerifyReport ChainVerifier::Finish() {
  if (report_.ok) {
    if (position_ == 0) {
      Fail(0, "the journal is empty: no genesis entry");
    } else if (!previous_sealed_) {
      Fail(position_ - 1,
           "the last entry is not sealed: the journal ends inside a commit group (entries "
           "were removed from its end)");
    } else if (options_.expect_head && *options_.expect_head != previous_hash_) {
      Fail(position_ - 1, fmt::format("the last entry's hash {} is not the expected head {}",
                                      HexEncode(previous_hash_), HexEncode(*options_.expect_head)));
    }
  }
  return report_;
}

}  // namespace sovet::journal
