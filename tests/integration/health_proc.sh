#!/bin/bash
# Per-backend figures from /proc: the fixture runs on this host, so a backend counting through
# generate_series shows CPU % above 0, memory and read/write rates, the summary has the host's
# load and memory; under a host name that is not this machine's the columns stay empty and the
# reason is said.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"

bin="$top_builddir/salondesk"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-hproc.XXXXXX")
pids=()
cleanup() {
    psql_fixture "select pg_terminate_backend(pid) from pg_stat_activity where application_name like 'sdp-%'" >/dev/null 2>&1
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"

bg_psql() { # bg_psql APPNAME SQL...: a session of sd_support in the background
    local app=$1 a args=()
    shift
    for a in "$@"; do args+=(-c "$a"); done
    PGAPPNAME=$app psql -X -q -U sd_support -d "${PGDATABASE:-whatsapp_saas}" "${args[@]}" >/dev/null 2>&1 &
    pids+=($!)
}
wait_for_sql() {
    for _ in $(seq 100); do
        [ "$(psql_fixture "$1")" = "$2" ] && return 0
        sleep 0.1
    done
    fail "timed out waiting for: $1 = $2 (got $(psql_fixture "$1"))"
}

busy="select count(*) from generate_series(1,50000000)"
bg_psql sdp-busy "$busy" "$busy" "$busy" "$busy" "$busy" "$busy"
bg_psql sdp-sleep "select pg_sleep(60)"
wait_for_sql "select count(*) from pg_stat_activity where application_name = 'sdp-busy' and state = 'active'" 1
wait_for_sql "select count(*) from pg_stat_activity where application_name = 'sdp-sleep' and wait_event = 'PgSleep'" 1
bpid=$(psql_fixture "select pid from pg_stat_activity where application_name = 'sdp-busy'")
spid=$(psql_fixture "select pid from pg_stat_activity where application_name = 'sdp-sleep'")

"$bin" --once health --format json >"$tmp/h.json" 2>"$tmp/err" || fail "--once health exited $?: $(cat "$tmp/err")"
python3 - "$tmp/h.json" "$bpid" "$spid" <<'PY' || fail "local figures: $(cat "$tmp/h.json")"
import json, sys
d = json.load(open(sys.argv[1]))
act = {r["pid"]: r for r in d["activity"]}
busy, sleep = act[sys.argv[2]], act[sys.argv[3]]
assert busy["cpu_pct"] is not None and float(busy["cpu_pct"]) > 0, busy
assert float(busy["cpu_pct"]) <= 100 * 64, busy
assert sleep["cpu_pct"] is not None and float(sleep["cpu_pct"]) < 50, sleep
for r in (busy, sleep):
    assert r["mem"] and r["mem"][0].isdigit(), r
    assert r["read"] and (r["read"].endswith("/s") or r["read"] == "hidden"), r
    assert r["write"] and (r["write"].endswith("/s") or r["write"] == "hidden"), r
s = {m["metric"]: m["value"] for m in d["summary"]}
assert s["per_process"] == "local", s
assert float(s["host_load_1m"]) >= 0, s
assert int(s["host_mem_total_kb"]) > int(s["host_mem_available_kb"]) > 0, s
PY

# The same server under a name that is not this host's (libpq connects to hostaddr): no figures.
PGHOST=db.remote.example PGHOSTADDR=127.0.0.1 PGPORT="$SALONDESK_FIXTURE_PORT" \
    "$bin" --once health --format json >"$tmp/r.json" 2>"$tmp/err" ||
    fail "remote --once health exited $?: $(cat "$tmp/err")"
python3 - "$tmp/r.json" "$bpid" <<'PY' || fail "remote figures: $(cat "$tmp/r.json")"
import json, sys
d = json.load(open(sys.argv[1]))
act = {r["pid"]: r for r in d["activity"]}
assert act[sys.argv[2]]["cpu_pct"] is None, act[sys.argv[2]]
s = {m["metric"]: m["value"] for m in d["summary"]}
assert s["per_process"] == "per-process figures: server not on this host", s
assert s["host_load_1m"] is None, s
PY
exit 0
