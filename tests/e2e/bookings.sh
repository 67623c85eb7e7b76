#!/bin/bash
# The Bookings calendar end to end: a known booking in the right day-view slot for two display
# zones, week and month views, moving across a month boundary, :goto, :find by code, the
# detail view, and T to the customer's conversation.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

sid=$(psql_fixture "select id from salons order by name limit 1")
# A confirmed booking some days ahead with a customer name of plain letters.
IFS='|' read -r code ts name <<<"$(psql_fixture "select booking_code, to_char(start_ts, 'YYYY-MM-DD HH24:MI'), customer_name from bookings where salon_id = '$sid' and start_ts > now() + interval '2 days' and status::text = 'CONFIRMED' and customer_name ~ '^[A-Za-z]{4}' order by start_ts limit 1")"
[ -n "$code" ] || fail "no suitable booking in the fixture"
prefix=${name:0:4}

# The terminal holds all 48 half hours of a day: in a zone far from the salon's, its bookings
# can start after midnight and end in the evening, and the day view starts at the first one.
for zone in Europe/Moscow America/New_York; do
    day=$(TZ=$zone date -d "$ts UTC" +%F) hm=$(TZ=$zone date -d "$ts UTC" +%H:%M)
    tm_start 130 56 -- --salon "$sid" --tz "$zone" --date "$day"
    tm_keys 2
    tm_wait_for "$(TZ=$zone date -d "$day" '+%a %d %b %Y') \($zone\): [0-9]+ bookings" 10
    tm_wait_for "^$hm .*$hm(–~?[0-9:]+(\+1)?)? $prefix" 5 || fail "$code not in the $hm row in $zone"
    tm_keys q; tm_wait_exit 5 >/dev/null
    tm kill-server 2>/dev/null
done

zone=Europe/Moscow
tm_start 130 40 -- --salon "$sid" --tz "$zone"
tm_keys 2; tm_wait_for "Today, .* bookings"
tm_keys w; tm_wait_for "Week [0-9]{2} [A-Z][a-z]+ – "
tm_screen | grep -Eq ' Mon [0-9]{2} .* Sun [0-9]{2}' || fail "week columns"
tm_keys m; tm_wait_for "$(TZ=$zone date '+%B %Y') \("
tm_keys ']'; tm_wait_for "$(TZ=$zone date -d "$(TZ=$zone date +%Y-%m-01) + 1 month" '+%B %Y') \("
tm_keys '['; tm_keys '['; tm_wait_for "$(TZ=$zone date -d "$(TZ=$zone date +%Y-%m-01) - 1 month" '+%B %Y') \("
# Across a month boundary, one day at a time.
last=$(date -d "$(date +%Y-%m-01) - 1 day" +%F)
tm_keys d : "goto $last" Enter
tm_wait_for "$(date -d "$last" '+%a %d %b %Y') \("
tm_keys l; tm_wait_for "$(date -d "$last + 1 day" '+%a %d %b %Y') \("
tm_keys h h; tm_wait_for "$(date -d "$last - 1 day" '+%a %d %b %Y') \("
tm_keys : 'goto +3d' Enter; tm_wait_for "$(TZ=$zone date -d '+3 days' '+%a %d %b %Y') \("
tm_keys : 'goto 2026-02-30' Enter; tm_wait_for ":goto: '2026-02-30' is not a date"
tm_screen | grep -q "$(TZ=$zone date -d '+3 days' '+%a %d %b %Y') (" || fail ":goto moved on a bad date"
# :find by code: the calendar goes to its day; Enter shows every column; T opens the thread.
phone=$(psql_fixture "select customer_phone from bookings where booking_code = '$code' and salon_id = '$sid'")
tm_keys : "find $code" Enter
tm_wait_for "1 found for /$code"
tm_wait_for "$(TZ=$zone date -d "$ts UTC" '+%a %d %b %Y') \("
tm_keys Enter; tm_wait_for "booking_code +$code"
tm_wait_for "start_ts +$(TZ=$zone date -d "$ts UTC" '+%Y-%m-%d %H:%M')"
tm_screen | grep -q "customer_phone  *$phone" || fail "detail without the phone"
tm_wait_for "The customer's bookings"
tm_keys T; tm_wait_for "$phone" 5
tm_screen | head -1 | grep -q '3 Threads' || fail "tab bar"
tm_keys 2 Escape; tm_wait_for "Today|[0-9]{4} \("

# The filter words shared with the other tabs: status:confirmed keeps only confirmed bookings
# (the summary counts them, the header shows the filter on its right); an empty / brings all
# back.
tm_keys t d / 'status:confirmed' Enter
tm_wait_for '0 cancelled.*/status:confirmed'
sum=$(tm_screen | sed -n 2p)
n=$(echo "$sum" | sed -n 's/.*: \([0-9]*\) bookings · \([0-9]*\) confirmed · 0 cancelled.*/\1 \2/p')
[ -n "$n" ] && [ "${n% *}" = "${n#* }" ] || fail "status:confirmed left other bookings: $sum"
tm_keys / Enter
tm_wait_gone '/status:confirmed'
tm_keys q
rc=$(tm_wait_exit 5)
[ "$rc" = 0 ] || fail "exit status $rc"
tm_check_stty
[ -s "$TM_DIR/stderr" ] && fail "stderr: $(cat "$TM_DIR/stderr")"
exit 0
