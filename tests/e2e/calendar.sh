#!/bin/bash
# The staff calendar on known bookings of one day (2030-06-12, UTC), on schema variant 1 (enum
# statuses, no masters, no end_ts) or 2 (CAL_VARIANT=2: text statuses, masters, end_ts): two
# overlapping bookings of one master (a CANCELLED one over a CONFIRMED one) both visible in
# lanes, ends drawn with their time, a scroll indicator at 80x24, the selection scrolled into
# view, a booking across midnight on both days marked +1, the agenda in aligned columns, master
# names in the detail, and month Enter opening the day.
set -u
variant=${CAL_VARIANT:-1}
. "$(dirname "$0")/../lib.sh"
PGFIXTURE_ARGS="--variant $variant" need_private_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

sid=$(psql_fixture "select id from salons order by name limit 1")
psql_fixture "delete from bookings where start_ts >= '2030-06-11' and start_ts < '2030-06-15'"
# add ID START END NAME STATUS: a booking of the salon (END only where the schema has end_ts).
add() {
    if [ "$variant" = 2 ]; then
        psql_fixture "insert into bookings (id, booking_code, salon_id, customer_phone, customer_name, service, start_ts, end_ts, status, master_id, updated_at) values ('$1', 'C-$1', '$sid', '3519000$1', '$4', 'Corte', '$2', '$3', '$5', 'cal-master-1', now())"
    else
        psql_fixture "insert into bookings (id, booking_code, salon_id, customer_phone, customer_name, service, start_ts, status, updated_at) values ('$1', 'C-$1', '$sid', '3519000$1', '$4', 'Corte', '$2', '$5', now())"
    fi
}
if [ "$variant" = 2 ]; then
    psql_fixture "insert into masters (id, salon_id, name, updated_at) values ('cal-master-1', '$sid', 'Anna Mestre', now())"
    night_start='2030-06-12 23:30' night_end='01:00'
else
    night_start='2030-06-12 23:45' night_end='~00:15' # one assumed 30-minute slot
fi
add 901 '2030-06-12 13:30' '2030-06-12 14:30' 'Carla Confirmed' CONFIRMED
add 902 '2030-06-12 13:30' '2030-06-12 14:00' 'Xena Cancelled' CANCELLED
add 903 '2030-06-12 18:00' '2030-06-12 19:30' 'Eve Evening' CONFIRMED
add 904 "$night_start" '2030-06-13 01:00' 'Nina Night' CONFIRMED

tm_start 80 24 -- --salon "$sid" --tz UTC --date 2030-06-12
tm_keys 2
tm_wait_for 'Wed 12 Jun 2030 \(UTC\): 4 bookings' 15
# Both of the 13:30 pair, each with its end time, in lanes side by side.
tm_wait_for '13:30.*Carla' 5
tm_screen | grep -q 'Xena' || fail "the cancelled 13:30 booking is hidden"
tm_screen | grep -Eq '13:30.*Carla.*Xena|13:30.*Xena.*Carla' && tm_screen | grep -q 'Carla.*Xena' ||
    fail "the 13:30 pair is not side by side: $(tm_screen)"
if [ "$variant" = 2 ]; then
    tm_screen | grep -q '–14:30' || fail "no end time 14:30"
    tm_screen | sed -n 3p | grep -q 'Anna Mestre' || fail "header: $(tm_screen | sed -n 3p)"
else
    tm_screen | grep -q '13:30–~14:00' || fail "no assumed end ~14:00"
    tm_screen | grep -q '~: end assumed' || fail "the assumed end is not explained"
    tm_screen | sed -n 3p | grep -q '[A-Za-z]' || fail "blank header row"
fi
# 80x24 does not hold the evening: it says so.
tm_screen | grep -q 'Eve' && fail "the evening fits? the test needs a taller day"
tm_screen | grep -Eq '▼ .*below' || fail "no scroll indicator: $(tm_screen)"
# j through the day: the selection always on screen.
tm_keys j; tm_wait_for 'Carla|Xena' 3
tm_keys j j; tm_wait_for '18:00.*Eve' 5
tm_screen | grep -Eq '▲ .*above' || fail "no indicator for what is above"
tm_keys j; tm_wait_for "–$night_end\+1 Nin" 5
# The next day shows it too, from midnight.
tm_keys l; tm_wait_for 'Thu 13 Jun 2030 \(UTC\): 0 bookings \(\+1 from Wed\)' 10
tm_wait_for "^00:00 .*–$night_end\+1 Nin" 5
tm_keys h; tm_wait_for 'Wed 12 Jun 2030 \(UTC\): 4 bookings' 10

# The agenda: one line per booking in columns that line up and never run together.
tm_keys a; tm_wait_for 'Agenda .*: [0-9]+ bookings' 10
tm_wait_for 'Carla' 5
scr=$(tm_screen)
lines=$(echo "$scr" | grep -E '^ +.?[0-9]{2}:[0-9]{2}–')
[ "$(echo "$lines" | grep -c .)" -ge 5 ] || fail "agenda lines: $scr"
# The column of each field, counted in characters (wc -m counts code points; all of it is
# single-width here).
col_of() { local pre=${1%%"$2"*}; printf '%s' "$pre" | wc -m; }
c1=$(col_of "$(echo "$lines" | grep Carla)" CONFIRMED)
c2=$(col_of "$(echo "$lines" | grep Xena)" CANCELLED)
[ "$c1" = "$c2" ] || fail "status columns differ: $c1 vs $c2"
k1=$(col_of "$(echo "$lines" | grep Carla)" C-901)
k2=$(col_of "$(echo "$lines" | grep Xena)" C-902)
[ "$k1" = "$k2" ] || fail "code columns differ: $k1 vs $k2"
echo "$lines" | grep -q 'Carla Confirmed *Corte ' || fail "customer and service run together"
echo "$lines" | grep -Eq 'Corte[^ ]|CONFIRMED[^ ]' && fail "fields run together: $lines"
while IFS= read -r l; do [ "$(printf '%s' "$l" | wc -m)" -le 80 ] || fail "wider than 80: $l"; done <<<"$lines"

# Details name the master where the deployment has masters.
if [ "$variant" = 2 ]; then
    tm_keys d
    tm_wait_for 'Wed 12 Jun 2030' 5
    tm_keys j; tm_wait_for 'Carla' 3
    tm_keys Enter; tm_wait_for 'booking_code' 10
    tm_wait_for 'master +Anna Mestre' 5
    tm_screen | grep -q 'cal-master-1' && fail "detail shows the master's id"
    tm_keys Escape
fi
# Month view: Enter opens the day.
tm_keys m; tm_wait_for 'June 2030 \(UTC\)' 10
tm_keys Enter; tm_wait_for 'Wed 12 Jun 2030 \(UTC\)' 5
tm_screen | grep -q 'booking_code' && fail "month Enter opened a booking"
tm_keys q
rc=$(tm_wait_exit 5)
[ "$rc" = 0 ] || fail "exit status $rc"
[ -s "$TM_DIR/stderr" ] && fail "stderr: $(cat "$TM_DIR/stderr")"
exit 0
