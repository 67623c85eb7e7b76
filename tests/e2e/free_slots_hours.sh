#!/bin/bash
# A deployment that records a salon's working hours and slot length (salons.working_hours_start,
# working_hours_end, slot_duration_minutes, added here to schema variant 2): F lists the free
# slots of that length within those hours, says they are the salon's, and the day view shades
# the time outside them.
set -u
. "$(dirname "$0")/../lib.sh"
PGFIXTURE_ARGS="--variant 2" need_private_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

sid=$(psql_fixture "select id from salons order by name limit 1")
psql_fixture "alter table salons add column working_hours_start time, add column working_hours_end time, add column slot_duration_minutes integer"
psql_fixture "update salons set working_hours_start = '10:00', working_hours_end = '14:00', slot_duration_minutes = 60 where id = '$sid'"
psql_fixture "delete from bookings where start_ts >= '2031-03-04' and start_ts < '2031-03-07'"
psql_fixture "insert into masters (id, salon_id, name, updated_at) values ('hours-anna', '$sid', 'Anna Horas', now())"
psql_fixture "insert into bookings (id, booking_code, salon_id, customer_phone, customer_name, service, start_ts, end_ts, status, master_id, updated_at) values ('971', 'H-971', '$sid', '351910971', 'Cliente Horas', 'Corte', '2031-03-05 11:00', '2031-03-05 12:00', 'CONFIRMED', 'hours-anna', now())"

tm_start 200 40 -- --salon "$sid" --tz UTC --date 2031-03-05
tm_keys 2
tm_wait_for 'Wed 05 Mar 2031 \(UTC\)' 15
# The day grid: one row an hour; 09:00 (closed) shaded, 10:00 (open, free) not.
tm_wait_for '^11:00 .*Cliente' 10
tm_screen | grep -E '^09:00 ' | grep -q '· ·' || fail "09:00 not shaded: $(tm_screen)"
tm_screen | grep -E '^13:00 ' | grep -q '·' && fail "13:00 shaded: $(tm_screen)"
tm_keys F
tm_wait_for 'Free 60-min slots, Wed 05 Mar 2031, working hours 10:00–14:00' 10
line=$(tm_screen | grep -F 'Anna Horas — free:')
got=$(echo "${line#*free: }" | sed 's/ *$//')
[ "$got" = '10:00, 12:00, 13:00' ] || fail "free slots: '$got'"
tm_screen | grep -q 'hours assumed' && fail "says assumed for recorded hours"
tm_keys q
rc=$(tm_wait_exit 5)
[ "$rc" = 0 ] || fail "exit status $rc"
exit 0
