#!/bin/bash
# The Health tab in a terminal: cancel a waiting query through the UI (confirm, then check
# pg_stat_activity and the audit log), say No to a second one (no audit line), terminate one by
# typing its pid, and a role without privileges sees the pane and a refusal in the server's words.
set -u
. "$(dirname "$0")/../lib.sh"
need_private_fixture "$@"  # counts sessions and locks: other tests must not add theirs
. "$top_srcdir/tests/tmux.sh"

sessions_start sde-
audit="$XDG_STATE_HOME/salondesk/audit.log"

# Advisory locks as sd_support (not a superuser, which sd_dba could not signal).
bg_psql sde-holder "select pg_advisory_lock(4242)" "select pg_sleep(120)"
wait_count sde-holder "and wait_event = 'PgSleep'" 1
for w in a b c; do
    bg_psql sde-wait-$w "select pg_advisory_lock(4242)"
    wait_count sde-wait-$w "and wait_event_type = 'Lock'" 1
done
pa=$(psql_fixture "select pid from pg_stat_activity where application_name = 'sde-wait-a'")
pb=$(psql_fixture "select pid from pg_stat_activity where application_name = 'sde-wait-b'")
pc=$(psql_fixture "select pid from pg_stat_activity where application_name = 'sde-wait-c'")

tm_start 160 40 PGUSER=sd_dba -- --refresh 1
tm_keys 4
tm_wait_for 'connections [0-9]+ of [0-9]+'
tm_wait_for 'waiting 3'
tm_wait_for "ROOT .*sde-holder"

# Cancel waiter a: select it with the filter, c, the box shows pid, user and query; Enter.
tm_keys / 'sde-wait-a' Enter
tm_wait_for "1 of [0-9]+ match|$pa"
tm_keys c
tm_wait_for "Cancel the running query of pid $pa"
tm_screen | grep -q 'select pg_advisory_lock(4242)' || fail "the box does not show the query"
tm_screen | grep -q 'user  *sd_support' || fail "the box does not show the user"
tm_keys Enter
tm_wait_for "cancel sent to pid $pa"
wait_count sde-wait-a "" 0
# The line names the target session: pid, user, database and application.
[ "$(grep -c "	$pa	sd_support	${PGDATABASE:-whatsapp_saas}	sde-wait-a	cancel	ok	select pg_advisory_lock" "$audit")" = 1 ] ||
    fail "audit: $(cat "$audit")"
grep -q "	sd_dba	" "$audit" || fail "audit lacks the database user"

# Waiter b: c, then Esc: nothing happens and nothing is audited.
tm_keys Escape
tm_keys / 'sde-wait-b' Enter
tm_wait_for "$pb"
tm_keys c
tm_wait_for "Cancel the running query of pid $pb"
tm_keys Escape
tm_wait_gone "Cancel the running query"
sleep 1
[ "$(count sde-wait-b "and wait_event_type = 'Lock'")" = 1 ] || fail "declined cancel still acted"
[ "$(wc -l <"$audit")" = 1 ] || fail "a declined action was audited: $(cat "$audit")"

# Terminate b: the pid must be typed.
tm_keys K
tm_wait_for "TERMINATE the session of pid $pb"
tm_keys "$pb" Enter
tm_wait_for "terminate sent to pid $pb"
wait_count sde-wait-b "" 0
grep -q "	$pb	sd_support	${PGDATABASE:-whatsapp_saas}	sde-wait-b	terminate	ok	" "$audit" ||
    fail "terminate not audited: $(cat "$audit")"
tm_keys Escape

# The session moved on to another query between c and Enter (as a pooled server connection
# does, or a pid reused): nothing is cancelled, the line says why, and the audit says so too.
bg_psql sde-moves "select pg_sleep(2.5)" "select pg_sleep(60)"
wait_count sde-moves "and query = 'select pg_sleep(2.5)'" 1
pm=$(psql_fixture "select pid from pg_stat_activity where application_name = 'sde-moves'")
tm_keys / 'sde-moves' Enter
tm_wait_for "pg_sleep\(2\.5\)" 5
tm_keys c
tm_wait_for "Cancel the running query of pid $pm"
wait_count sde-moves "and query = 'select pg_sleep(60)'" 1
tm_keys Enter
tm_wait_for "nothing done, pid $pm runs another query now" 5
[ "$(count sde-moves "and query = 'select pg_sleep(60)' and state = 'active'")" = 1 ] ||
    fail "the next query of pid $pm was cancelled"
grep -q "	$pm	sd_support	.*	cancel	not signalled: the session runs another query now	" "$audit" ||
    fail "the refused cancel is not audited: $(cat "$audit")"
tm_keys Escape

# The blocking view: the holder at the root, the remaining waiter below it.
tm_keys b
tm_wait_for "[0-9]+  blocks 1"
tm_wait_for "└─ $pc"

# The slower views: tables by size, indexes (the calendar's index among them), slow statements
# with their cost per refresh, replication (no standby here: the header and no error).
tm_keys t; tm_wait_for 'public\.messages' 10
tm_screen | grep -q 'Dead %' || fail "tables view without dead tuples"
tm_keys x; tm_wait_for 'bookings_salon_id_start_ts_idx' 10
tm_keys S; tm_wait_for 'Since reset' 10
tm_wait_for 'Calls/ref.*Query' 5
tm_wait_for '[0-9]+ +[0-9.]+ +[0-9]+ .*(SELECT|select)' 10
tm_keys R; tm_wait_for 'No standby streams from this server' 10; tm_wait_for 'Kind +Name +Client +State' 10
tm_screen | tail -1 | grep -qi 'error' && fail "the replication view failed: $(tm_screen | tail -1)"
tm_keys a; tm_wait_for 'connections [0-9]+ of [0-9]+'

# :cancel PID from another tab: the same confirmation box on the Health tab; No leaves no trace.
tm_keys 1 : "cancel $pc" Enter
tm_wait_for "Cancel the running query of pid $pc"
tm_screen | head -1 | grep -q '4 Health' || fail ":cancel did not bring the Health tab"
tm_keys Escape
tm_wait_gone "Cancel the running query"
[ "$(grep -c "	$pc	" "$audit")" = 0 ] || fail "a declined :cancel was audited"
tm_keys : 'cancel notapid' Enter
tm_wait_for 'expected a backend pid'
tm_keys q
tm_wait_exit 5 >/dev/null

# A role without privileges: the pane, other sessions hidden, a refusal in the server's words.
tm_cleanup_keep() { tm kill-server 2>/dev/null || true; }
tm_cleanup_keep
tm_start 160 40 PGUSER=sd_plain -- --refresh 1
tm_keys 4
tm_wait_for 'connections [0-9]+ of [0-9]+'
tm_wait_for '<insufficient privilege>'
tm_wait_for "ROOT"
tm_keys / 'sde-wait-c' Enter
tm_wait_for "$pc"
tm_keys c
tm_wait_for "Cancel the running query of pid $pc"
tm_keys Enter
tm_wait_for "cancel pid $pc refused: .*(permission denied|must be)"
[ "$(count sde-wait-c "and wait_event_type = 'Lock'")" = 1 ] || fail "sd_plain's cancel acted"
grep -Eq "	sd_plain	.*	$pc	sd_support	${PGDATABASE:-whatsapp_saas}	sde-wait-c	cancel	.*(permission denied|must be)" "$audit" || fail "refusal not audited: $(cat "$audit")"
tm_keys q
tm_wait_exit 5 >/dev/null
exit 0
