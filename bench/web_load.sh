#!/usr/bin/env bash
# The council's web forms and pages under wrk on loopback (doc/web.md
# "Figures"): a federation's journal on SQLite with ELECTORS extra electors
# in the Rope Works' register and a recall petition open against one of its
# deputies (tests/data/server/council_journal.sh, made once into out/ and
# copied for each run), served by `sovet serve`; then
#   1. page reads/s of the body's council page and of the petition's page
#      (keep-alive, CONNECTIONS connections, 2 wrk threads);
#   2. durable writes/s through the recall-signature form: each request is
#      one signature of a new elector, a recall.sign act checked by the
#      engine and durable in the journal before the 303 answers;
#   3. acknowledged (303) against journalled: the petition's signatures.
#   bench/web_load.sh                       DURATION=10s CONNECTIONS=32 ELECTORS=100000
#   DURATION=5s WRITERS=8 bench/web_load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || scripts/install-deps --bench
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(cd .. && pwd)}
scripts/build sovet >/dev/null
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
writers=${WRITERS:-8}
electors=${ELECTORS:-100000}
made=out/bench-web-$electors.db
mkdir -p out
if [[ ! -f "$made" ]]; then
  echo "web_load: making the federation's journal with $electors more electors (once)" >&2
  rm -f "$made" "$made.key"
  SOVET_EXTRA_ELECTORS=$electors tests/data/server/council_journal.sh build/sovet "$made" "$PWD" \
    --petition
fi
work=$(mktemp -d /tmp/sovet-web-load.XXXXXX)
cp "$made" "$work/web.db"
cp "$made.key" "$work/web.db.key"
db="sqlite:$work/web.db"
build/sovet serve --db "$db" --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
address=""
for _ in $(seq 1 100); do
  address=$(sed -n 's/^open \(http[^ ]*\) .*/\1/p' "$work/serve.log")
  [[ -n "$address" ]] && break
  sleep 0.1
done
[[ -n "$address" ]] || { cat "$work/serve.log" >&2; exit 1; }
address=${address%/}
body=/bodies/works_council:rope-works
petition=$body/petitions/rw-003-recall
# The electoral commission signs in (the API gives the session's token).
session=$(curl -s -D "$work/headers" -H 'Content-Type: application/json' \
  -d '{"name":"ec","password":"password-ec"}' "$address/api/v1/session")
csrf=$(sed 's/.*"csrf":"\([0-9a-f]*\)".*/\1/' <<<"$session")
cookie=$(sed -n 's/^Set-Cookie: \(sovet_session=[0-9a-f]*\).*/\1/p' "$work/headers" | tr -d '\r')
load() { echo "(load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(date -u +%FT%TZ))"; }
for target in "$body/council" "$petition"; do
  curl -s -o /dev/null "$address$target"
  echo "== GET $target: wrk -t2 -c$connections -d$duration --latency $(load)"
  wrk -t2 -c"$connections" -d"$duration" --latency "$address$target" |
    grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx|errors'
done
echo "== POST $petition/sign, one signature per request: wrk -t2 -c$writers -d$duration $(load)"
wrk -t2 -c"$writers" -d"$duration" --latency -s bench/web_sign.lua "$address$petition/sign" \
  -- "$csrf" "$cookie" 2 2026-06-16 | tee "$work/wrk.out" |
  grep -E 'requests in|Requests/sec|^ +(50|90|99)%|Non-2xx|errors'
kill -TERM $server
wait $server 2>/dev/null || true
sent=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/wrk.out")
refused=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$work/wrk.out")
journalled=$(build/sovet recall show --petition rw-003-recall --format json --db "$db" |
  sed -n 's/.*"signatures": \([0-9]*\).*/\1/p')
echo "answered: $sent (refused: ${refused:-0}); signatures in the journal: $journalled"
echo "reproduce: bench/web_load.sh (DURATION=$duration CONNECTIONS=$connections WRITERS=$writers ELECTORS=$electors)"
