#!/bin/bash
# The thread's header says who and where (issue 12): the customer's name and phone and the
# salon's name, and the day of the messages at the top of the screen, in the display zone,
# kept while scrolling (the day separators scroll away; the header follows them).
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"

# A customer with a name (from a booking) whose thread spans several days.
read -r salon phone <<<"$(psql_fixture "select m.salon_id || ' ' || m.phone_number from messages m
    where exists (select 1 from bookings b where b.salon_id = m.salon_id and b.customer_phone = m.phone_number
                  and b.customer_name ~ '^[A-Za-z]{3,} [A-Za-z]{3,}$')
    group by 1 having count(distinct (m.created_at at time zone 'UTC')::date) between 4 and 30
    order by count(*) desc limit 1")"
[ -n "$phone" ] || hard_error "no named customer with a thread over several days"
cust=$(psql_fixture "select customer_name from bookings where salon_id = '$salon' and customer_phone = '$phone' order by start_ts desc limit 1")
sname=$(psql_fixture "select name from salons where id = '$salon'")
# The thread's days, oldest first, as the header writes them (UTC).
days=$(psql_fixture "select distinct to_char(created_at, 'Dy DD Mon YYYY') d, min(created_at) from messages
    where salon_id = '$salon' and phone_number = '$phone' group by 1 order by 2" | cut -d'|' -f1)
first=$(head -n 1 <<<"$days")
last=$(tail -n 1 <<<"$days")

tm_start 100 20 "TERM=xterm-256color" -- --refresh 60 --tz UTC --salon "$salon" --phone "$phone"
tm_wait_for "$phone" 10
header() { tm_screen | sed -n 2p; }
# The names come with the conversation list, which may arrive after the thread.
for i in $(seq 100); do header | grep -qF "$cust" && break; sleep 0.1; done
header | grep -qF "$cust" || fail "the header lacks the customer's name: $(header)"
header | grep -qF "@ ${sname:0:20}" || fail "the header lacks the salon's name: $(header)"
header | grep -Eq '[A-Z][a-z]{2} [0-9]{2} [A-Z][a-z]{2} [0-9]{4} \(UTC\)' || fail "the header says no day: $(header)"
tm_keys g; tm_wait_for 'start of conversation' 10
tm_wait_for "$first \(UTC\)" 10
# Page down through the thread: the header's day moves forward through the thread's days, and
# whenever a day separator is the first line under the header, the header says that day.
seen="$first" prev_i=1
for i in $(seq 60); do
    tm_keys NPage; sleep 0.2
    d=$(header | grep -Eo '[A-Z][a-z]{2} [0-9]{2} [A-Z][a-z]{2} [0-9]{4} \(UTC\)' | sed 's/ (UTC)//')
    [ -n "$d" ] || fail "no day in the header after paging: $(header)"
    idx=$(grep -nxF "$d" <<<"$days" | cut -d: -f1)
    [ -n "$idx" ] || fail "the header's day '$d' is not a day of the thread"
    [ "$idx" -ge "$prev_i" ] || fail "the header's day went back: $d after $seen"
    prev_i=$idx seen=$d
    sep=$(tm_screen | sed -n 3p | grep -Eo '[A-Z][a-z]{2} [0-9]{2} [A-Z][a-z]{2} [0-9]{4}' || true)
    [ -z "$sep" ] || [ "$sep" = "$d" ] || fail "the first line is the day $sep but the header says $d"
    [ "$d" = "$last" ] && break
done
[ "$seen" = "$last" ] || fail "paging never reached the last day $last (at $seen)"
tm_keys q
[ "$(tm_wait_exit 5)" = 0 ] || fail "exit status"
exit 0
