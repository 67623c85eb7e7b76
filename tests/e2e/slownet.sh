#!/bin/bash
# A slow network (RELIABILITY T17): the console talks to the server through a proxy that holds
# every chunk 300 ms, in both directions, while it refreshes every 0.5 s. Keys are never lost or
# held up: help opens within a second while queries are on the wire, seven j and an Enter typed
# quickly open the eighth salon's calendar, a long thread opens and pages up through the proxy,
# and q quits at once.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

PROXY_PID=
trap '[ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null; tm_cleanup' EXIT
proxy_start "$TM_DIR" 0.3
dsn="host=127.0.0.1 port=$PROXY_PORT dbname=${PGDATABASE:-whatsapp_saas} user=postgres"

tm_start 120 40 -- --dsn "$dsn" --refresh 0.5 --debug-log "$TM_DIR/debug.log"
first=$(psql_fixture "select name from salons order by name, id limit 1")
tm_wait_for ' connected ' 30
tm_wait_for "$(printf '%s' "$first" | sed 's/[][\.*^$()+?{|]/\\&/g')" 30

# Help opens at once although every refresh spends over a second on the wire.
for i in 1 2 3; do
    t0=$(date +%s%N)
    tm_keys '?'
    tm_wait_for 'Quit salondesk' 2
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ "$ms" -lt 1000 ] || fail "help took $ms ms to open on a slow network"
    tm_keys Escape
    tm_wait_gone 'Quit salondesk' 2
    sleep 0.4
done

# Seven j and Enter, 50 ms apart, while refreshes come and go: the eighth salon opens.
eighth=$(psql_fixture "select name from salons order by name, id offset 7 limit 1")
for i in 1 2 3 4 5 6 7; do tm_keys j; sleep 0.05; done
tm_keys Enter
tm_wait_for "$(printf '%s' "$eighth" | sed 's/[][\.*^$()+?{|]/\\&/g') ·" 20

# A long thread through the proxy: it opens, and older pages come as it scrolls up.
read -r salon phone <<<"$(psql_fixture "select salon_id || ' ' || phone_number from messages group by salon_id, phone_number order by count(*) desc limit 1")"
tm_keys q
tm_wait_exit 5 >/dev/null
tm kill-server
tm_start 100 30 -- --dsn "$dsn" --salon "$salon" --phone "$phone" --debug-log "$TM_DIR/thread.log"
tm_wait_for "$phone" 30
tm_wait_for '✓' 30
pages=$(grep -c 'query thread_page' "$TM_DIR/thread.log")
for i in $(seq 30); do tm_keys PPage; sleep 0.05; done
for _ in $(seq 100); do
    [ "$(grep -c 'query thread_page' "$TM_DIR/thread.log")" -gt "$pages" ] && break
    sleep 0.1
done
[ "$(grep -c 'query thread_page' "$TM_DIR/thread.log")" -gt "$pages" ] || fail "no older page came while paging up"
grep -q 'query thread_page failed' "$TM_DIR/thread.log" && fail "a page failed on the slow network"

tm_quit_within 1500 "on the slow network"
exit 0
