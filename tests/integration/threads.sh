#!/bin/bash
# Threads against the fixture, through --once: the list of a salon newest first, and threads
# assembled from messages by salon and phone, with or without a conversations row and with
# messages whose conversation_id is NULL; long threads read page by page (keyset) with nothing
# lost or repeated; a role without access is told why.
set -u
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"

bin="$top_builddir/salondesk"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sd-threads.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"

# check_thread SALON PHONE: the thread as printed holds exactly the server's messages of that
# salon and phone, oldest first, each once.
check_thread() {
    local salon=$1 phone=$2 out want got
    out=$("$bin" --once threads --salon "$salon" --phone "$phone" --format csv --tz UTC) ||
        fail "--once threads --phone $phone exited $?"
    want=$(psql_fixture "select count(*) from messages where salon_id = '$salon' and phone_number = '$phone'")
    got=$(printf '%s\n' "$out" | tail -n +2 | grep -c $'\r$')
    # (multi-line messages are quoted CSV fields: count the ids instead of lines)
    got=$(printf '%s\n' "$out" | grep -o ',[0-9a-f-]\{36\}'$'\r$' | sort -u | wc -l)
    [ "$got" = "$want" ] || fail "thread $phone: $got distinct messages printed, server has $want"
    local first last
    first=$(psql_fixture "select id from messages where salon_id = '$salon' and phone_number = '$phone' order by created_at, id limit 1")
    last=$(psql_fixture "select id from messages where salon_id = '$salon' and phone_number = '$phone' order by created_at desc, id desc limit 1")
    printf '%s\n' "$out" | sed -n 2p | grep -q "$first" || fail "thread $phone: first message is not the oldest"
    printf '%s\n' "$out" | grep "$last" >/dev/null || fail "thread $phone: newest message missing"
}

# A thread with a conversations row whose messages partly lack conversation_id.
read -r s1 p1 <<<"$(psql_fixture "select m.salon_id || ' ' || m.phone_number from messages m join conversations c on c.salon_id = m.salon_id and c.phone_number = m.phone_number where m.conversation_id is null group by 1 order by count(*) desc limit 1")"
[ -n "$p1" ] || fail "fixture has no thread with NULL conversation_id"
check_thread "$s1" "$p1"
# A thread with no conversations row at all.
read -r s2 p2 <<<"$(psql_fixture "select m.salon_id || ' ' || m.phone_number from messages m where not exists (select 1 from conversations c where c.salon_id = m.salon_id and c.phone_number = m.phone_number) group by 1 order by count(*) desc limit 1")"
[ -n "$p2" ] || fail "fixture has no thread without a conversation row"
check_thread "$s2" "$p2"
# The biggest thread: more than one page.
read -r s3 p3 n3 <<<"$(psql_fixture "select salon_id || ' ' || phone_number || ' ' || count(*) from messages group by salon_id, phone_number order by count(*) desc limit 1")"
[ "$n3" -gt 1000 ] || fail "biggest thread has only $n3 messages"
check_thread "$s3" "$p3"
# By salon name as well as id.
name=$(psql_fixture "select name from salons where id = '$s3'")
n=$("$bin" --once threads --salon "$name" --phone "$p3" --format json | grep -c '"id": "')
[ "$n" = "$n3" ] || fail "thread by salon name: $n messages, want $n3"

# The list of a salon: every thread with a conversations row, and every thread among the salon's
# latest 2,000 messages (THREADS_SQL_RECENT) whether or not it has one; newest first.
recent="(select phone_number, status, direction, created_at, id from messages where salon_id = '$s2' order by created_at desc, id desc limit 2000)"
n_msgs=$(psql_fixture "select count(*) from messages where salon_id = '$s2'")
[ "$n_msgs" -gt 2000 ] || fail "salon $s2 has only $n_msgs messages: the list's window is not tested"
json=$("$bin" --once threads --salon "$s2" --format json --tz UTC) || fail "list exited $?"
want=$(psql_fixture "select count(*) from (select phone_number from conversations where salon_id = '$s2' union select phone_number from $recent w) x")
got=$(echo "$json" | grep -c '"phone": "')
[ "$got" = "$want" ] || fail "list: $got threads, server has $want"
orphan=$(psql_fixture "select w.phone_number from $recent w where not exists (select 1 from conversations c where c.salon_id = '$s2' and c.phone_number = w.phone_number) order by w.created_at desc limit 1")
[ -n "$orphan" ] || fail "no thread without a conversations row among the recent messages of $s2"
echo "$json" | grep -q "\"phone\": \"$orphan\", .*\"messages\": \"[0-9]*+\", \"status\": null" ||
    fail "recent thread without conversation row missing from the list, or its count not marked partial"
newest=$(psql_fixture "select phone_number from messages where salon_id = '$s2' order by created_at desc, id desc limit 1")
echo "$json" | sed -n 2p | grep -q "\"phone\": \"$newest\"" || fail "list is not newest first"
unanswered=$(psql_fixture "select count(*) from (select distinct on (phone_number) direction from messages where salon_id = '$s2' and (phone_number in (select phone_number from conversations where salon_id = '$s2') or phone_number in (select phone_number from $recent w)) order by phone_number, created_at desc, id desc) x where direction::text = 'INBOUND'")
got=$(echo "$json" | grep -c '"unanswered": "yes"')
[ "$got" = "$unanswered" ] || fail "unanswered marks: $got, server says $unanswered"
failed=$(psql_fixture "select count(distinct phone_number) from $recent w where status::text = 'FAILED'")
got=$(echo "$json" | grep -c '"failed": "[1-9]')
[ "$got" = "$failed" ] || fail "failed marks: $got, server says $failed (among the latest 2,000 messages)"
# The name a booking knows.
cname=$(psql_fixture "select customer_name from bookings where salon_id = '$s1' and customer_phone = '$p1' order by start_ts desc limit 1")
if [ -n "$cname" ]; then
    "$bin" --once threads --salon "$s1" --format json | grep "\"phone\": \"$p1\"" | grep -qF "\"customer\": \"$cname\"" ||
        fail "customer name '$cname' not shown for $p1"
fi
# All salons, text.
out=$("$bin" --once threads) || fail "list of all salons exited $?"
echo "$out" | head -1 | grep -q '^last  *salon_id  *salon  *phone' || fail "text header: $(echo "$out" | head -1)"

# A role that may not read messages is told why; no such phone gives an empty thread.
out=$(PGUSER=sd_plain "$bin" --once threads 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q 'GRANT SELECT ON public.messages TO sd_plain' || fail "plain role: rc $rc: $out"
out=$("$bin" --once threads --salon "$s1" --phone 000 2>&1); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q 'no messages for phone 000' || fail "unknown phone: rc $rc: $out"

# What the console sent: keyset, never OFFSET, never SELECT *.
log=$("$top_srcdir/tests/fixture/pgfixture" log)
grep 'thread_page\|salondesk' "$log" | grep -qi 'offset' && fail "OFFSET in the console's SQL"
grep -i 'select \*' "$log" | grep -q 'phone_number' && fail "SELECT * in the threads SQL"
exit 0
