#!/bin/bash
# F in Bookings: each master's free slots on the day shown, on schema variant 1 (no masters, no
# end_ts: one column of all bookings, each one slot long) or 2 (FREE_VARIANT=2: masters and
# end_ts). Known bookings on 2031-03-05 (UTC); a cancelled or no-show booking (any case) takes
# no time; the hours are assumed 09:00-20:00 and the screen says so.
set -u
variant=${FREE_VARIANT:-1}
. "$(dirname "$0")/../lib.sh"
PGFIXTURE_ARGS="--variant $variant" need_private_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

sid=$(psql_fixture "select id from salons order by name limit 1")
psql_fixture "delete from bookings where start_ts >= '2031-03-04' and start_ts < '2031-03-07'"
# add ID START END STATUS [MASTER]
add() {
    if [ "$variant" = 2 ]; then
        psql_fixture "insert into bookings (id, booking_code, salon_id, customer_phone, customer_name, service, start_ts, end_ts, status, master_id, updated_at) values ('$1', 'F-$1', '$sid', '3519100$1', 'Cliente $1', 'Corte', '$2', '$3', '$4', '${5:-free-anna}', now())"
    else
        psql_fixture "insert into bookings (id, booking_code, salon_id, customer_phone, customer_name, service, start_ts, status, updated_at) values ('$1', 'F-$1', '$sid', '3519100$1', 'Cliente $1', 'Corte', '$2', '$4', now())"
    fi
}
want='10:30, 11:00, 11:30, 12:00, 12:30, 13:00, 13:30, 14:00, 14:30, 16:00, 16:30, 17:00, 17:30, 18:00, 18:30, 19:00, 19:30'
if [ "$variant" = 2 ]; then
    psql_fixture "insert into masters (id, salon_id, name, updated_at) values ('free-anna', '$sid', 'Anna Livre', now()), ('free-bruno', '$sid', 'Bruno Vazio', now())"
    add 951 '2031-03-05 09:00' '2031-03-05 10:30' CONFIRMED
    add 952 '2031-03-05 11:00' '2031-03-05 11:30' cancelled
    add 953 '2031-03-05 12:00' '2031-03-05 12:30' No_Show
    add 954 '2031-03-05 15:00' '2031-03-05 16:00' COMPLETED
    add 955 '2031-03-06 10:00' '2031-03-06 11:00' CONFIRMED free-bruno
    who='Anna Livre'
else
    for t in 09:00 09:30 10:00; do add "95${t:1:1}${t:3:1}" "2031-03-05 $t" '' CONFIRMED; done
    add 961 '2031-03-05 11:00' '' CANCELLED
    add 962 '2031-03-05 12:00' '' NO_SHOW
    add 963 '2031-03-05 15:00' '' COMPLETED
    add 964 '2031-03-05 15:30' '' COMPLETED
    who='all bookings'
fi

bin="$top_builddir/salondesk"
# --once bookings --view day prints them after the day's bookings (text only).
out=$("$bin" --once bookings --salon "$sid" --tz UTC --date 2031-03-05 --view day) || fail "--once: exit $?"
echo "$out" | grep -qF 'free 30-min slots (hours assumed 09:00–20:00):' || fail "--once: no free heading: $out"
echo "$out" | grep -qxF "  $who: $want" || fail "--once: free slots of $who: $out"
"$bin" --once bookings --salon "$sid" --tz UTC --date 2031-03-05 --view day --format csv | grep -q 'free' &&
    fail "--once csv has the free slots"

tm_start 200 30 "TERM=xterm-256color" -- --salon "$sid" --tz UTC --date 2031-03-05
tm_keys 2
tm_wait_for 'Wed 05 Mar 2031 \(UTC\)' 15
tm_keys F
tm_wait_for 'hours assumed 09:00–20:00' 10
tm_wait_for "$who — free:" 10
line=$(tm_screen | grep -F "$who — free:")
got=${line#*free: }
got=$(echo "$got" | sed 's/ *$//')
[ "$got" = "$want" ] || fail "free slots of $who: '$got', want '$want'"
if [ "$variant" = 2 ]; then
    # Bruno's only booking is the next day: all of this day is free.
    tm_screen | grep -F 'Bruno Vazio — free: 09:00, 09:30, 10:00,' | grep -q '19:30 *$' ||
        fail "Bruno's day: $(tm_screen)"
else
    tm_screen | grep -q 'No booking names a master' || fail "no note that there are no masters"
fi
# The next day follows with h/l; F goes back to the day grid.
tm_keys l
tm_wait_for 'Free 30-min slots, Thu 06 Mar 2031' 10
tm_keys F
tm_wait_for 'Thu 06 Mar 2031 \(UTC\)' 10
tm_screen | grep -q 'free:' && fail "F did not close the free slots"
# A click on a booking selects it, a second opens it (the click areas follow the settled view).
tm_keys h
tm_wait_for 'Wed 05 Mar 2031 \(UTC\)' 10
tm_wait_for '^09:00 ' 10
if [ "$variant" = 2 ]; then code=F-951; else code=F-9590; fi
head=$(tm_screen | sed -n 3p)
pre=${head%%"${who/all bookings/bookings}"*}
col=$(( $(printf '%s' "$pre" | wc -m) + 2 ))
row=$(tm_screen | grep -n '^09:00 ' | head -1 | cut -d: -f1)
tm_keys -l $'\e[<0;'"$col;$row"$'M\e[<0;'"$col;$row"'m'; sleep 0.5
tm_keys -l $'\e[<0;'"$col;$row"$'M\e[<0;'"$col;$row"'m'
tm_wait_for "booking_code +$code" 10
tm_keys Escape
tm_keys q
rc=$(tm_wait_exit 5)
[ "$rc" = 0 ] || fail "exit status $rc"
exit 0
