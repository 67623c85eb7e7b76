#!/bin/bash
# A network that goes silent (RELIABILITY T15), on Salons, Health and Threads in turn: the proxy
# between the console and the server stops passing anything, in both directions, without closing
# a connection. The console must declare the connection lost within 10 s (statement_timeout 2 s,
# then its own deadline and the cancel's), keep the last data on screen, answer keys at once and
# stay idle meanwhile (a refresh that falls due while its query hangs once made poll() spin), and
# be connected again within 6 s of the network coming back.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

PROXY_PID=
trap '[ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null; tm_cleanup' EXIT
proxy_start "$TM_DIR" 0
dsn="host=127.0.0.1 port=$PROXY_PORT dbname=${PGDATABASE:-whatsapp_saas} user=postgres"
mkdir -p "$XDG_CONFIG_HOME/salondesk"
printf 'statement_timeout: 2000\n' >"$XDG_CONFIG_HOME/salondesk/config.yaml"

tm_start 120 40 -- --dsn "$dsn" --refresh 0.5 --debug-log "$TM_DIR/debug.log"
first=$(psql_fixture "select name from salons order by name, id limit 1")
salon_re=$(printf '%s' "$first" | sed 's/[][\.*^$()+?{|]/\\&/g')
tm_wait_for ' connected ' 20
tm_wait_for "$salon_re" 10
pid=$(tm_app_pid)
sleep 1

hz=$(getconf CLK_TCK)
# silence TAB WHAT: with TAB on screen (WHAT on it), the network goes silent for 12 s and comes
# back. During the silence the connection is declared lost, the data stays, keys are answered and
# the console stays idle; afterwards it is connected again.
silence() {
    local tab=$1 what=$2 t0 c0 lost t1 ms c1 t2
    tm_keys "$tab"
    tm_wait_for "$what" 10
    sleep 1
    touch "$TM_DIR/port.pause"
    t0=$(date +%s)
    c0=$(cpu_ticks "$pid")
    tm_wait_for 'reconnecting in [0-9]+ s' 10
    lost=$(( $(date +%s) - t0 ))
    tm_screen | grep -Eq -- "$what" || { tm_screen; fail "tab $tab: the last data left the screen when the network went silent"; }
    t1=$(date +%s%N)
    tm_keys '?'
    tm_wait_for 'Quit salondesk' 2
    ms=$(( ($(date +%s%N) - t1) / 1000000 ))
    [ "$ms" -lt 1000 ] || fail "tab $tab: help took $ms ms to open while the network was silent"
    tm_keys Escape
    sleep $(( 12 - ($(date +%s) - t0) ))
    c1=$(cpu_ticks "$pid")
    [ $(( (c1 - c0) * 1000 / hz )) -lt 800 ] ||
        fail "tab $tab: $(( (c1 - c0) * 1000 / hz )) ms of CPU in 12 s of silence"
    rm -f "$TM_DIR/port.pause"
    t2=$(date +%s)
    tm_wait_for ' connected ' 6
    note "tab $tab: declared lost after ${lost} s, $(( (c1 - c0) * 1000 / hz )) ms of CPU in 12 s; connected again $(( $(date +%s) - t2 )) s after the network came back"
}
silence 1 "$salon_re"
silence 4 'TPS [0-9]'
silence 3 'conversations, newest first'
tm_quit_within 1500 "after the silence"
exit 0
