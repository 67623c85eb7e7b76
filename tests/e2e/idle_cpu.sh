#!/bin/bash
# An idle console costs nothing, on every tab and whatever the role may read (issue 10, point 7:
# a pg_monitor-only login sat on the Salons GRANT hint burning a whole core). As sd_monitor
# (pg_monitor, no table grants, no USAGE on public) and as postgres, each tab and each view one
# key away is left alone for a few seconds at the default 2 s refresh: the process may use a
# small CPU budget, and send no more statements than one round per refresh interval (a
# permission error is not retried at once). Paused (p), it uses no CPU, does not wake and sends
# nothing. Then Health's S without pg_stat_statements, and a failing lookup (--salon while
# salons is locked), which must wait for the next refresh. Uses its own fixture: it counts the
# console's statements in the server log, and drops the extension.
set -u
. "$(dirname "$0")/../lib.sh"
need_private_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

win=5            # seconds per sample
refresh=2        # the default refresh interval (config.c), which the console runs with
rounds=$(( win / refresh + 1 ))
tick_budget=25   # CPU ticks (1/100 s) in $win s: 5% of one core, ample for 2 shared cores
paused_budget=2  # ticks and wake-ups in $win s while paused: tick rounding, a stray signal
per_round=4      # statements one refresh of a tab may send (Health: live, slow, its view)
log=$("$top_srcdir/tests/fixture/pgfixture" log)
[ -f "$log" ] || hard_error "no server log at $log"
fails=()

# The console's lines in the server log since byte offset $1.
our_log() { tail -c +"$(( $1 + 1 ))" "$log" | grep -a ' app=salondesk '; }
logsize() { stat -c %s "$log"; }
wakeups() { awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$pid/status"; }

# sample LABEL TICK_BUDGET STATEMENT_BUDGET ERROR_BUDGET [WAKEUP_BUDGET]: leaves the console
# alone for $win s. Every statement runs in its own BEGIN READ ONLY, so those lines count the
# statements. Wake-ups (voluntary context switches: poll() slept) are bounded only when asked:
# a live tab wakes for every chunk of a result, but a paused one has no timer to wake it.
sample() {
    local label=$1 tb=$2 sb=$3 eb=$4 wb=${5:-} t0 t1 w0 w1 l0 lines nst nerr
    l0=$(logsize); t0=$(cpu_ticks "$pid"); w0=$(wakeups)
    sleep "$win"
    t1=$(cpu_ticks "$pid"); w1=$(wakeups)
    kill -0 "$pid" 2>/dev/null || fail "$role: salondesk died on $label"
    lines=$(our_log "$l0")
    nst=$(grep -Ec '(statement|execute <unnamed>): BEGIN( READ ONLY)?$' <<<"$lines")
    nerr=$(grep -Ec ' (ERROR|FATAL): ' <<<"$lines")
    note "$role $label: $(( t1 - t0 )) ticks, $(( w1 - w0 )) wake-ups, $nst statements, $nerr errors in ${win}s"
    [ $(( t1 - t0 )) -le "$tb" ] || fails+=("$role $label: $(( t1 - t0 )) CPU ticks in ${win}s (budget $tb)")
    [ "$nst" -le "$sb" ] || fails+=("$role $label: $nst statements in ${win}s (budget $sb)")
    [ -z "$wb" ] || [ $(( w1 - w0 )) -le "$wb" ] || fails+=("$role $label: $(( w1 - w0 )) wake-ups in ${win}s (budget $wb)")
    [ "$nerr" -le "$eb" ] || fails+=("$role $label: $nerr failed statements in ${win}s (budget $eb): $(grep -a -m1 ' ERROR: ' <<<"$lines")")
}

# visit LABEL KEYS PATTERN: types KEYS, waits for PATTERN and for the first fetch to come back,
# then samples.
visit() {
    local label=$1 keys=$2 pat=$3
    # shellcheck disable=SC2086
    tm_keys $keys
    tm_wait_for "$pat" 15
    sleep 1.5
    sample "$label" "$tick_budget" $(( rounds * per_round )) "$rounds"
}

# paused LABEL: p, then nothing at all may happen; p again resumes.
paused() {
    tm_keys p
    tm_wait_for 'paused' 5
    sleep 0.5
    sample "$1 paused" "$paused_budget" 0 0 "$paused_budget"
    tm_keys p
    tm_wait_for 'resumed' 5
}

start_as() {
    role=$1
    tm_start 160 40 -- --dsn "host=$SALONDESK_FIXTURE_DIR port=$SALONDESK_FIXTURE_PORT dbname=${PGDATABASE:-whatsapp_saas} user=$role"
    pid=$(tm_app_pid)
    # Keys typed before the terminal is in raw mode are flushed: wait for the first screen.
    tm_wait_for ' 1 Salons +2 Bookings' 20
}

quit_console() {
    tm_keys q
    [ "$(tm_wait_exit 5)" = 0 ] || fail "$role: exit status"
    tm_check_stty
    tm kill-server
}

# every_tab SALONS THREADS BOOKINGS: the patterns each of those tabs shows once settled.
every_tab() {
    tm_keys 1
    visit "1 Salons" "" "$1"
    paused "1 Salons"
    visit "2 Bookings day" "2 d" "$3"
    for k in w m a; do visit "2 Bookings $k" "$k" "$3"; done
    paused "2 Bookings"
    visit "3 Threads" 3 "$2"
    paused "3 Threads"
    visit "4 Health" 4 'connections [0-9]+ of [0-9]+'
    for k in a b t x S R; do visit "4 Health $k" "$k" 'connections [0-9]+ of [0-9]+'; done
    paused "4 Health"
    visit "? help" "?" 'quit|help'
    tm_keys Escape
}

# sd_monitor sees a GRANT hint on the first three tabs; postgres sees the data.
start_as sd_monitor
every_tab 'GRANT SELECT ON public.salons' 'GRANT SELECT ON public.messages' 'GRANT SELECT ON public.bookings'
quit_console
start_as postgres
every_tab '[0-9]+ salons \(' 'conversations' '[0-9]{2}:[0-9]{2}'
quit_console

# Without pg_stat_statements, S shows how to install it, and waits for it just as quietly.
psql_fixture "DROP EXTENSION pg_stat_statements" >/dev/null
for r in sd_monitor postgres; do
    start_as "$r"
    visit "4 Health S, no pg_stat_statements" "4 S" 'pg_stat_statements is not installed'
    paused "4 Health S, no pg_stat_statements"
    quit_console
done

# A failed query waits for the next refresh too. With salons locked, the salon --salon names
# cannot be looked up (lock_timeout, 2 s): at --refresh 5 that is one try per 5 s, not a new
# one each time the last fails.
name=$(psql_fixture "select name from salons order by id limit 1")
PGAPPNAME=sde-locker psql -X -q -U postgres -d "${PGDATABASE:-whatsapp_saas}" \
    -c "begin" -c "lock table salons in access exclusive mode" -c "select pg_sleep(60)" >/dev/null 2>&1 &
locker=$!
trap 'kill "$locker" 2>/dev/null; tm_cleanup' EXIT
for _ in $(seq 50); do
    [ "$(psql_fixture "select count(*) from pg_locks l join pg_stat_activity a using (pid) where a.application_name = 'sde-locker' and l.mode = 'AccessExclusiveLock' and l.granted")" -ge 1 ] && break
    sleep 0.1
done
role=postgres
tm_start 160 40 -- --refresh 5 --salon "$name" --dsn "host=$SALONDESK_FIXTURE_DIR port=$SALONDESK_FIXTURE_PORT dbname=${PGDATABASE:-whatsapp_saas} user=$role"
pid=$(tm_app_pid)
tm_wait_for 'lock timeout' 20
win=15
sample "2 Bookings, salons locked" "$tick_budget" 4 4
kill "$locker" 2>/dev/null
quit_console

[ ${#fails[@]} = 0 ] || fail "$(printf '%s; ' "${fails[@]}")"
exit 0
