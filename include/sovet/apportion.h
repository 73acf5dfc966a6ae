// Apportionment: the composition of every body of a country, computed from a
// charter and a census exactly as SYSTEM.md §5 specifies, in integer
// arithmetic only (quotients are compared by cross-multiplication in 128 bits).
//
// Thread-safety: Apportion is a pure function of its arguments.
#ifndef SOVET_APPORTION_H_
#define SOVET_APPORTION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sovet/census.h"
#include "sovet/charter.h"
#include "sovet/status.h"

namespace sovet {

using BodyIndex = std::int32_t;

struct Delegation {
  BodyIndex from = -1;      // the source body
  std::int64_t seats = 0;   // > 0
};

struct ApportionedBody {
  std::string id;           // "KIND:UNIT_ID"
  std::string kind;         // a BodyRule kind
  UnitIndex unit = kNoUnit;
  std::int64_t seats = 0;
  // Sorted by the source body's id; empty for directly elected soviets.
  std::vector<Delegation> delegations;
};

struct Apportionment {
  std::string charter_id;
  // Sorted by id (byte order). A body exists for every unit of its kind
  // whose condition holds, even when it gets 0 seats.
  std::vector<ApportionedBody> bodies;

  // The index of the body with this id, or -1.
  BodyIndex Find(const std::string& body_id) const;
};

// Computes every body's seats and delegations. Fails (kInvalidInput) only when
// the charter and census cannot be combined, e.g. a seat count overflows.
Result<Apportionment> Apportion(const Charter& charter, const Census& census);

// The JSON contract other tools rely on:
// {"charter": ID, "bodies": [{"id", "kind", "unit", "seats",
//   "delegations": [{"from", "seats"}]}]}, one line, keys in that order.
std::string ApportionmentToJson(const Apportionment& apportionment, const Census& census);

}  // namespace sovet

#endif  // SOVET_APPORTION_H_
