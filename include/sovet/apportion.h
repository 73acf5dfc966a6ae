// Apportionment: the composition of every body of a country, computed from a
// charter and a census exactly as SYSTEM.md §5 specifies, in integer
// arithmetic only (quotients are compared by cross-multiplication in 128 bits).
//
// Thread-safety: Apportion is a pure function of its arguments.
#ifndef SOVET_APPORTION_H_
#define SOVET_APPORTION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/status.h"

namespace sovet {

using BodyIndex = std::int32_t;

struct Delegation {
  BodyIndex from = -1;     // the source body
  std::int64_t seats = 0;  // > 0
};

// A body of fixed quotas (Quota in sovet/charter.h): one quota's seats and
// how many source bodies share them, in the charter's order.
struct QuotaShare {
  std::string label;  // Quota::label
  std::int64_t seats = 0;
  std::int64_t sources = 0;  // source bodies that share the quota
  std::string cite;          // Quota::cite, e.g. "002:94"
};

// A body's id names its kind and its unit: "KIND:UNIT_ID" (the kind a
// [[body]] of the charter, which holds no ':'; the unit a census id).
std::string BodyId(std::string_view kind, std::string_view unit);
// The parts of a body id: before its first ':', and after it ("" when the
// id holds none).
std::string BodyKindOf(std::string_view body_id);
std::string BodyUnitOf(std::string_view body_id);

struct ApportionedBody {
  std::string id;    // BodyId(kind, unit)
  std::string kind;  // a BodyRule kind
  UnitIndex unit = kNoUnit;
  std::int64_t seats = 0;
  // The seats the norms give before the body's min/max: round(basis / per)
  // for a soviet, the sum of its terms' n_k for a composed body (SYSTEM.md §5
  // step 2), the fixed size for an elected one. seats != before_limits means
  // a minimum or a cap applied.
  std::int64_t before_limits = 0;
  // Sorted by the source body's id; empty for directly elected soviets.
  std::vector<Delegation> delegations;
  // For a body of fixed quotas, its quotas in the charter's order (their
  // delegations are among `delegations`); empty for every other body.
  std::vector<QuotaShare> quotas;
};

// Seats no one can fill (SYSTEM.md §7.2): a delegation, or a body elected
// by another, given more seats than the sending body has persons eligible to
// take them under the charter's key `eligible` — its seated members, or the
// electors of its unit. Such seats stay vacant by construction.
struct VacancyWarning {
  BodyIndex body = -1;        // the body whose seats cannot all be filled
  BodyIndex from = -1;        // the sending (electing) body
  std::int64_t seats = 0;     // seats of the delegation (or elected body)
  std::int64_t eligible = 0;  // persons who may fill them
  // The charter key that limits who may sit, e.g. `body[4].eligible`
  // ("members", the default, when the file leaves it out).
  std::string rule;
  std::string message;  // for people: names both bodies, the figures and the rule
};

struct Apportionment {
  std::string charter_id;
  // Sorted by id (byte order). A body exists for every unit of its kind
  // whose condition holds, even when it gets 0 seats.
  std::vector<ApportionedBody> bodies;
  // In the order of `bodies`, then of their delegations. Empty for the
  // shipped charters at every shipped census scale.
  std::vector<VacancyWarning> warnings;

  // The index of the body with this id, or -1.
  BodyIndex Find(const std::string& body_id) const;
};

// Computes every body's seats and delegations. Fails (kInvalidInput) only when
// the charter and census cannot be combined, e.g. a seat count overflows.
Result<Apportionment> Apportion(const Charter& charter, const Census& census);

// The JSON contract other tools rely on:
// {"charter": ID, "bodies": [{"id", "kind", "unit", "seats",
//   "delegations": [{"from", "seats"}]}],
//  with, after "delegations" and for bodies of fixed quotas only,
//  "quotas": [{"label", "seats", "sources", "cite"}],
//  "warnings": [{"body", "from", "seats", "eligible", "rule", "message"}]},
// one line, keys in that order. No trailing newline.
std::string ApportionmentToJson(const Apportionment& apportionment, const Census& census);

struct TextOptions {
  // Tiers with more bodies than this are summarised (count, totals, the
  // largest and smallest bodies) rather than listed in full.
  std::size_t list_limit = 40;
};

// A report for people: one table per tier from the base up, with totals and
// the rule that made it, and for every composed body of the root unit (the
// All-Russian Congress) its delegations source by source. `charter` and
// `census` must be those the apportionment was computed from.
std::string ApportionmentToText(const Apportionment& apportionment, const Charter& charter,
                                const Census& census, const TextOptions& options = {});

}  // namespace sovet

#endif  // SOVET_APPORTION_H_
