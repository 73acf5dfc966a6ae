#!/usr/bin/env bash
# A journal of the federation's councils for the web's council forms
# (doc/operating.md's walkthrough, its first steps): the register, the
# bodies, the Rope Works' works council elected by STV and verified, the
# bakery's election called and nominated but not recorded, and accounts
# holding the roles: ec (electoral commission), mc (mandates commission)
# and sec (secretary) on the works council, the shop committee and the
# congress; nobody holds none. With --petition, a recall petition
# rw-003-recall is opened against rw-003 too. SOVET_EXTRA_ELECTORS=N adds
# N electors bx-0000000 ... to the Rope Works' register (a benchmark's).
#   council_journal.sh SOVET DB_FILE SOURCE_DIR [--petition]
set -euo pipefail
sovet=$1
db="sqlite:$2"
src=$3
work=$(mktemp -d /tmp/sovet-council.XXXXXX)
trap 'rm -rf "$work"' EXIT
s() { "$sovet" "$@" --db "$db" >/dev/null; }
s init --charter "$src/charters/federation.toml"
s register import --census "$src/data/census/federation-example.csv" --date 2026-01-10 \
  "$src/data/register/federation-persons.csv"
s bodies create --census "$src/data/census/federation-example.csv" --date 2026-01-10
s election call --date 2026-02-02 --body works_council:rope-works --id rope-works-2026 \
  --held-on 2026-02-20
s election call --date 2026-02-02 --body shop_committee:bakery --id bakery-2026 \
  --held-on 2026-02-20
s election nominate --date 2026-02-05 --id rope-works-2026 \
  rw-001 rw-002 rw-003 rw-004 rw-005 rw-006 rw-007
s election nominate --date 2026-02-05 --id bakery-2026 bk-001 bk-002 bk-003 bk-004
cat >"$work/rope-works.blt" <<'BLT'
7 5
6 1 2 3 0
5 2 1 0
4 3 4 5 0
3 4 6 0
3 5 7 1 0
2 6 5 0
1 7 0
0
"rw-001"
"rw-002"
"rw-003"
"rw-004"
"rw-005"
"rw-006"
"rw-007"
"Works council of the Rope Works, 2026"
BLT
s election record --date 2026-02-20 --id rope-works-2026 --ballots "$work/rope-works.blt"
s election verify --date 2026-02-23 --id rope-works-2026
for name in ec mc sec nobody; do
  echo "password-$name" | "$sovet" user add "$name" --db "$db" >/dev/null
done
for body in works_council:rope-works shop_committee:bakery shop_committee:bookshop congress:fed; do
  s user grant ec electoral_commission "$body"
  s user grant mc mandates_commission "$body"
  s user grant sec secretary "$body"
done
if [[ "${SOVET_EXTRA_ELECTORS:-0}" -gt 0 ]]; then
  echo "id,unit,name,birth_date,status" >"$work/persons.csv"
  awk -v n="$SOVET_EXTRA_ELECTORS" 'BEGIN { for (i = 0; i < n; i++)
    printf "bx-%07d,rope-works,Elector %d,1980-01-01,\n", i, i }' >>"$work/persons.csv"
  s register import --census "$src/data/census/federation-example.csv" --date 2026-03-01 \
    "$work/persons.csv"
fi
if [[ "${4:-}" == "--petition" ]]; then
  s recall open --date 2026-06-15 --petition rw-003-recall --body works_council:rope-works \
    --person rw-003
fi
