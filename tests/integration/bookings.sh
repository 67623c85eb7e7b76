#!/bin/bash
# --once bookings against the fixture: each view returns exactly the bookings of its period in
# the display zone (checked against the server's own arithmetic), salons named by id or name,
# formats, bad arguments, and only parameters in what the console sent.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"

bin="$top_builddir/salondesk"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-bk.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"

read -r sid sname <<<"$(psql_fixture "select id || ' ' || name from salons order by (select count(*) from bookings b where b.salon_id = salons.id) desc limit 1")"
# server_count ZONE FROM TO: bookings of the salon with local start date in [FROM, TO).
server_count() {
    psql_fixture "select count(*) from bookings where salon_id = '$sid' and start_ts >= ('$2'::timestamp at time zone '$1') at time zone 'UTC' and start_ts < ('$3'::timestamp at time zone '$1') at time zone 'UTC'"
}
count() { "$bin" --once bookings --format csv "$@" | tail -n +2 | grep -c .; }

for zone in Europe/Moscow America/New_York; do
    today=$(TZ=$zone date +%F)
    got=$(count --tz "$zone" --salon "$sid" --view day)
    want=$(server_count "$zone" "$today" "$(date -d "$today + 1 day" +%F)")
    [ "$got" = "$want" ] || fail "day in $zone: $got bookings, the server says $want"
    [ "$want" -gt 0 ] || note "no bookings today in $zone (data moved?)"
    # The week: Monday to Sunday around today.
    mon=$(date -d "$today - $(( $(date -d "$today" +%u) - 1 )) days" +%F)
    got=$(count --tz "$zone" --salon "$sid" --view week --date "$today")
    want=$(server_count "$zone" "$mon" "$(date -d "$mon + 7 days" +%F)")
    [ "$got" = "$want" ] && [ "$want" -gt 0 ] || fail "week in $zone: $got, server $want"
    # Every day column of the week output lies in that week.
    "$bin" --once bookings --format csv --tz "$zone" --salon "$sid" --view week | tail -n +2 |
        cut -d, -f1 | sort -u | while read -r d; do
        [[ "$d" < "$mon" || ! "$d" < "$(date -d "$mon + 7 days" +%F)" ]] && fail "week row on $d"
    done
    # Last month, named by the salon's name, crossing into this month's boundary.
    first=$(date -d "$(date +%Y-%m-01) - 1 month" +%F)
    got=$(count --tz "$zone" --salon "$sname" --view month --date "$first")
    want=$(server_count "$zone" "$first" "$(date -d "$first + 1 month" +%F)")
    [ "$got" = "$want" ] && [ "$want" -gt 0 ] || fail "month from $first in $zone: $got, server $want"
done

# A booking at a known instant lands on the right local day and time in two zones.
read -r code ts <<<"$(psql_fixture "select booking_code || ' ' || to_char(start_ts, 'YYYY-MM-DD\"T\"HH24:MI') from bookings where salon_id = '$sid' and start_ts::time >= '21:00' order by start_ts desc limit 1")"
if [ -n "$code" ]; then
    for zone in Europe/Moscow America/New_York; do
        local_day=$(TZ=$zone date -d "${ts/T/ } UTC" +%F) local_hm=$(TZ=$zone date -d "${ts/T/ } UTC" +%H:%M)
        line=$("$bin" --once bookings --format csv --tz "$zone" --salon "$sid" --date "$local_day" | grep ",$code,")
        [ "${line%%,*}" = "$local_day" ] || fail "$code in $zone: want $local_day, got: $line"
        echo "$line" | cut -d, -f2 | grep -qx "$local_hm" || fail "$code in $zone: want $local_hm: $line"
    done
fi

# Relative dates and the agenda; JSON and text.
"$bin" --once bookings --salon "$sid" --date +1d --view agenda --format json | head -1 | grep -q '^\[' || fail "agenda json"
"$bin" --once bookings --salon "$sid" --date mon --view day | head -1 | grep -q '^date  *start  *end  *salon' || fail "text header"
# A bad date is a bad option: exit 2 and a line naming it (shown safely), never today's day.
for d in 2026-13-45 garbage 2026-02-30 2026-+1-+1 $'2026-01-01\e[2J'; do
    out=$("$bin" --once bookings --salon "$sid" --date "$d" 2>&1); rc=$?
    safe=${d//$'\e'/^[}
    [ $rc = 2 ] || fail "--date $safe: exit $rc, want 2: $out"
    echo "$out" | head -1 | grep -qF -- "--date: '$safe' is not a date" || fail "--date $safe: $out"
    [[ "$out" == *$'\e'* ]] && fail "--date: the escape reached the terminal"
done
# Unknown salon: the reason and exit 1.
out=$("$bin" --once bookings --salon 'no such salon' 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "no salon with the id or name 'no such salon'" || fail "unknown salon: $rc $out"
# A payload as salon and search text goes to the server as a parameter only.
"$bin" --once bookings --salon "x'; DROP TABLE bookings; --" >/dev/null 2>&1
[ "$(psql_fixture "select count(*) > 0 from bookings")" = t ] || fail "bookings gone"
# (the DETAIL line says "parameters:" up to PostgreSQL 16, "Parameters:" from 17 on)
log=$("$top_srcdir/tests/fixture/pgfixture" log)
grep -F "DROP TABLE bookings" "$log" | grep -vi 'parameters: ' | grep -q . && fail "payload in SQL text"
grep -i 'from "public"."bookings"' "$log" | grep -qi 'select \*' && fail "SELECT * in the console's SQL"
exit 0
