#!/bin/bash
# Benchmark of the Bookings calendar (issue 4) on the large demo data (1,000,000 bookings; not
# part of `make check`). For the salon with the most bookings it prints:
#  - the server time of the period query for one day and for one week: EXPLAIN (ANALYZE, BUFFERS)
#    of the exact statement and parameters the console sent (taken from the server log), median
#    of 5 executions, and whether the plan uses the (salon_id, start_ts) index;
#  - keypress to screen: `l` (next day) 30 times, then `]` (next week) 20 times in week view, a
#    short pause between keys; median and 95th percentile of "key to first screen" and "key to
#    settled screen" from --debug-log, and of the period queries the console logged.
# Goals: period query under 5 ms, screen under 30 ms at the 95th percentile.
#   tests/fixture/pgfixture run -q --size large -- tests/bench/bookings.sh
# Environment: BENCH_PAUSE (seconds between keys, default 0.15), SD_BIN (default: the build
# tree's salondesk; set top_builddir to use another build).
set -u
: "${PGFIXTURE_ARGS:=--size large}"
export PGFIXTURE_ARGS
. "$(dirname "$0")/../lib.sh"
need_fixture "$@"
. "$top_srcdir/tests/tmux.sh"
. "$top_srcdir/tests/bench/bench.sh"

pause=${BENCH_PAUSE:-0.15}
serverlog=$("$top_srcdir/tests/fixture/pgfixture" log)
[ -r "$serverlog" ] || hard_error "cannot read the server log $serverlog"

salon=$(psql_fixture "SELECT salon_id FROM bookings GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
[ -n "$salon" ] || hard_error "no bookings in the fixture"
# The demo data spans about 90 days: the day moves start 31 days before the last booking and the
# week moves a week after the first, so that they cross days and weeks that have bookings.
read -r nbook first_day day_start week_start last_day <<<"$(psql_fixture "SELECT count(*),
    min(start_ts)::date, max(start_ts)::date - 31, min(start_ts)::date + 7, max(start_ts)::date
    FROM bookings WHERE salon_id = '$salon'" | tr '|' ' ')"
# weeks (of the 20 moves) that still have bookings
week_full=$(( ( $(date -u -d "$last_day" +%s) - $(date -u -d "$week_start" +%s) ) / 604800 ))
[ "$week_full" -gt 20 ] && week_full=20
note "salon $salon ($nbook bookings, $first_day to $last_day)"
logstart=$(wc -l <"$serverlog")
psql_fixture 'SELECT pg_stat_statements_reset()' >/dev/null

# --- keypress to screen ---------------------------------------------------------------------
tm_start 160 45 -- --salon "$salon" --date "$day_start" --debug-log "$TM_DIR/log"
tm_wait_for ' bookings' 20
sleep 1.5 # the neighbouring days are fetched ahead
m=$(( $(log_lines) + 1 ))
for i in $(seq 30); do tm_keys l; sleep "$pause"; done
sleep 1.5
day_log=$(log_from "$m")
tm_keys q; tm_wait_exit 5 >/dev/null
tm kill-server
rm -f "$TM_DIR/log"
tm_start 160 45 -- --salon "$salon" --date "$week_start" --debug-log "$TM_DIR/log"
tm_wait_for ' bookings' 20
sleep 1
tm_keys w
tm_wait_for 'Week ' 10
sleep 1.5
m=$(( $(log_lines) + 1 ))
for i in $(seq 20); do tm_keys ']'; sleep "$pause"; done
sleep 1.5
week_log=$(log_from "$m")
tm_keys q; tm_wait_exit 5 >/dev/null
tm kill-server
# The first $week_full moves (weeks with bookings), cut at the next key's line.
week_log_full=$(awk -v n="$week_full" '/key to first screen/ { k++ } k <= n' <<<"$week_log")

# --- the period query as the console sent it --------------------------------------------------
# Every statement of the period shape (salon, start_ts range) from the console's session with
# a span of $1 days, as two lines (SQL, then its parameters as SQL literals); of those, the one
# whose period holds the most bookings.
pick_stmt() {
    local best="" bestn=-1 sql vals n
    while IFS= read -r sql && IFS= read -r vals; do
        n=$(psql_fixture "SELECT count(*) FROM (VALUES ($vals)) v(a, b, c)
            JOIN bookings x ON x.salon_id = v.c AND x.start_ts >= v.a::timestamp AND x.start_ts < v.b::timestamp")
        [ "${n:-0}" -gt "$bestn" ] && { bestn=$n; best=$sql$'\n'$vals; }
    done < <(tail -n +"$logstart" "$serverlog" | awk -v want="$1" '
        /app=salondesk / && /execute [^:]*: SELECT .*b\."start_ts" >= \$1::timestamp AND b\."start_ts" < \$2::timestamp AND b\."salon_id" = \$3/ {
            sql = $0; sub(/.*execute [^:]*: /, "", sql); pending = 1; next }
        pending && /DETAIL:  [Pp]arameters: / {
            pending = 0; p = $0; sub(/.*DETAIL:  parameters: /, "", p)
            n = split(p, a, /\$[0-9]+ = /); vals = ""
            for (i = 2; i <= n; i++) { v = a[i]; sub(/, $/, "", v); vals = vals (i > 2 ? "," : "") v }
            split(a[2], f, /[-'"'"' :]/); split(a[3], t, /[-'"'"' :]/)
            d1 = mktime(f[2] " " f[3] " " f[4] " 0 0 0"); d2 = mktime(t[2] " " t[3] " " t[4] " 0 0 0")
            if (int((d2 - d1) / 86400 + 0.5) == want && !seen[vals]++) { print sql; print vals }
            next }
        { pending = 0 }')
    [ -n "$best" ] && { printf '%s\n' "$best"; note "period with $bestn bookings for the $1-day EXPLAIN"; }
}
# explain LABEL SPAN: EXPLAIN (ANALYZE, BUFFERS) of that statement, 5 times; prints the plan of
# the last run to $TM_DIR/plan.LABEL and "exec_ms_median planning_ms_median uses_index".
explain() {
    local label=$1 stmt sql vals f=$TM_DIR/explain.$1.sql
    stmt=$(pick_stmt "$2")
    [ -n "$stmt" ] || { echo "- - no-statement-found"; return; }
    sql=$(sed -n 1p <<<"$stmt"); vals=$(sed -n 2p <<<"$stmt")
    {
        printf 'PREPARE bench_q AS %s;\n' "$sql"
        for i in 1 2 3 4 5; do
            printf 'EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_q(%s);\n' "$vals"
        done
    } >"$f"
    psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U postgres -d "$PGDATABASE" \
        -f "$f" >"$TM_DIR/plan.$label.all" 2>&1 || { cat "$TM_DIR/plan.$label.all" >&2; echo "- - explain-failed"; return; }
    awk '{ buf = buf $0 "\n" } /Execution Time/ { last = buf; buf = "" } END { printf "%s", last }' \
        "$TM_DIR/plan.$label.all" >"$TM_DIR/plan.$label"
    local ex pl idx=no
    ex=$(sed -n 's/.*Execution Time: \([0-9.]*\) ms.*/\1/p' "$TM_DIR/plan.$label.all" | pct 50)
    pl=$(sed -n 's/.*Planning Time: \([0-9.]*\) ms.*/\1/p' "$TM_DIR/plan.$label.all" | pct 50)
    grep -q 'bookings_salon_id_start_ts_idx' "$TM_DIR/plan.$label" && idx=yes
    printf '%s %s %s\n' "$ex" "$pl" "$idx"
    printf '%s\n' "$sql" >"$TM_DIR/sql.$label"
    printf '%s\n' "$vals" >"$TM_DIR/params.$label"
}
read -r day_ex day_pl day_idx <<<"$(explain day 1)"
read -r week_ex week_pl week_idx <<<"$(explain week 7)"

pss=$(psql_fixture "SELECT calls || ' calls, mean ' || round(mean_exec_time::numeric, 2) || ' ms, max ' ||
        round(max_exec_time::numeric, 2) || ' ms' FROM pg_stat_statements
        WHERE query LIKE '%b.\"start_ts\" >= \$1::timestamp AND b.\"start_ts\" < \$2::timestamp AND b.\"salon_id\" = \$3%'
        ORDER BY calls DESC LIMIT 1")

echo "== Bookings (issue 4): salon $salon, $nbook bookings"
printf 'period query, one day:  execution %s ms, planning %s ms (median of 5 EXPLAIN ANALYZE); index (salon_id, start_ts): %s\n' \
    "$day_ex" "$day_pl" "$day_idx"
printf 'period query, one week: execution %s ms, planning %s ms (median of 5 EXPLAIN ANALYZE); index (salon_id, start_ts): %s\n' \
    "$week_ex" "$week_pl" "$week_idx"
printf 'period query in pg_stat_statements (this run): %s\n' "${pss:--}"
printf 'day moves (l x30 from %s, %ss apart):  key to first screen %s ms; key to settled screen %s ms\n' "$day_start" "$pause" \
    "$(key_first <<<"$day_log" | stats)" "$(key_settled <<<"$day_log" | stats)"
printf '   bookings_period as the console timed it: %s ms\n' "$(query_ms bookings_period <<<"$day_log" | stats)"
printf 'week moves (] x20 from %s, %ss apart): key to first screen %s ms; key to settled screen %s ms\n' "$week_start" "$pause" \
    "$(key_first <<<"$week_log" | stats)" "$(key_settled <<<"$week_log" | stats)"
printf '   bookings_period as the console timed it: %s ms\n' "$(query_ms bookings_period <<<"$week_log" | stats)"
printf '   the first %s moves only (weeks with bookings): key to first screen %s ms; key to settled screen %s ms\n' \
    "$week_full" "$(key_first <<<"$week_log_full" | stats)" "$(key_settled <<<"$week_log_full" | stats)"
if [ -n "${BENCH_KEEP:-}" ]; then
    mkdir -p "$BENCH_KEEP"
    cp "$TM_DIR"/plan.* "$TM_DIR"/sql.* "$TM_DIR"/params.* "$TM_DIR/log" "$BENCH_KEEP/" 2>/dev/null
    note "plans and logs kept in $BENCH_KEEP"
else
    echo "--- plan, one day:"; sed 's/^/    /' "$TM_DIR/plan.day" 2>/dev/null
    echo "--- plan, one week:"; sed 's/^/    /' "$TM_DIR/plan.week" 2>/dev/null
fi
exit 0
