#!/bin/bash
# The Health tab against real sessions: one holder of a row lock with three sessions waiting
# behind it (the blocking tree has the holder at its root and the three waiters below it), an
# idle-in-transaction session, a long transaction, a session of another role; --once health in
# every format; pg_monitor-only and no-privilege roles see it without errors.
set -u
. "$(dirname "$0")/../lib.sh"
need_private_fixture "$@"  # counts sessions and locks: other tests must not add theirs

bin="$top_builddir/salondesk"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-health.XXXXXX")
pids=()
cleanup() {
    psql_fixture "select pg_terminate_backend(pid) from pg_stat_activity where application_name like 'sdh-%'" >/dev/null 2>&1
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    [ -s "$tmp/idle.pid" ] && kill "$(cat "$tmp/idle.pid")" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"

bg_psql() { # bg_psql APPNAME USER SQL...: a session in the background
    local app=$1 user=$2 a args=()
    shift 2
    for a in "$@"; do args+=(-c "$a"); done
    PGAPPNAME=$app psql -X -q -U "$user" -d "${PGDATABASE:-whatsapp_saas}" "${args[@]}" >/dev/null 2>&1 &
    pids+=($!)
}
pid_of() { psql_fixture "select pid from pg_stat_activity where application_name = '$1'"; }
wait_for_sql() { # wait_for_sql SQL WANT: polls until the query prints WANT (10 s)
    for _ in $(seq 100); do
        [ "$(psql_fixture "$1")" = "$2" ] && return 0
        sleep 0.1
    done
    fail "timed out waiting for: $1 = $2 (got $(psql_fixture "$1"))"
}

id=$(psql_fixture "select id from salons order by id limit 1")
bg_psql sdh-holder postgres "begin" "update salons set name = name where id = '$id'" "select pg_sleep(60)"
wait_for_sql "select count(*) from pg_stat_activity where application_name = 'sdh-holder' and wait_event = 'PgSleep'" 1
for i in 1 2 3; do
    bg_psql sdh-waiter$i postgres "update salons set name = name where id = '$id'"
    wait_for_sql "select count(*) from pg_stat_activity where application_name like 'sdh-waiter%' and wait_event_type = 'Lock'" $i
done
bg_psql sdh-idletx postgres "begin" "select 1" "select pg_sleep(60)"
# idle in transaction: a psql that keeps its transaction open while reading nothing
# (its sleep is killed at the end, or the final wait would last the whole minute)
{ echo "begin; select count(*) from salons;"; sleep 60 & echo $! >"$tmp/idle.pid"; wait; } | PGAPPNAME=sdh-idle psql -X -q -U sd_support -d "${PGDATABASE:-whatsapp_saas}" >/dev/null 2>&1 &
pids+=($!)
wait_for_sql "select count(*) from pg_stat_activity where application_name = 'sdh-idle' and state = 'idle in transaction'" 1
holder=$(pid_of sdh-holder)
w1=$(pid_of sdh-waiter1) w2=$(pid_of sdh-waiter2) w3=$(pid_of sdh-waiter3)

# Text: the tree has the holder at its root, blocking 3, and every waiter below it.
out=$("$bin" --once health 2>"$tmp/err") || fail "--once health exited $?: $(cat "$tmp/err")"
[ -s "$tmp/err" ] && fail "stderr: $(cat "$tmp/err")"
# Two samples a second apart: the rates are there.
echo "$out" | grep -Eq '^tps +[0-9]+\.[0-9]$' || fail "--once health without a TPS rate: $out"
echo "$out" | grep -Eq '^rows_read_per_s +[0-9]+$' || fail "--once health without a rows rate"
tree=$(echo "$out" | sed -n '/^Blocking$/,$p')
echo "$tree" | grep -Eq "^$holder  blocks 3 " || fail "holder $holder is not a root blocking 3: $tree"
[ "$(echo "$tree" | grep -c 'blocks [0-9]')" = 1 ] || fail "more than one root: $tree"
for w in "$w1" "$w2" "$w3"; do
    echo "$tree" | grep -Eq "(├─|└─) $w " || fail "waiter $w not in the tree: $tree"
done
echo "$tree" | grep -q 'ShareLock\|ExclusiveLock' || fail "no lock mode in the tree: $tree"
# Activity marks the root and the waiters, shows the idle-in-transaction session of another role.
act=$(echo "$out" | sed -n '/^Activity$/,/^Blocking$/p')
echo "$act" | grep -Eq "^ROOT +$holder " || fail "holder not marked ROOT: $act"
for w in "$w1" "$w2" "$w3"; do
    echo "$act" | grep -Eq "^wait(\+blk)? +$w " || fail "waiter $w not marked: $act"
done
echo "$act" | grep -Eq "sd_support .*idle in transaction" || fail "idle-in-transaction session of sd_support missing"
echo "$act" | grep -Eq "^me +[0-9]+ +postgres .*salondesk" || fail "own session not marked"
echo "$out" | grep -Eq '^waiting +3$' || fail "summary: waiting should be 3: $(echo "$out" | grep waiting)"
echo "$out" | grep -Eq '^max_connections +[0-9]+$' || fail "summary: max_connections"
echo "$out" | grep -Eq '^longest_xact_s +[0-9.]+$' || fail "summary: longest transaction"
echo "$out" | grep -Eq '^db_size_bytes +[1-9][0-9]*$' || fail "summary: database size"
want=$(psql_fixture "select count(*) from webhook_logs where created_at >= (now() at time zone 'UTC') - interval '1 hour' and (error is not null or lower(status) in ('error', 'failed'))")
echo "$out" | grep -Eq "^webhook_errors_1h +$want$" || fail "webhook errors: want $want: $(echo "$out" | grep webhook)"

# CSV and JSON: the same tree, well formed.
csv=$("$bin" --once health --format csv) || fail "csv exit $?"
echo "$csv" | grep -q "^# blocking" || fail "csv sections"
echo "$csv" | grep -Eq "^$holder  blocks 3,$holder," || fail "csv tree root"
"$bin" --once health --format json >"$tmp/h.json" || fail "json exit $?"
python3 - "$tmp/h.json" "$holder" "$w1" "$w2" "$w3" <<'PY' || fail "json"
import json, sys
d = json.load(open(sys.argv[1]))
roots = [r for r in d["blocking"] if "blocks" in r["tree"]]
assert [r["pid"] for r in roots] == [sys.argv[2]], roots
assert {r["pid"] for r in d["blocking"]} >= set(sys.argv[3:6]), d["blocking"]
assert any(m["metric"] == "connections" for m in d["summary"])
PY

# pg_monitor only (sd_dba) sees the others' query text; sd_plain sees the pane without errors.
out=$(PGUSER=sd_dba "$bin" --once health 2>&1) || fail "sd_dba: $out"
echo "$out" | grep -q "update salons set name = name" || fail "sd_dba cannot read the waiters' query text"
echo "$out" | grep -Eq "^$holder  blocks 3 " || fail "sd_dba: tree"
out=$(PGUSER=sd_plain "$bin" --once health 2>&1) || fail "sd_plain: rc $?: $out"
echo "$out" | grep -q '<insufficient privilege>' || fail "sd_plain should see <insufficient privilege>"
echo "$out" | grep -Eq 'ERROR|error: ' && fail "sd_plain sees an error: $out"
echo "$out" | grep -Eq "^$holder  blocks 3 " || fail "sd_plain: the tree from pg_locks: $out"

# Without pg_monitor, what the role cannot see is counted and named, with the grant that would
# show it; the logical replication launcher (a background worker) is not a connection.
out=$(PGUSER=sd_plain "$bin" --once health --format csv 2>&1) || fail "sd_plain csv: $out"
want=$(psql_fixture "select count(*) from pg_stat_activity where backend_type = 'client backend' and usename <> 'sd_plain' and pid <> pg_backend_pid()")
got=$(echo "$out" | sed -n 's/^hidden_sessions,//p' | tr -d '\r')
[ "$got" = "$want" ] || fail "sd_plain: hidden_sessions ${got:-none}, want $want: $out"
echo "$out" | grep -q "hidden from sd_plain; to show them, an administrator can run: GRANT pg_monitor TO sd_plain;" ||
    fail "sd_plain: no GRANT pg_monitor hint: $out"
conns=$(echo "$out" | sed -n 's/^connections,//p' | tr -d '\r')
[ "$conns" = "$(psql_fixture "select count(*) + 1 from pg_stat_activity where backend_type = 'client backend' and usename <> 'sd_plain' and pid <> pg_backend_pid()")" ] ||
    fail "sd_plain: connections $conns counts more than the client backends"
out=$(PGUSER=sd_dba "$bin" --once health --format csv 2>&1) || fail "sd_dba csv: $out"
echo "$out" | grep -q '^hidden_sessions,0' || fail "sd_dba (pg_monitor) has hidden sessions: $out"

# What the console sent: no SELECT *, no EXPLAIN ANALYZE.
log=$("$top_srcdir/tests/fixture/pgfixture" log)
grep 'salondesk' "$log" | grep -qi 'select \*' && fail "SELECT * in the console's SQL"
exit 0
