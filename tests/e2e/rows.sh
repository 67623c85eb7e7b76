#!/bin/bash
# Rows never wrap (issue 12): at 40x10 and 60x15 every tab's list draws each row clipped to the
# pane's width; a filter that leaves a few rows leaves the lines below them blank (a row that ran
# past the edge would continue on the next line), and in Threads every line of the list (and of
# the :find hits) is a whole row that starts with its time.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

# blank_below FIRST LAST WHAT: lines FIRST..LAST (1-based) of the screen hold only spaces.
blank_below() {
    tm_screen | sed -n "$1,$2p" | grep -q '[^ ]' && { tm_screen; fail "$3: text below the rows"; }
    return 0
}

# A thread whose row is long: a customer's name and an answered status.
cust=$(psql_fixture "select phone_number from conversations group by 1 having count(*) = 1 order by max(last_message_at) desc limit 1")
[ -n "$cust" ] || hard_error "no phone to filter by"
salon=$(psql_fixture "select name from salons where name ~ '^[A-Za-z]' order by length(name) desc limit 1")

for size in "40 10" "60 15"; do
    read -r cols rows <<<"$size"
    tm_start "$cols" "$rows" "TERM=xterm-256color" -- --refresh 60 --tz UTC
    tm_wait_for 'connected' 10
    # Threads: one conversation left by the filter, its row in one line.
    tm_keys 3; tm_wait_for 'Last.*Phone' 10
    tm_keys / "$cust" Enter; tm_wait_for '1 of [0-9]+ match' 10
    tm_screen | sed -n '4p' | grep -Eq '^.{4}[0-9-]{5}' || { tm_screen; fail "${size}: no thread row"; }
    blank_below 5 $(( rows - 1 )) "Threads at $size"
    tm_keys Escape; sleep 0.5
    tm_screen | sed -n "4,$(( rows - 1 ))p" | grep -Evq '^.{4}[0-9]{2,4}-[0-9]{2}' &&
        { tm_screen; fail "Threads at $size: a line of the list is not a row"; }
    # The hits of :find (the thread's messages, by its phone): every line a whole hit.
    tm_keys : "find $cust" Enter; tm_wait_for ":find $cust: [0-9]+" 10
    tm_screen | sed -n "4,$(( rows - 1 ))p" | grep -Evq '^ [0-9]{2}' &&
        { tm_screen; fail ":find hits at $size: a line of the list is not a hit"; }
    tm_keys Escape; tm_wait_for 'Last.*Phone' 5
    # Salons: one salon left.
    tm_keys 1; tm_wait_for 'Salon' 10
    tm_keys / "${salon:0:12}" Enter; sleep 1
    blank_below 5 $(( rows - 1 )) "Salons at $size"
    tm_keys Escape
    # Bookings: the agenda.
    tm_keys 2 a; sleep 1.5
    tm_screen | tail -n 1 | grep -q 'connected' || { tm_screen; fail "Bookings at $size: the status line"; }
    # Health: the sessions list (only ours and a few).
    tm_keys 4; tm_wait_for 'PID' 10; sleep 1
    tm_screen | tail -n 1 | grep -q 'connected' || { tm_screen; fail "Health at $size: the status line"; }
    tm_keys q
    [ "$(tm_wait_exit 5)" = 0 ] || fail "exit status at $size"
    tm kill-session -t main
done
exit 0
