#!/bin/bash
# Every tab and every Health view on whatever server the fixture runs (tools/check runs it on
# PostgreSQL 16, 17 and 18 too, with tools/pg-major): --once of each tab in each format and each
# bookings view has rows and nothing on stderr; in the console, each Health view (activity,
# blocking, tables, indexes, statements from pg_stat_statements, replication) shows its figures
# and no error, also with pg_stat_statements at the version an upgrade leaves. A column a new
# major renamed in a pg_stat view fails here.
# SD_WANT_MAJOR=N: fail unless the server is PostgreSQL N (so a stage cannot test 15 by mistake).
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

bin="$top_builddir/salondesk"
num=$(psql_fixture "show server_version_num")
if [ -n "${SD_WANT_MAJOR:-}" ] && [ "$((num / 10000))" != "$SD_WANT_MAJOR" ]; then
    fail "the fixture runs PostgreSQL $num, not $SD_WANT_MAJOR"
fi
note "PostgreSQL $(psql_fixture "show server_version")"
psql_fixture "show shared_preload_libraries" | grep -q pg_stat_statements ||
    hard_error "pg_stat_statements is not preloaded"

# once TAB ARGS...: --once TAB succeeds, says nothing on stderr, and prints a header and rows.
once() {
    local tab=$1 out err
    shift
    err=$(mktemp "${TMPDIR:-/tmp}/sd-views.XXXXXX")
    out=$("$bin" --once "$tab" "$@" 2>"$err") || fail "--once $tab $*: exit $?: $(cat "$err")"
    [ -s "$err" ] && fail "--once $tab $*: stderr: $(cat "$err")"
    rm -f "$err"
    [ "$(printf '%s\n' "$out" | grep -c .)" -ge 2 ] || fail "--once $tab $*: no rows: $out"
    printf '%s\n' "$out"
}
for tab in salons bookings threads health; do
    once "$tab" >/dev/null
    once "$tab" --format csv >/dev/null
    once "$tab" --format json | python3 -c 'import json, sys; json.load(sys.stdin)' ||
        fail "--once $tab --format json is not JSON"
done
for view in day week month agenda; do
    once bookings --view "$view" --format csv >/dev/null
done
# The figures of pg_stat_database and the activity: numbers, not empty.
sum=$(once health --format csv)
for metric in tps rows_read_per_s cache_hit_pct db_size_bytes uptime_s oldest_xmin_age; do
    printf '%s\n' "$sum" | grep -Eq "^$metric,[0-9][0-9.]*"$'\r$' || fail "health: no $metric: $sum"
done

# A lock held and one waiter, for the blocking view.
sessions() {
    psql_fixture "select count(*) from pg_stat_activity where application_name like 'sdv-%' and $1"
}
PGAPPNAME=sdv-holder psql -X -q -c "select pg_advisory_lock(77)" -c "select pg_sleep(60)" >/dev/null 2>&1 &
holder=$!
PGAPPNAME=sdv-waiter psql -X -q -c "select pg_sleep(0.5)" -c "select pg_advisory_lock(77)" >/dev/null 2>&1 &
waiter=$!
trap 'psql_fixture "select pg_terminate_backend(pid) from pg_stat_activity where application_name like '"'sdv-%'"'" >/dev/null 2>&1; kill $holder $waiter 2>/dev/null; tm_cleanup' EXIT
for _ in $(seq 100); do [ "$(sessions "wait_event_type = 'Lock'")" = 1 ] && break; sleep 0.1; done
[ "$(sessions "wait_event_type = 'Lock'")" = 1 ] || hard_error "the waiter does not wait"

# no_error VIEW: the screen shows no error from the server.
no_error() {
    tm_screen | grep -Eq 'ERROR|does not exist|error: |failed: ' && fail "$1 view: $(tm_screen)"
    return 0
}
tm_start 160 40 -- --refresh 1
tm_keys 4
tm_wait_for 'connections [0-9]+ of [0-9]+' 10
tm_wait_for 'ROOT .*sdv-holder' 10; no_error activity
tm_keys b; tm_wait_for '[0-9]+  blocks 1' 10; no_error blocking
tm_keys t; tm_wait_for 'public\.messages' 10; tm_wait_for 'Dead %' 10; no_error tables
tm_keys x; tm_wait_for 'bookings_salon_id_start_ts_idx' 10; no_error indexes
tm_keys S; tm_wait_for 'Since reset' 10
tm_wait_for '[0-9]+ +[0-9.]+ +[0-9]+ .*(SELECT|select)' 10; no_error statements
tm_keys R; tm_wait_for 'No standby streams from this server' 10
tm_wait_for 'Kind +Name +Client +State' 10; no_error replication
tm_keys q
tm_wait_exit 5 >/dev/null

# pg_stat_statements as a server upgrade leaves it (until ALTER EXTENSION ... UPDATE): version
# 1.7 names its columns total_time and mean_time, and has no pg_stat_statements_info, on any
# major. The statements view reads the columns the extension has.
old="sd_views_$$"
trap 'psql_fixture "select pg_terminate_backend(pid) from pg_stat_activity where application_name like '"'sdv-%'"'" >/dev/null 2>&1; kill $holder $waiter 2>/dev/null; tm_cleanup; psql_fixture "drop database if exists $old" >/dev/null 2>&1' EXIT
psql_fixture "create database $old" >/dev/null || hard_error "create database $old"
psql -X -q -d "$old" -c "create extension pg_stat_statements version '1.7'" >/dev/null ||
    hard_error "pg_stat_statements 1.7"
tm kill-server 2>/dev/null || true
tm_start 160 40 PGDATABASE="$old" -- --refresh 1
tm_keys 4
tm_wait_for 'connections [0-9]+ of [0-9]+' 10
tm_keys S; tm_wait_for 'Calls/ref.*Query' 10
tm_wait_for '[0-9]+ +[0-9.]+ +[0-9]+ .*(SELECT|select)' 10; no_error "statements (1.7)"
tm_keys q
tm_wait_exit 5 >/dev/null
exit 0
