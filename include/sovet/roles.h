// Roles on bodies (SYSTEM.md §10: "an operator account is granted a role on
// a body by an act"). A `role.grant` act gives an account (sovet/accounts.h)
// a role on a body; a `role.revoke` act takes it back. Both are acts of the
// engine (sovet/engine.h): checked by the same rules when appended and when
// `sovet verify` audits the journal, and projected to the state table
// `roles` (sovet/cycle_schema.h), which the web server reads to decide who
// may write (doc/web.md).
//
// Rules (CheckRoleAct in src/engine/roles.cc):
//   - the body exists (body.create);
//   - the role is one of kRoleNames;
//   - the account is a well-formed account name. Whether an account of that
//     name exists is not in the journal (accounts are credentials, kept out
//     of it), so the engine cannot check it: the clients that grant
//     (`sovet user grant`, the web form) refuse an unknown account, and a
//     grant recorded to a name no account has confers nothing until an
//     account of that name is added;
//   - a grant names a role the account does not hold on the body, a revoke
//     one it holds;
//   - `by` is empty (the operator who holds the node key, from the command
//     line) or an account holding `admin` on the same body when the act is
//     recorded (the web form), so the authority of every grant is audited.
//
// Thread-safety: the functions are pure; RoleGrants is a plain value.
#ifndef SOVET_ROLES_H_
#define SOVET_ROLES_H_

#include <array>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

namespace sovet {

// The roles an account may hold on a body: `admin` grants and revokes the
// others on that body; the commissions record the body's elections and
// verify its mandates (SYSTEM.md §10); the secretary keeps its sessions.
inline constexpr std::array<std::string_view, 4> kRoleNames = {
    "admin", "electoral_commission", "mandates_commission", "secretary"};

bool IsRoleName(std::string_view role);

// The grants in force: (account, role, body).
using RoleGrants = std::set<std::tuple<std::string, std::string, std::string>>;

}  // namespace sovet

#endif  // SOVET_ROLES_H_
