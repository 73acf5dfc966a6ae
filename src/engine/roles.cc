// Roles on bodies: the rules of role.grant / role.revoke and their
// projection (sovet/roles.h; payload fields in doc/web.md "Roles in the
// journal"; names from sovet/cycle_schema.h).
#include "engine/roles.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/act_fields.h"
#include "sovet/accounts.h"
#include "sovet/cycle_schema.h"
#include "sovet/roles.h"

namespace sovet {

bool IsRoleName(std::string_view role) {
  return std::find(kRoleNames.begin(), kRoleNames.end(), role) != kRoleNames.end();
}

namespace engine {
namespace {

namespace field = schema::field;

using engine_internal::Bad;
using engine_internal::OnlyFields;
using engine_internal::TextOf;
using engine_internal::TextOr;

struct RoleFields {
  std::string account, role, by;
};

// The fields' form alone: what the journal's checker also runs.
Result<RoleFields> Fields(const Act& act) {
  RoleFields out;
  SOVET_TRY(out.account, TextOf(act, field::kAccount));
  SOVET_TRY(out.role, TextOf(act, field::kRole));
  SOVET_TRY(out.by, TextOr(act, field::kBy, ""));
  SOVET_CHECK_OK(OnlyFields(act, {field::kAccount, field::kRole, field::kBy}));
  if (!CheckAccountName(out.account, field::kAccount)) {
    return Error(Bad(act, field::kAccount, "an account name (a-z, 0-9, '_', '.', '-')"));
  }
  if (!out.by.empty() && !CheckAccountName(out.by, field::kBy)) {
    return Error(Bad(act, field::kBy, "an account name, or \"\" for the operator"));
  }
  if (!IsRoleName(out.role)) {
    return Error(Bad(act, field::kRole,
                     "one of admin, electoral_commission, mandates_commission, secretary"));
  }
  if (act.body.empty()) return Error(Bad(act, "body", "the id of the body the role is on"));
  return out;
}

Result<void> CheckForm(const Act& act) {
  SOVET_TRY(RoleFields fields, Fields(act));
  (void)fields;
  return {};
}

Result<void> ApplyGrant(const Entry& entry, ProjectionSql& sql) {
  static const std::vector<std::string> kColumns = {"account", "role", "body", "seq", "by_account"};
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(RoleFields fields, Fields(act));
  return sql.Insert(schema::table::kRoles, kColumns,
                    {fields.account, fields.role, entry.body, entry.seq, fields.by});
}

Result<void> ApplyRevoke(const Entry& entry, ProjectionSql& sql) {
  const Act act{entry.kind, entry.body, entry.payload};
  SOVET_TRY(RoleFields fields, Fields(act));
  return sql.Exec(fmt::format("DELETE FROM {{p}}{} WHERE account = $1 AND role = $2 AND body = $3",
                              schema::table::kRoles),
                  {fields.account, fields.role, entry.body});
}

}  // namespace

bool IsRoleKind(std::string_view kind) {
  return kind == schema::kRoleGrantKind || kind == schema::kRoleRevokeKind;
}

Result<void> CheckRoleAct(const EngineState& state, const Act& act) {
  SOVET_TRY(RoleFields fields, Fields(act));
  if (state.FindBody(act.body) < 0) {
    return Error(Status::InvalidInput(
        fmt::format("{}: body \"{}\" is not created (body.create); a role is held on a body "
                    "(SYSTEM.md §10)",
                    act.kind, act.body),
        SourceLocation{.field = "body"}));
  }
  const bool held = state.roles.count({fields.account, fields.role, act.body}) != 0;
  if (act.kind == schema::kRoleGrantKind && held) {
    return Error(
        Status::AlreadyExists(fmt::format("role.grant: account \"{}\" already holds {} on {}",
                                          fields.account, fields.role, act.body),
                              SourceLocation{.field = field::kRole}));
  }
  if (act.kind == schema::kRoleRevokeKind && !held) {
    return Error(
        Status::InvalidInput(fmt::format("role.revoke: account \"{}\" does not hold {} on {}",
                                         fields.account, fields.role, act.body),
                             SourceLocation{.field = field::kRole}));
  }
  if (!fields.by.empty() && state.roles.count({fields.by, "admin", act.body}) == 0) {
    return Error(Status::InvalidInput(
        fmt::format("{}: account \"{}\" does not hold admin on {}, and only an admin of a body "
                    "(or the operator) grants and revokes roles on it (SYSTEM.md §10)",
                    act.kind, fields.by, act.body),
        SourceLocation{.field = field::kBy}));
  }
  return {};
}

void ApplyRoleAct(EngineState& state, const Act& act) {
  const std::string& account = act.fields.at(field::kAccount).text();
  const std::string& role = act.fields.at(field::kRole).text();
  if (act.kind == schema::kRoleGrantKind) {
    state.roles.emplace(account, role, act.body);
  } else {
    state.roles.erase({account, role, act.body});
  }
}

void AddRoleProjection(Projector& projector) {
  projector.AddTable(StateTable{
      .name = schema::table::kRoles,
      .columns = "account TEXT NOT NULL, role TEXT NOT NULL, body TEXT NOT NULL, "
                 "seq BIGINT NOT NULL, by_account TEXT NOT NULL, PRIMARY KEY (account, role, body)",
      .order_by = "account, role, body"});
  projector.AddKind(schema::kRoleGrantKind, &CheckForm, &ApplyGrant);
  projector.AddKind(schema::kRoleRevokeKind, &CheckForm, &ApplyRevoke);
}

}  // namespace engine
}  // namespace sovet
