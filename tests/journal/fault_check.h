// The check after an injected fault or a killed connection, shared by the
// SQLite and PostgreSQL fault tests: reopened without the fault, the
// journal holds every acknowledged act with the hash it was acknowledged
// with; every other entry is a whole act of the workload, each at most once
// (so nothing half-written); the chain verifies; replay gives the live
// projection; and the journal takes a new append.
#ifndef SOVET_TESTS_JOURNAL_FAULT_CHECK_H_
#define SOVET_TESTS_JOURNAL_FAULT_CHECK_H_

#include <fmt/format.h>
#include <unistd.h>

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sovet/journal.h"

namespace sovet::testing {

// What a workload was told.
struct Acknowledged {
  bool completed = false;    // the workload ran to its end
  std::string genesis_hash;  // hex; empty if Init was not acknowledged
  std::map<std::int64_t, std::pair<std::string, std::int64_t>> acks;  // seq -> (hash hex, n)
  std::vector<std::pair<int, std::string>> errors;                    // (status code, message)
};

// Act n of a workload; every act carries an integer field "n".
using WorkloadActs = std::function<Act(std::int64_t n)>;

// Empty when the reopened journal passes, else the first defect found.
inline std::string CheckAfterFault(const Acknowledged& child, const std::string& url,
                                   const std::string& key, const WorkloadActs& workload,
                                   std::int64_t acts) {
  if (!child.completed) return "the workload did not complete";
  // Errors must say what happened to the store, not claim tampering or an
  // internal fault.
  for (const auto& [code, message] : child.errors) {
    auto status = static_cast<StatusCode>(code);
    if (status != StatusCode::kIoError && status != StatusCode::kUnavailable) {
      return "an operation failed with an unexpected status: " + message;
    }
  }
  auto journal = Journal::Open(OpenOptions{.url = url});
  if (!journal) {
    if (child.genesis_hash.empty() && journal.error().code() == StatusCode::kNotFound) {
      return "";  // Init was not acknowledged and left no journal
    }
    return "reopening failed: " + journal.error().ToString();
  }
  if (!child.genesis_hash.empty() && HexEncode((*journal)->genesis().hash) != child.genesis_hash) {
    return "the genesis differs from the one Init returned";
  }
  auto report = (*journal)->Verify();
  if (!report) return "verify failed: " + report.error().ToString();
  if (!report->ok) return fmt::format("verify: entry {}: {}", report->bad_seq, report->defect);
  auto entries = (*journal)->Read(0, -1);
  if (!entries) return "read failed: " + entries.error().ToString();
  for (const auto& [seq, ack] : child.acks) {
    if (seq >= static_cast<std::int64_t>(entries->size())) {
      return fmt::format("acknowledged act {} (entry {}) is lost; the journal ends at {}",
                         ack.second, seq, entries->size() - 1);
    }
    if (HexEncode((*entries)[seq].hash) != ack.first) {
      return fmt::format("entry {} is not the one acknowledged for act {}", seq, ack.second);
    }
  }
  std::set<std::int64_t> seen;
  for (std::size_t seq = 1; seq < entries->size(); ++seq) {
    const Entry& entry = (*entries)[seq];
    auto n_field = entry.payload.find("n");
    if (n_field == entry.payload.end() || !n_field->second.is_integer()) {
      return fmt::format("entry {} is no act of the workload", seq);
    }
    std::int64_t n = n_field->second.integer();
    if (n < 0 || n >= acts || !seen.insert(n).second) {
      return fmt::format("entry {} holds act {}, unknown or twice", seq, n);
    }
    Act act = workload(n);
    if (entry.kind != act.kind || entry.body != act.body || entry.payload != act.fields) {
      return fmt::format("entry {} does not hold act {} as submitted", seq, n);
    }
    auto acked = child.acks.find(static_cast<std::int64_t>(seq));
    if (acked != child.acks.end() && acked->second.second != n) {
      return fmt::format("entry {} holds act {}, acknowledged as act {}", seq, n,
                         acked->second.second);
    }
  }
  auto replay = (*journal)->Replay();
  if (!replay) return "replay failed: " + replay.error().ToString();
  if (!replay->match()) return "replay does not give the live projection";
  journal->reset();
  if (::access(key.c_str(), F_OK) != 0) {
    // Init failed after its commit and removed the key: a journal nobody
    // can append to, but every check above passed.
    return child.genesis_hash.empty() ? "" : "the node key is gone";
  }
  auto writable = Journal::Open(OpenOptions{.url = url, .writable = true, .key_path = key});
  if (!writable) return "reopening for appends failed: " + writable.error().ToString();
  auto appended = (*writable)->Append(Act{"test.after", "", {{"n", Value::Integer(acts)}}});
  if (!appended) return "appending after the fault failed: " + appended.error().ToString();
  auto again = (*writable)->Verify();
  if (!again || !again->ok) return "verify after the new append failed";
  return "";
}

}  // namespace sovet::testing

#endif  // SOVET_TESTS_JOURNAL_FAULT_CHECK_H_
