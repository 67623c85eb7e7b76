#!/bin/bash
# Tagged sessions in Health: three sessions sleep, two are tagged with Space, K asks once (every
# pid, user and query listed), typing the count terminates exactly those two, each audited on its
# own line; the third keeps running. The activity view shows the backends' CPU and memory from
# /proc with the host's load, as the fixture runs on this host.
set -u
. "$(dirname "$0")/../lib.sh"
need_private_fixture "$@"  # terminates sessions: other tests must not have theirs here
. "$top_srcdir/tests/tmux.sh"

sessions_start sdt-
audit="$XDG_STATE_HOME/salondesk/audit.log"

for s in a b c; do
    bg_psql sdt-sleep-$s "select pg_sleep(120)"
    wait_count sdt-sleep-$s "and wait_event = 'PgSleep'" 1
done
pa=$(pid_of sdt-sleep-a) pb=$(pid_of sdt-sleep-b) pc=$(pid_of sdt-sleep-c)

tm_start 200 40 PGUSER=sd_dba -- --refresh 1
tm_keys 4
tm_wait_for 'connections [0-9]+ of [0-9]+'
# The server is on this host: the header has its load and memory, the table CPU% and Mem.
tm_wait_for 'host load [0-9.]+ [0-9.]+ [0-9.]+ · memory .* available of '
tm_screen | grep -q 'CPU%.*Mem.*Read/s.*Write/s' || fail "no /proc columns: $(tm_screen)"

# Tag a and c: filter to each, Space, Esc leaves the filter (the tags stay).
tm_keys / 'sdt-sleep-a' Enter
tm_wait_for "^ *$pa .*sdt-sleep-a|[^0-9]$pa .*sdt-sleep-a"
tm_keys Space
tm_wait_for "\* .*$pa .*sdt-sleep-a"
tm_keys Escape
tm_keys / 'sdt-sleep-c' Enter
tm_wait_for "[^0-9]$pc .*sdt-sleep-c"
tm_keys Space
tm_wait_for "\* .*$pc .*sdt-sleep-c"
tm_keys Escape
tm_wait_for "$pb .*sdt-sleep-b"
tm_screen | grep -E "$pb .*sdt-sleep-b" | grep -q '\*' && fail "b is tagged: $(tm_screen)"

# Space again untags, and tags again.
tm_keys / 'sdt-sleep-c' Enter
tm_wait_for "\* .*$pc .*sdt-sleep-c"
tm_keys Space
tm_wait_gone "\* .*$pc .*sdt-sleep-c"
tm_keys k Space
tm_wait_for "\* .*$pc .*sdt-sleep-c"
tm_keys Escape

# K: one box lists both, with their user and query; the count is typed.
tm_keys K
tm_wait_for "TERMINATE 2 tagged sessions"
scr=$(tm_screen)
for p in "$pa" "$pc"; do
    echo "$scr" | grep -Eq "$p +sd_support +select pg_sleep\(120\) *$" || fail "box lacks $p: $scr"
done
echo "$scr" | grep -Eq "$pb +sd_support +select" && fail "box lists b: $scr"
tm_keys 2 Enter
wait_count sdt-sleep-a "" 0
wait_count sdt-sleep-c "" 0
sleep 1
[ "$(count sdt-sleep-b "and wait_event = 'PgSleep'")" = 1 ] || fail "b was hit"
for _ in $(seq 50); do [ "$(wc -l <"$audit" 2>/dev/null)" = 2 ] && break; sleep 0.1; done
[ "$(wc -l <"$audit")" = 2 ] || fail "want 2 audit lines: $(cat "$audit")"
for p in "$pa" "$pc"; do
    grep -q "	$p	sd_support	${PGDATABASE:-whatsapp_saas}	sdt-sleep-[ac]	terminate	ok	select pg_sleep(120)" "$audit" ||
        fail "terminate of $p not audited: $(cat "$audit")"
done
grep -q "	$pb	" "$audit" && fail "b audited: $(cat "$audit")"
# The tags went with the sessions: K now asks about the selected session only.
tm_wait_gone "sdt-sleep-a"
tm_keys / 'sdt-sleep-b' Enter
tm_wait_for "[^0-9]$pb .*sdt-sleep-b"
tm_keys K
tm_wait_for "TERMINATE the session of pid $pb"
tm_keys Escape
exit 0
