#!/bin/bash
# The Health tab's history, plan and copy in a terminal. `[` steps back through the samples: the
# header says NOT LIVE with the sample's time, a session that started since is not listed, and
# cancel is refused while not live; `]` comes back to live. Enter on a session shows its full
# query and `e` its plan (EXPLAIN without ANALYZE: the query does not run again). `y` copies the
# query with OSC 52 only when the config allows it: first refused with a message and nothing in
# tmux's paste buffer, then, with clipboard: true, exactly the query text lands there.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

app=sdh-late-$$ early=sdh-early-$$
pids=()
cleanup_sessions() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    psql_fixture "select pg_terminate_backend(pid) from pg_stat_activity where application_name in ('$app', '$early')" >/dev/null 2>&1
}
trap 'cleanup_sessions; tm_cleanup' EXIT
PGAPPNAME=$early psql -X -q -d "${PGDATABASE:-whatsapp_saas}" -c "select pg_sleep(60)" >/dev/null 2>&1 &
pids+=($!)

tm_start 150 40 -- --refresh 0.5
tm_wait_for ' bookings' 20
tm_keys 4
tm_wait_for 'TPS' 10
sleep 3 # samples from before the session below

PGAPPNAME=$app psql -X -q -d "${PGDATABASE:-whatsapp_saas}" -c "select pg_sleep(60) /* sdh */" >/dev/null 2>&1 &
pids+=($!)
tm_keys / "sdh-" Enter
tm_wait_for "$app" 10
tm_wait_for "$early" 3

# Back in time, to before the session started.
for i in 1 2 3 4 5 6 7 8; do tm_keys '['; sleep 0.1; done
tm_wait_for 'NOT LIVE [0-9]{2}:[0-9]{2}:[0-9]{2} \(-[0-9]+\)' 3
tm_screen | grep -q "$app" && fail "a session that started later is shown in an older sample"
tm_screen | grep -q "$early" || fail "a session of that time is not shown"
tm_keys c
tm_wait_for 'not live: press \] until live' 3
# The screen stays on that sample while the live refresh goes on.
shown=$(tm_screen | grep -Eo 'NOT LIVE [0-9:]+')
sleep 1.5
[ "$(tm_screen | grep -Eo 'NOT LIVE [0-9:]+')" = "$shown" ] || fail "the sample moved while looking back"
for i in $(seq 30); do tm_keys ']'; done
tm_wait_gone 'NOT LIVE' 3
tm_wait_for "$app" 5

# The full query and its plan.
tm_keys / "$app" Enter
tm_wait_for "$app" 5
tm_keys Enter
tm_wait_for 'the full query' 5
tm_wait_for 'pg_sleep\(60\) /\* sdh \*/' 3
tm_keys e
tm_wait_for 'Result' 10
tm_screen | grep -q 'actual time' && fail "the plan was run with ANALYZE"
[ "$(psql_fixture "select count(*) from pg_stat_activity where query like 'select pg_sleep(60) /* sdh */%'")" = 1 ] ||
    fail "the query ran again"

# y: off by default.
tm_keys y
tm_wait_for 'copy is off: set clipboard: true' 3
[ -z "$(tm show-buffer 2>/dev/null)" ] || fail "copied although the config says no"
tm_keys Escape Escape q
tm_wait_exit 5 >/dev/null
tm kill-server

# y with clipboard: true puts the query, and nothing else, in the clipboard.
mkdir -p "$XDG_CONFIG_HOME/salondesk"
printf 'clipboard: true\n' >"$XDG_CONFIG_HOME/salondesk/config.yaml"
tm_start 150 40 -- --refresh 0.5
tm_wait_for ' connected ' 20 # (on the tab it was left on)
tm_keys 4 / "$app" Enter
tm_wait_for "$app" 10
tm_keys Enter
tm_wait_for 'the full query' 5
tm_keys y
tm_wait_for 'copied [0-9]+ bytes of query text' 3
got=$(tm show-buffer 2>/dev/null)
[ "$got" = "select pg_sleep(60) /* sdh */" ] || fail "clipboard holds '$got'"
tm_keys Escape q
tm_wait_exit 5 >/dev/null
exit 0
