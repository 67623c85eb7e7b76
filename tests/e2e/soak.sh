#!/bin/bash
# A soak of every tab at a 0.1 s refresh (RELIABILITY T33): pgbench opens and closes connections
# all the while, so pg_stat_activity churns, and the keys go round the Health views, the salons,
# a day of bookings and a thread scrolled up and down. Memory must not grow: resident memory
# after the last round is within 5% of what it was after the first one (rounds end on the same
# screen). The process must live through it, and quit cleanly.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

command -v pgbench >/dev/null || hard_error "pgbench is missing (it comes with the postgresql package)"
db=sd_soak
bench=
cleanup_soak() {
    [ -n "$bench" ] && kill "$bench" 2>/dev/null && wait "$bench" 2>/dev/null
    psql_fixture "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}
trap 'cleanup_soak; tm_cleanup' EXIT
psql_fixture "SET client_min_messages = warning" "DROP DATABASE IF EXISTS $db" "CREATE DATABASE $db" >/dev/null
pgbench -i -q -s 1 -h "$PGHOST" -p "$PGPORT" -U postgres "$db" >"$TM_DIR/pgbench-init.log" 2>&1 ||
    { cat "$TM_DIR/pgbench-init.log"; hard_error "pgbench -i failed"; }
# -C: a new connection for every transaction.
pgbench -C -S -c 3 -T 120 -h "$PGHOST" -p "$PGPORT" -U postgres "$db" >"$TM_DIR/pgbench.log" 2>&1 &
bench=$!

phone=$(psql_fixture "select phone_number from messages group by salon_id, phone_number order by count(*) desc limit 1")
tm_start 120 40 -- --refresh 0.1
tm_wait_for ' bookings' 20
pid=$(tm_app_pid)

one_round() {
    tm_keys 4; sleep 0.3
    for k in a b t x S R a; do tm_keys "$k"; sleep 0.4; done
    tm_keys 1; sleep 0.5; tm_keys j j j k; sleep 0.3
    tm_keys 2; sleep 0.5; tm_keys l l h w; sleep 0.5; tm_keys d; sleep 0.3
    tm_keys 3; sleep 0.5; tm_keys / ; sleep 0.2; tm_keys -l "$phone"; tm_keys Enter Enter; sleep 0.8
    for i in 1 2 3 4 5 6; do tm_keys PgUp; sleep 0.15; done
    tm_keys G; sleep 0.3; tm_keys Escape; sleep 0.2; tm_keys / Escape; sleep 0.2
    tm_keys 4 a; sleep 1
}
rss() { awk '/VmRSS/ { print $2 }' "/proc/$pid/status"; }

one_round
one_round
first=$(rss)
for r in 1 2 3 4 5; do one_round; done
last=$(rss)
kill -0 "$pid" 2>/dev/null || fail "salondesk died during the soak"
note "VmRSS after round 2: $first KiB; after round 7: $last KiB"
[ "$last" -le $(( first + first / 20 )) ] ||
    fail "memory grew from $first KiB to $last KiB over five rounds of the same screens"
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status after the soak"
tm_check_stty
exit 0
