#!/bin/bash
# :find in Bookings: a results list across all dates (date, time, customer, phone, code, status,
# salon), nearest to now first; n/N and j/k move; Enter opens that day in the day view with the
# booking selected; Esc goes back. Name matching folds case beyond ASCII ("ZOË" finds "Zoë"),
# a phone is found with its "+". On schema variant 1, or 2 with FIND_VARIANT=2.
set -u
variant=${FIND_VARIANT:-1}
. "$(dirname "$0")/../lib.sh"
PGFIXTURE_ARGS="--variant $variant" need_private_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

sid=$(psql_fixture "select id from salons order by name limit 1")
psql_fixture "delete from bookings where customer_name ilike '%procura%' or customer_phone like '35192000%'"
# add ID START STATUS: a booking of Zoë Procura.
add() {
    psql_fixture "insert into bookings (id, booking_code, salon_id, customer_phone, customer_name, service, start_ts, status, updated_at) values ('$1', 'FND-$1', '$sid', '351920007', 'Zoë Procura', 'Corte', '$2', '$3', now())"
}
# Nearest to now first: 2027-01-15, then 2031-04-01, then 2031-06-01.
add 3 '2027-01-15 10:00' CONFIRMED
add 1 '2031-04-01 14:30' CANCELLED
add 2 '2031-06-01 09:00' CONFIRMED

tm_start 120 30 -- --salon "$sid" --tz UTC
# Asked as soon as the tab is up, before the schema or the salon may be known: it runs once
# they are, as a list.
tm_wait_for '2 Bookings' 15
tm_keys 2 : 'find ZOË PROC' Enter
tm_wait_for '3 found for :find ZOË PROC' 10
scr=$(tm_screen)
lines=$(echo "$scr" | grep 'Zoë Procura')
[ "$(echo "$lines" | grep -c .)" = 3 ] || fail "want 3 result lines: $scr"
order=$(echo "$lines" | grep -o 'FND-[0-9]' | tr '\n' ' ')
[ "$order" = "FND-3 FND-1 FND-2 " ] || fail "order: $order"
echo "$lines" | grep 'FND-1' | grep -q '2031-04-01 Tue *14:30 *Zoë Procura *351920007 *FND-1 *CANCELLED' ||
    fail "result columns: $lines"
# n twice, then N: the second result; Enter opens its day with it selected.
tm_keys n; tm_wait_for 'result 2 of 3' 5
tm_keys n; tm_wait_for 'result 3 of 3' 5
tm_keys N; tm_wait_for 'result 2 of 3' 5
tm_keys Enter
tm_wait_for 'Tue 01 Apr 2031 \(UTC\)' 10
tm_wait_for '14:30.*Zoë' 10
tm_keys Enter; tm_wait_for 'booking_code +FND-1' 10
tm_keys Escape; tm_wait_gone 'booking_code' 5
# A phone with its "+"; j moves, Esc goes back to the day shown before.
tm_keys : 'find +351920007' Enter
tm_wait_for '3 found for :find \+351920007' 10
tm_keys j; tm_wait_for 'result 2 of 3' 5
tm_keys Escape
tm_wait_gone 'found for :find' 5
tm_wait_for 'Tue 01 Apr 2031 \(UTC\)' 5
# One hit goes straight to it, as before.
tm_keys : 'find FND-2' Enter
tm_wait_for '1 found for /FND-2' 10
tm_wait_for 'Sun 01 Jun 2031 \(UTC\)' 10
tm_keys q
rc=$(tm_wait_exit 5)
[ "$rc" = 0 ] || fail "exit status $rc"
exit 0
