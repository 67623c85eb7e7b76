#!/bin/bash
# Replication, both sides, against a real streaming standby (pg_basebackup -R of the fixture):
# an idle primary makes no lag alert on a caught-up standby; a paused replay with writes on the
# primary shows PAUSED, the bytes behind, the warning, then the critical; a standby that stops is
# reported gone by the primary's console until acknowledged (A), while --once (which cannot
# remember) shows no standby row; --once health carries every figure in text, CSV and JSON.
set -u
. "$(dirname "$0")/../lib.sh"
PGFIXTURE_ARGS=--replication need_private_fixture "$@" # starts and stops a standby of its own
. "$top_srcdir/tests/tmux.sh"

bin="$top_builddir/salondesk"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-repl.XXXXXX")
chmod 755 "$tmp"
trap 'standby_stop immediate; tm_cleanup; rm -rf "$tmp"' EXIT
# Small thresholds keep the test short: warning at 1.5 s, critical at 3 s.
mkdir -p "$XDG_CONFIG_HOME/salondesk"
printf 'thresholds:\n  replication_lag_seconds: [1.5, 3]\n' >"$XDG_CONFIG_HOME/salondesk/config.yaml"

standby_start "$tmp/standby" sd_standby1
on_standby() { PGHOST=$STANDBY_DIR PGPORT=$STANDBY_PORT "$@"; }
once() { # once PRIMARY|STANDBY FORMAT [USER]: --once health there
    local out
    if [ "$1" = standby ]; then
        out=$(PGUSER=${3:-postgres} on_standby "$bin" --once health --format "$2" 2>"$tmp/err")
    else
        out=$(PGUSER=${3:-postgres} "$bin" --once health --format "$2" 2>"$tmp/err")
    fi || fail "--once health on the $1 exited $?: $(cat "$tmp/err")"
    [ -s "$tmp/err" ] && fail "--once health on the $1: stderr: $(cat "$tmp/err")"
    printf '%s\n' "$out"
}
metric() { # metric JSON NAME: the summary value of NAME ("null" when unknown)
    printf '%s\n' "$1" | sed -n "s/.*{\"metric\": \"$2\", \"value\": \\(\"[^\"]*\"\\|null\\)}.*/\\1/p" | tr -d '"'
}
caught_up() {
    for _ in $(seq 100); do
        [ "$(psql_standby "select pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() and pg_last_wal_receive_lsn() >= '$(psql_fixture 'select pg_current_wal_lsn()')'")" = t ] && return 0
        sleep 0.1
    done
    fail "the standby did not catch up"
}

# An inactive slot that holds WAL, and a write so that it holds some.
psql_fixture "select pg_create_physical_replication_slot('sd_idle_slot', true)" >/dev/null
psql_fixture "create table sd_repl_t (i int)" "insert into sd_repl_t select generate_series(1, 1000)"
caught_up

# 1. The primary idle for longer than the critical threshold: now() - the last replayed commit
# grows past 3 s, but nothing waits to be replayed, so there is no lag and no alert.
sleep 3.5
[ "$(psql_standby "select extract(epoch from now() - pg_last_xact_replay_timestamp()) > 3")" = t ] ||
    hard_error "the last replayed transaction is not older than the critical threshold"
j=$(once standby json)
[ "$(metric "$j" role)" = standby ] || fail "the standby does not say standby: $j"
[ "$(metric "$j" replication_level)" = ok ] || fail "false alert on an idle, caught-up standby: $j"
[ "$(metric "$j" replay_lag_s)" = 0.0 ] || fail "replay lag on a caught-up standby: $j"
[ "$(metric "$j" replay_behind_bytes)" = 0 ] || fail "bytes behind on a caught-up standby: $j"
[ "$(metric "$j" wal_receiver)" = streaming ] || fail "the WAL receiver is not streaming: $j"
[ "$(metric "$j" replay)" = "not paused" ] || fail "the replay state: $j"
printf '%s\n' "$j" | grep -q '"kind": "wal receiver", .*"state": "streaming"' || fail "no receiver row: $j"
t=$(once standby text)
printf '%s\n' "$t" | grep -Eq '^replay_lag_s +0\.0$' || fail "text: replay_lag_s: $t"
printf '%s\n' "$t" | grep -Eq '^wal_receiver_last_msg_s +[0-9]+\.[0-9]$' || fail "text: last message: $t"
c=$(once standby csv)
printf '%s\n' "$c" | grep -q '^# replication' || fail "csv: no replication section: $c"
printf '%s\n' "$c" | grep -q '^,replay,this standby,,,replaying,' || fail "csv: no replay row: $c"

# The live console on the standby: STANDBY, no alert while idle.
tm_start 200 40 "PGHOST=$STANDBY_DIR" "PGPORT=$STANDBY_PORT" -- --refresh 0.5
tm_keys 4
tm_wait_for 'STANDBY +receiver streaming'
tm_keys R
tm_wait_for 'wal receiver +.*streaming'
sleep 1
tm_screen | grep -Eq 'CRIT|WARN' && fail "an alert on an idle, caught-up standby: $(tm_screen)"

# 2. Replay paused, then writes on the primary: PAUSED, bytes behind, the warning (1.5 s after the
# last replayed commit), then the critical (3 s).
psql_fixture "insert into sd_repl_t values (0)"
t_commit=$(date +%s%N)
caught_up
psql_standby "select pg_wal_replay_pause()" >/dev/null
for _ in $(seq 50); do [ "$(psql_standby "select pg_get_wal_replay_pause_state()")" = paused ] && break; sleep 0.1; done
psql_fixture "insert into sd_repl_t select generate_series(1, 5000)"
tm_wait_for 'STANDBY PAUSED' 5
tm_wait_for 'replay +this standby +PAUSED' 5
# The lag counts from the last replayed commit (t_commit); a slow machine may take longer than
# the thresholds to get here, so the first alert seen is the one its age calls for.
tm_wait_for '(WARN|CRIT) +replay +this standby' 5
age_ms=$(( ($(date +%s%N) - t_commit) / 1000000 ))
if tm_screen | grep -q 'CRIT +replay +this standby'; then
    [ "$age_ms" -ge 2500 ] || fail "critical $age_ms ms after the last replayed commit (< 3 s): $(tm_screen)"
else
    [ "$age_ms" -lt 4500 ] || fail "only a warning $age_ms ms after the last replayed commit: $(tm_screen)"
fi
tm_wait_for 'CRIT +replay +this standby' 5
# The 5000 rows reach the standby's WAL receiver on their own time; the strip follows on a refresh.
tm_wait_for 'behind [0-9.]+ kB' 10
j=$(once standby json)
[ "$(metric "$j" replay)" = paused ] || fail "json: the replay is not paused: $j"
[ "$(metric "$j" replication_level)" = crit ] || fail "json: not critical: $j"
b=$(metric "$j" replay_behind_bytes)
[ "${b:-0}" -gt 0 ] 2>/dev/null || fail "json: no bytes behind: $j"
tm_quit_within 3000 "on the standby"
psql_standby "select pg_wal_replay_resume()" >/dev/null
caught_up

# 3. The primary: the standby with its figures, the idle slot flagged; a role without pg_monitor
# sees "hidden", never a figure that looks known.
j=$(once primary json)
[ "$(metric "$j" role)" = primary ] || fail "the primary does not say primary: $j"
[ "$(metric "$j" standbys)" = 1 ] || fail "json: standbys: $j"
printf '%s\n' "$j" | grep -Eq '"kind": "standby", "name": "sd_standby1", .*"state": "streaming", "sync": "async", "sent_bytes": "0", "write_bytes": "[0-9]+", "flush_bytes": "[0-9]+", "replay_bytes": "[0-9]+", "write_lag_s": "[0-9.]+", "flush_lag_s": "[0-9.]+", "replay_lag_s": "[0-9.]+"' ||
    fail "json: the standby row: $j"
printf '%s\n' "$j" | grep -Eq '"alert": "WARN", "kind": "slot", "name": "sd_idle_slot", .*"state": "inactive", .*"retained_bytes": "[1-9][0-9]*"' ||
    fail "json: the inactive slot: $j"
j=$(once primary json sd_plain)
printf '%s\n' "$j" | grep -Eq '"kind": "standby", "name": "sd_standby1", "client": "hidden", "pid": "[0-9]+", "state": "hidden", "sync": "hidden", "sent_bytes": "hidden"' ||
    fail "json as sd_plain: the standby row is not hidden: $j"
[ "$(metric "$j" standbys_hidden)" = 1 ] || fail "json as sd_plain: standbys_hidden: $j"

# 4. The standby stops: the live console on the primary remembers it and says it is gone, in
# red, until A acknowledges it; --once shows no standby row.
tm_start 200 40 -- --refresh 0.5
tm_keys 4
tm_wait_for 'standbys 1'
tm_keys R
tm_wait_for 'standby +sd_standby1 +.*streaming'
standby_stop fast
tm_wait_for 'CRIT +standby +sd_standby1 +GONE' 10
tm_wait_for 'CRIT standby sd_standby1 is gone'
sleep 1
tm_screen | grep -q 'sd_standby1 .*GONE' || fail "the gone standby did not stay: $(tm_screen)"
j=$(once primary json)
[ "$(metric "$j" standbys)" = 0 ] || fail "json after the stop: standbys: $j"
printf '%s\n' "$j" | grep -q '"kind": "standby"' && fail "json after the stop: a standby row: $j"
t=$(once primary text)
printf '%s\n' "$t" | grep -q '^no standby streams from this server$' || fail "text: no words for no standby: $t"
tm_keys A
tm_wait_for 'acknowledged: 1 standby gone'
tm_wait_gone 'GONE'
tm_wait_for 'No standby streams from this server'
tm_screen | grep -q 'CRIT' && fail "still critical after A: $(tm_screen)"
tm_quit_within 3000 "on the primary"
echo "PASS"
