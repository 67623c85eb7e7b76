#!/bin/bash
# Schema v3 (sql/schema-v3.sql: bookings and messages partitioned by month) with the demo data,
# in one private fixture: the Health, Bookings and Threads integration tests pass on it as they
# are; then Health in a terminal lists each partitioned table once with the sums over its
# partitions (checked against the server's own sums) and its number of partitions, shows the
# partitions under it only after P, flags an index UNUSED exactly when none of its partitions was
# scanned, and reads bookings/min and messages/min above 0 while rows go in; and the Threads
# list's name lookup leaves the bookings partitions far from the threads unread.
set -u
. "$(dirname "$0")/../lib.sh"
PGFIXTURE_ARGS='--variant 3' need_private_fixture "$@"

q() { psql_fixture "$@"; }
[ "$(q "select relkind from pg_class where oid = 'bookings'::regclass")" = p ] ||
    hard_error "the fixture's bookings is not partitioned"
[ "$(q "select count(*) from bookings_default") $(q "select count(*) from messages_default")" = "0 0" ] ||
    fail "demo rows outside the monthly partitions"

# The existing tests, on this schema (health.sh first: it counts sessions).
for t in integration/health.sh integration/bookings.sh integration/threads.sh; do
    out=$(SD_PRIVATE_FIXTURE_FOR="$top_srcdir/tests/$t" "${BASH:-bash}" "$top_srcdir/tests/$t" 2>&1) ||
        fail "tests/$t on schema v3: $out"
done

. "$top_srcdir/tests/tmux.sh"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; tm_cleanup' EXIT

# Threads: the name lookup reads the partitions near the threads only. The default partition
# and the months starting 60 days or more after the salon's last message are never visited;
# the current month is (so the statistics were written when we look).
read -r sid last <<<"$(q "select salon_id || ' ' || to_char(max(created_at), 'YYYY-MM-DD HH24:MI:SS') from messages group by salon_id order by count(*) desc limit 1")"
far="(select c.oid from pg_class c join pg_inherits i on i.inhrelid = c.oid where i.inhparent = 'bookings'::regclass and (c.relname = 'bookings_default' or substring(pg_get_expr(c.relpartbound, c.oid) from \$\$FROM \('([^']*)'\$\$)::timestamp >= '$last'::timestamp + interval '60 days'))"
scans_far() { q "select coalesce(sum(idx_scan + seq_scan), 0) from pg_stat_user_tables where relid in $far"; }
scans_now() { q "select idx_scan + seq_scan from pg_stat_user_tables where relname = 'bookings_y$(date -u +%Ym%m)'"; }
[ "$(q "select count(*) from $far f")" -ge 1 ] || hard_error "no bookings partition far from the threads"
far0=$(scans_far) now0=$(scans_now)
"$top_builddir/salondesk" --once threads --salon "$sid" --format csv >/dev/null || fail "threads list exited $?"
for _ in $(seq 50); do [ "$(scans_now)" != "$now0" ] && break; sleep 0.1; done
[ "$(scans_now)" != "$now0" ] || fail "the name lookup did not read this month's bookings"
[ "$(scans_far)" = "$far0" ] || fail "the name lookup read bookings partitions far from every thread"

# Stable sizes and statistics from here on: no autovacuum, everything vacuumed and analyzed.
q "alter system set autovacuum = off" "select pg_reload_conf()" >/dev/null
q "vacuum analyze" >/dev/null
# Scans on some partitions of one index (a day of bookings through (salon_id, start_ts)).
q "set enable_seqscan = off" "set enable_bitmapscan = off" "select count(*) from bookings where salon_id = '$sid' and start_ts >= now() at time zone 'UTC' and start_ts < now() at time zone 'UTC' + interval '1 day'" >/dev/null
for _ in $(seq 50); do
    [ "$(q "select coalesce(sum(idx_scan), 0) > 0 from pg_stat_user_indexes where indexrelname like 'bookings%salon_id_start_ts_idx'")" = t ] && break
    sleep 0.1
done

tm_start 220 60 -- --refresh 1
tm_keys 4
tm_wait_for 'connections [0-9]+ of [0-9]+'
tm_keys t
tm_wait_for 'public\.bookings '
# Tables: one row per partitioned table, total = the sum over its partitions, their number.
for t in bookings messages; do
    read -r n total <<<"$(q "select count(*) || ' ' || pg_size_pretty(sum(pg_total_relation_size(inhrelid))) from pg_inherits where inhparent = '$t'::regclass")"
    tm_screen | grep -Eq "(^| )public\.$t +$n +$total " ||
        { tm_screen; fail "tables: $t should show $n partitions and $total in all"; }
done
tm_screen | grep -q 'public\.bookings_y' && { tm_screen; fail "tables: partitions listed without P"; }
tm_keys P
m=$(date -u +%Ym%m)
tm_wait_for "^  public\.bookings_y$m "
size=$(q "select pg_size_pretty(pg_total_relation_size('bookings_y$m'))")
tm_screen | grep -Eq "^  public\.bookings_y$m +$size " || { tm_screen; fail "partition bookings_y$m: want $size"; }
tm_keys P
tm_wait_gone 'public\.bookings_y'

# Indexes: UNUSED exactly when the sum of scans over the partitions is 0 (and nothing relies on
# the index: unique, primary key, constraint).
tm_keys x
tm_wait_for 'public\.bookings_salon_id_start_ts_idx '
tm_screen | grep -q 'public\.bookings_y' && { tm_screen; fail "indexes: partition indexes listed without P"; }
q "select p.relname, count(*), coalesce(sum(s.idx_scan), 0),
          case when coalesce(sum(s.idx_scan), 0) = 0 and not i.indisunique and not i.indisprimary
               and not exists (select 1 from pg_constraint k where k.conindid = p.oid) then 'UNUSED' end
   from pg_class p join pg_index i on i.indexrelid = p.oid
   join pg_inherits h on h.inhparent = p.oid left join pg_stat_user_indexes s on s.indexrelid = h.inhrelid
   where p.relkind = 'I' group by p.relname, p.oid, i.indisunique, i.indisprimary" >"$TM_DIR/idx"
[ "$(wc -l <"$TM_DIR/idx")" -ge 11 ] || fail "fewer partitioned indexes than expected: $(cat "$TM_DIR/idx")"
grep -q '|[1-9][0-9]*|$' "$TM_DIR/idx" || fail "no partitioned index was scanned: $(cat "$TM_DIR/idx")"
# The screen was drawn before the sums above were read, and the console's own statements scan
# some of these indexes meanwhile: a shown count may be lower than the sum, never higher, and
# zero only where the sum is.
scr=$(tm_screen)
while IFS='|' read -r name n scans flag; do
    line=$(echo "$scr" | grep -E "(^| )public\.$name ") || { echo "$scr"; fail "index $name not listed"; }
    shown=$(echo "$line" | sed -nE "s/.* $n +[0-9]+ (bytes|kB|MB|GB) +([0-9]+) +[0-9]+${flag:+ +$flag} *\$/\2/p")
    [ -n "$shown" ] && [ "$shown" -le "$scans" ] && { [ "$shown" -gt 0 ] || [ "$scans" = 0 ]; } ||
        fail "index $name: want $n partitions, $scans scans (or fewer, not 0), flag '${flag:-}': $line"
done <"$TM_DIR/idx"

# Per minute: rows go into bookings and messages for a few seconds, then a refresh.
tm_keys a
tm_wait_for 'webhook errors 1h [0-9]+'
(
    for i in $(seq 6); do
        q "insert into bookings (id, booking_code, salon_id, customer_phone, customer_name, service, start_ts, updated_at)
           select 'pt-$i-' || g, 'PT-$i-' || g, '$sid', '5500000000', 'Partition Test', 'Cut', now() at time zone 'UTC' + g * interval '1 hour', now()
           from generate_series(1, 5) g" \
          "insert into messages (id, salon_id, direction, phone_number, content, updated_at)
           select 'pt-$i-' || g, '$sid', 'INBOUND', '5500000000', 'partition test', now() from generate_series(1, 5) g" >/dev/null
        sleep 0.25
    done
) &
pids+=($!)
wait "${pids[@]}"
pids=()
tm_keys r
tm_wait_for 'bookings/min [1-9][0-9]*\.[0-9]' 10
tm_wait_for 'messages/min [1-9][0-9]*\.[0-9]' 10
tm_quit_within 2000 "after the partition checks"
exit 0
