// The JSON contract of a count (doc/count_format.md §4). Keys keep the
// order written here (nlohmann::ordered_json) so output is stable and
// diffable; every number that could be a fraction is exact text.
#include <nlohmann/json.hpp>

#include "sovet/count.h"

namespace sovet {
namespace {

bool IsListMethod(Method method) {
  return method == Method::kDhondt || method == Method::kSainteLague ||
         method == Method::kModifiedSainteLague || method == Method::kHare ||
         method == Method::kDroop;
}

// Appends a member to an ordered object in O(1). operator[] of
// ordered_json searches the members linearly (O(n²) for n options); names
// are unique here (every loader refuses a repeated option or candidate
// name), so the search is not needed. A repeated name would still be kept,
// not lost.
template <typename Value>
void AppendMember(nlohmann::ordered_json& object, const std::string& name, const Value& value) {
  auto& members = object.get_ref<nlohmann::ordered_json::object_t&>();
  static_cast<std::vector<std::pair<const std::string, nlohmann::ordered_json>>&>(members)
      .emplace_back(name, value);
}

}  // namespace

std::string CountResultToJson(const CountResult& result) {
  using Json = nlohmann::ordered_json;
  Json out;
  out["method"] = MethodName(result.method);
  out["seats"] = result.seats;
  out["candidates"] = result.candidates;
  out["elected"] = result.elected;
  if (IsListMethod(result.method)) {
    Json allocation = Json::object();
    for (const auto& [name, seats] : result.allocation) AppendMember(allocation, name, seats);
    out["allocation"] = std::move(allocation);
    if (!result.divisors.empty()) out["divisors"] = result.divisors;
  }
  if (result.method == Method::kSchulze) out["ranking"] = result.ranking;
  if (!result.pairwise.empty()) out["pairwise"] = result.pairwise;
  if (!result.strongest_paths.empty()) out["strongest_paths"] = result.strongest_paths;
  if (result.method == Method::kCondorcet) {
    out["condorcet_winner"] =
        result.condorcet_winner ? Json(*result.condorcet_winner) : Json(nullptr);
  }
  if (result.motion_passed) out["motion_passed"] = *result.motion_passed;
  if (result.motion) {
    const MotionTally& motion = *result.motion;
    out["motion"] = Json{{"yes", motion.yes},
                         {"no", motion.no},
                         {"abstain", motion.abstain},
                         {"present", motion.present},
                         {"members", motion.members},
                         {"quorum_required", motion.quorum_required},
                         {"quorum_met", motion.quorum_met},
                         {"rule", MotionRuleName(motion.rule)},
                         {"majority_met", motion.majority_met}};
  }
  if (!result.quota.empty()) out["quota"] = result.quota;
  if (!result.valid_votes.empty()) out["valid_votes"] = result.valid_votes;
  Json rounds = Json::array();
  for (const CountRound& round : result.rounds) {
    Json entry;
    entry["number"] = round.number;
    entry["action"] = round.action;
    entry["subjects"] = round.subjects;
    if (!round.totals.empty()) {
      Json totals = Json::object();
      for (std::size_t cand_idx = 0;
           cand_idx < round.totals.size() && cand_idx < result.candidates.size(); ++cand_idx) {
        AppendMember(totals, result.candidates[cand_idx], round.totals[cand_idx]);
      }
      entry["totals"] = std::move(totals);
    }
    if (!round.non_transferable.empty()) entry["non_transferable"] = round.non_transferable;
    entry["elected"] = round.elected;
    entry["excluded"] = round.excluded;
    if (!round.note.empty()) entry["note"] = round.note;
    rounds.push_back(std::move(entry));
  }
  out["rounds"] = std::move(rounds);
  Json ties = Json::array();
  for (const TieBreak& tie : result.ties) {
    Json entry{{"round", tie.round},
               {"purpose", tie.purpose},
               {"tied", tie.tied},
               {"chosen", tie.chosen},
               {"how", tie.how}};
    if (tie.draw) entry["draw"] = *tie.draw;
    ties.push_back(std::move(entry));
  }
  out["ties"] = std::move(ties);
  out["seed"] = result.seed;
  if (!result.notes.empty()) out["notes"] = result.notes;
  // Invalid UTF-8 never reaches here (loaders validate), but replace rather
  // than throw if it ever did.
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace sovet
