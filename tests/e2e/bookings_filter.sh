#!/bin/bash
# The / filter in Bookings (issue 12): words filter the day like every tab (a code in lower case,
# a Cyrillic surname in lower case), the header shows the filter, n steps through the matches,
# Esc clears it, and opening another salon clears it with a message.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

# A shown (not cancelled) booking of a Cyrillic customer with a surname, and its day.
IFS='|' read -r sid day code name <<<"$(psql_fixture "select salon_id, to_char(start_ts at time zone 'UTC', 'YYYY-MM-DD'), booking_code, customer_name from bookings where customer_name ~ '^[А-Я][а-я]+ [А-Я][а-я]+$' and status::text in ('CONFIRMED', 'COMPLETED') order by start_ts desc limit 1")"
[ -n "$code" ] || hard_error "no booking of a Cyrillic customer in the fixture"
other=$(psql_fixture "select id from salons where id <> '$sid' order by name limit 1")
lc() { perl -CSA -e 'print lc $ARGV[0]' "$1"; } # any script, whatever the locale
surname=$(lc "${name#* }")

tm_start 130 40 -- --salon "$sid" --tz UTC --date "$day"
tm_keys 2; tm_wait_for ": [1-9][0-9]* bookings? ·"
all=$(tm_screen | sed -n 2p | sed -n 's/.*: \([0-9]*\) bookings\? ·.*/\1/p')

tm_keys / "$(lc "$code")" Enter
tm_wait_for ": 1 booking ·.*/$(lc "$code")"
tm_wait_for "${name%% *}"
tm_keys n; tm_wait_for "match 1 of 1 in this day"
tm_keys Escape; tm_wait_for "filter cleared"
tm_wait_for ": $all bookings? ·"
tm_screen | sed -n 2p | grep -q "/$(lc "$code")" && fail "the header still shows a filter: $(tm_screen | sed -n 2p)"

tm_keys / "$surname" Enter
tm_wait_for ": [1-9][0-9]* bookings? ·.*/$surname"
tm_wait_for "${name%% *}"

tm_keys 1; tm_wait_for "[0-9]+ salons \("
tm_keys : "salon $other" Enter
tm_wait_for "/$surname cleared for the new salon"
oname=$(psql_fixture "select name from salons where id = '$other'")
tm_wait_for "^ ${oname:0:12}.*: [0-9]+ bookings? ·"
tm_screen | sed -n 2p | grep -q "/$surname" && fail "the filter followed to another salon"

tm_keys q
rc=$(tm_wait_exit 5)
[ "$rc" = 0 ] || fail "exit status $rc"
[ -s "$TM_DIR/stderr" ] && fail "stderr: $(cat "$TM_DIR/stderr")"
exit 0
